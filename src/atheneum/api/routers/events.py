"""Events, their sessions, my registrations and my agenda: `/api/v1/events/…`.

Reads go through `atheneum.events.selectors` and `registration_selectors`; registering,
cancelling and changing the agenda call the same services as the registration pages, so
capacity, the waiting list and the organiser's questions behave exactly as they do there.
Nobody reads another person's registration or answers here; organisers' attendee lists are
not part of the API.
"""

import datetime as dt
import uuid
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import PlainValidator, WithJsonSchema

from atheneum.events import registration_selectors, registration_services, selectors
from atheneum.events.enums import RegistrationStatus
from atheneum.events.models import Event, Registration
from atheneum.events.registration_rules import is_registration_open
from atheneum.organisations.rules import can

from ..auth import PUBLIC, require_scope
from ..pagination import Pagination

router = Router(tags=["events"])
AREA = "events"


def _answer(value):
    if isinstance(value, str | bool):
        return value
    raise ValueError(_("An answer is text, or true or false for a tick box."))


# One error per answer at fault, named `answers.<question id>` (a plain union would name both
# of its branches).
Answer = Annotated[
    str | bool,
    PlainValidator(_answer),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "boolean"}]}),
]


def _language() -> str:
    return translation.get_language() or "en"


# --- Schemas -------------------------------------------------------------------------------------


class OrganisationRef(Schema):
    slug: str
    name: str


class EventRef(Schema):
    slug: str
    title: str


def _event_text(event: Event):
    """The event's texts in the caller's language, chosen once per event object."""
    if not hasattr(event, "_api_text"):
        event._api_text = selectors.event_texts_for(event=event, language=_language())
    return event._api_text


class EventOut(Schema):
    slug: str
    title: str
    summary: str
    text_language: str = Field(description="The language the title and summary are in.")
    organisation: OrganisationRef
    start: dt.datetime
    end: dt.datetime
    time_zone: str = Field(description="The event's own time zone; times here are in UTC.")
    mode: str
    venue: str
    status: str
    default_language: str
    languages: list[str]
    capacity: int | None
    registration_open: bool

    @staticmethod
    def resolve_title(obj) -> str:
        chosen = _event_text(obj)
        return chosen.text.title if chosen else obj.slug

    @staticmethod
    def resolve_summary(obj) -> str:
        chosen = _event_text(obj)
        return chosen.text.summary if chosen else ""

    @staticmethod
    def resolve_text_language(obj) -> str:
        chosen = _event_text(obj)
        return chosen.language if chosen else obj.default_language

    @staticmethod
    def resolve_languages(obj) -> list[str]:
        return list(obj.languages or [obj.default_language])

    @staticmethod
    def resolve_registration_open(obj) -> bool:
        return is_registration_open.test(None, obj)


class FaqOut(Schema):
    question: str
    answer: str


class PartnerOut(Schema):
    name: str
    url: str


class EventDetailOut(EventOut):
    description: str = Field(description="Markdown.")
    code_of_conduct_url: str
    recordings_visibility: str
    places_left: int | None = Field(description="Null when the event has no capacity limit.")
    faq: list[FaqOut]
    partners: list[PartnerOut]

    @staticmethod
    def resolve_description(obj) -> str:
        chosen = _event_text(obj)
        return chosen.text.description if chosen else ""

    @staticmethod
    def resolve_faq(obj) -> list:
        return obj._api_page["faq"]

    @staticmethod
    def resolve_partners(obj) -> list:
        return obj._api_page["partners"]


class SpeakerOut(Schema):
    name: str


class CompetencyRef(Schema):
    id: int
    title: str


class SessionOut(Schema):
    uid: uuid.UUID
    title: str
    title_language: str
    abstract: str = Field(description="Markdown.")
    kind: str
    start: dt.datetime
    end: dt.datetime
    room: str
    track: str | None
    languages: list[str]
    interpreted_into: list[str]
    speakers: list[SpeakerOut]
    competencies: list[CompetencyRef]
    has_recording: bool

    @staticmethod
    def resolve_track(obj) -> str | None:
        return obj["track"] or None


class SessionDetailOut(SessionOut):
    meeting_url: str | None = Field(
        description="Only for people with a confirmed place, shortly before and during the session."
    )


class RegistrationOut(Schema):
    event: EventRef
    status: str
    form_language: str
    follow_language: str
    answers: dict[str, Answer] = Field(description="My answers, by question id.")
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_event(obj) -> dict:
        return {"slug": obj.event.slug, "title": selectors.event_title(obj.event)}

    @staticmethod
    def resolve_form_language(obj) -> str:
        return obj.form.language


class RegistrationDetailOut(RegistrationOut):
    waitlist_position: int | None = Field(description="Null unless on the waiting list.")


