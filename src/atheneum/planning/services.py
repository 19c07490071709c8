"""Writes to cycles, priorities, learning plans and their goals.

A plan moves only along these transitions; every other move is refused and changes nothing:

    draft ─submit→ submitted ─approve→ approved ─complete→ completed
                   submitted ─ask for changes→ changes requested ─submit→ submitted
                   approved ─reopen→ draft

Each move and each comment is kept as a PlanEvent, so the conversation stays readable.

Goals tick off when the member links recorded portfolio activities to them: the member chooses,
from their own activities in the cycle that developed one of the goal's competencies, which
count (nothing is linked behind their back, and only linked activities reach their manager's
eyes). A goal with at least one linked activity is done; its progress is the hours of the
linked activities against the hours planned.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from atheneum.common import fragments
from atheneum.competencies.models import Competency
from atheneum.organisations.models import Organisation, Team
from atheneum.organisations.rules import can

from . import selectors
from .enums import BudgetUnit, PlanEventKind, PlanStatus
from .models import Cycle, Goal, Plan, PlanEvent, Priority

GOALS_PER_PLAN_MAX = 30
COMMENT_MAX = PlanEvent._meta.get_field("comment").max_length


def _plan_touch(plan: Plan) -> None:
    """Marks the plan changed; an UPDATE sends no signal, so the team's overview is bumped."""
    Plan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())
    fragments.bump(selectors.team_tag(plan.team_id))


def _require(user, perm: str, obj) -> None:
    if not can(user, perm, obj):
        raise PermissionDenied


