"""Reads of events, sessions, speakers and recordings.

Selectors own every select_related / prefetch_related. The schedule's session data is built once
per change of the event (see `schedule_version`) and kept in the cache, so the schedule page and
every export cost the same few queries whatever the number of sessions.
"""

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation

from atheneum.common import fragments
from atheneum.competencies.models import Competency, competency_title
from atheneum.organisations.models import Organisation
from atheneum.organisations.selectors import roles_for

from .enums import EventStatus, RegistrationStatus
from .models import (
    Event,
    EventPartner,
    EventText,
    FaqEntry,
    Recording,
    Registration,
    Session,
    Speaker,
    Track,
)

CACHE_SECONDS = 24 * 60 * 60
# The cache tag of what the public event pages show of events (events, their texts, partners,
# FAQ, organisations' names); bumped by `signals` and `services.event_touch`.
EVENTS_TAG = "events"
# How long the index of upcoming events is kept; it lists the events that end within twice
# this time, so it never outlives its list.
INDEX_SECONDS = 60 * 60


# --- Texts in the viewer's language ----------------------------------------------------------


@dataclass(frozen=True)
class Chosen:
    """A text row chosen for the viewer, and whether it is a fallback to another language."""

    text: Any
    language: str
    wanted: str
    is_fallback: bool


def _base(language: str) -> str:
    return (language or "").split("-", maxsplit=1)[0].lower()


def text_for(texts: Iterable, *, language: str, default_language: str) -> Chosen | None:
    """The text in `language` (or its base language), else the default language, else any.

    Works on any rows with a `language` attribute (EventText, SessionText, FaqEntry)."""
    rows = list(texts)
    if not rows:
        return None
    for wanted in (language.lower(), _base(language)):
        for row in rows:
            if row.language.lower() == wanted:
                return Chosen(row, row.language, language, False)
    for wanted in (default_language.lower(), "en"):
        for row in rows:
            if row.language.lower() == wanted:
                return Chosen(row, row.language, language, True)
    return Chosen(rows[0], rows[0].language, language, True)


def event_texts_for(*, event: Event, language: str | None = None) -> Chosen | None:
    """The event's title, summary and description for the viewer; uses prefetched `texts`."""
    return text_for(
        event.texts.all(),
        language=language or translation.get_language() or "en",
        default_language=event.default_language,
    )


def session_texts_for(*, session: Session, language: str | None = None) -> Chosen | None:
    """The session's title and abstract for the viewer; uses prefetched `texts`."""
    return text_for(
        session.texts.all(),
        language=language or translation.get_language() or "en",
        default_language=session.event.default_language,
    )


def event_title(event: Event, language: str | None = None) -> str:
    chosen = event_texts_for(event=event, language=language)
    return chosen.text.title if chosen else event.slug


def session_title(session: Session, language: str | None = None) -> str:
    chosen = session_texts_for(session=session, language=language)
    return chosen.text.title if chosen else str(session.uid)


# --- Events ----------------------------------------------------------------------------------


def _events_for_listing(queryset: QuerySet[Event]) -> QuerySet[Event]:
    return queryset.select_related("organisation").prefetch_related("texts")


def events_published(*, when: str = "all", now: dt.datetime | None = None) -> QuerySet[Event]:
    """Published events: `upcoming` (not ended, soonest first), `past` (ended) or `all`."""
    if when == "upcoming":
        return events_upcoming(now=now)
    queryset = _events_for_listing(Event.objects.exclude(status=EventStatus.DRAFT))
    if when == "past":
        queryset = queryset.filter(end__lt=now or timezone.now())
    return queryset


def events_upcoming(*, now: dt.datetime | None = None) -> QuerySet[Event]:
    """Published events that have not ended, soonest first."""
    now = now or timezone.now()
    return _events_for_listing(
        Event.objects.exclude(status=EventStatus.DRAFT).filter(end__gte=now)
    ).order_by("start", "pk")


def _upcoming_index() -> dict:
    now = timezone.now()
    upcoming = Event.objects.exclude(status=EventStatus.DRAFT).filter(end__gte=now)
    horizon = now + dt.timedelta(seconds=2 * INDEX_SECONDS)
    return {
        "count": upcoming.count(),
        "ending": sorted(upcoming.filter(end__lt=horizon).values_list("end", flat=True)),
    }


def events_upcoming_state() -> tuple[int, int]:
    """How many events are upcoming now, and how many of them ended since the cached index was
    built (a cache key part: it moves when the list changes by itself, as events end).

    One cache read while nothing changes; event changes bump `EVENTS_TAG`."""
    index = fragments.cached(
        ["events:upcoming-index"],
        tags=[EVENTS_TAG],
        build=_upcoming_index,
        timeout=INDEX_SECONDS,
    )
    ended = bisect_left(index["ending"], timezone.now())
    return index["count"] - ended, ended


