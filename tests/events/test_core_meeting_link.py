"""The meeting link: only for a confirmed registration, only from shortly before the session."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from atheneum.events.enums import RegistrationStatus
from atheneum.events.models import Event
from atheneum.events.selectors import meeting_link_for

from . import core_factories
from .core_factories import SessionFactory, register

event = core_factories.event

ROLES = [
    "anonymous",
    "member",
    "other_member",
    "manager",
    "other_org_manager",
    "organiser",
    "admin",
]
LINK = "https://meet.example.org/room-1"


@pytest.fixture
def live_session(event):
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(start=now - dt.timedelta(hours=2))
    event.refresh_from_db()
    return SessionFactory(
        event=event, start=now + dt.timedelta(minutes=10), end=now + dt.timedelta(minutes=70)
    )


@pytest.mark.parametrize("role", ROLES)
def test_meeting_link_hidden_from_unregistered_role(client_as, role, role_user, live_session):
    user = role_user(role)
    assert meeting_link_for(session=live_session, user=user or _anonymous()) is None
    url = reverse("events:session_detail", args=[live_session.event.slug, live_session.pk])
    assert LINK.encode() not in client_as(role).get(url).content


@pytest.mark.parametrize("role", ["member", "other_member", "manager", "organiser", "admin"])
def test_meeting_link_shown_to_registered_role(client_as, role, role_user, live_session):
    register(role_user(role), live_session.event)
    assert meeting_link_for(session=live_session, user=role_user(role)) == LINK
    url = reverse("events:session_detail", args=[live_session.event.slug, live_session.pk])
    assert LINK.encode() in client_as(role).get(url).content


def test_meeting_link_time_window(member, live_session):
    register(member, live_session.event)
    start, end = live_session.start, live_session.end
    assert (
        meeting_link_for(session=live_session, user=member, now=start - dt.timedelta(minutes=16))
        is None
    )
    assert (
        meeting_link_for(session=live_session, user=member, now=start - dt.timedelta(minutes=15))
        == LINK
    )
    assert meeting_link_for(session=live_session, user=member, now=end) == LINK
    assert (
        meeting_link_for(session=live_session, user=member, now=end + dt.timedelta(seconds=1))
        is None
    )


@pytest.mark.parametrize("status", [RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED])
def test_meeting_link_hidden_for_status(member, live_session, status):
    register(member, live_session.event, status=status)
    assert meeting_link_for(session=live_session, user=member) is None


def _conference_lines(body: bytes) -> list:
    calendar = icalendar.Calendar.from_ical(body)
    return [c.get("conference") for c in calendar.walk("VEVENT") if c.get("conference")]


@pytest.mark.parametrize("role", ROLES)
def test_event_calendar_has_no_link_for_unregistered_role(client_as, role, live_session):
    url = reverse("events:event_calendar", args=[live_session.event.slug])
    body = client_as(role).get(url).content
    assert _conference_lines(body) == []
    assert LINK.encode() not in body


def test_calendars_carry_link_for_registered_member(client, member, live_session):
    register(member, live_session.event)
    client.force_login(member)
    for url in (
        reverse("events:event_calendar", args=[live_session.event.slug]),
        reverse("events:session_calendar", args=[live_session.event.slug, live_session.pk]),
    ):
        assert [str(value) for value in _conference_lines(client.get(url).content)] == [LINK]


def test_cached_calendar_does_not_leak_between_people(client, member, other_member, live_session):
    register(member, live_session.event)
    url = reverse("events:event_calendar", args=[live_session.event.slug])
    client.force_login(member)
    assert [str(v) for v in _conference_lines(client.get(url).content)] == [LINK]
    client.force_login(other_member)
    assert _conference_lines(client.get(url).content) == []


def test_exports_never_carry_meeting_links(client, member, live_session):
    register(member, live_session.event)
    client.force_login(member)
    for name in ("schedule_xml", "schedule_json", "sessions_json", "event_jsonld", "schedule"):
        body = client.get(reverse(f"events:{name}", args=[live_session.event.slug])).content
        assert LINK.encode() not in body, name


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
