# ruff: noqa: F811 - the fixtures are imported by name from test_registration_support
"""The registration rules for every role."""

import pytest

from atheneum.events.enums import EventStatus
from atheneum.organisations.rules import can

from .test_registration_support import RegistrationFactory, event, form_en  # noqa: F401

ROLES = [
    "anonymous",
    "member",
    "other_member",
    "manager",
    "other_org_manager",
    "organiser",
    "admin",
]
ORGANISERS = {"organiser", "admin"}


def _user(role_user, role):
    from django.contrib.auth.models import AnonymousUser

    return role_user(role) or AnonymousUser()


@pytest.mark.parametrize("role", ROLES)
def test_register_rule_for_role(role_user, role, event):
    assert can(_user(role_user, role), "events.register", event) is (role != "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_register_rule_closed_outside_registration_for_role(role_user, role, event):
    for status in (EventStatus.DRAFT, EventStatus.PROPOSALS, EventStatus.FINISHED):
        event.status = status
        assert can(_user(role_user, role), "events.register", event) is False


@pytest.mark.parametrize(
    "perm",
    [
        "events.manage_registration",
        "events.mark_attendance",
        "events.view_registration_dashboard",
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_organiser_rules_for_role(role_user, role, perm, event):
    assert can(_user(role_user, role), perm, event) is (role in ORGANISERS)


@pytest.mark.parametrize("role", ROLES)
def test_draft_event_visible_only_to_organisers_for_role(role_user, role, event):
    event.status = EventStatus.DRAFT
    assert can(_user(role_user, role), "events.see_event_for_registration", event) is (
        role in ORGANISERS
    )


@pytest.mark.parametrize("role", ROLES)
def test_cancel_and_agenda_rules_only_for_owner(role_user, role, event, member):
    registration = RegistrationFactory(event=event, user=member)
    user = _user(role_user, role)
    assert can(user, "events.cancel_registration", registration) is (role == "member")
    assert can(user, "events.change_agenda", registration) is (role == "member")
    registration.status = "cancelled"
    assert can(user, "events.cancel_registration", registration) is False
