"""ICS files parse back with the icalendar package and give the right instants."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from atheneum.events.calendars import calendar_for_sessions
from atheneum.events.models import Event

from .core_factories import EventFactory, SessionFactory

PACIFIC = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def dst_event(organisation):
    """Two days across the US change to summer time (Sunday 9 March 2025, 02:00 Pacific)."""
    return EventFactory(
        organisation=organisation,
        slug="spring-forward",
        time_zone="America/Los_Angeles",
        start=dt.datetime(2025, 3, 8, 8, 0, tzinfo=PACIFIC),
        end=dt.datetime(2025, 3, 9, 20, 0, tzinfo=PACIFIC),
    )


def _events(body: bytes) -> dict:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(c["uid"]): c for c in calendar.walk("VEVENT")}, calendar


def test_calendar_instants_across_dst_change(client, dst_event):
    before = SessionFactory(
        event=dst_event,
        start=dt.datetime(2025, 3, 8, 9, 0, tzinfo=PACIFIC),
        end=dt.datetime(2025, 3, 8, 10, 0, tzinfo=PACIFIC),
    )
    after = SessionFactory(
        event=dst_event,
        start=dt.datetime(2025, 3, 9, 9, 0, tzinfo=PACIFIC),
        end=dt.datetime(2025, 3, 9, 10, 0, tzinfo=PACIFIC),
    )
    response = client.get(reverse("events:event_calendar", args=[dst_event.slug]))
    events, calendar = _events(response.content)
    first = events[f"{before.uid}@atheneum"]
    second = events[f"{after.uid}@atheneum"]
    assert first["dtstart"].dt == dt.datetime(2025, 3, 8, 17, 0, tzinfo=dt.UTC)
    assert second["dtstart"].dt == dt.datetime(2025, 3, 9, 16, 0, tzinfo=dt.UTC)
    assert first["dtstart"].params["TZID"] == "America/Los_Angeles"
    assert second["dtend"].dt - second["dtstart"].dt == dt.timedelta(hours=1)
    zones = [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")]
    assert zones == ["America/Los_Angeles"]
    body = response.content.decode()
    assert "PST" not in body.replace("TZNAME:PST", "")
    assert "DTSTAMP:" in body
    assert "METHOD" not in body


def test_session_crossing_midnight_for_viewer_only(client, organisation):
    """17:00–18:30 in Los Angeles is one evening there, but crosses midnight in Tokyo."""
    event = EventFactory(
        organisation=organisation,
        time_zone="America/Los_Angeles",
        start=dt.datetime(2025, 6, 10, 8, 0, tzinfo=PACIFIC),
        end=dt.datetime(2025, 6, 10, 20, 0, tzinfo=PACIFIC),
    )
    session = SessionFactory(
        event=event,
        start=dt.datetime(2025, 6, 10, 7, 30, tzinfo=ZoneInfo("Asia/Tokyo"))
        + dt.timedelta(hours=1),
        end=dt.datetime(2025, 6, 10, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo")) + dt.timedelta(hours=1),
    )
    # In Tokyo: 08:30–10:00 on 10 June is 16:30–18:00 on 9 June in LA... choose one crossing:
    Event.objects.filter(pk=event.pk).update(
        start=dt.datetime(2025, 6, 9, 8, 0, tzinfo=PACIFIC),
        end=dt.datetime(2025, 6, 10, 20, 0, tzinfo=PACIFIC),
    )
    from atheneum.events.models import Session

    Session.objects.filter(pk=session.pk).update(
        start=dt.datetime(2025, 6, 9, 7, 30, tzinfo=PACIFIC),
        end=dt.datetime(2025, 6, 9, 9, 0, tzinfo=PACIFIC),
    )
    # 07:30–09:00 in LA (one morning) is 23:30–01:00 in Tokyo (crosses midnight).
    events, _calendar = _events(
        client.get(reverse("events:event_calendar", args=[event.slug])).content
    )
    vevent = events[f"{session.uid}@atheneum"]
    tokyo = ZoneInfo("Asia/Tokyo")
    assert vevent["dtstart"].dt.astimezone(tokyo) == dt.datetime(2025, 6, 9, 23, 30, tzinfo=tokyo)
    assert vevent["dtend"].dt.astimezone(tokyo) == dt.datetime(2025, 6, 10, 1, 0, tzinfo=tokyo)
    assert vevent["dtstart"].dt.date() == vevent["dtend"].dt.date()  # same day in LA
    # The schedule page in Tokyo shows it on the 9th with an end on the next day.
    client.cookies["atheneum_tz"] = "Asia/Tokyo"
    body = client.get(reverse("events:schedule", args=[event.slug])).content.decode()
    assert "23:30" in body
    assert "01:00" in body
    body = client.get(reverse("events:schedule", args=[event.slug]) + "?tz=event").content.decode()
    assert "07:30" in body
    assert "America/Los_Angeles" in body


def test_uids_are_stable_between_downloads(client, dst_event):
    session = SessionFactory(event=dst_event)
    url = reverse("events:session_calendar", args=[dst_event.slug, session.pk])
    first, _ = _events(client.get(url).content)
    second, _ = _events(client.get(url).content)
    assert list(first) == list(second) == [f"{session.uid}@atheneum"]


def test_calendar_for_sessions_request_method(dst_event):
    session = SessionFactory(event=dst_event, meeting_url="https://meet.example.org/x")
    body = calendar_for_sessions(
        sessions=[session],
        name="Invite",
        viewer_can_join=lambda s: True,
        method="REQUEST",
        organizer=("Atheneum", "events@example.org"),
        attendee=("Mira", "mira@example.org"),
    )
    calendar = icalendar.Calendar.from_ical(body)
    assert str(calendar["method"]) == "REQUEST"
    vevent = calendar.walk("VEVENT")[0]
    assert str(vevent["conference"]) == "https://meet.example.org/x"
    assert str(vevent["organizer"]) == "mailto:events@example.org"
    assert str(vevent["attendee"]) == "mailto:mira@example.org"
