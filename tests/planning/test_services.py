"""Services: the allowed moves of a plan, every forbidden one, and bad input changing nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from atheneum.planning import services
from atheneum.planning.enums import BudgetUnit, PlanEventKind, PlanStatus
from atheneum.planning.models import Cycle, Goal, Plan, PlanEvent, Priority
from atheneum.planning.selectors import priority_budget_hours

from .factories import CycleFactory, PlanFactory, activity


def snapshot(plan):
    plan.refresh_from_db()
    return (plan.status, plan.summary, PlanEvent.objects.filter(plan=plan).count())


# --- Allowed transitions --------------------------------------------------------------------


def test_plan_submit_moves_draft_to_submitted(plan, goal, member):
    services.plan_submit(plan=plan, comment="Please look", acting_user=member)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    event = PlanEvent.objects.get()
    assert (event.kind, event.actor, event.comment) == (
        PlanEventKind.SUBMITTED,
        member,
        "Please look",
    )


def test_plan_approve_moves_submitted_to_approved(submitted_plan, manager):
    services.plan_approve(plan=submitted_plan, comment="", acting_user=manager)
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == PlanStatus.APPROVED


def test_plan_request_changes_then_resubmit(submitted_plan, manager, member):
    services.plan_request_changes(plan=submitted_plan, comment="More hours", acting_user=manager)
    assert submitted_plan.status == PlanStatus.CHANGES_REQUESTED
    services.plan_submit(plan=submitted_plan, comment="", acting_user=member)
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == PlanStatus.SUBMITTED
    assert list(PlanEvent.objects.values_list("kind", flat=True)) == [
        PlanEventKind.CHANGES_REQUESTED,
        PlanEventKind.SUBMITTED,
    ]


def test_plan_complete_and_reopen(submitted_plan, manager, member):
    services.plan_approve(plan=submitted_plan, acting_user=manager)
    services.plan_reopen(plan=submitted_plan, comment="New course", acting_user=member)
    assert submitted_plan.status == PlanStatus.DRAFT
    services.plan_submit(plan=submitted_plan, acting_user=member)
    services.plan_approve(plan=submitted_plan, acting_user=manager)
    services.plan_complete(plan=submitted_plan, acting_user=member)
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == PlanStatus.COMPLETED


def test_plan_comment_keeps_status(submitted_plan, member):
    services.plan_comment(plan=submitted_plan, comment="A question", acting_user=member)
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == PlanStatus.SUBMITTED
    assert PlanEvent.objects.get().kind == PlanEventKind.COMMENTED


# --- Forbidden transitions: each refused, nothing changes --------------------------------------


@pytest.mark.parametrize(
    "status", [PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.COMPLETED]
)
def test_plan_submit_refused_from(status, plan, goal, member):
    Plan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()
    before = snapshot(plan)
    with pytest.raises(ValidationError):
        services.plan_submit(plan=plan, acting_user=member)
    assert snapshot(plan) == before


@pytest.mark.parametrize(
    "status", [PlanStatus.CHANGES_REQUESTED, PlanStatus.APPROVED, PlanStatus.COMPLETED]
)
@pytest.mark.parametrize("action", ["approve", "request_changes"])
def test_plan_review_refused_from(status, action, plan, goal, manager):
    Plan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()
    before = snapshot(plan)
    with pytest.raises(ValidationError):
        getattr(services, f"plan_{action}")(plan=plan, comment="Why", acting_user=manager)
    assert snapshot(plan) == before


@pytest.mark.parametrize("action", ["approve", "request_changes"])
def test_plan_review_of_draft_refused(action, plan, goal, manager):
    before = snapshot(plan)
    with pytest.raises(PermissionDenied):
        getattr(services, f"plan_{action}")(plan=plan, comment="Why", acting_user=manager)
    assert snapshot(plan) == before


@pytest.mark.parametrize(
    "status",
    [PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.CHANGES_REQUESTED, PlanStatus.COMPLETED],
)
def test_plan_complete_refused_from(status, plan, goal, member):
    Plan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()
    before = snapshot(plan)
    with pytest.raises(ValidationError):
        services.plan_complete(plan=plan, acting_user=member)
    assert snapshot(plan) == before


@pytest.mark.parametrize(
    "status",
    [PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.CHANGES_REQUESTED, PlanStatus.COMPLETED],
)
def test_plan_reopen_refused_from(status, plan, goal, member):
    Plan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()
    before = snapshot(plan)
    with pytest.raises(ValidationError):
        services.plan_reopen(plan=plan, acting_user=member)
    assert snapshot(plan) == before


def test_plan_submit_without_goals_refused(plan, member):
    before = snapshot(plan)
    with pytest.raises(ValidationError, match="at least one goal"):
        services.plan_submit(plan=plan, acting_user=member)
    assert snapshot(plan) == before


def test_plan_submit_by_someone_else_refused(plan, goal, manager):
    before = snapshot(plan)
    with pytest.raises(PermissionDenied):
        services.plan_submit(plan=plan, acting_user=manager)
    assert snapshot(plan) == before


def test_plan_approve_by_other_member_refused(submitted_plan, other_member):
    before = snapshot(submitted_plan)
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=submitted_plan, acting_user=other_member)
    assert snapshot(submitted_plan) == before


def test_plan_approve_own_plan_refused(manager, team, cycle):
    own = PlanFactory(member=manager, team=team, cycle=cycle, status=PlanStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=own, acting_user=manager)
    own.refresh_from_db()
    assert own.status == PlanStatus.SUBMITTED


def test_plan_request_changes_needs_comment(submitted_plan, manager):
    before = snapshot(submitted_plan)
    with pytest.raises(ValidationError):
        services.plan_request_changes(plan=submitted_plan, comment="   ", acting_user=manager)
    assert snapshot(submitted_plan) == before


def test_plan_comment_too_long_refused(submitted_plan, member):
    before = snapshot(submitted_plan)
    with pytest.raises(ValidationError):
        services.plan_comment(plan=submitted_plan, comment="x" * 4001, acting_user=member)
    assert snapshot(submitted_plan) == before


def test_plan_update_refused_when_submitted(submitted_plan, member):
    before = snapshot(submitted_plan)
    with pytest.raises(PermissionDenied):
        services.plan_update(plan=submitted_plan, summary="Changed", acting_user=member)
    assert snapshot(submitted_plan) == before


def test_goal_create_refused_when_approved(plan, member, storytelling):
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)
    plan.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.goal_create(
            plan=plan,
            title="Late goal",
            description="",
            competency_ids=[storytelling.pk],
            planned_activities="",
            target_hours=None,
            acting_user=member,
        )
    assert Goal.objects.count() == 0


# --- Plans and goals ------------------------------------------------------------------------


def test_plan_create_twice_refused(member, team, cycle):
    services.plan_create(member=member, team=team, cycle=cycle, summary="", acting_user=member)
    with pytest.raises(ValidationError):
        services.plan_create(member=member, team=team, cycle=cycle, summary="", acting_user=member)
    assert Plan.objects.count() == 1


def test_plan_create_for_other_organisation_cycle_refused(member, team, other_cycle):
    with pytest.raises(ValidationError):
        services.plan_create(
            member=member, team=team, cycle=other_cycle, summary="", acting_user=member
        )
    assert Plan.objects.count() == 0


def test_plan_create_for_ended_cycle_refused(member, team, organisation):
    old = CycleFactory(
        organisation=organisation, start=datetime.date(2020, 1, 1), end=datetime.date(2020, 12, 31)
    )
    with pytest.raises(ValidationError):
        services.plan_create(member=member, team=team, cycle=old, summary="", acting_user=member)
    assert Plan.objects.count() == 0


def test_plan_create_for_someone_else_refused(member, other_member, team, cycle):
    with pytest.raises(PermissionDenied):
        services.plan_create(
            member=other_member, team=team, cycle=cycle, summary="", acting_user=member
        )
    assert Plan.objects.count() == 0


def test_goal_create_links_matching_priorities(
    plan, member, team_priority, org_priority, cataloguing
):
    goal = services.goal_create(
        plan=plan,
        title="Stories and screens",
        description="",
        competency_ids=[team_priority.competency_id, org_priority.competency_id, cataloguing.pk],
        planned_activities="A course on digital storytelling",
        target_hours=Decimal(8),
        acting_user=member,
    )
    assert set(goal.priorities.all()) == {team_priority, org_priority}
    assert goal.competencies.count() == 3


@pytest.mark.parametrize(
    ("title", "hours"), [("", None), ("x" * 301, None), ("Fine", Decimal(0)), ("Fine", Decimal(-2))]
)
def test_goal_create_bad_input_changes_nothing(plan, member, title, hours):
    with pytest.raises(ValidationError):
        services.goal_create(
            plan=plan,
            title=title,
            description="",
            competency_ids=[],
            planned_activities="",
            target_hours=hours,
            acting_user=member,
        )
    assert Goal.objects.count() == 0


def test_goal_link_activities_sets_done_and_hours(member, goal, storytelling):
    from atheneum.planning.selectors import plan_goals

    course = activity(member, competencies=[storytelling], hours=Decimal("3.5"))
    services.goal_link_activities(goal=goal, activity_ids=[course.pk], acting_user=member)
    progress = plan_goals(plan=goal.plan)[0]
    assert (progress.is_done, progress.hours, progress.percent) == (True, Decimal("3.5"), 35)


def test_goal_link_activity_of_other_person_refused(member, other_member, goal, storytelling):
    theirs = activity(other_member, competencies=[storytelling])
    with pytest.raises(ValidationError):
        services.goal_link_activities(goal=goal, activity_ids=[theirs.pk], acting_user=member)
    assert goal.activities.count() == 0


def test_goal_link_activity_without_shared_competency_refused(member, goal, cataloguing):
    unrelated = activity(member, competencies=[cataloguing])
    with pytest.raises(ValidationError):
        services.goal_link_activities(goal=goal, activity_ids=[unrelated.pk], acting_user=member)
    assert goal.activities.count() == 0


def test_goal_link_activity_outside_cycle_refused(member, goal, storytelling, cycle):
    before_cycle = datetime.datetime.combine(
        cycle.start - datetime.timedelta(days=10), datetime.time(9), tzinfo=datetime.UTC
    )
    old = activity(member, competencies=[storytelling], start=before_cycle)
    with pytest.raises(ValidationError):
        services.goal_link_activities(goal=goal, activity_ids=[old.pk], acting_user=member)
    assert goal.activities.count() == 0


def test_goal_link_activities_by_manager_refused(
    member, manager, submitted_plan, goal, storytelling
):
    course = activity(member, competencies=[storytelling])
    with pytest.raises(PermissionDenied):
        services.goal_link_activities(goal=goal, activity_ids=[course.pk], acting_user=manager)
    assert goal.activities.count() == 0


# --- Cycles and priorities ------------------------------------------------------------------


def test_cycle_create_by_member_refused(organisation, member):
    with pytest.raises(PermissionDenied):
        services.cycle_create(
            organisation=organisation,
            name="2027",
            start=datetime.date(2027, 1, 1),
            end=datetime.date(2027, 12, 31),
            working_hours_per_person=Decimal(1600),
            acting_user=member,
        )
    assert Cycle.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "end", "hours"),
    [
        ("", datetime.date(2027, 12, 31), Decimal(1600)),
        ("2027", datetime.date(2026, 12, 31), Decimal(1600)),
        ("2027", datetime.date(2027, 12, 31), Decimal(0)),
    ],
)
def test_cycle_create_bad_input_changes_nothing(organisation, organiser, name, end, hours):
    with pytest.raises(ValidationError):
        services.cycle_create(
            organisation=organisation,
            name=name,
            start=datetime.date(2027, 1, 1),
            end=end,
            working_hours_per_person=hours,
            acting_user=organiser,
        )
    assert Cycle.objects.count() == 0


def test_cycle_create_duplicate_name_refused(cycle, organiser):
    with pytest.raises(ValidationError):
        services.cycle_create(
            organisation=cycle.organisation,
            name="2026",
            start=datetime.date(2027, 1, 1),
            end=datetime.date(2027, 12, 31),
            working_hours_per_person=Decimal(1600),
            acting_user=organiser,
        )
    assert Cycle.objects.count() == 1


def test_priority_create_by_manager(cycle, team, storytelling, manager):
    priority = services.priority_create(
        cycle=cycle,
        team=team,
        competency=storytelling,
        target_level=4,
        rationale="Families ask for it.",
        budget_unit=BudgetUnit.HOURS_PER_PERSON,
        budget_value=Decimal(12),
        acting_user=manager,
    )
    assert (priority.created_by, priority.target_level) == (manager, 4)


def test_priority_create_organisation_wide_by_manager_refused(cycle, storytelling, manager):
    with pytest.raises(PermissionDenied):
        services.priority_create(
            cycle=cycle,
            team=None,
            competency=storytelling,
            target_level=4,
            rationale="",
            budget_unit=BudgetUnit.HOURS_PER_PERSON,
            budget_value=Decimal(12),
            acting_user=manager,
        )
    assert Priority.objects.count() == 0


def test_priority_create_for_other_organisation_team_refused(
    cycle, other_team, storytelling, other_org_manager
):
    with pytest.raises(ValidationError):
        services.priority_create(
            cycle=cycle,
            team=other_team,
            competency=storytelling,
            target_level=4,
            rationale="",
            budget_unit=BudgetUnit.HOURS_PER_PERSON,
            budget_value=Decimal(12),
            acting_user=other_org_manager,
        )
    assert Priority.objects.count() == 0


@pytest.mark.parametrize(
    ("level", "unit", "value"),
    [
        (0, BudgetUnit.HOURS_PER_PERSON, Decimal(1)),
        (6, BudgetUnit.HOURS_PER_PERSON, Decimal(1)),
        (3, BudgetUnit.HOURS_PER_PERSON, Decimal(-1)),
        (3, BudgetUnit.HOURS_PER_PERSON, Decimal(1601)),
        (3, BudgetUnit.PERCENT_OF_TIME, Decimal(101)),
        (3, "weeks", Decimal(1)),
    ],
)
def test_priority_create_bad_input_changes_nothing(  # noqa: PLR0917
    cycle, team, storytelling, manager, level, unit, value
):
    with pytest.raises(ValidationError):
        services.priority_create(
            cycle=cycle,
            team=team,
            competency=storytelling,
            target_level=level,
            rationale="",
            budget_unit=unit,
            budget_value=value,
            acting_user=manager,
        )
    assert Priority.objects.count() == 0


def test_priority_create_duplicate_refused(team_priority, manager):
    with pytest.raises(ValidationError):
        services.priority_create(
            cycle=team_priority.cycle,
            team=team_priority.team,
            competency=team_priority.competency,
            target_level=2,
            rationale="",
            budget_unit=BudgetUnit.HOURS_PER_PERSON,
            budget_value=Decimal(1),
            acting_user=manager,
        )
    assert Priority.objects.count() == 1


def test_priority_create_competency_of_other_organisation_refused(
    cycle, team, manager, other_organisation
):
    from .factories import CompetencyFactory, FrameworkFactory

    foreign = CompetencyFactory(
        framework=FrameworkFactory(organisation=other_organisation, is_published=False)
    )
    with pytest.raises(ValidationError):
        services.priority_create(
            cycle=cycle,
            team=team,
            competency=foreign,
            target_level=3,
            rationale="",
            budget_unit=BudgetUnit.HOURS_PER_PERSON,
            budget_value=Decimal(1),
            acting_user=manager,
        )
    assert Priority.objects.count() == 0


def test_priority_update_bad_input_changes_nothing(team_priority, manager):
    with pytest.raises(ValidationError):
        services.priority_update(
            priority=team_priority,
            target_level=3,
            rationale="",
            budget_unit=BudgetUnit.PERCENT_OF_TIME,
            budget_value=Decimal(150),
            acting_user=manager,
        )
    team_priority.refresh_from_db()
    assert (team_priority.budget_unit, team_priority.budget_value) == (
        BudgetUnit.HOURS_PER_PERSON,
        Decimal(10),
    )


def test_priority_delete_by_other_org_manager_refused(team_priority, other_org_manager):
    with pytest.raises(PermissionDenied):
        services.priority_delete(priority=team_priority, acting_user=other_org_manager)
    assert Priority.objects.count() == 1


def test_priority_budget_hours_converts_share_of_time(team_priority):
    team_priority.budget_unit = BudgetUnit.PERCENT_OF_TIME
    team_priority.budget_value = Decimal("2.5")
    assert priority_budget_hours(team_priority) == Decimal("40.0")  # 2.5% of 1600 h
