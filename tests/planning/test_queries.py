"""Pages cost the same number of queries however large the team, framework or plan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atheneum.planning.enums import PlanStatus
from atheneum.planning.models import Goal, Plan

from ..factories import TeamFactory
from .factories import (
    GoalFactory,
    PlanFactory,
    PriorityFactory,
    activity,
    bulk_competencies,
    bulk_team,
)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def grow(*, team, framework, cycle, members: int, competencies: int, prefix: str):
    comps = bulk_competencies(framework=framework, count=competencies, prefix=prefix)
    users = bulk_team(team=team, members=members, competencies=comps, prefix=prefix)
    for competency in comps[:3]:
        PriorityFactory(cycle=cycle, team=team, competency=competency, target_level=4)
    plans = Plan.objects.bulk_create(
        [Plan(member=user, team=team, cycle=cycle, status=PlanStatus.SUBMITTED) for user in users]
    )
    plans = list(Plan.objects.filter(member__in=users, cycle=cycle))
    goals = Goal.objects.bulk_create([Goal(plan=plan, title="Grow") for plan in plans])
    goals = list(Goal.objects.filter(plan__in=plans))
    Goal.competencies.through.objects.bulk_create(
        [Goal.competencies.through(goal=goal, competency=comps[0]) for goal in goals]
    )


@pytest.fixture
def overview_client(client_as, team, cycle, framework, storytelling):
    PriorityFactory(cycle=cycle, team=team, competency=storytelling)
    return client_as


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("manager", "/planning/teams/{team}/"),
        ("manager", "/planning/teams/{team}/export.csv"),
        ("organiser", "/planning/teams/{team}/"),
        ("organiser", "/planning/organisations/riverside/"),
        ("organiser", "/planning/organisations/riverside/export.csv"),
    ],
)
def test_overview_query_count_constant(overview_client, role, url, team, cycle, framework):  # noqa: PLR0917
    client = overview_client(role)
    url = url.format(team=team.pk)
    client.get(url)  # warm per-process caches
    # 3 members × 13 competencies, then ten times as many of each: 30 members × 120.
    grow(team=team, framework=framework, cycle=cycle, members=3, competencies=12, prefix="a")
    small = count_queries(client, url)
    grow(team=team, framework=framework, cycle=cycle, members=27, competencies=107, prefix="b")
    large = count_queries(client, url)
    assert small == large


def test_organisation_overview_query_count_constant_with_more_teams(
    client_as, organisation, cycle, framework, storytelling
):
    client = client_as("organiser")
    url = "/planning/organisations/riverside/"
    client.get(url)
    for n in range(2):
        extra = TeamFactory(organisation=organisation, slug=f"small-{n}")
        PriorityFactory(cycle=cycle, team=extra, competency=storytelling)
    small = count_queries(client, url)
    for n in range(10):
        extra = TeamFactory(organisation=organisation, slug=f"large-{n}")
        PriorityFactory(cycle=cycle, team=extra, competency=storytelling)
    large = count_queries(client, url)
    assert small == large


def test_index_query_count_constant(client_as, member, team, cycle, organisation):
    client = client_as("member")
    client.get("/planning/")

    def make(count):
        for n in range(count):
            other_team = TeamFactory(organisation=organisation, slug=f"t{count}-{n}")
            from ..factories import add_to_team

            add_to_team(member, other_team)
            GoalFactory(plan=PlanFactory(member=member, team=other_team, cycle=cycle))

    make(2)
    small = count_queries(client, "/planning/")
    make(10)
    large = count_queries(client, "/planning/")
    assert small == large


def test_plan_detail_query_count_constant(client_as, member, plan, storytelling, digital):
    client = client_as("member")
    url = f"/planning/plans/{plan.pk}/"

    def make(count):
        for _ in range(count):
            goal = GoalFactory(plan=plan, competencies=[storytelling, digital])
            linked = activity(member, competencies=[storytelling])
            goal.activities.add(linked)
            activity(member, competencies=[digital])
            plan.events.create(actor=member, kind="commented", comment="Note")

    client.get(url)  # the viewer's roles stay cached, as between a person's requests
    make(2)
    small = count_queries(client, url)
    make(10)
    large = count_queries(client, url)
    assert small == large


def test_team_overview_manager_plans_list_query_count_constant(client_as, team, cycle):
    client = client_as("manager")
    url = f"/planning/teams/{team.pk}/"

    def make(count, prefix):
        from ..factories import UserFactory, add_to_team

        for _ in range(count):
            person = UserFactory()
            add_to_team(person, team)
            GoalFactory(plan=PlanFactory(member=person, team=team, cycle=cycle, status="submitted"))

    client.get(url)  # what stays cached across plan changes (cycles, the viewer's roles)
    make(2, "a")
    small = count_queries(client, url)  # a plan changed: the overview is built afresh
    make(10, "b")
    large = count_queries(client, url)
    assert small == large
