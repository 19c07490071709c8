"""Factories and fixtures shared by the registration and attendance tests (no tests here).

Test modules import the fixtures they use by name."""

import datetime

import factory
import pytest
from django.utils import timezone
from factory.django import DjangoModelFactory

from atheneum.events.enums import EventStatus, QuestionKind, RegistrationStatus, SessionKind
from atheneum.events.models import (
    Event,
    EventText,
    Question,
    Registration,
    RegistrationForm,
    Session,
    SessionText,
)

from ..factories import UserFactory

MEETING_URL = "https://meet.example.org/j/secret-room-4711"
CHECK_IN_CODE = "LIBRO7"


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"conference-{n}")
    default_language = "en"
    languages = factory.LazyFunction(lambda: ["en", "es"])
    time_zone = "America/Los_Angeles"
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(days=2))
    status = EventStatus.REGISTRATION

    @factory.post_generation
    def title(obj, create, extracted, **kwargs):
        if create:
            EventText.objects.create(event=obj, language="en", title=extracted or "Open Shelves")
            EventText.objects.create(event=obj, language="es", title="Estantes abiertos")


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    kind = SessionKind.TALK
    start = factory.LazyAttribute(lambda o: o.event.start + datetime.timedelta(hours=1))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(minutes=90))
    languages = factory.LazyFunction(lambda: ["en"])
    meeting_url = MEETING_URL
    is_published = True
    check_in_code = CHECK_IN_CODE

    @factory.post_generation
    def title(obj, create, extracted, **kwargs):
        if create:
            SessionText.objects.create(
                session=obj, language="en", title=extracted or "Story time online"
            )
            SessionText.objects.create(session=obj, language="es", title="Hora del cuento")


class RegistrationFormFactory(DjangoModelFactory):
    class Meta:
        model = RegistrationForm

    event = factory.SubFactory(EventFactory)
    language = "en"


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    form = factory.SubFactory(RegistrationFormFactory)
    kind = QuestionKind.TEXT
    label = factory.Sequence(lambda n: f"Question {n}")


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    form = factory.LazyAttribute(
        lambda o: RegistrationForm.objects.get_or_create(event=o.event, language="en")[0]
    )
    follow_language = "en"
    status = RegistrationStatus.CONFIRMED


@pytest.fixture
def event(organisation):
    return EventFactory(organisation=organisation, slug="open-shelves", capacity=3)


@pytest.fixture
def form_en(event):
    form = RegistrationFormFactory(event=event, language="en", introduction="Welcome!")
    QuestionFactory(
        form=form,
        kind=QuestionKind.CHOICE,
        label="Which sector do you work in?",
        choices=["Public library", "Academic library"],
        required=True,
    )
    QuestionFactory(form=form, kind=QuestionKind.CHECKBOX, label="I accept the code of conduct",
                    required=True)  # fmt: skip
    return form


@pytest.fixture
def form_es(event):
    form = RegistrationFormFactory(event=event, language="es")
    QuestionFactory(form=form, kind=QuestionKind.TEXT, label="¿Dónde trabaja?", required=True)
    return form


@pytest.fixture
def session(event):
    return SessionFactory(event=event, title="Story time online")


@pytest.fixture
def registration(event, form_en, member, session):
    from atheneum.events.models import AgendaItem

    reg = RegistrationFactory(event=event, user=member, form=form_en)
    AgendaItem.objects.create(registration=reg, session=session)
    return reg


def answers_en(form) -> dict:
    choice, checkbox = list(form.questions.all())
    return {str(choice.pk): "Public library", str(checkbox.pk): True}
