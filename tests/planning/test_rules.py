"""Every rule for every role."""

import pytest

from atheneum.organisations.rules import can
from atheneum.planning.enums import PlanStatus

ROLES = [
    "anonymous",
    "member",
    "other_member",
    "manager",
    "other_org_manager",
    "organiser",
    "admin",
]


def check(role_user, role, perm, obj, allowed: set[str]):
    from django.contrib.auth.models import AnonymousUser

    user = role_user(role) or AnonymousUser()
    assert can(user, perm, obj) is (role in allowed)


@pytest.mark.parametrize("role", ROLES)
def test_view_plan_draft_only_owner(role_user, role, plan):
    check(role_user, role, "planning.view_plan", plan, {"member"})


@pytest.mark.parametrize("role", ROLES)
def test_view_plan_submitted_owner_and_team_manager(role_user, role, submitted_plan):
    check(role_user, role, "planning.view_plan", submitted_plan, {"member", "manager"})


@pytest.mark.parametrize("role", ROLES)
def test_change_plan_draft_only_owner(role_user, role, plan):
    check(role_user, role, "planning.change_plan", plan, {"member"})


@pytest.mark.parametrize("role", ROLES)
def test_change_plan_submitted_nobody(role_user, role, submitted_plan):
    check(role_user, role, "planning.change_plan", submitted_plan, set())


@pytest.mark.parametrize("role", ROLES)
def test_change_plan_changes_requested_owner(role_user, role, plan):
    plan.status = PlanStatus.CHANGES_REQUESTED
    check(role_user, role, "planning.change_plan", plan, {"member"})


@pytest.mark.parametrize("role", ROLES)
def test_review_plan_submitted_only_team_manager(role_user, role, submitted_plan):
    check(role_user, role, "planning.review_plan", submitted_plan, {"manager"})


@pytest.mark.parametrize("role", ROLES)
def test_review_plan_draft_nobody(role_user, role, plan):
    check(role_user, role, "planning.review_plan", plan, set())


def test_review_plan_own_plan_refused(manager, team, cycle):
    from .factories import PlanFactory

    own = PlanFactory(member=manager, team=team, cycle=cycle, status=PlanStatus.SUBMITTED)
    assert can(manager, "planning.review_plan", own) is False
    assert can(manager, "planning.view_plan", own) is True


@pytest.mark.parametrize("role", ROLES)
def test_link_activities_owner_until_completed(role_user, role, plan):
    check(role_user, role, "planning.link_activities", plan, {"member"})
    plan.status = PlanStatus.COMPLETED
    check(role_user, role, "planning.link_activities", plan, set())


@pytest.mark.parametrize("role", ROLES)
def test_know_team_for_role(role_user, role, team):
    check(
        role_user,
        role,
        "planning.know_team",
        team,
        {"member", "other_member", "manager", "organiser", "admin"},
    )


@pytest.mark.parametrize("role", ROLES)
def test_view_team_overview_for_role(role_user, role, team):
    check(role_user, role, "planning.view_team_overview", team, {"manager", "organiser", "admin"})


@pytest.mark.parametrize("role", ROLES)
def test_view_named_ratings_only_team_manager(role_user, role, team):
    check(role_user, role, "planning.view_named_ratings", team, {"manager"})


@pytest.mark.parametrize("role", ROLES)
def test_add_team_priority_for_role(role_user, role, team):
    check(role_user, role, "planning.add_team_priority", team, {"manager", "organiser", "admin"})


@pytest.mark.parametrize("role", ROLES)
def test_add_plan_team_members(role_user, role, team):
    check(role_user, role, "planning.add_plan", team, {"member", "other_member", "manager"})


@pytest.mark.parametrize("role", ROLES)
def test_know_organisation_for_role(role_user, role, organisation):
    check(
        role_user,
        role,
        "planning.know_organisation",
        organisation,
        {"member", "other_member", "manager", "organiser", "admin"},
    )


@pytest.mark.parametrize(
    "perm",
    [
        "planning.view_organisation_overview",
        "planning.manage_cycles",
        "planning.add_organisation_priority",
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_organisation_rules_for_role(role_user, role, perm, organisation):
    check(role_user, role, perm, organisation, {"organiser", "admin"})


@pytest.mark.parametrize("role", ROLES)
def test_change_team_priority_for_role(role_user, role, team_priority):
    check(
        role_user,
        role,
        "planning.change_priority",
        team_priority,
        {"manager", "organiser", "admin"},
    )


@pytest.mark.parametrize("role", ROLES)
def test_change_organisation_priority_for_role(role_user, role, org_priority):
    check(role_user, role, "planning.change_priority", org_priority, {"organiser", "admin"})