def _clean_text(value: str, *, max_length: int, field: str, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")}, code="required")
    if len(value) > max_length:
        raise ValidationError(
            {field: _("Please use at most %(max)d characters.") % {"max": max_length}},
            code="too_long",
        )
    return value


# --- Cycles ---------------------------------------------------------------------------------


@transaction.atomic
def cycle_create(
    *,
    organisation: Organisation,
    name: str,
    start,
    end,
    working_hours_per_person: Decimal,
    acting_user,
) -> Cycle:
    _require(acting_user, "planning.manage_cycles", organisation)
    name = _clean_text(name, max_length=100, field="name", required=True)
    if start is None or end is None or end <= start:
        raise ValidationError({"end": _("The cycle must end after it starts.")}, code="order")
    if working_hours_per_person is None or working_hours_per_person <= 0:
        raise ValidationError(
            {"working_hours_per_person": _("Working hours must be more than zero.")},
            code="hours",
        )
    if Cycle.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError(
            {"name": _("This organisation already has a cycle with this name.")}, code="taken"
        )
    return Cycle.objects.create(
        organisation=organisation,
        name=name,
        start=start,
        end=end,
        working_hours_per_person=working_hours_per_person,
    )


# --- Priorities -----------------------------------------------------------------------------


def _validate_priority(
    *,
    cycle: Cycle,
    competency: Competency,
    target_level: int,
    budget_unit: str,
    budget_value: Decimal,
) -> None:
    allowed_ids = set(
        selectors.competencies_available(organisation_id=cycle.organisation_id).values_list(
            "pk", flat=True
        )
    )
    if competency.pk not in allowed_ids:
        raise ValidationError(
            {"competency": _("Choose a competency from your organisation's frameworks.")},
            code="competency",
        )
    levels = selectors.framework_level_values(framework_id=competency.framework_id)
    if target_level is None or (levels and target_level not in levels) or target_level < 0:
        raise ValidationError(
            {
                "target_level": _("Choose one of the framework's levels: %(levels)s.")
                % {"levels": ", ".join(str(level) for level in levels) or "—"}
            },
            code="level",
        )
    if budget_unit not in BudgetUnit.values:
        raise ValidationError({"budget_unit": _("Choose a budget unit.")}, code="unit")
    if budget_value is None or budget_value < 0:
        raise ValidationError(
            {"budget_value": _("The time budget cannot be negative.")}, code="budget"
        )
    if budget_unit == BudgetUnit.PERCENT_OF_TIME and budget_value > 100:
        raise ValidationError(
            {"budget_value": _("A share of working time is at most 100%.")}, code="budget"
        )
    if budget_unit == BudgetUnit.HOURS_PER_PERSON and budget_value > cycle.working_hours_per_person:
        raise ValidationError(
            {
                "budget_value": _(
                    "The time budget cannot exceed the %(hours)s working hours of the cycle."
                )
                % {"hours": cycle.working_hours_per_person}
            },
            code="budget",
        )


@transaction.atomic
def priority_create(
    *,
    cycle: Cycle,
    team: Team | None,
    competency: Competency,
    target_level: int,
    rationale: str,
    budget_unit: str,
    budget_value: Decimal,
    acting_user,
) -> Priority:
    """Names a competency the team (or, without a team, the organisation) wants to grow."""
    if team is not None:
        if team.organisation_id != cycle.organisation_id:
            raise ValidationError({"cycle": _("Choose a cycle of the team's organisation.")})
        _require(acting_user, "planning.add_team_priority", team)
    else:
        _require(acting_user, "planning.add_organisation_priority", cycle.organisation)
    rationale = _clean_text(rationale, max_length=4000, field="rationale")
    _validate_priority(
        cycle=cycle,
        competency=competency,
        target_level=target_level,
        budget_unit=budget_unit,
        budget_value=budget_value,
    )
    if Priority.objects.filter(cycle=cycle, team=team, competency=competency).exists():
        raise ValidationError(
            {"competency": _("This competency is already a priority here in this cycle.")},
            code="duplicate",
        )
    try:
        with transaction.atomic():
            return Priority.objects.create(
                cycle=cycle,
                team=team,
                competency=competency,
                target_level=target_level,
                rationale=rationale,
                budget_unit=budget_unit,
                budget_value=budget_value,
                created_by=acting_user,
            )
    except IntegrityError as error:
        raise ValidationError(
            {"competency": _("This competency is already a priority here in this cycle.")},
            code="duplicate",
        ) from error


@transaction.atomic
def priority_update(
    *,
    priority: Priority,
    target_level: int,
    rationale: str,
    budget_unit: str,
    budget_value: Decimal,
    acting_user,
) -> Priority:
    _require(acting_user, "planning.change_priority", priority)
    rationale = _clean_text(rationale, max_length=4000, field="rationale")
    _validate_priority(
        cycle=priority.cycle,
        competency=priority.competency,
        target_level=target_level,
        budget_unit=budget_unit,
        budget_value=budget_value,
    )
    priority.target_level = target_level
    priority.rationale = rationale
    priority.budget_unit = budget_unit
    priority.budget_value = budget_value
    priority.save(update_fields=["target_level", "rationale", "budget_unit", "budget_value"])
    return priority


@transaction.atomic
def priority_delete(*, priority: Priority, acting_user) -> None:
    _require(acting_user, "planning.change_priority", priority)
    priority.delete()


# --- Plans ----------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, member, team: Team, cycle: Cycle, summary: str, acting_user) -> Plan:
    """Starts a member's draft plan for one of their teams in a cycle of its organisation."""
    if acting_user is None or member.pk != acting_user.pk:
        raise PermissionDenied
    _require(acting_user, "planning.add_plan", team)
    if cycle.organisation_id != team.organisation_id:
        raise ValidationError({"cycle": _("Choose a cycle of the team's organisation.")})
    if cycle.end < timezone.localdate():
        raise ValidationError({"cycle": _("This cycle has ended.")}, code="ended")
    summary = _clean_text(summary, max_length=4000, field="summary")
    if Plan.objects.filter(member=member, team=team, cycle=cycle).exists():
        raise ValidationError(
            {"cycle": _("You already have a plan for this team in this cycle.")}, code="duplicate"
        )
    try:
        with transaction.atomic():
            return Plan.objects.create(member=member, team=team, cycle=cycle, summary=summary)
    except IntegrityError as error:
        raise ValidationError(
            {"cycle": _("You already have a plan for this team in this cycle.")}, code="duplicate"
        ) from error


@transaction.atomic
def plan_update(*, plan: Plan, summary: str, acting_user) -> Plan:
    _require(acting_user, "planning.change_plan", plan)
    plan.summary = _clean_text(summary, max_length=4000, field="summary")
    plan.save(update_fields=["summary", "updated_at"])
    return plan


def _goal_competencies(*, plan: Plan, competency_ids: Iterable[int]) -> list[int]:
    wanted = {int(pk) for pk in competency_ids}
    allowed = {
        pk for _label, group in selectors.goal_competency_choices(plan=plan) for pk, _ in group
    }
    if not wanted <= allowed:
        raise ValidationError(
            {"competencies": _("Choose competencies from the list.")}, code="competency"
        )
    return sorted(wanted)


def _clean_goal(
    *, title: str, description: str, planned_activities: str, target_hours: Decimal | None
) -> tuple[str, str, str]:
    title = _clean_text(title, max_length=300, field="title", required=True)
    description = _clean_text(description, max_length=4000, field="description")
    planned = _clean_text(planned_activities, max_length=4000, field="planned_activities")
    if target_hours is not None and (target_hours <= 0 or target_hours > 9999):
        raise ValidationError(
            {"target_hours": _("Planned hours must be more than 0 and less than 10,000.")},
            code="hours",
        )
    return title, description, planned


def _link_priorities(goal: Goal, competency_ids: list[int]) -> None:
    goal.competencies.set(competency_ids)
    goal.priorities.set(
        [
            priority
            for priority in selectors.priorities_for_team(
                cycle=goal.plan.cycle, team=goal.plan.team
            )
            if priority.competency_id in competency_ids
        ]
    )


@transaction.atomic
def goal_create(
    *,
    plan: Plan,
    title: str,
    description: str,
    competency_ids: Iterable[int],
    planned_activities: str,
    target_hours: Decimal | None,
    acting_user,
) -> Goal:
    _require(acting_user, "planning.change_plan", plan)
    title, description, planned = _clean_goal(
        title=title,
        description=description,
        planned_activities=planned_activities,
        target_hours=target_hours,
    )
    ids = _goal_competencies(plan=plan, competency_ids=competency_ids)
    if plan.goals.count() >= GOALS_PER_PLAN_MAX:
        raise ValidationError(
            _("A plan may have at most %(max)d goals.") % {"max": GOALS_PER_PLAN_MAX},
            code="too_many",
        )
    position = (plan.goals.aggregate(last=Max("position"))["last"] or 0) + 1
    goal = Goal.objects.create(
        plan=plan,
        title=title,
        description=description,
        planned_activities=planned,
        target_hours=target_hours,
        position=position,
    )
    _link_priorities(goal, ids)
    _plan_touch(plan)
    return goal


@transaction.atomic
def goal_update(
    *,
    goal: Goal,
    title: str,
    description: str,
    competency_ids: Iterable[int],
    planned_activities: str,
    target_hours: Decimal | None,
    acting_user,
) -> Goal:
    _require(acting_user, "planning.change_plan", goal.plan)
    title, description, planned = _clean_goal(
        title=title,
        description=description,
        planned_activities=planned_activities,
        target_hours=target_hours,
    )
    ids = _goal_competencies(plan=goal.plan, competency_ids=competency_ids)
    goal.title, goal.description, goal.planned_activities = title, description, planned
    goal.target_hours = target_hours
    goal.save(update_fields=["title", "description", "planned_activities", "target_hours"])
    _link_priorities(goal, ids)
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal, acting_user) -> None:
    _require(acting_user, "planning.change_plan", goal.plan)
    goal.delete()


