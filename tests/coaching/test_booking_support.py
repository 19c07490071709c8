"""Shared set-up for the booking tests (no tests here): a published programme of the
`organisation` fixture, one open round, one coach in Stockholm and helpers."""

import datetime

import icalendar
import pytest

from ..factories import UserFactory
from .factories import CoachFactory, ProgrammeFactory, RoundFactory, SlotFactory


@pytest.fixture
def programme(organisation):
    return ProgrammeFactory(organisation=organisation, slug="career-coaching")


@pytest.fixture
def round_(programme):
    return RoundFactory(programme=programme)


@pytest.fixture
def coach_user(db):
    return UserFactory(
        email="coach@example.org", display_name="Cora Coach", time_zone="Europe/Stockholm"
    )


@pytest.fixture
def coach(programme, coach_user):
    return CoachFactory(programme=programme, user=coach_user, languages=["en", "sv"])


def slot_at(round_, coach, hours: float = 0, minutes: int | None = None):
    start = round_.coaching_starts + datetime.timedelta(hours=hours)
    length = minutes or round_.session_minutes
    return SlotFactory(
        round=round_, coach=coach, start=start, end=start + datetime.timedelta(minutes=length)
    )


@pytest.fixture
def slot(round_, coach):
    return slot_at(round_, coach)


def ics_events(data: bytes) -> tuple[icalendar.Calendar, list]:
    calendar = icalendar.Calendar.from_ical(data)
    return calendar, list(calendar.walk("VEVENT"))


def ics_attachment(message) -> tuple[str, bytes]:
    """(method parameter of the MIME part, the calendar bytes) of a mail's invite."""
    (part,) = message.attachments
    return part.get_param("method"), part.get_payload(decode=True)
