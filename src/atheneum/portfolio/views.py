"""Thin views: ask a selector for what to show and a service for what to change."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atheneum.common import fragments
from atheneum.competencies.caching import CATALOGUE
from atheneum.organisations.selectors import organisation_get_for_user, roles_for

from . import exports, selectors, services
from .caching import record_tag
from .enums import ActivityKind, ReflectionTemplate
from .forms import (
    ActivityForm,
    EvidenceForm,
    ExportForm,
    FollowUpForm,
    QuotaForm,
    RecordFilterForm,
    ReflectionForm,
    RequirementForm,
    ShareLinkForm,
    SharePeriodForm,
)
from .models import Evidence, RequirementQuota
from .rules import can
from .templates_text import PART_LABELS

PAGE_SIZE = 20


def _add_service_error(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


# --- The record -----------------------------------------------------------------------------


def _page_number(raw: str | None) -> int:
    """The page asked for, as `Paginator.get_page` reads it (anything but a number is 1)."""
    try:
        return int(raw or 1)
    except (TypeError, ValueError):
        return 1


def _record_page(request, *, filters: selectors.RecordFilter | None, page_number: int) -> dict:
    """The record's summary, the number of activities that match, the page shown and its table.

    Cached for the member alone until their record or the competency catalogue changes; the
    key holds the language, the time zones, the year (of "hours this year"), the cleaned filter
    and the page, so a cache hit costs no query."""
    owner = request.user
    zone_name = request.timezone_name

    def build() -> dict:
        summary = selectors.record_overview(owner=owner)
        activities = selectors.activity_list_for_owner(
            owner=owner, filters=filters, with_evidence=False, with_competencies=False
        )
        if filters is None:
            activities = activities.none()
        paginator = Paginator(activities, PAGE_SIZE)
        if filters == selectors.RecordFilter():
            # The whole record: the summary has counted it already, so the pager need not.
            paginator.count = summary["activity_count"]
        page = paginator.get_page(page_number)
        table = ""
        if page.object_list:
            # Labels looked up once per page instead of once per row.
            kinds = {value: str(label) for value, label in ActivityKind.choices}
            competencies = selectors.competency_labels_by_activity(
                user=owner,
                language=translation.get_language(),
                activity_ids=[activity.pk for activity in page.object_list],
            )
            for activity in page.object_list:
                activity.kind_label = kinds.get(activity.kind, activity.kind)
                activity.competency_labels = competencies.get(activity.pk, [])
            table = render_to_string(
                "portfolio/_activity_table.html",
                {"activities": page.object_list, "timezone_name": zone_name},
            )
        return {
            "summary": summary,
            "count": paginator.count,
            "number": page.number,
            "table": table,
        }

    return fragments.cached(
        [
            "portfolio:record-page",
            owner.pk,
            translation.get_language(),
            zone_name,
            selectors.zone_of(owner),
            selectors.today_for(owner).year,
            repr(filters),
            page_number,
        ],
        tags=[record_tag(owner.pk), CATALOGUE],
        build=build,
    )


@login_required
def activity_list(request):
    language = translation.get_language()

    def filter_form() -> RecordFilterForm:
        choices = selectors.competency_filter_choices(user=request.user, language=language)
        return RecordFilterForm(request.GET or None, competencies=choices)

    filters = selectors.RecordFilter()
    if not request.GET:
        # The empty filter reads the same for everyone with the same competencies to choose.
        form = fragments.cached(
            [
                "portfolio:record-filter",
                language,
                selectors.usable_frameworks_key(user=request.user),
            ],
            tags=[CATALOGUE],
            build=lambda: str(filter_form()),
        )
    else:
        form = filter_form()
        if form.is_valid():
            data = form.cleaned_data
            filters = selectors.RecordFilter(
                period_start=data["period_start"],
                period_end=data["period_end"],
                kind=data["kind"],
                competency_id=data["competency"],
                text=data["q"].strip(),
            )
        else:
            filters = None
    record = _record_page(
        request, filters=filters, page_number=_page_number(request.GET.get("page"))
    )
    # Only the pager's numbers: the rows are in the cached table.
    page = Paginator(range(record["count"]), PAGE_SIZE).get_page(record["number"])
    return render(
        request,
        "portfolio/activity_list.html",
        {
            "form": form,
            "page": page,
            "table": record["table"],
            "filtered": bool(request.GET),
            "summary": record["summary"],
        },
        status=400 if filters is None else 200,
    )


def _activity_form_data(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "kind": data["kind"],
        "mode": data["mode"],
        "provider": data["provider"],
        "start": data["start"],
        "end": data["end"],
        "hours": data["hours"],
        "link": data["link"],
        "language": data["language"],
        "description": data["description"],
        "competency_ids": [c.pk for c in data["competencies"]],
        "evidence_files": [data["evidence"]] if data.get("evidence") else [],
    }


@login_required
def activity_create(request):
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        competencies=selectors.competency_choices(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                owner=request.user, acting_user=request.user, **_activity_form_data(form)
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The activity is in your record."))
            return redirect("portfolio:activity_detail", pk=activity.pk)
    return render(
        request,
        "portfolio/activity_form.html",
        {"form": form, "activity": None},
        status=400 if form.is_bound else 200,
    )


@login_required
def activity_detail(request, pk: int):
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "portfolio/activity_detail.html",
        {
            "activity": activity,
            "evidence_form": EvidenceForm(),
            "templates": ReflectionTemplate.choices,
        },
    )


@login_required
def activity_edit(request, pk: int):
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    initial = {
        "title": activity.title,
        "kind": activity.kind,
        "mode": activity.mode,
        "provider": activity.provider,
        "start": timezone.localtime(activity.start),
        "end": timezone.localtime(activity.end),
        "hours": activity.hours,
        "link": activity.link,
        "language": activity.language,
        "description": activity.description,
        "competencies": list(activity.competencies.all()),
    }
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        competencies=selectors.competency_choices(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(
                activity=activity, acting_user=request.user, **_activity_form_data(form)
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The activity is saved."))
            return redirect("portfolio:activity_detail", pk=activity.pk)
    return render(
        request,
        "portfolio/activity_form.html",
        {"form": form, "activity": activity},
        status=400 if form.is_bound else 200,
    )


@login_required
def activity_delete(request, pk: int):
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        services.activity_delete(activity=activity, acting_user=request.user)
        messages.success(request, _("The activity is deleted."))
        return redirect("portfolio:activity_list")
    return render(request, "portfolio/activity_delete.html", {"activity": activity})


# --- Evidence -------------------------------------------------------------------------------


@require_POST
@login_required
def evidence_upload(request, pk: int):
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(
                activity=activity, acting_user=request.user, files=[form.cleaned_data["evidence"]]
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The evidence file is added."))
            return redirect("portfolio:activity_detail", pk=activity.pk)
    return render(
        request,
        "portfolio/activity_detail.html",
        {"activity": activity, "evidence_form": form, "templates": ReflectionTemplate.choices},
        status=400,
    )


def _file_response(evidence: Evidence) -> FileResponse:
    try:
        handle = default_storage.open(evidence.file.name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type
        or mimetypes.guess_type(evidence.original_name)[0]
        or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def evidence_download(request, pk: int):
    return _file_response(selectors.evidence_get_for_user(user=request.user, pk=pk))


@require_POST
@login_required
def evidence_delete(request, pk: int):
    evidence = selectors.evidence_get_for_user(user=request.user, pk=pk)
    activity_pk = evidence.activity_id
    services.evidence_delete(evidence=evidence, acting_user=request.user)
    messages.success(request, _("The evidence file is deleted."))
    return redirect("portfolio:activity_detail", pk=activity_pk)


# --- Reflections ----------------------------------------------------------------------------


@login_required
def reflection_create(request, pk: int):
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    template = request.POST.get("template") or request.GET.get("template")
    if template not in ReflectionTemplate.values:
        return render(
            request,
            "portfolio/reflection_choose.html",
            {"activity": activity, "templates": ReflectionTemplate.choices},
        )
    form = ReflectionForm(request.POST or None, template=template)
    if request.method == "POST" and form.is_valid():
        try:
            services.reflection_create(
                activity=activity,
                acting_user=request.user,
                template=template,
                part_1=form.cleaned_data["part_1"],
                part_2=form.cleaned_data.get("part_2", ""),
                part_3=form.cleaned_data.get("part_3", ""),
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Your reflection is saved."))
            return redirect("portfolio:activity_detail", pk=activity.pk)
    return render(
        request,
        "portfolio/reflection_form.html",
        {
            "activity": activity,
            "form": form,
            "template": template,
            "template_label": ReflectionTemplate(template).label,
            "reflection": None,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def reflection_edit(request, pk: int):
    reflection = selectors.reflection_get_for_user(user=request.user, pk=pk)
    form = ReflectionForm(
        request.POST or None,
        template=reflection.template,
        initial={
            "part_1": reflection.part_1,
            "part_2": reflection.part_2,
            "part_3": reflection.part_3,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reflection_update(
                reflection=reflection,
                acting_user=request.user,
                part_1=form.cleaned_data["part_1"],
                part_2=form.cleaned_data.get("part_2", ""),
                part_3=form.cleaned_data.get("part_3", ""),
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Your reflection is saved."))
            return redirect("portfolio:activity_detail", pk=reflection.activity_id)
    return render(
        request,
        "portfolio/reflection_form.html",
        {
            "activity": reflection.activity,
            "form": form,
            "template": reflection.template,
            "template_label": ReflectionTemplate(reflection.template).label,
            "reflection": reflection,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def reflection_delete(request, pk: int):
    reflection = selectors.reflection_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        services.reflection_delete(reflection=reflection, acting_user=request.user)
        messages.success(request, _("The reflection is deleted."))
        return redirect("portfolio:activity_detail", pk=reflection.activity_id)
    return render(request, "portfolio/reflection_delete.html", {"reflection": reflection})


@login_required
def reflection_follow_up(request, pk: int):
    reflection = selectors.reflection_get_for_user(user=request.user, pk=pk)
    if reflection.template != ReflectionTemplate.THREE_TWO_ONE:
        raise Http404
    form = FollowUpForm(
        request.POST or None,
        initial={"idea_applied": reflection.idea_applied, "note": reflection.idea_applied_note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reflection_follow_up_answer(
                reflection=reflection,
                acting_user=request.user,
                idea_applied=form.cleaned_data["idea_applied"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Thank you. Your answer is saved with the reflection."))
            return redirect("portfolio:activity_detail", pk=reflection.activity_id)
    return render(
        request,
        "portfolio/reflection_follow_up.html",
        {
            "reflection": reflection,
            "idea_label": PART_LABELS[ReflectionTemplate.THREE_TWO_ONE][2],
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


# --- Requirements ---------------------------------------------------------------------------


@login_required
def requirement_list(request):
    requirements = selectors.requirements_for_user(user=request.user)
    progress = selectors.requirement_progress(user=request.user, requirements=requirements)
    return render(
        request,
        "portfolio/requirement_list.html",
        {
            "progress_list": progress,
            "organised": selectors.organisations_organised_by(user=request.user),
        },
    )


def _requirement_data(form) -> dict:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "description": data["description"],
        "cycle_years": data["cycle_years"],
        "cycle_start": data["cycle_start"],
        "total_hours": data["total_hours"],
        "min_reflections": data["min_reflections"],
    }


def _requirement_form_page(request, *, organisation=None):
    form = RequirementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            requirement = services.requirement_create(
                acting_user=request.user, organisation=organisation, **_requirement_data(form)
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The rule is saved. You can add sub-quotas below."))
            return redirect("portfolio:requirement_detail", pk=requirement.pk)
    return render(
        request,
        "portfolio/requirement_form.html",
        {"form": form, "requirement": None, "organisation": organisation},
        status=400 if form.is_bound else 200,
    )


@login_required
def requirement_create(request):
    return _requirement_form_page(request)


@login_required
def organisation_requirements(request, slug: str):
    organisation = organisation_get_for_user(user=request.user, slug=slug)
    if not can(request.user, "portfolio.manage_requirements", organisation):
        raise PermissionDenied
    return render(
        request,
        "portfolio/organisation_requirements.html",
        {
            "organisation": organisation,
            "requirements": selectors.requirements_of_organisation(organisation=organisation),
        },
    )


@login_required
def organisation_requirement_create(request, slug: str):
    organisation = organisation_get_for_user(user=request.user, slug=slug)
    if not can(request.user, "portfolio.manage_requirements", organisation):
        raise PermissionDenied
    return _requirement_form_page(request, organisation=organisation)


def _quota_form(request, requirement, data=None) -> QuotaForm:
    return QuotaForm(
        data,
        areas=selectors.competency_area_choices(
            user=request.user, organisation=requirement.organisation
        ),
    )


def _requirement_detail_context(request, requirement, quota_form=None) -> dict:
    progress = None
    if selectors.requirement_applies_to(requirement=requirement, user=request.user):
        progress = selectors.requirement_progress(user=request.user, requirements=[requirement])[0]
    can_change = can(request.user, "portfolio.change_requirement", requirement)
    return {
        "requirement": requirement,
        "quotas": selectors.quota_labels(requirement=requirement),
        "progress": progress,
        "can_change": can_change,
        "quota_form": (quota_form or _quota_form(request, requirement)) if can_change else None,
    }


@login_required
def requirement_detail(request, pk: int):
    requirement = selectors.requirement_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "portfolio/requirement_detail.html",
        _requirement_detail_context(request, requirement),
    )


@login_required
def requirement_edit(request, pk: int):
    requirement = selectors.requirement_get_for_user(user=request.user, pk=pk, change=True)
    form = RequirementForm(
        request.POST or None,
        initial={
            "name": requirement.name,
            "description": requirement.description,
            "cycle_years": requirement.cycle_years,
            "cycle_start": requirement.cycle_start,
            "total_hours": requirement.total_hours,
            "min_reflections": requirement.min_reflections,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.requirement_update(
                requirement=requirement, acting_user=request.user, **_requirement_data(form)
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The rule is saved."))
            return redirect("portfolio:requirement_detail", pk=requirement.pk)
    return render(
        request,
        "portfolio/requirement_form.html",
        {"form": form, "requirement": requirement, "organisation": requirement.organisation},
        status=400 if form.is_bound else 200,
    )


@login_required
def requirement_delete(request, pk: int):
    requirement = selectors.requirement_get_for_user(user=request.user, pk=pk, change=True)
    if request.method == "POST":
        organisation = requirement.organisation
        services.requirement_delete(requirement=requirement, acting_user=request.user)
        messages.success(request, _("The rule is deleted."))
        if organisation is not None:
            return redirect("portfolio:organisation_requirements", slug=organisation.slug)
        return redirect("portfolio:requirement_list")
    return render(request, "portfolio/requirement_delete.html", {"requirement": requirement})


@require_POST
@login_required
def quota_add(request, pk: int):
    requirement = selectors.requirement_get_for_user(user=request.user, pk=pk, change=True)
    form = _quota_form(request, requirement, request.POST)
    if form.is_valid():
        try:
            services.quota_add(
                requirement=requirement,
                acting_user=request.user,
                kind=form.cleaned_data["kind"],
                value=form.cleaned_data["value"],
                min_hours=form.cleaned_data["min_hours"],
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The sub-quota is added."))
            return redirect("portfolio:requirement_detail", pk=requirement.pk)
    return render(
        request,
        "portfolio/requirement_detail.html",
        _requirement_detail_context(request, requirement, quota_form=form),
        status=400,
    )


@require_POST
@login_required
def quota_delete(request, pk: int):
    quota = RequirementQuota.objects.filter(pk=pk).select_related("requirement").first()
    if quota is None:
        raise Http404
    requirement = selectors.requirement_get_for_user(
        user=request.user, pk=quota.requirement_id, change=True
    )
    services.quota_delete(quota=quota, acting_user=request.user)
    messages.success(request, _("The sub-quota is removed."))
    return redirect("portfolio:requirement_detail", pk=requirement.pk)


# --- Exports --------------------------------------------------------------------------------


def _export_response(
    *, owner, activities, fmt: str, period_start, period_end, include_reflections: bool
) -> HttpResponse:
    stamp = timezone.now().strftime("%Y-%m-%d")
    if fmt == "csv":
        body = exports.as_csv(
            owner=owner, activities=activities, include_reflections=include_reflections
        )
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    elif fmt == "json":
        body = exports.as_json(
            owner=owner,
            activities=activities,
            period_start=period_start,
            period_end=period_end,
            include_reflections=include_reflections,
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        fmt = "pdf"
        body = exports.as_pdf(
            owner=owner,
            activities=activities,
            period_start=period_start,
            period_end=period_end,
            include_reflections=include_reflections,
        )
        response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="cpd-record-{stamp}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def export(request):
    form = ExportForm(request.GET or None, initial={"format": "pdf"})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        activities = selectors.activities_for_statement(
            owner=request.user,
            period_start=data["period_start"],
            period_end=data["period_end"],
            include_reflections=data["include_reflections"],
        )
        return _export_response(
            owner=request.user,
            activities=activities,
            fmt=data["format"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            include_reflections=data["include_reflections"],
        )
    return render(
        request, "portfolio/export.html", {"form": form}, status=400 if form.is_bound else 200
    )


# --- Sharing --------------------------------------------------------------------------------


@login_required
def sharing(request, manager_form=None, link_form=None, status=200):
    share = selectors.manager_share_active(owner=request.user)
    return render(
        request,
        "portfolio/sharing.html",
        {
            "share": share,
            "manager_form": manager_form
            or SharePeriodForm(
                initial={
                    "period_start": share.period_start,
                    "period_end": share.period_end,
                    "include_reflections": share.include_reflections,
                }
                if share
                else None
            ),
            "link_form": link_form or ShareLinkForm(),
            "links": selectors.share_links_for_owner(owner=request.user),
            "manages_teams": bool(roles_for(request.user).team_roles),
        },
        status=status,
    )


@require_POST
@login_required
def manager_share_set(request):
    form = SharePeriodForm(request.POST)
    if form.is_valid():
        try:
            services.manager_share_set(
                owner=request.user, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The managers of your teams can now read your record."))
            return redirect("portfolio:sharing")
    return sharing(request, manager_form=form, status=400)


@require_POST
@login_required
def manager_share_revoke(request):
    services.manager_share_revoke(owner=request.user, acting_user=request.user)
    messages.success(request, _("Your managers can no longer read your record."))
    return redirect("portfolio:sharing")


@require_POST
@login_required
def share_link_create(request):
    form = ShareLinkForm(request.POST)
    if form.is_valid():
        try:
            services.share_link_create(
                owner=request.user, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The link is ready. Copy it from the list below."))
            return redirect("portfolio:sharing")
    return sharing(request, link_form=form, status=400)


@require_POST
@login_required
def share_link_revoke(request, pk: int):
    link = selectors.share_link_get_for_owner(user=request.user, pk=pk)
    services.share_link_revoke(link=link, acting_user=request.user)
    messages.success(request, _("The link no longer works."))
    return redirect("portfolio:sharing")


def _shared_context(*, owner, share) -> dict:
    activities = selectors.activities_for_statement(
        owner=owner,
        period_start=share.period_start,
        period_end=share.period_end,
        include_reflections=share.include_reflections,
        whole_activity=True,
    )
    return {
        "person": owner,
        "share": share,
        "activities": activities,
        "totals": selectors.totals_for(activities),
    }


def _shared_export(request, *, owner, share) -> HttpResponse:
    fmt = request.GET.get("format", "pdf")
    if fmt not in {"pdf", "csv", "json"}:
        raise Http404
    activities = selectors.activities_for_statement(
        owner=owner,
        period_start=share.period_start,
        period_end=share.period_end,
        include_reflections=share.include_reflections,
        whole_activity=True,
    )
    return _export_response(
        owner=owner,
        activities=activities,
        fmt=fmt,
        period_start=share.period_start,
        period_end=share.period_end,
        include_reflections=share.include_reflections,
    )


def _shared_evidence(*, owner, share, pk: int) -> FileResponse:
    if not share.include_reflections:
        raise Http404
    evidence = Evidence.objects.filter(pk=pk, activity__owner=owner).first()
    if evidence is None:
        raise Http404
    in_period = selectors.period_filter(
        selectors.Activity.objects.filter(pk=evidence.activity_id),
        zone=selectors.zone_of(owner),
        period_start=share.period_start,
        period_end=share.period_end,
        whole_activity=True,
    ).exists()
    if not in_period:
        raise Http404
    return _file_response(evidence)


@login_required
def people_list(request):
    return render(
        request,
        "portfolio/people_list.html",
        {"shares": selectors.people_sharing_with(manager=request.user)},
    )


@login_required
def person_record(request, user_id: int):
    person, share = selectors.shared_record_for_manager(user=request.user, person_id=user_id)
    context = _shared_context(owner=person, share=share)
    context["export_base"] = "portfolio:person_export"
    context["export_arg"] = person.pk
    return render(request, "portfolio/shared_record.html", context)


@login_required
def person_export(request, user_id: int):
    person, share = selectors.shared_record_for_manager(user=request.user, person_id=user_id)
    return _shared_export(request, owner=person, share=share)


@login_required
def person_evidence(request, user_id: int, pk: int):
    person, share = selectors.shared_record_for_manager(user=request.user, person_id=user_id)
    return _shared_evidence(owner=person, share=share, pk=pk)


def shared_link(request, token: str):
    link = selectors.share_link_get(token=token)
    context = _shared_context(owner=link.owner, share=link)
    context["link"] = link
    return render(request, "portfolio/shared_record.html", context)


def shared_link_export(request, token: str):
    link = selectors.share_link_get(token=token)
    return _shared_export(request, owner=link.owner, share=link)


def shared_link_evidence(request, token: str, pk: int):
    link = selectors.share_link_get(token=token)
    return _shared_evidence(owner=link.owner, share=link, pk=pk)
