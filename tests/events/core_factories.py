"""Factories and fixtures for the conference core tests (imported by the test_core_* modules)."""

import datetime as dt

import factory
import pytest
from django.utils import timezone
from factory.django import DjangoModelFactory

from atheneum.events.enums import (
    EventStatus,
    RecordingVisibility,
    RegistrationStatus,
    SessionKind,
)
from atheneum.events.models import (
    Event,
    EventText,
    Recording,
    Registration,
    RegistrationForm,
    Session,
    SessionText,
    Speaker,
    Track,
)

from ..factories import OrganisationFactory


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    slug = factory.Sequence(lambda n: f"conference-{n}")
    default_language = "en"
    languages = factory.LazyFunction(lambda: ["en", "es"])
    time_zone = "America/Los_Angeles"
    start = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(days=2))
    status = EventStatus.REGISTRATION
    recordings_visibility = RecordingVisibility.MEMBERS

    @factory.post_generation
    def title(obj, create, extracted, **kwargs):
        if create:
            EventText.objects.create(
                event=obj,
                language=obj.default_language,
                title=extracted or f"Conference {obj.slug}",
                summary="Two days about libraries.",
                description="Welcome to **the** conference.",
            )


class TrackFactory(DjangoModelFactory):
    class Meta:
        model = Track

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Track {n}")


class SpeakerFactory(DjangoModelFactory):
    class Meta:
        model = Speaker

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Speaker {n}")
    bio = "Librarian."


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    kind = SessionKind.TALK
    start = factory.LazyAttribute(lambda o: o.event.start + dt.timedelta(hours=1))
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=1))
    languages = factory.LazyFunction(lambda: ["en"])
    meeting_url = "https://meet.example.org/room-1"
    is_published = True

    @factory.post_generation
    def title(obj, create, extracted, **kwargs):
        if create:
            SessionText.objects.create(
                session=obj, language="en", title=extracted or f"Talk {obj.pk}", abstract="Abs."
            )


def register(user, event, status=RegistrationStatus.CONFIRMED) -> Registration:
    form, _ = RegistrationForm.objects.get_or_create(event=event, language="en")
    return Registration.objects.create(
        event=event, user=user, form=form, follow_language="en", status=status
    )


@pytest.fixture
def event(organisation):
    return EventFactory(organisation=organisation, slug="library-futures", title="Library futures")


@pytest.fixture
def draft_event(organisation):
    return EventFactory(
        organisation=organisation, slug="secret-plans", title="Secret plans", status="draft"
    )


@pytest.fixture
def session(event):
    return SessionFactory(event=event, title="Open access in practice")


@pytest.fixture
def past_session(event):
    """A session that has taken place, with a recording (the event began yesterday)."""
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(start=now - dt.timedelta(days=1))
    event.refresh_from_db()
    past = SessionFactory(
        event=event,
        start=now - dt.timedelta(hours=5),
        end=now - dt.timedelta(hours=4),
        title="Recorded talk",
    )
    Recording.objects.create(
        session=past, url="https://video.example.org/v/1", transcript="Hello everyone."
    )
    return past
