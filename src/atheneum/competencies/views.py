"""Thin views: ask a selector for what to show and a service for what to change."""

import langcodes
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atheneum.common import fragments
from atheneum.common.forms import add_service_error
from atheneum.organisations.selectors import roles_for
from atheneum.portfolio.caching import record_tag

from . import interchange, selectors, services
from .caching import CATALOGUE, ratings_tag
from .enums import RatingKind, RatingSource
from .forms import (
    CompetencyForm,
    FrameworkForm,
    ImportForm,
    LevelForm,
    ManagerRatingForm,
    SelfRatingForm,
    activity_choices,
    level_choices,
)
from .models import Rating
from .rules import RatingTarget, can


def language_label(code: str) -> str:
    """The language's name in the viewer's language (the code itself if unknown)."""
    try:
        return langcodes.Language.get(code).display_name(translation.get_language() or "en")
    except (ValueError, LookupError):
        return code


def _status(form) -> int:
    return 400 if form.is_bound else 200


# --- Reading frameworks ------------------------------------------------------------------------


def framework_list(request):
    frameworks = selectors.frameworks_visible_to(user=request.user)
    can_create = request.user.is_authenticated and (
        selectors.organisations_for_authoring(user=request.user).exists()
        or request.user.is_superuser
    )
    return render(
        request,
        "competencies/framework_list.html",
        {"frameworks": frameworks, "can_create": can_create},
    )


def framework_detail(request, slug: str):
    framework = selectors.framework_get_for_user(user=request.user, slug=slug)
    language = translation.get_language()
    tree = selectors.framework_tree(framework=framework, language=language)
    nodes = selectors.flatten(tree)
    fallback_languages = sorted(
        {language_label(node.text.language) for node in nodes if node.text.is_fallback}
    )
    return render(
        request,
        "competencies/framework_detail.html",
        {
            "framework": framework,
            "levels": list(framework.levels.all()),
            "tree": tree,
            "fallback_languages": fallback_languages,
            "viewer_language": language_label(language),
            "can_change": can(request.user, "competencies.change_framework", framework),
            "can_rate": can(request.user, "competencies.rate_self", framework),
            "case_languages": _case_languages(framework, nodes),
        },
    )


def _case_languages(framework, nodes) -> list[tuple[str, str]]:
    codes = {framework.language}
    for node in nodes:
        codes |= {text.language for text in node.competency.texts.all()}
    return [(code, language_label(code)) for code in sorted(codes)]


