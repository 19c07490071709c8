"""Keeps the cached public event pages fresh: every change to what they show bumps the events
tag. Connected once from `EventsConfig.ready`. Only cache versions move here, no business rules."""

from atheneum.common import fragments
from atheneum.organisations.models import Organisation

from .models import (
    AgendaItem,
    Attendance,
    CalendarFeedToken,
    Event,
    EventPartner,
    EventText,
    FaqEntry,
    Question,
    Registration,
    RegistrationForm,
    Session,
    SessionText,
)
from .registration_selectors import (
    FORMS_TAG,
    SESSIONS_TAG,
    agenda_tag,
    person_tag,
    registrations_tag,
)
from .selectors import EVENTS_TAG


def _events_tags(instance) -> list[str]:
    return [EVENTS_TAG]


def _sessions_tags(instance) -> list[str]:
    return [SESSIONS_TAG]


def _forms_tags(instance) -> list[str]:
    return [FORMS_TAG]


def _registrations_tags(registration) -> list[str]:
    return [registrations_tag(registration.event_id)]


def _agenda_tags(item) -> list[str]:
    return [agenda_tag(item.registration_id)]


def _person_tags(instance) -> list[str]:
    return [person_tag(instance.user_id)]


def connect() -> None:
    fragments.bump_on_change(_events_tags, Event, EventText, EventPartner, FaqEntry, Organisation)
    fragments.bump_on_change(_sessions_tags, Session, SessionText)
    fragments.bump_on_change(_forms_tags, RegistrationForm, Question)
    fragments.bump_on_change(_registrations_tags, Registration)
    fragments.bump_on_change(_agenda_tags, AgendaItem)
    fragments.bump_on_change(_person_tags, CalendarFeedToken, Attendance)