@transaction.atomic
def goal_link_activities(*, goal: Goal, activity_ids: Iterable[int], acting_user) -> Goal:
    """Sets which of the member's recorded activities count for the goal.

    Only the member's own activities in the cycle that developed one of the goal's
    competencies may be added; ones already linked may be kept or removed.
    """
    _require(acting_user, "planning.link_activities", goal.plan)
    wanted = {int(pk) for pk in activity_ids}
    progress = next(
        item
        for item in selectors.plan_goals(plan=goal.plan, with_linkable=True)
        if item.goal.pk == goal.pk
    )
    allowed = {activity.pk for activity in progress.linkable}
    if not wanted <= allowed:
        raise ValidationError(
            {"activities": _("Choose activities from the list.")}, code="activity"
        )
    goal.activities.set(sorted(wanted))
    return goal


# --- The conversation -----------------------------------------------------------------------


def _move(
    *,
    plan: Plan,
    allowed_from: set[str],
    to: str,
    kind: str,
    comment: str,
    acting_user,
) -> Plan:
    """Moves the plan only if it is still in an allowed state (one conditional UPDATE)."""
    now = timezone.now()
    moved = Plan.objects.filter(pk=plan.pk, status__in=allowed_from).update(
        status=to, updated_at=now
    )
    if not moved:
        plan.refresh_from_db(fields=["status"])
        raise ValidationError(
            _("This cannot be done while the plan is “%(status)s”.")
            % {"status": plan.get_status_display()},
            code="transition",
        )
    fragments.bump(selectors.team_tag(plan.team_id))  # an UPDATE sends no signal
    plan.status = to
    plan.updated_at = now
    PlanEvent.objects.create(plan=plan, actor=acting_user, kind=kind, comment=comment)
    return plan


