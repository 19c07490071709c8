"""iCalendar (RFC 5545) files for sessions, events and agendas.

Every time carries its IANA zone id with a VTIMEZONE block for each zone used (never an
abbreviation), UIDs come from `Session.uid` so a re-download updates rather than duplicates, and
the meeting link goes into the RFC 7986 CONFERENCE property only for people who may join.

Other modules build their calendars with `calendar_for_sessions` (registration agendas, mail
invites with method="REQUEST").
"""

import datetime as dt
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models import Session
from .selectors import session_texts_for

PRODID = "-//Atheneum//Events//EN"


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def session_event_component(
    session: Session,
    *,
    can_join: bool,
    language: str | None = None,
    stamp: dt.datetime | None = None,
    organizer: tuple[str, str] | None = None,
    attendee: tuple[str, str] | None = None,
) -> icalendar.Event:
    """One VEVENT for `session` (needs `session.event`, prefetched `texts` and `speakers`)."""
    event = session.event
    zone = _zone(event.time_zone)
    chosen = session_texts_for(session=session, language=language)
    title = chosen.text.title if chosen else str(session.uid)
    component = icalendar.Event()
    component.add("uid", f"{session.uid}@atheneum")
    component.add("dtstamp", stamp or timezone.now())
    component.add("dtstart", session.start.astimezone(zone))
    component.add("dtend", session.end.astimezone(zone))
    component.add("summary", title)
    lines = []
    if chosen and chosen.text.abstract:
        lines.append(chosen.text.abstract)
    speakers = ", ".join(speaker.name for speaker in session.speakers.all())
    if speakers:
        lines.append(speakers)
    url = _absolute(reverse("events:session_detail", args=[event.slug, session.pk]))
    lines.append(url)
    component.add("description", "\n\n".join(lines))
    component.add("url", url)
    if session.room:
        component.add("location", session.room)
    if session.languages:
        component.add("categories", [session.get_kind_display(), *session.languages])
    if can_join and session.meeting_url:
        conference = icalendar.vUri(session.meeting_url)
        component.add(
            "conference",
            conference,
            parameters={"VALUE": "URI", "FEATURE": "AUDIO,VIDEO", "LABEL": title[:60]},
        )
    if organizer:
        component.add(
            "organizer", f"mailto:{organizer[1]}", parameters={"CN": organizer[0] or organizer[1]}
        )
    if attendee:
        component.add(
            "attendee",
            f"mailto:{attendee[1]}",
            parameters={
                "CN": attendee[0] or attendee[1],
                "ROLE": "REQ-PARTICIPANT",
                "PARTSTAT": "ACCEPTED",
                "RSVP": "FALSE",
            },
        )
    component.add("sequence", int(session.updated_at.timestamp()) % 2_000_000_000)
    return component


def calendar_for_sessions(
    *,
    sessions: Iterable[Session],
    name: str,
    viewer_can_join: Callable[[Session], bool] | bool,
    method: str | None = None,
    language: str | None = None,
    organizer: tuple[str, str] | None = None,
    attendee: tuple[str, str] | None = None,
) -> bytes:
    """A VCALENDAR with one VEVENT per session, as bytes ready to serve as text/calendar.

    `viewer_can_join` is a bool for all sessions or a callable deciding per session; only then
    does a VEVENT carry the CONFERENCE link. `method="REQUEST"` (RFC 5546) makes mail clients
    offer to add it: pass `organizer` and `attendee` as (name, email) for that."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().replace(microsecond=0)
    for session in sessions:
        can_join = viewer_can_join(session) if callable(viewer_can_join) else viewer_can_join
        calendar.add_component(
            session_event_component(
                session,
                can_join=bool(can_join),
                language=language,
                stamp=stamp,
                organizer=organizer,
                attendee=attendee,
            )
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()
