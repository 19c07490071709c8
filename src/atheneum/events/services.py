"""Writes for conferences: events and their texts, tracks, partners, FAQ, speakers, sessions and
recordings. Each service checks the acting user's right, validates, writes in one transaction and
touches the event so cached schedules and exports are rebuilt."""

import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atheneum.common import fragments
from atheneum.organisations.models import Organisation
from atheneum.organisations.rules import can

from .enums import AttendanceMode, EventStatus, RecordingVisibility, SessionKind
from .models import (
    Event,
    EventPartner,
    EventText,
    FaqEntry,
    Recording,
    Session,
    SessionText,
    Speaker,
    Track,
)
from .selectors import EVENTS_TAG

# Paths under /events/ that an event slug may not take.
# Also "registrations": the API lists mine at /api/v1/events/registrations.
RESERVED_SLUGS = {
    "feed",
    "organisations",
    "new",
    "manage",
    "my",
    "calendar",
    "agenda",
    "registrations",
}


def site_languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def _require(user, perm: str, obj) -> None:
    if not can(user, perm, obj):
        raise PermissionDenied


def event_touch(*, event: Event) -> None:
    """Marks the event changed so its cached schedule and exports are rebuilt."""
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(updated_at=now)
    event.updated_at = now
    fragments.bump(EVENTS_TAG)  # an UPDATE sends no signal


def _validate_event_fields(
    *, slug, default_language, languages, time_zone, start, end, mode, status, visibility, event
):
    errors: dict[str, list] = {}
    if slug in RESERVED_SLUGS:
        errors["slug"] = [_("This short name is reserved. Please choose another.")]
    elif Event.objects.filter(slug=slug).exclude(pk=getattr(event, "pk", None)).exists():
        errors["slug"] = [_("Another event already uses this short name.")]
    unknown = [code for code in languages if code not in site_languages()]
    if not languages:
        errors["languages"] = [_("Choose at least one language.")]
    elif unknown:
        errors["languages"] = [_("Choose languages from the list.")]
    if default_language not in languages:
        errors["default_language"] = [_("The main language must be one of the languages offered.")]
    if time_zone not in zoneinfo.available_timezones():
        errors["time_zone"] = [_("Choose a time zone from the list, such as America/Los_Angeles.")]
    if start and end and end <= start:
        errors["end"] = [_("The end must be after the start.")]
    if mode not in AttendanceMode.values:
        errors["mode"] = [_("Choose a format from the list.")]
    if status not in EventStatus.values:
        errors["status"] = [_("Choose a status from the list.")]
    if visibility not in RecordingVisibility.values:
        errors["recordings_visibility"] = [_("Choose who may watch recordings.")]
    if errors:
        raise ValidationError(errors)


EVENT_FIELDS = (
    "slug",
    "default_language",
    "languages",
    "time_zone",
    "start",
    "end",
    "mode",
    "venue",
    "capacity",
    "status",
    "code_of_conduct_url",
    "recordings_visibility",
    "meeting_link_minutes_before",
)


@transaction.atomic
def event_create(
    *,
    organisation: Organisation,
    slug: str,
    title: str,
    start,
    end,
    languages: list[str],
    default_language: str = "en",
    time_zone: str = "UTC",
    mode: str = AttendanceMode.ONLINE,
    venue: str = "",
    capacity: int | None = None,
    status: str = EventStatus.DRAFT,
    code_of_conduct_url: str = "",
    recordings_visibility: str = RecordingVisibility.MEMBERS,
    meeting_link_minutes_before: int = 15,
    summary: str = "",
    description: str = "",
    acting_user,
) -> Event:
    """A new event with its text in the main language."""
    _require(acting_user, "events.add_event", organisation)
    _validate_event_fields(
        slug=slug,
        default_language=default_language,
        languages=languages,
        time_zone=time_zone,
        start=start,
        end=end,
        mode=mode,
        status=status,
        visibility=recordings_visibility,
        event=None,
    )
    if not title.strip():
        raise ValidationError({"title": [_("Please give the event a title.")]})
    event = Event.objects.create(
        organisation=organisation,
        slug=slug,
        default_language=default_language,
        languages=list(languages),
        time_zone=time_zone,
        start=start,
        end=end,
        mode=mode,
        venue=venue,
        capacity=capacity,
        status=status,
        code_of_conduct_url=code_of_conduct_url,
        recordings_visibility=recordings_visibility,
        meeting_link_minutes_before=meeting_link_minutes_before,
    )
    EventText.objects.create(
        event=event,
        language=default_language,
        title=title.strip(),
        summary=summary,
        description=description,
    )
    return event