@transaction.atomic
def plan_submit(*, plan: Plan, comment: str = "", acting_user) -> Plan:
    """The member sends the plan (first time or after changes) to their manager."""
    _require(acting_user, "planning.view_plan", plan)
    if plan.member_id != acting_user.pk:
        raise PermissionDenied
    comment = _clean_text(comment, max_length=COMMENT_MAX, field="comment")
    if plan.status in {PlanStatus.DRAFT, PlanStatus.CHANGES_REQUESTED} and not plan.goals.exists():
        raise ValidationError(_("Add at least one goal before submitting the plan."), code="empty")
    return _move(
        plan=plan,
        allowed_from={PlanStatus.DRAFT, PlanStatus.CHANGES_REQUESTED},
        to=PlanStatus.SUBMITTED,
        kind=PlanEventKind.SUBMITTED,
        comment=comment,
        acting_user=acting_user,
    )


@transaction.atomic
def plan_approve(*, plan: Plan, comment: str = "", acting_user) -> Plan:
    _require(acting_user, "planning.review_plan", plan)
    comment = _clean_text(comment, max_length=COMMENT_MAX, field="comment")
    return _move(
        plan=plan,
        allowed_from={PlanStatus.SUBMITTED},
        to=PlanStatus.APPROVED,
        kind=PlanEventKind.APPROVED,
        comment=comment,
        acting_user=acting_user,
    )


@transaction.atomic
def plan_request_changes(*, plan: Plan, comment: str, acting_user) -> Plan:
    _require(acting_user, "planning.review_plan", plan)
    comment = _clean_text(comment, max_length=COMMENT_MAX, field="comment", required=True)
    return _move(
        plan=plan,
        allowed_from={PlanStatus.SUBMITTED},
        to=PlanStatus.CHANGES_REQUESTED,
        kind=PlanEventKind.CHANGES_REQUESTED,
        comment=comment,
        acting_user=acting_user,
    )


@transaction.atomic
def plan_comment(*, plan: Plan, comment: str, acting_user) -> PlanEvent:
    """A comment that changes nothing else; the member or the reviewing manager may write."""
    _require(acting_user, "planning.comment_plan", plan)
    comment = _clean_text(comment, max_length=COMMENT_MAX, field="comment", required=True)
    _plan_touch(plan)
    return PlanEvent.objects.create(
        plan=plan, actor=acting_user, kind=PlanEventKind.COMMENTED, comment=comment
    )


@transaction.atomic
def plan_complete(*, plan: Plan, comment: str = "", acting_user) -> Plan:
    _require(acting_user, "planning.complete_plan", plan)
    comment = _clean_text(comment, max_length=COMMENT_MAX, field="comment")
    return _move(
        plan=plan,
        allowed_from={PlanStatus.APPROVED},
        to=PlanStatus.COMPLETED,
        kind=PlanEventKind.COMPLETED,
        comment=comment,
        acting_user=acting_user,
    )


@transaction.atomic
def plan_reopen(*, plan: Plan, comment: str = "", acting_user) -> Plan:
    """The member takes an approved plan back to draft to change it (and submit it again)."""
    _require(acting_user, "planning.reopen_plan", plan)
    comment = _clean_text(comment, max_length=COMMENT_MAX, field="comment")
    return _move(
        plan=plan,
        allowed_from={PlanStatus.APPROVED},
        to=PlanStatus.DRAFT,
        kind=PlanEventKind.REOPENED,
        comment=comment,
        acting_user=acting_user,
    )
