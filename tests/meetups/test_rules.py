import pytest

from atheneum.meetups.enums import SeriesAccess
from atheneum.organisations.rules import can

ROLES = [
    "anonymous",
    "member",
    "other_member",
    "manager",
    "other_org_manager",
    "organiser",
    "admin",
]

VIEW_INVITATION_ONLY = {"member", "manager", "organiser", "admin"}
CHANGE = {"organiser", "admin"}


class Anonymous:
    is_authenticated = False
    is_superuser = False
    pk = None


def user_for(role_user, role):
    return role_user(role) or Anonymous()


@pytest.mark.parametrize("role", ROLES)
def test_view_invitation_only_series_for_role(role_user, role, series):
    assert can(user_for(role_user, role), "meetups.view_series", series) is (
        role in VIEW_INVITATION_ONLY
    )


@pytest.mark.parametrize("role", ROLES)
def test_view_open_series_for_role(role_user, role, open_series):
    expected = role in {"member", "other_member", "manager", "organiser", "admin"}
    assert can(user_for(role_user, role), "meetups.view_series", open_series) is expected


@pytest.mark.parametrize("role", ROLES)
def test_rsvp_for_role(role_user, role, series):
    assert can(user_for(role_user, role), "meetups.rsvp", series) is (role in VIEW_INVITATION_ONLY)


@pytest.mark.parametrize("role", ROLES)
def test_change_series_for_role(role_user, role, series):
    assert can(user_for(role_user, role), "meetups.change_series", series) is (role in CHANGE)


@pytest.mark.parametrize("role", ROLES)
def test_add_series_for_role(role_user, role, organisation):
    assert can(user_for(role_user, role), "meetups.add_series", organisation) is (role in CHANGE)


def test_opening_series_makes_it_visible_to_other_members(series, other_member):
    assert not can(other_member, "meetups.view_series", series)
    series.access = SeriesAccess.MEMBERS
    assert can(other_member, "meetups.view_series", series)
