"""The figures of the team and organisation overviews."""

from decimal import Decimal

import pytest

from atheneum.competencies.enums import RatingKind
from atheneum.planning.enums import BudgetUnit, PlanStatus
from atheneum.planning.selectors import organisation_overview, team_overview

from ..factories import TeamFactory, UserFactory, add_to_team
from .factories import GoalFactory, PlanFactory, PriorityFactory, activity, rate


def row_for(overview, competency):
    return next(row for row in overview.rows if row.competency == competency)


@pytest.mark.usefixtures("team_priority")
def test_team_overview_averages_medians_and_gap(  # noqa: PLR0917
    team, cycle, member, other_member, manager, storytelling
):
    rate(member, storytelling, 1)
    rate(member, storytelling, 2)  # the newer rating counts
    rate(other_member, storytelling, 3)
    rate(other_member, storytelling, 5, kind=RatingKind.TARGET)
    overview = team_overview(team=team, cycle=cycle, viewer=manager)
    row = row_for(overview, storytelling)
    assert (row.target, row.rated, row.average, row.median, row.personal_target) == (
        4,
        2,
        Decimal("2.5"),
        Decimal("2.5"),
        Decimal("5.0"),
    )
    assert (row.gap, row.band, row.band_label) == (
        Decimal("1.5"),
        "far",
        "More than one level below",
    )
    assert overview.rows[0] == row  # priorities first


def test_team_overview_without_priority_compares_to_personal_targets(
    team, cycle, manager, member, digital
):
    rate(member, digital, 3)
    rate(member, digital, 3, kind=RatingKind.TARGET)
    row = row_for(team_overview(team=team, cycle=cycle, viewer=manager), digital)
    assert (row.target, row.gap, row.band) == (None, Decimal("0.0"), "met")


def test_team_overview_team_priority_overrides_organisation_one(team, cycle, manager, storytelling):
    PriorityFactory(cycle=cycle, team=None, competency=storytelling, target_level=2)
    PriorityFactory(cycle=cycle, team=team, competency=storytelling, target_level=5)
    row = row_for(team_overview(team=team, cycle=cycle, viewer=manager), storytelling)
    assert row.target == 5


def test_team_overview_hours_against_budget(  # noqa: PLR0917
    team, cycle, manager, member, other_member, storytelling
):
    PriorityFactory(
        cycle=cycle,
        team=team,
        competency=storytelling,
        budget_unit=BudgetUnit.PERCENT_OF_TIME,
        budget_value=Decimal(1),
    )  # 1% of 1600 h = 16 h per person
    activity(member, hours=Decimal(10))
    activity(member, hours=Decimal(6))
    activity(other_member, hours=Decimal(4))
    hours = team_overview(team=team, cycle=cycle, viewer=manager).hours
    assert (hours.people, hours.total, hours.budget_per_person, hours.budget_total) == (
        3,
        Decimal(20),
        Decimal("16.0"),
        Decimal("48.0"),
    )
    assert (hours.without_hours, hours.reached_budget, hours.percent_of_budget) == (1, 1, 41)


@pytest.mark.usefixtures("team_priority")
def test_team_overview_plans_by_status_and_unaddressed(  # noqa: PLR0917
    team, cycle, manager, member, other_member, org_priority, storytelling
):
    plan = PlanFactory(member=member, team=team, cycle=cycle, status=PlanStatus.SUBMITTED)
    GoalFactory(plan=plan, competencies=[storytelling])
    PlanFactory(member=other_member, team=team, cycle=cycle)
    overview = team_overview(team=team, cycle=cycle, viewer=manager)
    counts = {status: count for status, _label, count in overview.plan_counts}
    assert counts == {
        "draft": 1,
        "submitted": 1,
        "changes_requested": 0,
        "approved": 0,
        "completed": 0,
    }
    assert overview.unaddressed == [org_priority]


def test_team_overview_names_nobody_for_organiser(team, cycle, organiser, member, team_priority):
    overview = team_overview(team=team, cycle=cycle, viewer=organiser)
    assert (overview.named_rows, overview.not_sharing) == (None, 0)


@pytest.mark.usefixtures("team", "org_priority")
def test_organisation_overview_across_teams(organisation, cycle, member, storytelling, digital):
    second = TeamFactory(organisation=organisation, name="Digital services", slug="digital")
    colleague = UserFactory()
    add_to_team(colleague, second)
    add_to_team(member, second)  # in both teams: counted once across the organisation
    PriorityFactory(cycle=cycle, team=second, competency=storytelling, target_level=5)
    rate(member, storytelling, 2)
    rate(colleague, storytelling, 4)
    plan = PlanFactory(member=colleague, team=second, cycle=cycle)
    GoalFactory(plan=plan, competencies=[storytelling])
    overview = organisation_overview(organisation=organisation, cycle=cycle)
    assert overview.people == 2
    assert overview.named_rows is None
    row = row_for(overview, storytelling)
    assert (row.target, row.average) == (5, Decimal("3.0"))
    by_team = {figures.team.slug: figures for figures in overview.teams}
    assert (by_team["children"].people, by_team["digital"].people) == (1, 2)
    assert by_team["digital"].plan_counts == {"draft": 1}
    assert (by_team["children"].unaddressed, by_team["digital"].unaddressed) == (1, 1)
    assert [p.competency for p in overview.unaddressed] == [digital]


def test_organisation_overview_without_cycle_is_empty(organisation):
    overview = organisation_overview(organisation=organisation, cycle=None)
    assert (overview.people, overview.rows, overview.teams) == (0, [], [])