class RegistrationIn(Schema):
    follow_language: str = Field(max_length=10, description="One of the event's languages.")
    form_language: str | None = Field(
        None, max_length=10, description="Which registration form to answer (default: mine)."
    )
    answers: dict[str, Answer] = Field(
        default_factory=dict, description="Answers to the form's questions, by question id."
    )


class AgendaItemOut(Schema):
    event: str = Field(description="The event's slug.")
    session: uuid.UUID
    title: str
    kind: str
    start: dt.datetime
    end: dt.datetime
    room: str
    languages: list[str]
    speakers: list[SpeakerOut]
    confirmed: bool = Field(description="Whether my place is confirmed (else waiting list).")


class EventFilters(Schema):
    when: Literal["upcoming", "past", "all"] = Field(
        "upcoming", description="Upcoming (not yet ended), past, or all events."
    )
    organisation: str | None = Field(None, max_length=80, description="Organisation slug.")
    language: str | None = Field(None, max_length=10, description="Offered in this language.")


class SessionFilters(Schema):
    language: str | None = Field(None, max_length=10, description="Given or interpreted in.")
    track: int | None = None
    competency: int | None = None


class RegistrationFilters(Schema):
    status: Literal["confirmed", "waitlisted", "cancelled"] | None = None


# --- Helpers -------------------------------------------------------------------------------------


def _published_events(*, when: str, now: dt.datetime):
    return selectors.events_published(when=when, now=now)


def _offered_in(queryset, language: str):
    if connection.features.supports_json_field_contains:
        return queryset.filter(
            Q(languages__contains=[language]) | Q(languages=[], default_language=language)
        )
    ids = [
        pk
        for pk, languages, default in queryset.values_list("pk", "languages", "default_language")
        if language in (languages or [default])
    ]
    return queryset.filter(pk__in=ids)


def _with_answer_fields(error: ValidationError) -> ValidationError:
    """The service names a question's field `q_<id>`; the API's body names it `answers.<id>`."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {
            (f"answers.{field[2:]}" if field.startswith("q_") else field): errors
            for field, errors in error.error_dict.items()
        }
    )


def _detail(registration: Registration, event: Event) -> Registration:
    registration.event = event
    registration.waitlist_position = registration_selectors.waitlist_position(
        registration=registration
    )
    return registration


def _my_registration(request, slug: str) -> tuple[Event, Registration]:
    event = registration_selectors.event_get_for_registration(user=request.user, slug=slug)
    registration = registration_selectors.registration_of(event=event, user=request.user)
    if registration is None:
        raise Http404
    return event, registration


# --- My registrations and agenda (before `/{slug}`, which would match their paths) --------------


@router.get("/registrations", response=list[RegistrationOut], summary="My registrations for events")
@paginate(Pagination)
def my_registrations(request, filters: Query[RegistrationFilters]):
    require_scope(request, AREA)
    queryset = registration_selectors.registrations_of_user(user=request.user)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return queryset


@router.get("/agenda", response=list[AgendaItemOut], summary="My agenda")
@paginate(Pagination)
def my_agenda(request, event: str | None = Query(None, max_length=100)):
    """The sessions on my agendas of events I am registered for, in time order."""
    require_scope(request, AREA)
    return [
        {
            "event": session.event.slug,
            "session": session.uid,
            "title": registration_selectors.session_title(session, follow_language),
            "kind": session.kind,
            "start": session.start,
            "end": session.end,
            "room": session.room,
            "languages": list(session.languages or []),
            "speakers": [{"name": speaker.name} for speaker in session.speakers.all()],
            "confirmed": confirmed,
        }
        for session, confirmed, follow_language in registration_selectors.feed_entries(
            user=request.user
        )
        if session.is_published and (event is None or session.event.slug == event)
    ]


# --- Events and sessions -------------------------------------------------------------------------


@router.get("", response=list[EventOut], auth=PUBLIC, summary="Published events")
@paginate(Pagination)
def event_list(request, filters: Query[EventFilters]):
    require_scope(request, AREA)
    queryset = _published_events(when=filters.when, now=timezone.now())
    if filters.organisation:
        queryset = queryset.filter(organisation__slug=filters.organisation)
    if filters.language:
        queryset = _offered_in(queryset, filters.language)
    return queryset.order_by("start", "pk")


@router.get("/{slug}", response=EventDetailOut, auth=PUBLIC, summary="One event")
def event_detail(request, slug: str):
    require_scope(request, AREA)
    event = selectors.event_get_for_user(user=request.user, slug=slug)
    event._api_page = selectors.event_page_data(event=event, language=_language())
    event.places_left = (
        max(event.capacity - registration_selectors.confirmed_count(event=event), 0)
        if event.capacity is not None
        else None
    )
    return event


@router.get(
    "/{slug}/sessions", response=list[SessionOut], auth=PUBLIC, summary="An event's sessions"
)
@paginate(Pagination)
def session_list(request, slug: str, filters: Query[SessionFilters]):
    """Published sessions in time order (then track, then id), texts in the caller's language."""
    require_scope(request, AREA)
    event = selectors.event_get_for_user(user=request.user, slug=slug)
    rows = selectors.schedule_data(event=event, language=_language())["sessions"]
    return selectors.filter_sessions(
        rows,
        language=filters.language or "",
        competency=filters.competency,
        track=filters.track,
    )