def events_for_organisation(*, organisation: Organisation, user) -> QuerySet[Event]:
    """The organisation's events; drafts too for its organisers. Newest first."""
    queryset = Event.objects.filter(organisation=organisation)
    if not (user.is_superuser or roles_for(user).is_organiser(organisation.pk)):
        queryset = queryset.exclude(status=EventStatus.DRAFT)
    return _events_for_listing(queryset).order_by("-start", "-pk")


def organisation_get(*, slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return organisation


def organisations_for_authoring(*, user) -> QuerySet[Organisation]:
    """Organisations in which the user may create events."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.order_by("name")
    roles = roles_for(user)
    ids = [org_id for org_id in roles.org_roles if roles.is_organiser(org_id)]
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def event_by_slug(slug: str) -> Event | None:
    """The event at `slug` with its organisation and texts, from the cache while no event
    changes (every reader gets its own copy)."""
    return fragments.cached(
        ["events:event", slug],
        tags=[EVENTS_TAG],
        build=lambda: _events_for_listing(Event.objects.filter(slug=slug)).first(),
    )


def event_get_for_user(*, user, slug: str) -> Event:
    """The event at `slug` if the viewer may see it; 404 for drafts they may not know about."""
    event = event_by_slug(slug)
    if event is None or not user.has_perm("events.view_event", event):
        raise Http404
    return event


def event_page_data(*, event: Event, language: str) -> dict:
    """Partners and the FAQ in the viewer's language (else the event's main language)."""
    faq = list(FaqEntry.objects.filter(event=event))
    languages = {entry.language for entry in faq}
    shown = (
        language
        if language in languages
        else (_base(language) if _base(language) in languages else event.default_language)
    )
    return {
        "partners": list(EventPartner.objects.filter(event=event)),
        "faq": [entry for entry in faq if entry.language == shown],
        "faq_language": shown,
        "faq_is_fallback": bool(faq) and shown != language,
    }


def event_manage_data(*, event: Event) -> dict:
    return {
        "sessions": list(
            Session.objects.filter(event=event)
            .select_related("track", "event", "recording")
            .prefetch_related("texts")
        ),
        "tracks": list(Track.objects.filter(event=event)),
        "speakers": list(Speaker.objects.filter(event=event)),
        "partners": list(EventPartner.objects.filter(event=event)),
        "faq": list(FaqEntry.objects.filter(event=event)),
        "texts": list(EventText.objects.filter(event=event).order_by("language")),
    }


def item_get_for_user(*, user, event: Event, model, pk: int):
    """A track, speaker, partner or FAQ entry of `event` the user may change; 404 otherwise."""
    item = model.objects.filter(event=event, pk=pk).first()
    if item is None:
        raise Http404
    item.event = event
    if not user.has_perm("events.change_item", item):
        raise Http404
    return item


# --- Sessions --------------------------------------------------------------------------------


def session_get_for_user(*, user, event: Event, pk: int) -> Session:
    """A session of `event` the viewer may see, with its speakers, texts and competencies."""
    session = (
        Session.objects.filter(event=event, pk=pk)
        .select_related("track")
        .prefetch_related(
            "texts",
            "speakers",
            Prefetch(
                "competencies",
                queryset=Competency.objects.select_related("framework").prefetch_related("texts"),
            ),
        )
        .first()
    )
    if session is None:
        raise Http404
    session.event = event
    if not user.has_perm("events.view_session", session):
        raise Http404
    return session


def recording_of(session: Session) -> Recording | None:
    return Recording.objects.filter(session=session).first()


def has_confirmed_registration(*, user, event: Event) -> bool:
    if user is None or not user.is_authenticated:
        return False
    cache_attr = "_atheneum_confirmed_events"
    known = getattr(user, cache_attr, None)
    if known is None:
        known = {}
        setattr(user, cache_attr, known)
    if event.pk not in known:
        known[event.pk] = Registration.objects.filter(
            event=event, user=user, status=RegistrationStatus.CONFIRMED
        ).exists()
    return known[event.pk]


def meeting_link_for(*, session: Session, user, now: dt.datetime | None = None) -> str | None:
    """The meeting link, only for people with a confirmed registration for the event, and only
    from `event.meeting_link_minutes_before` minutes before the session until its end."""
    if not session.meeting_url or not has_confirmed_registration(user=user, event=session.event):
        return None
    now = now or timezone.now()
    opens = session.start - dt.timedelta(minutes=session.event.meeting_link_minutes_before)
    if opens <= now <= session.end:
        return session.meeting_url
    return None


# --- The schedule, built once per change -----------------------------------------------------


def schedule_version(event: Event) -> str:
    """Changes whenever the event or any of its sessions changes, or a session is removed.

    Services that change texts, tracks or speakers touch the event, so its `updated_at` moves."""
    row = Session.objects.filter(event=event).aggregate(latest=Max("updated_at"), n=Count("pk"))
    latest = row["latest"].timestamp() if row["latest"] else 0
    return f"{event.pk}:{event.updated_at.timestamp()}:{latest}:{row['n']}"


def _session_rows(event: Event, *, language: str, include_unpublished: bool) -> list[dict]:
    sessions = Session.objects.filter(event=event)
    if not include_unpublished:
        sessions = sessions.filter(is_published=True)
    sessions = (
        sessions.select_related("track")
        .prefetch_related(
            "texts",
            Prefetch("speakers", queryset=Speaker.objects.order_by("name", "pk")),
            Prefetch(
                "competencies",
                queryset=Competency.objects.select_related("framework").prefetch_related("texts"),
            ),
        )
        .annotate(has_recording=Count("recording"))
        .order_by("start", "track__position", "pk")
    )
    rows = []
    for session in sessions:
        session.event = event
        chosen = session_texts_for(session=session, language=language)
        rows.append(
            {
                "id": session.pk,
                "uid": str(session.uid),
                "title": chosen.text.title if chosen else "",
                "title_language": chosen.language if chosen else event.default_language,
                "abstract": chosen.text.abstract if chosen else "",
                "is_fallback": chosen.is_fallback if chosen else False,
                "kind": session.kind,
                "kind_label": str(session.get_kind_display()),
                "start": session.start,
                "end": session.end,
                "room": session.room,
                "track_id": session.track_id,
                "track": session.track.name if session.track else "",
                "languages": list(session.languages or []),
                "interpreted_into": list(session.interpreted_into or []),
                "speakers": [
                    {"id": s.pk, "uid": str(s.uid), "name": s.name} for s in session.speakers.all()
                ],
                "competencies": [
                    {"id": c.pk, "title": competency_title(c, language)}
                    for c in session.competencies.all()
                ],
                "has_recording": bool(session.has_recording),
                "is_published": session.is_published,
                "has_meeting_url": bool(session.meeting_url),
                "url": reverse("events:session_detail", args=[event.slug, session.pk]),
            }
        )
    return rows


def schedule_data(*, event: Event, language: str | None = None, include_unpublished=False) -> dict:
    """Everything the schedule page and the exports show, cached until the event changes.

    Returns {"version", "sessions": [dict], "tracks": [(id, name)]}. Meeting links are never in
    it; exports that may carry them ask `Session.meeting_url` separately."""
    language = language or translation.get_language() or "en"
    version = schedule_version(event)
    key = f"events:schedule:{version}:{language}:{int(bool(include_unpublished))}"
    data = cache.get(key)
    if data is None:
        data = {
            "version": version,
            "sessions": _session_rows(
                event, language=language, include_unpublished=include_unpublished
            ),
            "tracks": list(Track.objects.filter(event=event).values_list("id", "name")),
        }
        cache.set(key, data, CACHE_SECONDS)
    return data


def meeting_urls_for_event(*, event: Event) -> dict[int, str]:
    """Session id → meeting link; for building calendars for registered people only."""
    return dict(
        Session.objects.filter(event=event, is_published=True)
        .exclude(meeting_url="")
        .values_list("pk", "meeting_url")
    )


def sessions_for_calendar(*, event: Event, session_ids: Iterable[int] | None = None):
    """Published sessions with texts, track and speakers, ready for `calendars`."""
    queryset = (
        Session.objects.filter(event=event, is_published=True)
        .select_related("track", "event")
        .prefetch_related("texts", "speakers")
        .order_by("start", "pk")
    )
    if session_ids is not None:
        queryset = queryset.filter(pk__in=list(session_ids))
    return queryset


def competency_choices(*, event: Event) -> QuerySet[Competency]:
    """Competencies an organiser may link a session to: the organisation's frameworks'."""
    from atheneum.competencies.selectors import competencies_for_organisation

    frameworks = competencies_for_organisation(organisation=event.organisation)
    return (
        Competency.objects.filter(framework__in=frameworks)
        .select_related("framework")
        .prefetch_related("texts")
        .order_by("framework_id", "pk")
    )


def competencies_in_schedule(sessions: list[dict]) -> list[dict]:
    seen: dict[int, str] = {}
    for row in sessions:
        for competency in row["competencies"]:
            seen.setdefault(competency["id"], competency["title"])
    return [{"id": pk, "title": title} for pk, title in sorted(seen.items(), key=lambda i: i[1])]


def sessions_in_language(rows: list[dict], language: str) -> list[dict]:
    return [
        row for row in rows if language in row["languages"] or language in row["interpreted_into"]
    ]


def filter_sessions(
    rows: list[dict], *, language: str = "", competency: int | None = None, track: int | None = None
) -> list[dict]:
    if language:
        rows = sessions_in_language(rows, language)
    if competency:
        rows = [r for r in rows if any(c["id"] == competency for c in r["competencies"])]
    if track:
        rows = [r for r in rows if r["track_id"] == track]
    return rows
