"""The conference rules for every role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from atheneum.events.enums import RecordingVisibility

from . import core_factories
from .core_factories import register

event = core_factories.event
draft_event = core_factories.draft_event
past_session = core_factories.past_session

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
    return role_user(role) or AnonymousUser()


@pytest.mark.parametrize("role", ROLES)
def test_event_rules_for_role(role, role_user, event, draft_event, organisation):
    user = _user(role_user, role)
    assert user.has_perm("events.view_event", event) is True
    assert user.has_perm("events.view_event", draft_event) is (role in ORGANISERS)
    assert user.has_perm("events.change_event", event) is (role in ORGANISERS)
    assert user.has_perm("events.add_event", organisation) is (role in ORGANISERS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("visibility", "allowed"),
    [
        (RecordingVisibility.PUBLIC, set(ROLES)),
        (RecordingVisibility.MEMBERS, set(ROLES) - {"anonymous"}),
        (RecordingVisibility.REGISTERED, ORGANISERS),
    ],
)
def test_watch_recording_for_role(role, role_user, past_session, visibility, allowed):
    past_session.event.recordings_visibility = visibility
    user = _user(role_user, role)
    assert user.has_perm("events.watch_recording", past_session) is (role in allowed)


def test_registered_member_may_watch_registered_only(member, past_session):
    past_session.event.recordings_visibility = RecordingVisibility.REGISTERED
    register(member, past_session.event)
    assert member.has_perm("events.watch_recording", past_session) is True


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_session_rules_for_role(role, role_user, past_session):
    past_session.is_published = False
    user = _user(role_user, role)
    assert user.has_perm("events.view_session", past_session) is (role in ORGANISERS)
    assert user.has_perm("events.change_session", past_session) is (role in ORGANISERS)
    assert user.has_perm("events.watch_recording", past_session) is (role in ORGANISERS)