def framework_export_csv(request, slug: str):
    framework = selectors.framework_get_for_user(user=request.user, slug=slug)
    if not can(request.user, "competencies.export_framework", framework):
        raise PermissionDenied
    response = HttpResponse(
        interchange.export_csv(framework=framework), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{framework.slug}.csv"'
    return response


def framework_export_case(request, slug: str):
    framework = selectors.framework_get_for_user(user=request.user, slug=slug)
    if not can(request.user, "competencies.export_framework", framework):
        raise PermissionDenied
    language = request.GET.get("language") or framework.language
    if len(language) > 35:
        language = framework.language
    response = HttpResponse(
        interchange.export_case_json(framework=framework, language=language),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{framework.slug}.case.json"'
    return response


# --- Authoring ---------------------------------------------------------------------------------


def _framework_form_kwargs(request) -> dict:
    organisations = selectors.organisations_for_authoring(user=request.user)
    if not request.user.is_superuser and not organisations.exists():
        raise PermissionDenied
    return {"organisations": organisations, "allow_everyone": request.user.is_superuser}


@login_required
def framework_create(request):
    form = FrameworkForm(request.POST or None, **_framework_form_kwargs(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            framework = services.framework_create(
                organisation=data["organisation"],
                title=data["title"],
                slug=data["slug"],
                description=data["description"],
                language=data["language"],
                version=data["version"],
                publisher=data["publisher"],
                uses_manager_ratings=data["uses_manager_ratings"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The framework is saved. Add its competencies next."))
            return redirect("competencies:framework_detail", slug=framework.slug)
    return render(
        request,
        "competencies/framework_form.html",
        {"form": form, "framework": None},
        status=_status(form),
    )


@login_required
def framework_edit(request, slug: str):
    framework = selectors.framework_get_for_author(user=request.user, slug=slug)
    initial = {
        name: getattr(framework, name)
        for name in (
            "title",
            "slug",
            "description",
            "language",
            "version",
            "publisher",
            "uses_manager_ratings",
        )
    }
    form = FrameworkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.framework_update(
                framework=framework, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The framework is saved."))
            return redirect("competencies:framework_detail", slug=framework.slug)
    return render(
        request,
        "competencies/framework_form.html",
        {"form": form, "framework": framework},
        status=_status(form),
    )


@require_POST
@login_required
def framework_publish(request, slug: str):
    framework = selectors.framework_get_for_author(user=request.user, slug=slug)
    publish = request.POST.get("publish") == "yes"
    try:
        services.framework_set_published(
            framework=framework, is_published=publish, acting_user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The framework is published for everyone.")
            if publish
            else _("The framework is no longer published."),
        )
    return redirect("competencies:framework_detail", slug=framework.slug)


@login_required
def level_list(request, slug: str):
    framework = selectors.framework_get_for_author(user=request.user, slug=slug)
    form = LevelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.level_save(framework=framework, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The level is saved."))
            return redirect("competencies:level_list", slug=framework.slug)
    return render(
        request,
        "competencies/level_list.html",
        {"framework": framework, "levels": list(framework.levels.all()), "form": form},
        status=_status(form),
    )


@require_POST
@login_required
def level_delete(request, slug: str, value: int):
    framework = selectors.framework_get_for_author(user=request.user, slug=slug)
    level = next((level for level in framework.levels.all() if level.value == value), None)
    if level is None:
        from django.http import Http404

        raise Http404
    try:
        services.level_delete(level=level, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The level is removed."))
    return redirect("competencies:level_list", slug=framework.slug)


@login_required
def competency_create(request, slug: str):
    framework = selectors.framework_get_for_author(user=request.user, slug=slug)
    language = translation.get_language()
    form = CompetencyForm(
        request.POST or None,
        initial={"language": framework.language, "kind": "competency"},
        parent_choices=selectors.parent_choices(framework=framework, language=language),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parent = (
            selectors.competency_get_in_framework(framework=framework, pk=data["parent"])
            if data["parent"]
            else None
        )
        try:
            services.competency_create(
                framework=framework,
                kind=data["kind"],
                parent=parent,
                code=data["code"],
                position=data["position"],
                language=data["language"],
                title=data["title"],
                description=data["description"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The competency is added."))
            return redirect("competencies:framework_detail", slug=framework.slug)
    return render(
        request,
        "competencies/competency_form.html",
        {"form": form, "framework": framework, "competency": None},
        status=_status(form),
    )


@login_required
def competency_edit(request, slug: str, pk: int):
    framework = selectors.framework_get_for_author(user=request.user, slug=slug)
    competency = selectors.competency_get_in_framework(framework=framework, pk=pk)
    texts = {text.language: text for text in competency.texts.all()}
    language = request.GET.get("language", "")[:35] or framework.language
    text = texts.get(language)
    form = CompetencyForm(
        request.POST or None,
        initial={
            "kind": competency.kind,
            "parent": competency.parent_id,
            "code": competency.code,
            "position": competency.position,
            "language": language,
            "title": text.title if text else "",
            "description": text.description if text else "",
        },
        parent_choices=selectors.parent_choices(
            framework=framework, language=translation.get_language(), exclude=competency
        ),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parent = (
            selectors.competency_get_in_framework(framework=framework, pk=data["parent"])
            if data["parent"]
            else None
        )
        try:
            services.competency_update(
                competency=competency,
                kind=data["kind"],
                parent=parent,
                code=data["code"],
                position=data["position"] if data["position"] is not None else competency.position,
                language=data["language"],
                title=data["title"],
                description=data["description"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The competency is saved."))
            return redirect("competencies:framework_detail", slug=framework.slug)
    return render(
        request,
        "competencies/competency_form.html",
        {
            "form": form,
            "framework": framework,
            "competency": competency,
            "texts": [(code, language_label(code), texts[code]) for code in sorted(texts)],
        },
        status=_status(form),
    )


@require_POST
@login_required
def competency_move(request, slug: str, pk: int):
    framework = selectors.framework_get_for_author(user=request.user, slug=slug)
    competency = selectors.competency_get_in_framework(framework=framework, pk=pk)
    try:
        services.competency_move(
            competency=competency,
            direction=request.POST.get("direction", ""),
            acting_user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"/competencies/{framework.slug}/#competency-{competency.pk}")


@require_POST
@login_required
def competency_delete(request, slug: str, pk: int):
    framework = selectors.framework_get_for_author(user=request.user, slug=slug)
    competency = selectors.competency_get_in_framework(framework=framework, pk=pk)
    try:
        services.competency_delete(competency=competency, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The competency is removed."))
    return redirect("competencies:framework_detail", slug=framework.slug)


@require_POST
@login_required
def competency_text_delete(request, slug: str, pk: int):
    framework = selectors.framework_get_for_author(user=request.user, slug=slug)
    competency = selectors.competency_get_in_framework(framework=framework, pk=pk)
    try:
        services.competency_text_delete(
            competency=competency,
            language=request.POST.get("language", ""),
            acting_user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The text is removed."))
    return redirect("competencies:competency_edit", slug=framework.slug, pk=competency.pk)


@login_required
def framework_import(request):
    kwargs = _framework_form_kwargs(request)
    form = ImportForm(request.POST or None, request.FILES or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = interchange.framework_import(
                content=data["file"].read(),
                file_format=data["file_format"],
                organisation=data["organisation"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            for line in result.summary:
                messages.success(request, line)
            return redirect("competencies:framework_detail", slug=result.framework.slug)
    return render(request, "competencies/import.html", {"form": form}, status=_status(form))


# --- Self-assessment ---------------------------------------------------------------------------


@login_required
def my_assessment(request):
    frameworks = list(selectors.frameworks_visible_to(user=request.user))
    rated = dict(
        Rating.objects.filter(user=request.user, source=RatingSource.SELF)
        .values("competency__framework_id")
        .annotate(count=Count("competency", distinct=True))
        .values_list("competency__framework_id", "count")
    )
    for framework in frameworks:
        framework.rated_count = rated.get(framework.pk, 0)
    return render(
        request,
        "competencies/my_assessment.html",
        {
            "frameworks": frameworks,
            "shares": selectors.rating_sharing_of(user=request.user),
        },
    )


@require_POST
@login_required
def sharing_set(request):
    share = request.POST.get("share") == "yes"
    services.rating_sharing_set(user=request.user, share=share, acting_user=request.user)
    messages.success(
        request,
        _("The managers of your teams can now see your ratings.")
        if share
        else _("Your ratings are private again."),
    )
    return redirect("competencies:my_assessment")


def _rating_forms(request, framework, nodes, latest, activities):
    levels = level_choices(framework)
    forms = []
    for node in nodes:
        current = latest.get((node.pk, RatingKind.CURRENT))
        target = latest.get((node.pk, RatingKind.TARGET))
        initial = {
            "current": current.level if current else None,
            "target": target.level if target else None,
            "note": current.note if current else "",
            "evidence": [link.activity_id for link in current.evidence_links.all()]
            if current
            else [],
        }
        form = SelfRatingForm(
            request.POST if request.method == "POST" else None,
            prefix=f"c{node.pk}",
            initial=initial,
            levels=levels,
            activities=activities,
        )
        forms.append((node, form, current, target))
    return forms


@login_required
def self_assessment(request, slug: str):
    framework = selectors.framework_get_for_user(user=request.user, slug=slug)
    if not can(request.user, "competencies.rate_self", framework):
        raise PermissionDenied
    language = translation.get_language()
    nodes = selectors.ratable_nodes(
        selectors.framework_tree(framework=framework, language=language)
    )
    latest = selectors.latest_rating_rows(person=request.user, framework=framework)
    activities = activity_choices(selectors.own_activities(owner=request.user))
    rows = _rating_forms(request, framework, nodes, latest, activities)
    error = None
    if request.method == "POST":
        if all(form.is_valid() for _node, form, _c, _t in rows):
            entries = [
                services.RatingEntry(
                    competency_id=node.pk,
                    current=form.cleaned_data["current"],
                    target=form.cleaned_data["target"],
                    note=form.cleaned_data["note"],
                    evidence_ids=form.cleaned_data.get("evidence", []),
                )
                for node, form, _c, _t in rows
            ]
            try:
                added = services.self_assessment_save(
                    person=request.user,
                    framework=framework,
                    entries=entries,
                    acting_user=request.user,
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                if added:
                    messages.success(request, _("Your self-assessment is saved."))
                else:
                    messages.success(request, _("Nothing changed since your last save."))
                return redirect("competencies:self_assessment", slug=framework.slug)
        else:
            error = _("Some answers need attention; they are marked below. Nothing was saved.")
    sections = []
    for area, area_nodes in selectors.sections([row[0] for row in rows]):
        ids = {node.pk for node in area_nodes}
        sections.append((area, [row for row in rows if row[0].pk in ids]))
    return render(
        request,
        "competencies/self_assessment.html",
        {
            "framework": framework,
            "sections": sections,
            "levels": list(framework.levels.all()),
            "error": error,
            "has_activities": bool(activities),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def competency_history(request, pk: int):
    competency = selectors.competency_get_for_user(user=request.user, pk=pk)
    return _history(request, person=request.user, competency=competency)


@login_required
def person_competency_history(request, user_pk: int, pk: int):
    person = selectors.person_get_for_viewer(user=request.user, pk=user_pk)
    competency = selectors.competency_get_for_user(user=request.user, pk=pk)
    return _history(request, person=person, competency=competency)


def _history(request, *, person, competency):
    framework = competency.framework
    text = selectors.text_for(
        competency, language=translation.get_language(), framework_language=framework.language
    )
    labels = {level.value: level.label for level in framework.levels.all()}
    history = selectors.rating_history(person=person, competency=competency)
    for rating in history:
        rating.level_label = labels.get(rating.level, "")
    return render(
        request,
        "competencies/history.html",
        {
            "person": person,
            "is_self": person.pk == request.user.pk,
            "competency": competency,
            "framework": framework,
            "text": text,
            "history": history,
        },
    )


def _gaps(request, framework=None):
    """The gap analysis, cached for the person alone until their ratings, their record or the
    catalogue change; the key holds what decides which frameworks they may see."""
    person = request.user
    language = translation.get_language()

    def build() -> str:
        gaps = selectors.gaps_for(person=person, language=language, framework=framework)
        bar_height, gap = 28, 12
        chart_width, label_width = 480, 0
        for index, item in enumerate(gaps):
            item.y = index * (bar_height + gap) + 4
            item.current_width = round(chart_width * item.current / item.max_level)
            item.target_x = round(chart_width * item.target / item.max_level)
        return render_to_string(
            "competencies/_gaps.html",
            {
                "framework": framework,
                "gaps": gaps,
                "chart_width": chart_width + label_width + 8,
                "chart_height": len(gaps) * (bar_height + gap) + 8,
                "bar_height": bar_height,
            },
        )

    gaps = fragments.cached(
        [
            "competencies:gaps",
            person.pk,
            language,
            framework.pk if framework is not None else "",
            person.is_superuser,
            sorted(roles_for(person).org_roles.items()),
        ],
        tags=[ratings_tag(person.pk), record_tag(person.pk), CATALOGUE],
        build=build,
    )
    return render(request, "competencies/gaps.html", {"framework": framework, "gaps": gaps})


@login_required
def my_gaps(request):
    return _gaps(request)


@login_required
def framework_gaps(request, slug: str):
    framework = selectors.framework_get_for_user(user=request.user, slug=slug)
    return _gaps(request, framework)


# --- Managers ----------------------------------------------------------------------------------


@login_required
def team(request):
    if not roles_for(request.user).managed_team_ids():
        raise PermissionDenied
    people = selectors.people_managed_by(manager=request.user)
    frameworks = list(selectors.frameworks_visible_to(user=request.user))
    return render(request, "competencies/team.html", {"people": people, "frameworks": frameworks})


@login_required
def person_ratings(request, user_pk: int, slug: str):
    person = selectors.person_get_for_viewer(user=request.user, pk=user_pk)
    framework = selectors.framework_get_for_user(user=request.user, slug=slug)
    may_rate = can(request.user, "competencies.rate_as_manager", RatingTarget(person, framework))
    if request.method == "POST" and not may_rate:
        raise PermissionDenied
    language = translation.get_language()
    nodes = selectors.ratable_nodes(
        selectors.framework_tree(framework=framework, language=language)
    )
    own = selectors.latest_rating_rows(person=person, framework=framework)
    by_manager = selectors.latest_rating_rows(
        person=person, framework=framework, source=RatingSource.MANAGER
    )
    levels = level_choices(framework)
    labels = {level.value: level.label for level in framework.levels.all()}
    rows = []
    for node in nodes:
        manager_rating = by_manager.get((node.pk, RatingKind.CURRENT))
        form = None
        if may_rate:
            form = ManagerRatingForm(
                request.POST if request.method == "POST" else None,
                prefix=f"c{node.pk}",
                initial={
                    "current": manager_rating.level if manager_rating else None,
                    "note": manager_rating.note if manager_rating else "",
                },
                levels=levels,
            )
        rows.append(
            {
                "node": node,
                "current": own.get((node.pk, RatingKind.CURRENT)),
                "target": own.get((node.pk, RatingKind.TARGET)),
                "manager": manager_rating,
                "form": form,
            }
        )
    error = None
    if request.method == "POST":
        if all(row["form"].is_valid() for row in rows):
            entries = [
                services.RatingEntry(
                    competency_id=row["node"].pk,
                    current=row["form"].cleaned_data["current"],
                    note=row["form"].cleaned_data["note"],
                )
                for row in rows
            ]
            try:
                services.manager_rating_save(
                    person=person, framework=framework, entries=entries, acting_user=request.user
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, _("Your ratings are saved beside the member's own."))
                return redirect(
                    "competencies:person_ratings", user_pk=person.pk, slug=framework.slug
                )
        else:
            error = _("Some answers need attention; they are marked below. Nothing was saved.")
    return render(
        request,
        "competencies/person.html",
        {
            "person": person,
            "framework": framework,
            "rows": rows,
            "labels": labels,
            "may_rate": may_rate,
            "error": error,
        },
        status=400 if request.method == "POST" else 200,
    )
