"""Thin views: ask a selector for what to show and a service for what to change.

Plans, overviews and everything under them answer 404 to anyone who may not know they exist
(anonymous visitors included) and 403 to those who know but may not act.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atheneum.common import fragments
from atheneum.common.forms import add_service_error
from atheneum.common.spreadsheet import spreadsheet_safe
from atheneum.organisations.rules import can

from . import selectors, services
from .enums import PlanStatus
from .forms import (
    CommentForm,
    CycleForm,
    GoalForm,
    LinkActivitiesForm,
    PlanForm,
    PriorityForm,
    ReviewForm,
)
from .models import Cycle


def _form_status(form) -> int:
    return 400 if form.is_bound else 200


# --- The index ------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """A member's plans, a manager's teams, an organiser's organisations."""
    return render(
        request,
        "planning/index.html",
        {
            "plans": selectors.plans_for_member(user=request.user),
            "my_teams": selectors.teams_of_member(user=request.user),
            "managed_teams": selectors.teams_managed(user=request.user),
            "organisations": selectors.organisations_organised(user=request.user),
        },
    )


# --- Cycles ---------------------------------------------------------------------------------


@login_required
def cycle_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get_for_cycles(user=request.user, slug=slug)
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_create(
                organisation=organisation, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The cycle is saved."))
            return redirect(
                _overview_url("planning:organisation_overview", organisation.slug, cycle)
            )
    return render(
        request,
        "planning/cycle_form.html",
        {"form": form, "organisation": organisation},
        status=_form_status(form),
    )


def _overview_url(name: str, arg, cycle: Cycle | None) -> str:
    url = reverse(name, args=[arg])
    return f"{url}?cycle={cycle.pk}" if cycle else url


# --- Overviews ------------------------------------------------------------------------------


# Cached fragments are rendered with this in place of the CSRF token; each request puts its own in.
_CSRF_PLACEHOLDER = "csrf-token-of-the-request"
_CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'


def _with_csrf_token(request: HttpRequest, html: str) -> str:
    """The cached fragment with the request's CSRF token in its forms (what `{% csrf_token %}`
    gives). Only a whole hidden input is replaced: escaped text can never contain one."""
    needle = format_html(_CSRF_INPUT, _CSRF_PLACEHOLDER)
    if needle not in html:
        return html
    token_input = format_html(_CSRF_INPUT, get_token(request))
    return mark_safe(html.replace(needle, token_input))  # noqa: S308 - our templates' output


def _team_overview_sections(
    request: HttpRequest, *, context: selectors.TeamContext, cycle: Cycle
) -> dict:
    """The team overview's rendered priorities, plans and figures.

    Cached per team, cycle and viewer (what a manager sees differs from an organiser, and the
    list of plans leaves out the viewer's own), in the viewer's language and time zone, until
    the team, its people, their ratings, hours or plans, or the competencies change."""
    team = context.team
    show_names = can(request.user, "planning.view_named_ratings", team)

    def build() -> dict:
        overview = selectors.team_overview(team=team, cycle=cycle, viewer=request.user)
        plans = (
            selectors.plans_for_review(team=team, cycle=cycle, reviewer=request.user)
            if show_names
            else None
        )
        return {
            "priorities_html": render_to_string(
                "planning/_priorities.html",
                {"overview": overview, "user": request.user, "csrf_token": _CSRF_PLACEHOLDER},
            ),
            "plans_html": render_to_string(
                "planning/_team_plans.html",
                {"plans": plans, "timezone_name": request.timezone_name},
            ),
            "figures_html": render_to_string("planning/_figures.html", {"overview": overview}),
        }

    return fragments.cached(
        [
            "planning:team-overview",
            team.pk,
            cycle.pk,
            request.user.pk,
            show_names,
            translation.get_language(),
            request.timezone_name,
        ],
        tags=selectors.team_overview_tags(context=context, viewer=request.user),
        build=build,
    )


@login_required
def team_overview(request: HttpRequest, team_id: int) -> HttpResponse:
    context = selectors.team_context_for_user(
        user=request.user, pk=team_id, perm="planning.view_team_overview"
    )
    team, cycles = context.team, context.cycles
    cycle = selectors.cycle_chosen(cycles=cycles, wanted=request.GET.get("cycle"))
    sections = _team_overview_sections(request, context=context, cycle=cycle) if cycle else {}
    return render(
        request,
        "planning/team_overview.html",
        {
            "team": team,
            "organisation": team.organisation,
            "cycles": cycles,
            "cycle": cycle,
            "priorities_html": _with_csrf_token(request, sections.get("priorities_html", "")),
            "plans_html": sections.get("plans_html", ""),
            "figures_html": sections.get("figures_html", ""),
            "can_add_priority": cycle is not None
            and can(request.user, "planning.add_team_priority", team),
        },
    )


@login_required
def organisation_overview(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get_for_overview(user=request.user, slug=slug)
    cycles = selectors.cycles_for_organisation(organisation=organisation)
    cycle = selectors.cycle_chosen(cycles=cycles, wanted=request.GET.get("cycle"))
    overview = selectors.organisation_overview(organisation=organisation, cycle=cycle)
    return render(
        request,
        "planning/organisation_overview.html",
        {
            "organisation": organisation,
            "cycles": cycles,
            "cycle": cycle,
            "overview": overview,
        },
    )


def _overview_csv(*, name: str, cycle: Cycle | None, overview) -> HttpResponse:
    filename = slugify(f"{name}-{cycle.name if cycle else 'planning'}") or "planning"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)

    def row(*cells):
        writer.writerow([spreadsheet_safe(cell) for cell in cells])

    row(_("Overview"), name, _("Cycle"), cycle.name if cycle else "")
    row(_("People"), overview.people)
    row()
    row(
        _("Competency"),
        _("Priority"),
        _("Target level"),
        _("People rated"),
        _("Average current level"),
        _("Median current level"),
        _("Average personal target"),
        _("Gap"),
        _("Status"),
    )
    for item in overview.rows:
        row(
            item.label,
            _("yes") if item.priority else _("no"),
            item.target,
            item.rated,
            item.average,
            item.median,
            item.personal_target,
            item.gap,
            item.band_label,
        )
    row()
    hours = overview.hours
    row(_("CPD hours in the cycle"), hours.total)
    row(_("Average hours per person"), hours.average)
    row(_("Median hours per person"), hours.median)
    row(_("Time budget per person (hours)"), hours.budget_per_person)
    row(_("Time budget in total (hours)"), hours.budget_total)
    row(_("People without CPD hours"), hours.without_hours)
    row()
    row(_("Plan status"), _("Plans"))
    for _status, label, count in overview.plan_counts:
        row(label, count)
    row()
    row(_("Priorities no plan addresses"), _("Team"))
    for priority in overview.unaddressed:
        row(
            selectors.competency_label(priority.competency),
            priority.team.name if priority.team else _("Whole organisation"),
        )
    if overview.teams:
        row()
        row(_("Team"), _("People"), _("CPD hours"), _("Time budget (hours)"), _("Plans"))
        for figures in overview.teams:
            row(
                figures.team.name,
                figures.people,
                figures.hours.total,
                figures.hours.budget_total,
                sum(figures.plan_counts.values()),
            )
    if overview.named_rows is not None:
        row()
        row(
            _("Person (shares ratings)"),
            *[
                _("%(competency)s: current / target") % {"competency": column.label}
                for column in overview.named_columns
            ],
        )
        for named in overview.named_rows:
            row(
                named.name,
                *[f"{'' if c is None else c} / {'' if t is None else t}" for c, t in named.cells],
            )
        row(_("People who do not share their ratings"), overview.not_sharing)
    return response


@login_required
def team_overview_csv(request: HttpRequest, team_id: int) -> HttpResponse:
    team = selectors.team_get_for_user(
        user=request.user, pk=team_id, perm="planning.view_team_overview"
    )
    cycles = selectors.cycles_for_organisation(organisation=team.organisation)
    cycle = selectors.cycle_chosen(cycles=cycles, wanted=request.GET.get("cycle"))
    overview = selectors.team_overview(team=team, cycle=cycle, viewer=request.user)
    return _overview_csv(name=team.name, cycle=cycle, overview=overview)


@login_required
def organisation_overview_csv(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get_for_overview(user=request.user, slug=slug)
    cycles = selectors.cycles_for_organisation(organisation=organisation)
    cycle = selectors.cycle_chosen(cycles=cycles, wanted=request.GET.get("cycle"))
    overview = selectors.organisation_overview(organisation=organisation, cycle=cycle)
    return _overview_csv(name=organisation.name, cycle=cycle, overview=overview)


# --- Priorities -----------------------------------------------------------------------------


def _priority_create(request, *, organisation, team, back_url: str) -> HttpResponse:
    cycles = [
        cycle
        for cycle in selectors.cycles_for_organisation(organisation=organisation)
        if cycle.end >= timezone.localdate()
    ]
    choices = selectors.priority_competency_choices(organisation_id=organisation.pk)
    wanted = request.GET.get("cycle")
    initial = {"cycle": int(wanted)} if wanted and wanted.isdigit() else {}
    form = PriorityForm(
        request.POST or None, initial=initial, cycles=cycles, competency_choices=choices
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cycle = next(c for c in cycles if c.pk == data["cycle"])
        competency = selectors.competencies_available(organisation_id=organisation.pk).get(
            pk=data["competency"]
        )
        try:
            services.priority_create(
                cycle=cycle,
                team=team,
                competency=competency,
                target_level=data["target_level"],
                rationale=data["rationale"],
                budget_unit=data["budget_unit"],
                budget_value=data["budget_value"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The priority is saved."))
            return redirect(f"{back_url}?cycle={cycle.pk}")
    return render(
        request,
        "planning/priority_form.html",
        {
            "form": form,
            "organisation": organisation,
            "team": team,
            "priority": None,
            "back_url": back_url,
            "has_cycles": bool(cycles),
        },
        status=_form_status(form),
    )


@login_required
def team_priority_create(request: HttpRequest, team_id: int) -> HttpResponse:
    team = selectors.team_get_for_user(
        user=request.user, pk=team_id, perm="planning.add_team_priority"
    )
    return _priority_create(
        request,
        organisation=team.organisation,
        team=team,
        back_url=reverse("planning:team_overview", args=[team.pk]),
    )


@login_required
def organisation_priority_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get_for_priorities(user=request.user, slug=slug)
    return _priority_create(
        request,
        organisation=organisation,
        team=None,
        back_url=reverse("planning:organisation_overview", args=[organisation.slug]),
    )


def _priority_back_url(priority) -> str:
    if priority.team_id:
        return _overview_url("planning:team_overview", priority.team_id, priority.cycle)
    return _overview_url(
        "planning:organisation_overview", priority.cycle.organisation.slug, priority.cycle
    )


@login_required
def priority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    priority = selectors.priority_get_for_user(user=request.user, pk=pk)
    form = PriorityForm(
        request.POST or None,
        initial={
            "target_level": priority.target_level,
            "rationale": priority.rationale,
            "budget_unit": priority.budget_unit,
            "budget_value": priority.budget_value,
        },
        cycles=[],
        competency_choices=[],
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.priority_update(
                priority=priority,
                target_level=data["target_level"],
                rationale=data["rationale"],
                budget_unit=data["budget_unit"],
                budget_value=data["budget_value"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The priority is saved."))
            return redirect(_priority_back_url(priority))
    return render(
        request,
        "planning/priority_form.html",
        {
            "form": form,
            "organisation": priority.cycle.organisation,
            "team": priority.team,
            "priority": priority,
            "competency_label": selectors.competency_label(priority.competency),
            "back_url": _priority_back_url(priority),
            "has_cycles": True,
        },
        status=_form_status(form),
    )


@login_required
@require_POST
def priority_delete(request: HttpRequest, pk: int) -> HttpResponse:
    priority = selectors.priority_get_for_user(user=request.user, pk=pk)
    back_url = _priority_back_url(priority)
    services.priority_delete(priority=priority, acting_user=request.user)
    messages.success(request, _("The priority is removed."))
    return redirect(back_url)


# --- Plans ----------------------------------------------------------------------------------


@login_required
def plan_create(request: HttpRequest, team_id: int) -> HttpResponse:
    team = selectors.team_get_for_user(user=request.user, pk=team_id, perm="planning.add_plan")
    cycles = selectors.cycles_open_for_plans(team=team, member=request.user)
    form = PlanForm(request.POST or None, cycles=cycles)
    if request.method == "POST" and form.is_valid():
        cycle = next(c for c in cycles if c.pk == form.cleaned_data["cycle"])
        try:
            plan = services.plan_create(
                member=request.user,
                team=team,
                cycle=cycle,
                summary=form.cleaned_data["summary"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your plan is started. Add your goals."))
            return redirect("planning:plan_detail", pk=plan.pk)
    return render(
        request,
        "planning/plan_form.html",
        {"form": form, "team": team, "plan": None, "has_cycles": bool(cycles)},
        status=_form_status(form),
    )


def _activity_label(activity) -> str:
    day = date_format(timezone.localtime(activity.start), "DATE_FORMAT")
    return _("%(title)s (%(date)s, %(hours)s h)") % {
        "title": activity.title,
        "date": day,
        "hours": activity.hours,
    }


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    can_link = can(request.user, "planning.link_activities", plan)
    goals = selectors.plan_goals(plan=plan, with_linkable=can_link)
    for item in goals:
        item.link_form = (
            LinkActivitiesForm(
                prefix=f"goal-{item.goal.pk}",
                activity_choices=[(a.pk, _activity_label(a)) for a in item.linkable],
                initial={"activities": [a.pk for a in item.activities]},
            )
            if can_link and item.linkable
            else None
        )
    can_review = can(request.user, "planning.review_plan", plan)
    can_submit = can(request.user, "planning.submit_plan", plan)
    reviewing = can_review and plan.status == PlanStatus.SUBMITTED
    return render(
        request,
        "planning/plan_detail.html",
        {
            "plan": plan,
            "goals": goals,
            "events": selectors.plan_events(plan=plan),
            "is_owner": plan.member_id == request.user.pk,
            "can_edit": can(request.user, "planning.change_plan", plan),
            "can_submit": can_submit,
            "can_review": can_review,
            "show_comment_form": can(request.user, "planning.comment_plan", plan)
            and not can_submit
            and not reviewing,
            "can_complete": can(request.user, "planning.complete_plan", plan)
            and plan.status == PlanStatus.APPROVED,
            "can_reopen": can(request.user, "planning.reopen_plan", plan)
            and plan.status == PlanStatus.APPROVED,
            "comment_form": CommentForm(),
            "review_form": ReviewForm(),
        },
    )


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    if not can(request.user, "planning.change_plan", plan):
        raise PermissionDenied
    form = PlanForm(request.POST or None, initial={"summary": plan.summary})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan, summary=form.cleaned_data["summary"], acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your plan is saved."))
            return redirect("planning:plan_detail", pk=plan.pk)
    return render(
        request,
        "planning/plan_form.html",
        {"form": form, "team": plan.team, "plan": plan, "has_cycles": True},
        status=_form_status(form),
    )


@login_required
def goal_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    if not can(request.user, "planning.change_plan", plan):
        raise PermissionDenied
    form = GoalForm(
        request.POST or None, competency_choices=selectors.goal_competency_choices(plan=plan)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.goal_create(
                plan=plan,
                title=data["title"],
                description=data["description"],
                competency_ids=data["competencies"],
                planned_activities=data["planned_activities"],
                target_hours=data["target_hours"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The goal is added."))
            return redirect("planning:plan_detail", pk=plan.pk)
    return render(
        request,
        "planning/goal_form.html",
        {"form": form, "plan": plan, "goal": None},
        status=_form_status(form),
    )


@login_required
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.goal_get_for_user(user=request.user, pk=pk)
    plan = goal.plan
    if not can(request.user, "planning.change_plan", plan):
        raise PermissionDenied
    form = GoalForm(
        request.POST or None,
        initial={
            "title": goal.title,
            "description": goal.description,
            "competencies": list(goal.competencies.values_list("pk", flat=True)),
            "planned_activities": goal.planned_activities,
            "target_hours": goal.target_hours,
        },
        competency_choices=selectors.goal_competency_choices(plan=plan),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.goal_update(
                goal=goal,
                title=data["title"],
                description=data["description"],
                competency_ids=data["competencies"],
                planned_activities=data["planned_activities"],
                target_hours=data["target_hours"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The goal is saved."))
            return redirect("planning:plan_detail", pk=plan.pk)
    return render(
        request,
        "planning/goal_form.html",
        {"form": form, "plan": plan, "goal": goal},
        status=_form_status(form),
    )


@login_required
@require_POST
def goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.goal_get_for_user(user=request.user, pk=pk)
    if not can(request.user, "planning.change_plan", goal.plan):
        raise PermissionDenied
    services.goal_delete(goal=goal, acting_user=request.user)
    messages.success(request, _("The goal is removed."))
    return redirect("planning:plan_detail", pk=goal.plan_id)


@login_required
@require_POST
def goal_activities(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.goal_get_for_user(user=request.user, pk=pk)
    if not can(request.user, "planning.link_activities", goal.plan):
        raise PermissionDenied
    raw = request.POST.getlist(f"goal-{goal.pk}-activities")
    if not all(value.isdigit() for value in raw):
        messages.error(request, _("Choose activities from the list."))
    else:
        try:
            services.goal_link_activities(
                goal=goal, activity_ids=[int(v) for v in raw], acting_user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The goal's activities are saved."))
    return redirect("planning:plan_detail", pk=goal.plan_id)


def _plan_action(request, pk: int, action) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    form = CommentForm(request.POST)
    comment = request.POST.get("comment", "")
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("planning:plan_detail", pk=plan.pk)
    try:
        notice = action(plan=plan, comment=comment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, notice)
    return redirect("planning:plan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    def act(*, plan, comment):
        if plan.member_id != request.user.pk:
            raise PermissionDenied
        services.plan_submit(plan=plan, comment=comment, acting_user=request.user)
        return _("Your plan is sent to your manager for review.")

    return _plan_action(request, pk, act)


@login_required
@require_POST
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    decision = request.POST.get("decision")

    def act(*, plan, comment):
        if not can(request.user, "planning.review_plan", plan):
            raise PermissionDenied
        if decision == "approve":
            services.plan_approve(plan=plan, comment=comment, acting_user=request.user)
            return _("The plan is approved.")
        if decision == "changes":
            services.plan_request_changes(plan=plan, comment=comment, acting_user=request.user)
            return _("You asked for changes.")
        if decision == "comment":
            services.plan_comment(plan=plan, comment=comment, acting_user=request.user)
            return _("Your comment is added.")
        raise ValidationError(_("Please choose a decision."))

    return _plan_action(request, pk, act)


@login_required
@require_POST
def plan_comment(request: HttpRequest, pk: int) -> HttpResponse:
    def act(*, plan, comment):
        if not can(request.user, "planning.comment_plan", plan):
            raise PermissionDenied
        services.plan_comment(plan=plan, comment=comment, acting_user=request.user)
        return _("Your comment is added.")

    return _plan_action(request, pk, act)


@login_required
@require_POST
def plan_complete(request: HttpRequest, pk: int) -> HttpResponse:
    def act(*, plan, comment):
        if not can(request.user, "planning.complete_plan", plan):
            raise PermissionDenied
        services.plan_complete(plan=plan, comment=comment, acting_user=request.user)
        return _("The plan is marked as completed.")

    return _plan_action(request, pk, act)


@login_required
@require_POST
def plan_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    def act(*, plan, comment):
        if not can(request.user, "planning.reopen_plan", plan):
            raise PermissionDenied
        services.plan_reopen(plan=plan, comment=comment, acting_user=request.user)
        return _("Your plan is back in draft. Submit it again when you are ready.")

    return _plan_action(request, pk, act)
