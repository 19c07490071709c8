"""Demo registration: English and Spanish forms for the association's learning week, Amina
registered with sessions on her agenda and one attended (so it is in her CPD record), a few
other registrations, and a small capped clinic whose waiting list has someone on it.

Load after events.demo (it builds on that conference). Running `load` twice changes nothing.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .attendance import _record
from .demo import CONFERENCE
from .enums import AttendanceSource, EventStatus, QuestionKind, RegistrationStatus, SessionKind
from .models import (
    AgendaItem,
    Event,
    EventText,
    Question,
    Registration,
    RegistrationForm,
    Session,
    SessionText,
)

CLINIC = "illa-cataloguing-clinic"
PACIFIC = ZoneInfo("America/Los_Angeles")

FORMS = {
    "en": (
        "Registration is free. Choose the language you will follow: every session is "
        "interpreted into the other language.",
        "What kind of library do you work in?",
        ["Public library", "Academic library", "School library", "Special library", "Other"],
    ),
    "es": (
        "La inscripción es gratuita. Elija el idioma en que seguirá las sesiones: todas se "
        "interpretan al otro idioma.",
        "¿En qué tipo de biblioteca trabaja?",
        ["Biblioteca pública", "Biblioteca universitaria", "Biblioteca escolar", "Otra"],
    ),
}

ATTENDEES = [
    ("rosa.demo@demo.atheneum.test", "Rosa Delgado", "es"),
    ("tomas.demo@demo.atheneum.test", "Tomás Ibarra", "es"),
    ("kofi.demo@demo.atheneum.test", "Kofi Mensah", "en"),
    ("ines.demo@demo.atheneum.test", "Inés Carvalho", "en"),
]


def _person(email: str, name: str):
    user_model = get_user_model()
    user = user_model.objects.filter(email=email).first()
    if user is None:
        user = user_model.objects.create_user(email=email, display_name=name)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _forms(event: Event) -> dict[str, RegistrationForm]:
    forms = {}
    for language, (introduction, label, choices) in FORMS.items():
        form, created = RegistrationForm.objects.get_or_create(
            event=event, language=language, defaults={"introduction": introduction}
        )
        if created:
            Question.objects.create(
                form=form, kind=QuestionKind.CHOICE, label=label, choices=choices, required=True
            )
        forms[language] = form
    return forms


def _register(event, forms, user, language, status=RegistrationStatus.CONFIRMED):
    existing = (
        Registration.objects.filter(event=event, user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    if existing is not None:
        return existing
    form = forms[language]
    question = form.questions.first()
    return Registration.objects.create(
        event=event,
        user=user,
        form=form,
        follow_language=language,
        status=status,
        answers={str(question.pk): question.choices[0]} if question else {},
    )


def _clinic(organisation, now) -> Event:
    event = Event.objects.filter(slug=CLINIC).first()
    if event is not None:
        return event
    day = (now + dt.timedelta(days=21)).astimezone(PACIFIC).date()
    start = dt.datetime.combine(day, dt.time(9, 0), tzinfo=PACIFIC)
    event = Event.objects.create(
        organisation=organisation,
        slug=CLINIC,
        default_language="en",
        languages=["en", "es"],
        time_zone="America/Los_Angeles",
        start=start,
        end=start + dt.timedelta(hours=3),
        capacity=2,
        status=EventStatus.REGISTRATION,
    )
    EventText.objects.create(
        event=event,
        language="en",
        title="Cataloguing clinic: bring your hardest records",
        summary="A small hands-on clinic: two places, so that everyone gets time with the experts.",
    )
    EventText.objects.create(
        event=event,
        language="es",
        title="Clínica de catalogación: traiga sus registros más difíciles",
        summary="Una clínica práctica y pequeña: dos plazas, para que todos tengan tiempo.",
    )
    session = Session.objects.create(
        event=event,
        kind=SessionKind.WORKSHOP,
        start=start,
        end=start + dt.timedelta(hours=3),
        room="Zoom",
        languages=["en"],
        interpreted_into=["es"],
        meeting_url="https://meet.example.org/illa-clinic",
        is_published=True,
    )
    SessionText.objects.create(session=session, language="en", title="Cataloguing clinic")
    SessionText.objects.create(session=session, language="es", title="Clínica de catalogación")
    return event


@transaction.atomic
def load(*, organisations: dict, users: dict) -> None:
    now = timezone.now()
    conference = Event.objects.filter(slug=CONFERENCE).first()
    people = [_person(email, name) for email, name, _language in ATTENDEES]
    if conference is not None:
        forms = _forms(conference)
        mine = _register(conference, forms, users["member"], "en")
        sessions = list(Session.objects.filter(event=conference, is_published=True))
        for session in sessions[:1] + sessions[3:5] + sessions[-2:]:
            AgendaItem.objects.get_or_create(registration=mine, session=session)
        past = [session for session in sessions if session.end < now]
        if past:
            _record(session=past[0], user=users["member"], source=AttendanceSource.ORGANISER,
                    minutes=None)  # fmt: skip
        for person, (_email, _name, language) in zip(people[:2], ATTENDEES[:2], strict=True):
            _register(conference, forms, person, language)
    clinic = _clinic(organisations["association"], now)
    clinic_forms = _forms(clinic)
    _register(clinic, clinic_forms, people[2], "en")
    _register(clinic, clinic_forms, people[3], "en")
    _register(clinic, clinic_forms, users["manager"], "en", status=RegistrationStatus.WAITLISTED)
