"""Every permission, for every role, on the objects the permission is about."""

import pytest
from django.contrib.auth.models import AnonymousUser

from atheneum.organisations.rules import can, is_privileged
from tests.conftest import ROLES

EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
RIVERSIDE = {"member", "other_member", "manager", "organiser", "admin"}
IN_TEAM = {"member", "other_member", "manager"}

ORGANISATION_RULES = {
    "view_organisation": EVERYONE,
    "view_members": RIVERSIDE,
    "change_organisation": {"organiser", "admin"},
    "manage_roles": {"admin"},
    "invite": {"organiser", "admin"},
    "remove_member": {"organiser", "admin"},
    "create_team": {"organiser", "admin"},
    "join_organisation": {"other_org_manager"},
    "leave_organisation": RIVERSIDE,
}

OTHER_ORGANISATION_RULES = {
    "view_organisation": EVERYONE,
    "view_members": {"other_org_manager", "admin"},
    "change_organisation": {"admin"},
    "manage_roles": {"admin"},
    "invite": {"admin"},
    "remove_member": {"admin"},
    "create_team": {"admin"},
    "join_organisation": RIVERSIDE,
    "leave_organisation": {"other_org_manager"},
}

CLOSED_ORGANISATION_RULES = {
    "view_organisation": EVERYONE,
    "view_members": {"admin"},
    "join_organisation": set(),
    "leave_organisation": set(),
}

TEAM_RULES = {
    "view_team": IN_TEAM | {"organiser", "admin"},
    "view_team_summary": EVERYONE,
    "invite_to_team": {"manager", "organiser", "admin"},
    "change_team": {"manager", "organiser", "admin"},
    "manage_team_members": {"manager", "organiser", "admin"},
    "appoint_team_manager": {"organiser", "admin"},
    "join_team": {"other_org_manager", "organiser", "admin"},
    "leave_team": IN_TEAM,
}

SECRET_TEAM_RULES = {
    "view_team": {"organiser", "admin"},
    "view_team_summary": {"organiser", "admin"},
    "invite_to_team": {"organiser", "admin"},
    "change_team": {"organiser", "admin"},
    "manage_team_members": {"organiser", "admin"},
    "appoint_team_manager": {"organiser", "admin"},
    "join_team": set(),
    "leave_team": set(),
}

OTHER_TEAM_RULES = {
    "view_team": {"other_org_manager", "admin"},
    "view_team_summary": EVERYONE,
    "invite_to_team": {"other_org_manager", "admin"},
    "change_team": {"other_org_manager", "admin"},
    "manage_team_members": {"other_org_manager", "admin"},
    "appoint_team_manager": {"admin"},
    # Hill Town is open, so joining its open team also joins the organisation.
    "join_team": RIVERSIDE,
    "leave_team": {"other_org_manager"},
}


def _cases(table_name, table):
    return [
        pytest.param((table_name, perm, role, role in allowed), id=f"{table_name}-{perm}-{role}")
        for perm, allowed in table.items()
        for role in ROLES
    ]


CASES = (
    _cases("organisation", ORGANISATION_RULES)
    + _cases("other_organisation", OTHER_ORGANISATION_RULES)
    + _cases("closed_organisation", CLOSED_ORGANISATION_RULES)
    + _cases("team", TEAM_RULES)
    + _cases("secret_team", SECRET_TEAM_RULES)
    + _cases("other_team", OTHER_TEAM_RULES)
)


@pytest.mark.parametrize("case", CASES)
def test_rule_for_role(request, role_user, case):
    obj_fixture, perm, role, expected = case
    obj = request.getfixturevalue(obj_fixture)
    user = role_user(role) or AnonymousUser()
    assert can(user, f"organisations.{perm}", obj) is expected


@pytest.mark.parametrize("role", ROLES)
def test_accept_invitation_rule_for_role(role_user, make_invitation, role):
    user = role_user(role) or AnonymousUser()
    assert can(user, "organisations.accept_invitation", make_invitation()) is (role != "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_is_privileged_for_role(role_user, role):
    user = role_user(role) or AnonymousUser()
    assert is_privileged(user) is (role in {"organiser", "admin"})


def test_every_organisation_perm_is_tested():
    import rules

    tested = set(ORGANISATION_RULES) | set(TEAM_RULES) | {"accept_invitation"}
    defined = {
        name.removeprefix("organisations.")
        for name in rules.permissions.permissions
        if name.startswith("organisations.")
    }
    assert defined == tested
