"""The team overview's plans and figures are cached per team, cycle, viewer, language and time
zone; every change to what they show is visible on the next request."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from atheneum.common import fragments
from atheneum.competencies.models import CompetencyText
from atheneum.organisations.enums import TeamRole
from atheneum.planning import services
from atheneum.planning.enums import PlanStatus
from atheneum.planning.models import Priority
from atheneum.planning.selectors import team_tag

from ..baseline import signed_in_queries
from ..factories import UserFactory, add_to_team
from .factories import CycleFactory, GoalFactory, PlanFactory, activity, rate, share_ratings

NAMED = "People who share their ratings with you"


def _url(team) -> str:
    return f"/planning/teams/{team.pk}/"


def _page(client, team) -> str:
    response = client.get(_url(team))
    assert response.status_code == 200
    return response.content.decode()


def _queries(client, team) -> int:
    with CaptureQueriesContext(connection) as context:
        _page(client, team)
    return len(context)


@pytest.mark.usefixtures("cycle", "submitted_plan", "team_priority")
def test_team_overview_warm_cache_reads_only_the_team(client_as, team):
    client = client_as("manager")
    client.get(_url(team))  # the viewer's roles and the cycles are cached from then on
    fragments.bump(team_tag(team.pk))

    cold = _queries(client, team)
    warm = _queries(client, team)

    assert cold >= warm + 10
    assert warm == signed_in_queries()  # the session (in the database) and the viewer


def test_team_overview_shows_renamed_team_organisation_and_new_cycle(
    client_as, team, cycle, organisation
):
    client = client_as("manager")
    assert "Riverside Library · Cycle 2026" in _page(client, team)

    team.name = "Young readers"
    team.save()
    organisation.name = "Riverside Libraries"
    organisation.save()
    CycleFactory(organisation=organisation, name="2027", start=cycle.start, end=cycle.end)

    html = _page(client, team)
    assert "Team overview: Young readers" in html
    assert "Riverside Libraries · Cycle 2027" in html
    assert 'id="cycle-select"' in html


@pytest.mark.usefixtures("cycle")
def test_team_overview_access_is_checked_on_every_request(client_as, team, manager):
    client = client_as("manager")
    assert client.get(_url(team)).status_code == 200

    membership = manager.team_memberships.get(team=team)
    membership.role = TeamRole.MEMBER
    membership.save()

    assert client.get(_url(team)).status_code == 403


@pytest.mark.usefixtures("cycle", "goal")
def test_team_overview_shows_a_submitted_plan_at_once(client_as, team, member, plan):
    client = client_as("manager")
    assert "No plan has been submitted in this cycle yet." in _page(client, team)

    services.plan_submit(plan=plan, acting_user=member)

    html = _page(client, team)
    assert f'href="/planning/plans/{plan.pk}/">Mira Member</a>' in html
    assert "No plan has been submitted in this cycle yet." not in html


@pytest.mark.usefixtures("cycle")
def test_team_overview_shows_a_plan_moved_by_its_reviewer(client_as, team, manager, submitted_plan):
    client = client_as("manager")
    assert "<td>Waiting for review</td>" in _page(client, team)

    services.plan_approve(plan=submitted_plan, comment="", acting_user=manager)

    html = _page(client, team)
    assert "<td>Approved</td>" in html
    assert "<td>Waiting for review</td>" not in html


@pytest.mark.usefixtures("cycle", "team_priority")
def test_team_overview_shows_new_ratings_hours_and_sharing(client_as, team, member, storytelling):
    client = client_as("manager")
    before = _page(client, team)
    assert "Mira Member" not in before
    assert "<dt>CPD hours recorded in the cycle</dt><dd>0</dd>" in before

    rate(member, storytelling, 3)
    activity(member, hours=Decimal(5))
    share_ratings(member)

    html = _page(client, team)
    assert "<dt>CPD hours recorded in the cycle</dt><dd>5</dd>" in html
    assert '<th scope="row">Mira Member</th><td>3 / –</td>' in html


@pytest.mark.usefixtures("cycle", "member", "team_priority")
def test_team_overview_shows_a_new_member_and_a_renamed_competency(client_as, team, storytelling):
    client = client_as("manager")
    assert "Figures for 2 people." in _page(client, team)

    add_to_team(UserFactory(), team)
    text = CompetencyText.objects.get(competency=storytelling)
    text.title = "Oral storytelling"
    text.save()

    html = _page(client, team)
    assert "Figures for 3 people." in html
    assert "S1 Oral storytelling" in html


def test_team_overview_shows_a_new_priority_through_the_service(
    client_as, team, cycle, manager, digital
):
    client = client_as("manager")
    assert "There are no priorities in this cycle yet." in _page(client, team)

    services.priority_create(
        cycle=cycle,
        team=team,
        competency=digital,
        target_level=3,
        rationale="",
        budget_unit="hours",
        budget_value=Decimal(4),
        acting_user=manager,
    )

    html = _page(client, team)
    assert "There are no priorities in this cycle yet." not in html
    assert "D1 Digital literacy" in html


@pytest.mark.usefixtures("team_priority")
def test_team_overview_goal_added_without_service_addresses_the_priority(
    client_as, team, cycle, member, storytelling
):
    client = client_as("manager")
    plan = PlanFactory(member=member, team=team, cycle=cycle, status=PlanStatus.SUBMITTED)
    assert "Priorities no plan addresses" in _page(client, team)
    assert "Every priority is addressed by at least one plan." not in _page(client, team)

    GoalFactory(plan=plan, competencies=[storytelling])

    assert "Every priority is addressed by at least one plan." in _page(client, team)


@pytest.mark.usefixtures("cycle", "submitted_plan", "team_priority")
def test_team_overview_organiser_does_not_get_the_managers_fragment(
    client_as, team, member, storytelling
):
    share_ratings(member)
    rate(member, storytelling, 2)
    as_manager = _page(client_as("manager"), team)
    assert NAMED in as_manager
    assert "Mira Member" in as_manager

    as_organiser = _page(client_as("organiser"), team)

    assert NAMED not in as_organiser
    assert "Mira Member" not in as_organiser
    assert "Learning plans of your team" not in as_organiser


@pytest.mark.usefixtures("cycle", "submitted_plan")
def test_team_overview_time_zones_and_languages_do_not_share_fragments(client_as, team, manager):
    client = client_as("manager")
    assert "(UTC)</time>" in _page(client, team)
    users = get_user_model().objects.filter(pk=manager.pk)

    users.update(time_zone="Europe/Stockholm")  # sends no signal: only the key differs
    in_stockholm = _page(client, team)
    users.update(interface_language="sv")
    in_swedish = _page(client, team)

    assert "(Europe/Stockholm)</time>" in in_stockholm
    assert "(UTC)</time>" not in in_stockholm
    assert "Learning plans of your team" in in_stockholm
    assert "Learning plans of your team" not in in_swedish


@pytest.mark.usefixtures("cycle")
def test_team_overview_shows_an_organisation_priority_made_outside_services(
    client_as, team, request
):
    client = client_as("manager")
    assert "There are no priorities in this cycle yet." in _page(client, team)

    request.getfixturevalue("org_priority")

    html = _page(client, team)
    assert "D1 Digital literacy" in html
    assert "Whole organisation" in html


@pytest.mark.usefixtures("cycle")
def test_team_overview_cached_priority_forms_carry_the_requests_csrf_token(
    team, manager, team_priority
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    _page(client, team)

    html = _page(client, team)  # the priorities table comes from the cache now
    url = f"/planning/priorities/{team_priority.pk}/delete/"
    form = re.search(rf'action="{url}"[^>]*>(<input [^>]*>)', html)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1)).group(1)
    response = client.post(url, {"csrfmiddlewaretoken": token})

    assert "csrf-token-of-the-request" not in html
    assert response.status_code == 302
    assert not Priority.objects.filter(pk=team_priority.pk).exists()
