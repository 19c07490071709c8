"""Learners' pages: the catalogue, a module, its topics and self-assessment, finishing with a
certificate, and the totals organisers and managers see. Thin: selectors read, services write."""

from dataclasses import astuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atheneum.common import fragments
from atheneum.common.markdown import render_markdown
from atheneum.competencies import caching as competency_caching
from atheneum.organisations.rules import can
from atheneum.portfolio.selectors import competency_label

from . import certificates, selectors, services
from .enums import LICENCE_URLS, Level, Licence, ModuleStatus, QuestionKind
from .forms import (
    AssessmentForm,
    CatalogueForm,
    ExerciseAnswerForm,
    catalogue_choices,
    language_name,
)
from .selectors import CatalogueFilter

PAGE_SIZE = 20


def _name_languages(modules) -> None:
    names: dict[str, str] = {}  # a page's modules share a few languages: name each once
    for module in modules:
        if module.language not in names:
            names[module.language] = language_name(module.language)
        module.language_name = names[module.language]


def _label_cards(modules) -> None:
    """What `get_level_display` and `get_licence_display` give, looked up once per page rather
    than once per card (each call rebuilds the field's choices)."""
    levels = {value: str(label) for value, label in Level.choices}
    licences = {value: str(label) for value, label in Licence.choices}
    for module in modules:
        module.level_label = levels.get(module.level, module.level)
        module.licence_label = licences.get(module.licence, module.licence)


def _error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# The filter lists the competencies of published modules by name.
_FILTER_TAGS = [selectors.CATALOGUE_TAG, competency_caching.CATALOGUE]


def _catalogue_filter(language: str) -> dict:
    """The filter's choices and the empty filter form, in the viewer's language."""

    def build() -> dict:
        competency_choices, language_choices = catalogue_choices()
        form = CatalogueForm(
            competency_choices=competency_choices, language_choices=language_choices
        )
        return {
            "competency_choices": competency_choices,
            "language_choices": language_choices,
            "form_html": form.render(),
        }

    return fragments.cached(["learning:catalogue:filter", language], tags=_FILTER_TAGS, build=build)


def _catalogue_cards(*, language: str, filters, number: int, filtered: bool) -> str:
    def build() -> str:
        modules = selectors.catalogue_modules(filters=filters, number=number, per_page=PAGE_SIZE)
        _name_languages(modules)
        _label_cards(modules)
        return render_to_string(
            "learning/_catalogue_cards.html", {"modules": modules, "filtered": filtered}
        )

    return fragments.cached(
        ["learning:catalogue:cards", language, *astuple(filters), number, filtered],
        tags=[selectors.CATALOGUE_TAG],
        build=build,
    )


def _plain_catalogue(language: str) -> dict:
    """The first page without filters, which most visitors see: read in one cache round trip."""

    def build() -> dict:
        filters = CatalogueFilter()
        return {
            "count": selectors.catalogue_count(filters=filters),
            "form_html": _catalogue_filter(language)["form_html"],
            "cards_html": _catalogue_cards(
                language=language, filters=filters, number=1, filtered=False
            ),
        }

    return fragments.cached(["learning:catalogue:plain", language], tags=_FILTER_TAGS, build=build)