@transaction.atomic
def event_update(*, event: Event, acting_user, **fields) -> Event:
    """Changes the event's settings (any of EVENT_FIELDS)."""
    _require(acting_user, "events.change_event", event)
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    values = {name: fields.get(name, getattr(event, name)) for name in EVENT_FIELDS}
    _validate_event_fields(
        slug=values["slug"],
        default_language=values["default_language"],
        languages=values["languages"],
        time_zone=values["time_zone"],
        start=values["start"],
        end=values["end"],
        mode=values["mode"],
        status=values["status"],
        visibility=values["recordings_visibility"],
        event=event,
    )
    for name, value in values.items():
        setattr(event, name, value)
    event.save()
    return event


@transaction.atomic
def event_text_save(
    *, event: Event, language: str, title: str, summary: str, description: str, acting_user
) -> EventText:
    """The event's title, summary and description in one of its languages."""
    _require(acting_user, "events.change_event", event)
    if language not in event.languages:
        raise ValidationError({"language": [_("The event is not offered in this language.")]})
    if not title.strip():
        raise ValidationError({"title": [_("Please give the event a title.")]})
    text, _created = EventText.objects.update_or_create(
        event=event,
        language=language,
        defaults={"title": title.strip(), "summary": summary, "description": description},
    )
    event_touch(event=event)
    return text


@transaction.atomic
def track_save(
    *, event: Event, name: str, position: int = 0, track: Track | None = None, acting_user
) -> Track:
    _require(acting_user, "events.change_event", event)
    if not name.strip():
        raise ValidationError({"name": [_("Please give the track a name.")]})
    track = track or Track(event=event)
    track.name = name.strip()
    track.position = position
    track.save()
    event_touch(event=event)
    return track


@transaction.atomic
def partner_save(
    *,
    event: Event,
    name: str,
    url: str = "",
    logo=None,
    logo_alt: str = "",
    position: int = 0,
    partner: EventPartner | None = None,
    acting_user,
) -> EventPartner:
    """A partner organisation; a logo needs a text alternative."""
    _require(acting_user, "events.change_event", event)
    partner = partner or EventPartner(event=event)
    if logo is not None:
        partner.logo = logo
    if partner.logo and not logo_alt.strip():
        raise ValidationError({"logo_alt": [_("Describe the logo for people who cannot see it.")]})
    partner.name = name.strip()
    partner.url = url
    partner.logo_alt = logo_alt.strip()
    partner.position = position
    partner.save()
    event_touch(event=event)
    return partner


@transaction.atomic
def faq_save(
    *,
    event: Event,
    language: str,
    question: str,
    answer: str,
    position: int = 0,
    entry: FaqEntry | None = None,
    acting_user,
) -> FaqEntry:
    _require(acting_user, "events.change_event", event)
    if language not in event.languages:
        raise ValidationError({"language": [_("The event is not offered in this language.")]})
    entry = entry or FaqEntry(event=event)
    entry.language = language
    entry.question = question.strip()
    entry.answer = answer
    entry.position = position
    entry.save()
    event_touch(event=event)
    return entry


@transaction.atomic
def speaker_save(
    *,
    event: Event,
    name: str,
    bio: str = "",
    affiliation: str = "",
    photo=None,
    photo_alt: str = "",
    user=None,
    speaker: Speaker | None = None,
    acting_user,
) -> Speaker:
    """A speaker profile looked after by the event's organisers; a photo needs a description."""
    _require(acting_user, "events.change_event", event)
    speaker = speaker or Speaker(event=event)
    if photo is not None:
        speaker.photo = photo
    if speaker.photo and not photo_alt.strip():
        raise ValidationError(
            {"photo_alt": [_("Describe the photo for people who cannot see it.")]}
        )
    if not name.strip():
        raise ValidationError({"name": [_("Please give the speaker's name.")]})
    speaker.name = name.strip()
    speaker.bio = bio
    speaker.affiliation = affiliation
    speaker.photo_alt = photo_alt.strip()
    if user is not None:
        speaker.user = user
    speaker.save()
    event_touch(event=event)
    return speaker