@router.get("/{slug}/sessions/{uid}", response=SessionDetailOut, auth=PUBLIC, summary="One session")
def session_detail(request, slug: str, uid: uuid.UUID):
    require_scope(request, AREA)
    event = selectors.event_get_for_user(user=request.user, slug=slug)
    session = registration_selectors.session_get(event=event, uid=uid)
    rows = selectors.schedule_data(event=event, language=_language())["sessions"]
    row = next((row for row in rows if row["uid"] == str(uid)), None)
    if row is None:
        raise Http404
    return {**row, "meeting_url": selectors.meeting_link_for(session=session, user=request.user)}


# --- Registering ---------------------------------------------------------------------------------


@router.get(
    "/{slug}/registration", response=RegistrationDetailOut, summary="My registration for an event"
)
def registration_detail(request, slug: str):
    require_scope(request, AREA)
    event, registration = _my_registration(request, slug)
    return _detail(registration, event)


@router.post(
    "/{slug}/registration",
    response={201: RegistrationDetailOut},
    summary="Register for an event",
)
def registration_create(request, slug: str, payload: RegistrationIn):
    """Confirmed while places are left, else on the waiting list (see `status`)."""
    require_scope(request, AREA, write=True)
    event = registration_selectors.event_get_for_registration(user=request.user, slug=slug)
    if not can(request.user, "events.register", event):
        raise ValidationError(_("Registration for this event is closed."))
    forms = registration_selectors.registration_forms_of(event=event, open_only=True)
    if payload.form_language and payload.form_language not in {f.language for f in forms}:
        raise ValidationError({"form_language": _("Choose one of the registration forms offered.")})
    chosen = registration_selectors.registration_form_for_language(
        forms=forms, wanted=payload.form_language, viewer_language=_language(), event=event
    )
    if chosen is None:
        raise ValidationError(_("Registration for this event is closed."))
    try:
        registration = registration_services.registration_create(
            event=event,
            user=request.user,
            form=chosen,
            follow_language=payload.follow_language,
            answers=payload.answers,
            acting_user=request.user,
        )
    except ValidationError as error:
        raise _with_answer_fields(error) from error
    return Status(201, _detail(registration, event))


@router.delete(
    "/{slug}/registration", response=RegistrationDetailOut, summary="Cancel my registration"
)
def registration_cancel(request, slug: str):
    """Cancels my place; a freed place goes to the first person on the waiting list."""
    require_scope(request, AREA, write=True)
    event, registration = _my_registration(request, slug)
    registration_services.registration_cancel(registration=registration, acting_user=request.user)
    registration.status = RegistrationStatus.CANCELLED
    return _detail(registration, event)


# --- Changing my agenda --------------------------------------------------------------------------


@router.put("/{slug}/agenda/{uid}", response=AgendaItemOut, summary="Put a session on my agenda")
def agenda_add(request, slug: str, uid: uuid.UUID):
    require_scope(request, AREA, write=True)
    event, registration = _my_registration(request, slug)
    session = registration_selectors.session_get(event=event, uid=uid)
    registration_services.agenda_add(
        registration=registration, session=session, acting_user=request.user
    )
    return {
        "event": event.slug,
        "session": session.uid,
        "title": registration_selectors.session_title(session, registration.follow_language),
        "kind": session.kind,
        "start": session.start,
        "end": session.end,
        "room": session.room,
        "languages": list(session.languages or []),
        "speakers": [{"name": speaker.name} for speaker in session.speakers.all()],
        "confirmed": registration.status == RegistrationStatus.CONFIRMED,
    }


@router.delete("/{slug}/agenda/{uid}", response={204: None}, summary="Take a session off my agenda")
def agenda_remove(request, slug: str, uid: uuid.UUID):
    require_scope(request, AREA, write=True)
    event, registration = _my_registration(request, slug)
    session = registration_selectors.session_get(event=event, uid=uid)
    registration_services.agenda_remove(
        registration=registration, session=session, acting_user=request.user
    )
    return Status(204, None)