def catalogue(request):
    """Cached in parts until a module, its organisation or a competency changes; a filled-in
    filter form is rendered afresh, as it shows what was asked and any error. The pager needs
    only numbers, so it pages through the count rather than the modules."""
    language = translation.get_language()
    filtered = bool(request.GET)
    if not filtered:
        parts = _plain_catalogue(language)
        page = Paginator(range(parts["count"]), PAGE_SIZE).get_page(1)
        form_html, cards_html = parts["form_html"], parts["cards_html"]
    else:
        filter_parts = _catalogue_filter(language)
        form = CatalogueForm(
            request.GET,
            competency_choices=filter_parts["competency_choices"],
            language_choices=filter_parts["language_choices"],
        )
        filters = form.filters()
        page = Paginator(range(selectors.catalogue_count(filters=filters)), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        form_html = form.render() if form.is_filtering() else filter_parts["form_html"]
        cards_html = _catalogue_cards(
            language=language, filters=filters, number=page.number, filtered=filtered
        )
    return render(
        request,
        "learning/catalogue.html",
        {"form_html": form_html, "page": page, "cards_html": cards_html, "filtered": filtered},
    )


@login_required
def my_learning(request):
    return render(
        request,
        "learning/my_learning.html",
        {
            "enrolments": selectors.my_enrolments_cached(user=request.user),
            "teams": selectors.teams_reported_to(user=request.user),
        },
    )


def _objectives(module) -> list[str]:
    return [line.strip() for line in module.objectives.splitlines() if line.strip()]


def module_detail(request, slug: str):
    module = selectors.module_get_for_user(user=request.user, slug=slug)
    enrolment = selectors.enrolment_of(user=request.user, module=module)
    topics = selectors.module_topics(module=module)
    done = selectors.done_topic_ids(enrolment=enrolment)
    can_report = can(request.user, "learning.view_module_report", module)
    has_scored = selectors.scored_question_count(module=module) > 0
    translations = selectors.module_translations(module=module)
    _name_languages([module, *translations])
    return render(
        request,
        "learning/module_detail.html",
        {
            "module": module,
            "introduction_html": render_markdown(module.introduction),
            "objectives": _objectives(module),
            "translations": translations,
            "licence_url": LICENCE_URLS.get(module.licence, ""),
            "competencies": [competency_label(c) for c in module.competencies.all()],
            "topics": topics,
            "done": done,
            "enrolment": enrolment,
            "resume": selectors.resume_topic(enrolment=enrolment, topics=topics, done=done),
            "has_questions": has_scored or module.questions.exists(),
            "has_scored": has_scored,
            "can_take": can(request.user, "learning.take_module", module),
            "is_draft": module.status != ModuleStatus.PUBLISHED,
            "can_finish": (
                enrolment is not None
                and enrolment.completed_at is None
                and not selectors.finish_blockers(enrolment=enrolment)
            ),
            "can_report": can_report,
            "teams": selectors.organisation_teams(module=module) if can_report else [],
        },
    )


@login_required
@require_POST
def module_start(request, slug: str):
    module = selectors.module_get_for_user(user=request.user, slug=slug)
    services.enrolment_start(module=module, acting_user=request.user)
    topics = selectors.module_topics(module=module)
    if topics:
        return redirect("learning:topic", slug=module.slug, pk=topics[0].pk)
    return redirect("learning:module", slug=module.slug)


@login_required
@require_POST
def mark_reviewed(request, slug: str):
    module = selectors.module_get_for_user(user=request.user, slug=slug)
    enrolment = selectors.enrolment_get_for_user(user=request.user, module=module)
    services.enrolment_mark_reviewed(enrolment=enrolment, acting_user=request.user)
    messages.success(request, _("Thank you. The notice about the changes is gone."))
    return redirect("learning:module", slug=module.slug)


@login_required
@require_POST
def share_toggle(request, slug: str):
    module = selectors.module_get_for_user(user=request.user, slug=slug)
    enrolment = selectors.enrolment_get_for_user(user=request.user, module=module)
    share = request.POST.get("share") == "1"
    services.enrolment_set_sharing(enrolment=enrolment, share=share, acting_user=request.user)
    if share:
        messages.success(request, _("Your managers can now see your progress in this module."))
    else:
        messages.success(request, _("Your managers now see only team totals for this module."))
    if request.POST.get("next") == "my":
        return redirect("learning:my_learning")
    return redirect("learning:module", slug=module.slug)


def topic_detail(request, slug: str, pk: int):
    module = selectors.module_get_for_user(user=request.user, slug=slug)
    topic = selectors.topic_get_for_module(module=module, pk=pk)
    topics = selectors.module_topics(module=module)
    enrolment = selectors.enrolment_of(user=request.user, module=module)
    if enrolment is not None and enrolment.completed_at is None:
        services.enrolment_visit_topic(enrolment=enrolment, topic=topic, acting_user=request.user)
    done = selectors.done_topic_ids(enrolment=enrolment)
    index = next(i for i, item in enumerate(topics) if item.pk == topic.pk)
    can_take = can(request.user, "learning.take_module", module)
    answers = selectors.exercise_answers_of(user=request.user, topic=topic)
    exercises = []
    for exercise in topic.exercises.all():
        form = None
        if can_take and exercise.expects_answer:
            saved = answers.get(exercise.pk)
            form = ExerciseAnswerForm(
                prefix=f"exercise-{exercise.pk}", initial={"text": saved.text if saved else ""}
            )
        exercises.append((exercise, render_markdown(exercise.prompt), form))
    return render(
        request,
        "learning/topic_detail.html",
        {
            "module": module,
            "topic": topic,
            "body_html": render_markdown(topic.body),
            "examples_html": render_markdown(topic.examples),
            "exercises": exercises,
            "media": list(topic.media.all()),
            "resources": list(topic.resources.all()),
            "previous": topics[index - 1] if index > 0 else None,
            "next": topics[index + 1] if index + 1 < len(topics) else None,
            "number": index + 1,
            "count": len(topics),
            "enrolment": enrolment,
            "is_done": topic.pk in done,
            "can_take": can_take,
            "has_questions": module.questions.exists(),
        },
    )


@login_required
@require_POST
def topic_done(request, slug: str, pk: int):
    module = selectors.module_get_for_user(user=request.user, slug=slug)
    topic = selectors.topic_get_for_module(module=module, pk=pk)
    enrolment = services.enrolment_start(module=module, acting_user=request.user)
    services.topic_mark_done(enrolment=enrolment, topic=topic, acting_user=request.user)
    messages.success(request, _("Topic marked as done."))
    topics = selectors.module_topics(module=module)
    index = next(i for i, item in enumerate(topics) if item.pk == topic.pk)
    if index + 1 < len(topics):
        return redirect("learning:topic", slug=module.slug, pk=topics[index + 1].pk)
    if module.questions.exists():
        return redirect("learning:assessment", slug=module.slug)
    return redirect("learning:module", slug=module.slug)


@login_required
@require_POST
def exercise_answer(request, slug: str, pk: int):
    module = selectors.module_get_for_user(user=request.user, slug=slug)
    exercise = selectors.exercise_get_for_module(module=module, pk=pk)
    form = ExerciseAnswerForm(request.POST, prefix=f"exercise-{exercise.pk}")
    if form.is_valid():
        try:
            services.exercise_answer_save(
                exercise=exercise, text=form.cleaned_data["text"], acting_user=request.user
            )
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(request, _("Your answer is saved. Only you can read it."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    url = reverse("learning:topic", args=[module.slug, exercise.topic_id])
    return redirect(f"{url}#exercise-{exercise.pk}")


def assessment(request, slug: str):
    module = selectors.module_get_for_user(user=request.user, slug=slug)
    questions = selectors.module_questions(module=module)
    can_take = can(request.user, "learning.take_module", module)
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST" and not can_take:
        raise PermissionDenied
    form = AssessmentForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and form.is_valid():
        enrolment = services.enrolment_start(module=module, acting_user=request.user)
        try:
            attempt = services.attempt_submit(
                enrolment=enrolment, answers=form.answers(), acting_user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("learning:attempt", slug=module.slug, pk=attempt.pk)
    enrolment = selectors.enrolment_of(user=request.user, module=module)
    return render(
        request,
        "learning/assessment.html",
        {
            "module": module,
            "form": form,
            "questions": questions,
            "can_take": can_take,
            "enrolment": enrolment,
            "attempts": selectors.attempts_of(enrolment=enrolment),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def attempt_detail(request, slug: str, pk: int):
    module = selectors.module_get_for_user(user=request.user, slug=slug)
    attempt = selectors.attempt_get_for_user(user=request.user, module=module, pk=pk)
    answers = {answer.question_id: answer for answer in attempt.answers.all()}
    rows = []
    for question in selectors.module_questions(module=module):
        answer = answers.get(question.pk)
        picked_ids = {choice.pk for choice in answer.choices.all()} if answer else set()
        picked = [choice for choice in question.choices.all() if choice.pk in picked_ids]
        rows.append(
            {
                "question": question,
                "is_reflection": question.kind == QuestionKind.REFLECTION,
                "answer": answer,
                "picked": picked,
            }
        )
    enrolment = attempt.enrolment
    enrolment.module = module
    return render(
        request,
        "learning/attempt_detail.html",
        {
            "module": module,
            "attempt": attempt,
            "rows": rows,
            "can_finish": enrolment.completed_at is None
            and not selectors.finish_blockers(enrolment=enrolment),
            "enrolment": enrolment,
        },
    )


@login_required
@require_POST
def finish(request, slug: str):
    module = selectors.module_get_for_user(user=request.user, slug=slug)
    enrolment = selectors.enrolment_get_for_user(user=request.user, module=module)
    try:
        _enrolment, activity = services.enrolment_finish(
            enrolment=enrolment, acting_user=request.user
        )
    except ValidationError as error:
        _error_messages(request, error)
        return redirect("learning:module", slug=module.slug)
    return redirect(reverse("learning:completed", args=[module.slug]) + f"?activity={activity.pk}")


@login_required
def completed(request, slug: str):
    enrolment = selectors.completed_enrolment_for_user(user=request.user, slug=slug)
    module = enrolment.module
    activity_id = request.GET.get("activity", "")
    return render(
        request,
        "learning/completed.html",
        {
            "module": module,
            "enrolment": enrolment,
            "activity_id": int(activity_id) if activity_id.isdigit() else None,
        },
    )


@login_required
def certificate(request, slug: str):
    enrolment = selectors.completed_enrolment_for_user(user=request.user, slug=slug)
    module = enrolment.module
    pdf = certificates.certificate_pdf(enrolment=enrolment)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{module.slug}.pdf"'
    return response


def verify(request, code: str):
    enrolment = selectors.enrolment_by_certificate_code(code=code)
    return render(request, "learning/verify.html", {"enrolment": enrolment})


@login_required
def module_report(request, slug: str):
    module = selectors.module_get_for_user(user=request.user, slug=slug)
    if not can(request.user, "learning.view_module_report", module):
        raise PermissionDenied
    totals, topic_counts = selectors.module_report(module=module)
    return render(
        request,
        "learning/module_report.html",
        {"module": module, "totals": totals, "topic_counts": topic_counts},
    )


@login_required
def team_report(request, team_id: int):
    team = selectors.team_get_for_report(user=request.user, team_id=team_id)
    rows = selectors.team_report(team=team)
    return render(
        request,
        "learning/team_report.html",
        {
            "team": team,
            "rows": rows,
            "any_shared": any(row.shared for row in rows),
            "min_scores": selectors.TEAM_AVERAGE_MIN_SCORES,
        },
    )