@transaction.atomic
def item_delete(*, item, acting_user) -> None:
    """Removes a track, partner, FAQ entry or speaker profile of an event."""
    _require(acting_user, "events.change_item", item)
    event = item.event
    item.delete()
    event_touch(event=event)


def _validate_session(
    *, event, kind, start, end, track, languages, interpreted_into, speakers, texts
):
    errors: dict[str, list] = {}
    if kind not in SessionKind.values:
        errors["kind"] = [_("Choose a session type from the list.")]
    if start and end:
        if end <= start:
            errors["end"] = [_("The end must be after the start.")]
        elif start < event.start or end > event.end:
            errors["start"] = [_("The session must take place within the event's dates.")]
    if track is not None and track.event_id != event.pk:
        errors["track"] = [_("Choose one of this event's tracks.")]
    if not languages:
        errors["languages"] = [_("Choose at least one language the session is given in.")]
    elif not set(languages) <= set(event.languages):
        errors["languages"] = [_("Choose languages the event offers.")]
    if not set(interpreted_into) <= site_languages():
        errors["interpreted_into"] = [_("Choose languages from the list.")]
    if any(speaker.event_id not in (None, event.pk) for speaker in speakers):
        errors["speakers"] = [_("Choose speakers of this event.")]
    if not any(title.strip() for title, _abstract in texts.values()):
        errors["__all__"] = [_("Give the session a title in at least one language.")]
    if set(texts) - set(event.languages):
        errors["__all__"] = [_("Texts can only be written in the languages the event offers.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def session_save(
    *,
    event: Event,
    kind: str,
    start,
    end,
    texts: dict[str, tuple[str, str]],
    languages: list[str],
    interpreted_into: Iterable[str] = (),
    track: Track | None = None,
    room: str = "",
    meeting_url: str = "",
    speakers: Iterable[Speaker] = (),
    competencies: Iterable = (),
    is_published: bool = False,
    session: Session | None = None,
    acting_user,
) -> Session:
    """Creates or changes a session with its title and abstract per language.

    `texts` maps language → (title, abstract); a language with an empty title has no text."""
    _require(acting_user, "events.change_event", event)
    speakers = list(speakers)
    interpreted_into = list(interpreted_into)
    _validate_session(
        event=event,
        kind=kind,
        start=start,
        end=end,
        track=track,
        languages=languages,
        interpreted_into=interpreted_into,
        speakers=speakers,
        texts=texts,
    )
    session = session or Session(event=event)
    session.kind = kind
    session.start = start
    session.end = end
    session.track = track
    session.room = room
    session.languages = list(languages)
    session.interpreted_into = interpreted_into
    session.meeting_url = meeting_url
    session.is_published = is_published
    session.save()
    session.speakers.set(speakers)
    session.competencies.set(list(competencies))
    for language, (title, abstract) in texts.items():
        if title.strip():
            SessionText.objects.update_or_create(
                session=session,
                language=language,
                defaults={"title": title.strip(), "abstract": abstract},
            )
        else:
            SessionText.objects.filter(session=session, language=language).delete()
    event_touch(event=event)
    return session


@transaction.atomic
def recording_save(
    *,
    session: Session,
    url: str,
    transcript: str = "",
    captions=None,
    transcript_file=None,
    acting_user,
    now=None,
) -> Recording:
    """Attaches (or replaces) the recording of a session that has taken place."""
    _require(acting_user, "events.change_session", session)
    now = now or timezone.now()
    if session.start > now:
        raise ValidationError(
            {"url": [_("A recording can be added once the session has started.")]}
        )
    if not url:
        raise ValidationError({"url": [_("Give the link to the video.")]})
    recording = Recording.objects.filter(session=session).first() or Recording(session=session)
    recording.url = url
    recording.transcript = transcript
    if captions is not None:
        recording.captions = captions
    if transcript_file is not None:
        recording.transcript_file = transcript_file
    recording.save()
    Session.objects.filter(pk=session.pk).update(updated_at=now)
    event_touch(event=session.event)
    return recording
