# ruff: noqa: F811 - the fixtures are imported by name from test_registration_support
"""Agenda downloads and subscribable feeds parse back with the right instants, and carry the
meeting link only for confirmed registrations."""

import datetime
import zoneinfo

import icalendar
from django.urls import reverse

from atheneum.events.models import AgendaItem, CalendarFeedToken

from ..factories import OrganisationFactory
from .test_registration_support import (  # noqa: F401
    MEETING_URL,
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    event,
    form_en,
    registration,
    session,
)

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")


def _events(content: bytes) -> list:
    return icalendar.Calendar.from_ical(content).events


def test_agenda_ics_has_zone_uid_instants_and_link(client_as, registration, session):
    response = client_as("member").get(reverse("events:agenda_ics", args=[registration.event.slug]))
    assert response["Content-Disposition"] == 'attachment; filename="open-shelves-agenda.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    [vevent] = calendar.events
    assert str(vevent["UID"]) == f"{session.uid}@atheneum"
    assert vevent.start == session.start.replace(microsecond=0)
    assert vevent.start.tzinfo.key == "America/Los_Angeles"
    assert [tz.tz_name for tz in calendar.timezones] == ["America/Los_Angeles"]
    assert str(vevent["CONFERENCE"]) == MEETING_URL


def test_agenda_ics_across_dst_change_keeps_instants(client_as, organisation, member):
    event = EventFactory(
        organisation=organisation,
        start=datetime.datetime(2027, 3, 13, 9, tzinfo=PACIFIC),
        end=datetime.datetime(2027, 3, 15, 17, tzinfo=PACIFIC),
    )
    utc = datetime.UTC
    before = SessionFactory(
        event=event,
        start=datetime.datetime(2027, 3, 13, 17, tzinfo=utc),
        end=datetime.datetime(2027, 3, 13, 18, tzinfo=utc),
    )
    after = SessionFactory(
        event=event,
        start=datetime.datetime(2027, 3, 14, 16, tzinfo=utc),
        end=datetime.datetime(2027, 3, 14, 17, tzinfo=utc),
    )
    registration = RegistrationFactory(event=event, user=member)
    for one in (before, after):
        AgendaItem.objects.create(registration=registration, session=one)
    response = client_as("member").get(reverse("events:agenda_ics", args=[event.slug]))
    first, second = _events(response.content)
    assert first.start == before.start
    assert second.start == after.start
    # The same 9 o'clock wall time in Pacific time on both sides of the change.
    assert (first.start.hour, second.start.hour) == (9, 9)


def test_feed_lists_sessions_from_every_event_and_links_only_confirmed(client, member):
    confirmed_event = EventFactory(organisation=OrganisationFactory())
    waiting_event = EventFactory(organisation=OrganisationFactory())
    joinable = SessionFactory(event=confirmed_event, title="Joinable")
    waiting = SessionFactory(
        event=waiting_event, title="Waiting", meeting_url="https://meet.example.org/other"
    )
    AgendaItem.objects.create(
        registration=RegistrationFactory(event=confirmed_event, user=member), session=joinable
    )
    AgendaItem.objects.create(
        registration=RegistrationFactory(event=waiting_event, user=member, status="waitlisted"),
        session=waiting,
    )
    token = CalendarFeedToken.objects.create(user=member)
    response = client.get(reverse("events:agenda_feed", args=[token.token]))
    by_title = {str(vevent["SUMMARY"]): vevent for vevent in _events(response.content)}
    assert set(by_title) == {"Joinable", "Waiting"}
    assert str(by_title["Joinable"]["CONFERENCE"]) == MEETING_URL
    assert "CONFERENCE" not in by_title["Waiting"]


def test_feed_leaves_out_cancelled_registrations(client, registration, member):
    registration.status = "cancelled"
    registration.save()
    token = CalendarFeedToken.objects.create(user=member)
    response = client.get(reverse("events:agenda_feed", args=[token.token]))
    assert _events(response.content) == []
    assert MEETING_URL.encode() not in response.content


def test_feed_with_unknown_or_revoked_token_is_404(client, member):
    from django.utils import timezone

    token = CalendarFeedToken.objects.create(user=member, revoked_at=timezone.now())
    assert client.get(reverse("events:agenda_feed", args=[token.token])).status_code == 404
    assert client.get(reverse("events:agenda_feed", args=["nope"])).status_code == 404


def test_other_member_feed_never_shows_member_sessions(client, registration, other_member):
    token = CalendarFeedToken.objects.create(user=other_member)
    response = client.get(reverse("events:agenda_feed", args=[token.token]))
    assert _events(response.content) == []
    assert b"Story time online" not in response.content
