"""Authoring pages: thin views over `authoring_selectors` and `authoring_services`.

Everything works without JavaScript: each change is a small POST form, and reordering is a
pair of "move up" / "move down" buttons.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atheneum.organisations.rules import can

from . import authoring_selectors as selectors
from . import authoring_services as services
from . import porting
from .authoring_forms import (
    DuplicateForm,
    ExerciseForm,
    ImportForm,
    MediaAccessibilityForm,
    MediaForm,
    ModuleForm,
    QuestionForm,
    ResourceForm,
    TopicForm,
    VersionForm,
)
from .enums import ModuleStatus
from .models import Exercise, Media, Module, Resource


def _add_service_error(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _module(request, slug: str) -> Module:
    return selectors.module_get_for_editing(user=request.user, slug=slug)


def _form_status(form) -> int:
    return 400 if form.is_bound else 200


@login_required
def module_list(request):
    return render(
        request,
        "learning/authoring_list.html",
        {
            "modules": selectors.modules_for_editing(user=request.user),
            "can_create": selectors.organisations_for_module_authoring(user=request.user).exists(),
        },
    )


def _module_form(request, module=None) -> ModuleForm:
    return ModuleForm(
        request.POST if request.method == "POST" else None,
        initial=ModuleForm.initial_for(module) if module else None,
        organisations=selectors.organisations_for_module_authoring(user=request.user),
        competencies=selectors.competency_choices(),
        module=module,
    )


@login_required
def module_create(request):
    if not selectors.organisations_for_module_authoring(user=request.user).exists():
        raise PermissionDenied
    form = _module_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            module = services.module_create(
                organisation=form.cleaned_data["organisation"],
                authors=form.cleaned_data["author_emails"],
                competencies=form.cleaned_data["competencies"],
                acting_user=request.user,
                **form.module_fields(),
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The module is created as a draft. Now add its topics."))
            return redirect("learning:authoring_module", slug=module.slug)
    return render(
        request,
        "learning/authoring_module_form.html",
        {"form": form, "module": None},
        status=_form_status(form),
    )


@login_required
def module_detail(request, slug: str):
    module = _module(request, slug)
    return render(
        request,
        "learning/authoring_module.html",
        {
            "module": module,
            **selectors.module_content(module=module),
            "competencies": selectors.module_competencies(module=module),
            "problems": services.publish_problems(module)
            if module.status == ModuleStatus.DRAFT
            else [],
            "can_publish": can(request.user, "learning.publish_module", module),
            "version_form": VersionForm(),
            "statuses": ModuleStatus,
        },
    )


@login_required
def module_edit(request, slug: str):
    module = _module(request, slug)
    form = _module_form(request, module)
    if request.method == "POST" and form.is_valid():
        try:
            module = services.module_update(
                module=module,
                authors=form.cleaned_data["author_emails"],
                competencies=form.cleaned_data["competencies"],
                acting_user=request.user,
                **form.module_fields(),
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The module's details are saved."))
            return redirect("learning:authoring_module", slug=module.slug)
    return render(
        request,
        "learning/authoring_module_form.html",
        {"form": form, "module": module},
        status=_form_status(form),
    )


def _change_status(request, slug: str, action) -> HttpResponse:
    module = _module(request, slug)
    if not can(request.user, "learning.publish_module", module):
        raise PermissionDenied
    try:
        action(module)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("learning:authoring_module", slug=module.slug)


@login_required
@require_POST
def module_publish(request, slug: str):
    def publish(module):
        services.module_publish(module=module, acting_user=request.user)
        messages.success(request, _("The module is published in the catalogue."))

    return _change_status(request, slug, publish)


@login_required
@require_POST
def module_status(request, slug: str):
    status = request.POST.get("status", "")

    def change(module):
        services.module_set_status(module=module, status=status, acting_user=request.user)
        if status == ModuleStatus.ARCHIVED:
            messages.success(request, _("The module is archived."))
        else:
            messages.success(request, _("The module is a draft again."))

    return _change_status(request, slug, change)


@login_required
@require_POST
def module_version(request, slug: str):
    module = _module(request, slug)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a minor or a major change."))
    else:
        module = services.module_new_version(
            module=module, major=form.cleaned_data["change"] == "major", acting_user=request.user
        )
        messages.success(
            request, _("The module is now version %(version)s.") % {"version": module.version}
        )
    return redirect("learning:authoring_module", slug=module.slug)


@login_required
def module_duplicate(request, slug: str):
    module = get_object_or_404(Module.objects.select_related("organisation"), slug=slug)
    if not can(request.user, "learning.view_module", module):
        raise Http404
    organisations = selectors.organisations_for_module_authoring(user=request.user)
    if (
        not (
            can(request.user, "learning.duplicate_module", module)
            or can(request.user, "learning.change_module", module)
        )
        or not organisations.exists()
    ):
        raise PermissionDenied
    form = DuplicateForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        initial={"slug": f"{module.slug}-copy"[:100]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.module_duplicate(
                module=module,
                organisation=form.cleaned_data["organisation"],
                slug=form.cleaned_data["slug"],
                language=form.cleaned_data["language"],
                acting_user=request.user,
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The copy is ready as a draft."))
            return redirect("learning:authoring_module", slug=copy.slug)
    return render(
        request,
        "learning/authoring_duplicate.html",
        {"form": form, "module": module},
        status=_form_status(form),
    )


@login_required
def module_export(request, slug: str):
    module = _module(request, slug)
    response = HttpResponse(porting.export_zip(module=module), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{module.slug}.zip"'
    return response


@login_required
def module_import(request):
    organisations = selectors.organisations_for_module_authoring(user=request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        organisations=organisations,
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            module = porting.import_zip(
                uploaded=form.cleaned_data["archive"],
                organisation=form.cleaned_data["organisation"],
                update=form.cleaned_data["update"],
                acting_user=request.user,
            )
        except ValidationError as error:
            problems = error.messages
            form.add_error(None, _("Nothing was imported. Please fix these problems first."))
        else:
            messages.success(request, _("The module is imported."))
            return redirect("learning:authoring_module", slug=module.slug)
    return render(
        request,
        "learning/authoring_import.html",
        {"form": form, "problems": problems},
        status=_form_status(form),
    )


# --- Topics -----------------------------------------------------------------------------------


@login_required
def topic_create(request, slug: str):
    module = _module(request, slug)
    form = TopicForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_create(
                module=module, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The topic is added."))
            return redirect("learning:authoring_topic", slug=module.slug, pk=topic.pk)
    return render(
        request,
        "learning/authoring_topic_form.html",
        {"form": form, "module": module},
        status=_form_status(form),
    )


def _render_topic(request, module, topic, status=200, **forms):
    context = {
        "module": module,
        "topic": topic,
        "form": TopicForm(
            initial={"title": topic.title, "body": topic.body, "examples": topic.examples}
        ),
        "exercise_form": ExerciseForm(prefix="exercise"),
        "media_form": MediaForm(prefix="media"),
        "resource_form": ResourceForm(prefix="resource"),
    }
    context.update(forms)
    return render(request, "learning/authoring_topic.html", context, status=status)


@login_required
def topic_edit(request, slug: str, pk: int):
    module = _module(request, slug)
    topic = selectors.topic_get_for_editing(module=module, pk=pk)
    if request.method != "POST":
        return _render_topic(request, module, topic)
    form = TopicForm(request.POST)
    if form.is_valid():
        try:
            services.topic_update(topic=topic, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The topic is saved."))
            return redirect("learning:authoring_topic", slug=module.slug, pk=topic.pk)
    return _render_topic(request, module, topic, status=400, form=form)


@login_required
@require_POST
def topic_move(request, slug: str, pk: int):
    module = _module(request, slug)
    topic = selectors.topic_get_for_editing(module=module, pk=pk)
    try:
        services.topic_move(
            topic=topic, direction=request.POST.get("direction", ""), acting_user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{module_url(module)}#topic-{topic.pk}")


def module_url(module: Module) -> str:
    return reverse("learning:authoring_module", args=[module.slug])


@login_required
@require_POST
def topic_delete(request, slug: str, pk: int):
    module = _module(request, slug)
    topic = selectors.topic_get_for_editing(module=module, pk=pk)
    services.topic_delete(topic=topic, acting_user=request.user)
    messages.success(request, _("The topic “%(title)s” is deleted.") % {"title": topic.title})
    return redirect("learning:authoring_module", slug=module.slug)


def _add_to_topic(request, slug: str, pk: int, *, kind: str, form_class, create, done: str):
    """Adds an activity, media or resource to a topic: one shape for the three forms."""
    module = _module(request, slug)
    topic = selectors.topic_get_for_editing(module=module, pk=pk)
    form = form_class(request.POST, request.FILES, prefix=kind)
    if form.is_valid():
        try:
            create(topic=topic, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect("learning:authoring_topic", slug=module.slug, pk=topic.pk)
    return _render_topic(request, module, topic, status=400, **{f"{kind}_form": form})


@login_required
@require_POST
def exercise_add(request, slug: str, pk: int):
    return _add_to_topic(
        request, slug, pk, kind="exercise", form_class=ExerciseForm,
        create=services.exercise_create, done=_("The activity is added."),
    )  # fmt: skip


@login_required
@require_POST
def media_add(request, slug: str, pk: int):
    return _add_to_topic(
        request, slug, pk, kind="media", form_class=MediaForm,
        create=services.media_create, done=_("The media is added."),
    )  # fmt: skip


@login_required
@require_POST
def resource_add(request, slug: str, pk: int):
    return _add_to_topic(
        request, slug, pk, kind="resource", form_class=ResourceForm,
        create=services.resource_create, done=_("The resource is added."),
    )  # fmt: skip


@login_required
def media_edit(request, slug: str, pk: int):
    module = _module(request, slug)
    media = get_object_or_404(Media.objects.select_related("topic"), topic__module=module, pk=pk)
    form = MediaAccessibilityForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial={"transcript": media.transcript},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.media_update_accessibility(
                media=media, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The captions and transcript are saved."))
            return redirect("learning:authoring_topic", slug=module.slug, pk=media.topic_id)
    return render(
        request,
        "learning/authoring_media_form.html",
        {"form": form, "module": module, "media": media},
        status=_form_status(form),
    )


PART_MODELS = {"exercise": Exercise, "media": Media, "resource": Resource}
PART_DELETERS = {
    "exercise": lambda part, user: services.exercise_delete(exercise=part, acting_user=user),
    "media": lambda part, user: services.media_delete(media=part, acting_user=user),
    "resource": lambda part, user: services.resource_delete(resource=part, acting_user=user),
}


@login_required
@require_POST
def part_delete(request, slug: str, kind: str, pk: int):
    module = _module(request, slug)
    if kind not in PART_MODELS:
        raise Http404
    part = get_object_or_404(PART_MODELS[kind], topic__module=module, pk=pk)
    PART_DELETERS[kind](part, request.user)
    messages.success(request, _("Deleted."))
    return redirect("learning:authoring_topic", slug=module.slug, pk=part.topic_id)


# --- Self-assessment --------------------------------------------------------------------------


def _question_page(request, module, question=None):
    rows = max(4, question.choices.count() + 2 if question else 4)
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        initial=QuestionForm.initial_for(question) if question else None,
        rows=rows,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(
                module=module,
                question=question,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                feedback=form.cleaned_data["feedback"],
                choices=form.choices(),
                acting_user=request.user,
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect(f"{module_url(module)}#questions")
    return render(
        request,
        "learning/authoring_question_form.html",
        {"form": form, "module": module, "question": question},
        status=_form_status(form),
    )


@login_required
def question_create(request, slug: str):
    return _question_page(request, _module(request, slug))


@login_required
def question_edit(request, slug: str, pk: int):
    module = _module(request, slug)
    return _question_page(request, module, selectors.question_get_for_editing(module=module, pk=pk))


@login_required
@require_POST
def question_move(request, slug: str, pk: int):
    module = _module(request, slug)
    question = selectors.question_get_for_editing(module=module, pk=pk)
    try:
        services.question_move(
            question=question, direction=request.POST.get("direction", ""), acting_user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{module_url(module)}#question-{question.pk}")


@login_required
@require_POST
def question_delete(request, slug: str, pk: int):
    module = _module(request, slug)
    question = selectors.question_get_for_editing(module=module, pk=pk)
    services.question_delete(question=question, acting_user=request.user)
    messages.success(request, _("The question is deleted."))
    return redirect(f"{module_url(module)}#questions")
