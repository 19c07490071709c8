# ruff: noqa: F811 - the fixtures are imported by name from test_registration_support
"""Registering, the waiting list, cancelling with promotion, forms and questions, mails."""

import email

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from atheneum.events import registration_services as services
from atheneum.events.enums import EventStatus, QuestionKind, RegistrationStatus
from atheneum.events.models import Question, Registration, RegistrationForm

from ..factories import UserFactory
from .test_registration_support import (  # noqa: F401
    RegistrationFactory,
    answers_en,
    event,
    form_en,
    form_es,
)


def _register(event, form, user, **extra):
    return services.registration_create(
        event=event,
        user=user,
        form=form,
        follow_language=extra.get("follow_language", "en"),
        answers=extra["answers"] if "answers" in extra else answers_en(form),
        acting_user=user,
    )


def test_registration_create_confirms_while_places_left(event, form_en, member):
    registration = _register(event, form_en, member)
    assert registration.status == RegistrationStatus.CONFIRMED
    choice, checkbox = form_en.questions.all()
    assert registration.answers == {str(choice.pk): "Public library", str(checkbox.pk): True}


def test_registration_create_waitlists_when_full(event, form_en):
    people = [UserFactory() for _ in range(5)]
    statuses = [_register(event, form_en, person).status for person in people]
    assert statuses == ["confirmed"] * 3 + ["waitlisted"] * 2


def test_registration_create_without_capacity_always_confirms(event, form_en):
    event.capacity = None
    event.save()
    statuses = {_register(event, form_en, UserFactory()).status for _ in range(5)}
    assert statuses == {"confirmed"}


def test_registration_create_rejects_second_registration(event, form_en, member):
    _register(event, form_en, member)
    with pytest.raises(ValidationError) as raised:
        _register(event, form_en, member)
    assert raised.value.messages == ["You are already registered for this event."]
    assert Registration.objects.count() == 1


def test_registration_create_rejects_missing_required_answers(event, form_en, member):
    choice, checkbox = form_en.questions.all()
    with pytest.raises(ValidationError) as raised:
        _register(event, form_en, member, answers={str(choice.pk): "", str(checkbox.pk): False})
    assert raised.value.message_dict == {
        f"q_{choice.pk}": ["Answer this question to register."],
        f"q_{checkbox.pk}": ["Tick this box to register."],
    }
    assert Registration.objects.count() == 0
    assert mail.outbox == []


def test_registration_create_rejects_unknown_choice(event, form_en, member):
    choice, checkbox = form_en.questions.all()
    with pytest.raises(ValidationError) as raised:
        _register(event, form_en, member, answers={str(choice.pk): "Zoo", str(checkbox.pk): True})
    assert raised.value.message_dict == {f"q_{choice.pk}": ["Choose one of the answers offered."]}
    assert Registration.objects.count() == 0


def test_registration_create_rejects_language_not_offered(event, form_en, member):
    with pytest.raises(ValidationError) as raised:
        _register(event, form_en, member, follow_language="de")
    assert raised.value.message_dict == {
        "follow_language": ["Choose one of the languages the event offers."]
    }
    assert Registration.objects.count() == 0


def test_registration_create_rejects_closed_event(event, form_en, member):
    event.status = EventStatus.FINISHED
    event.save()
    with pytest.raises(ValidationError):
        _register(event, form_en, member)
    assert Registration.objects.count() == 0


def test_registration_create_rejects_closed_form(event, form_en, member):
    form_en.is_open = False
    form_en.save()
    with pytest.raises(ValidationError):
        _register(event, form_en, member)
    assert Registration.objects.count() == 0


def test_registration_create_for_someone_else_is_forbidden(event, form_en, member, other_member):
    with pytest.raises(PermissionDenied):
        services.registration_create(
            event=event,
            user=member,
            form=form_en,
            follow_language="en",
            answers=answers_en(form_en),
            acting_user=other_member,
        )
    assert Registration.objects.count() == 0


def test_confirmation_mail_carries_request_invite(
    event, form_en, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _register(event, form_en, member)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["member@example.org"]
    assert message.subject == "You are registered: Open Shelves"
    parsed = email.message_from_bytes(message.message().as_bytes())
    parts = [part for part in parsed.walk() if part.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    assert parts[0].get_param("method") == "REQUEST"
    calendar = icalendar.Calendar.from_ical(parts[0].get_payload(decode=True))
    assert calendar["METHOD"] == "REQUEST"
    vevent = calendar.events[0]
    assert str(vevent["ORGANIZER"]) == "mailto:noreply@atheneum.localhost"
    assert str(vevent["ATTENDEE"]) == "mailto:member@example.org"
    assert vevent["UID"] == f"{event.uid}@atheneum"
    assert vevent.start == event.start.replace(microsecond=0)
    assert calendar.timezones[0].tz_name == "America/Los_Angeles"


def test_spanish_form_mails_in_spanish_with_spanish_title(
    event, form_es, member, django_capture_on_commit_callbacks
):
    question = form_es.questions.get()
    with django_capture_on_commit_callbacks(execute=True):
        _register(event, form_es, member, answers={str(question.pk): "Biblioteca municipal"},
                  follow_language="es")  # fmt: skip
    assert "Estantes abiertos" in mail.outbox[0].subject


def test_waitlisted_mail_has_no_invite(event, form_en, django_capture_on_commit_callbacks):
    for _ in range(3):
        RegistrationFactory(event=event, form=form_en)
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(event, form_en, person)
    assert registration.status == RegistrationStatus.WAITLISTED
    assert mail.outbox[0].subject == "You are on the waiting list: Open Shelves"
    assert mail.outbox[0].attachments == []


def test_cancel_promotes_oldest_waitlisted_and_mails_them(
    event, form_en, member, django_capture_on_commit_callbacks
):
    mine = _register(event, form_en, member)
    for _ in range(2):
        _register(event, form_en, UserFactory())
    first_waiting = _register(event, form_en, UserFactory(email="first@example.org"))
    second_waiting = _register(event, form_en, UserFactory())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=mine, acting_user=member)
    assert promoted.pk == first_waiting.pk
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses[mine.pk] == "cancelled"
    assert statuses[first_waiting.pk] == "confirmed"
    assert statuses[second_waiting.pk] == "waitlisted"
    assert [m.to for m in mail.outbox] == [["first@example.org"]]
    assert mail.outbox[0].subject == "A place is yours: Open Shelves"
    assert Registration.objects.filter(status="confirmed").count() == 3


def test_cancel_waitlisted_promotes_nobody(event, form_en):
    people = [UserFactory() for _ in range(4)]
    registrations = [_register(event, form_en, person) for person in people]
    assert (
        services.registration_cancel(registration=registrations[3], acting_user=people[3]) is None
    )
    assert Registration.objects.filter(status="confirmed").count() == 3


def test_cancel_someone_elses_registration_is_forbidden(event, form_en, member, other_member):
    registration = _register(event, form_en, member)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(registration=registration, acting_user=other_member)
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_register_again_after_cancelling(event, form_en, member):
    first = _register(event, form_en, member)
    services.registration_cancel(registration=first, acting_user=member)
    again = _register(event, form_en, member)
    assert again.status == "confirmed"
    assert Registration.objects.filter(user=member).count() == 2


def test_registration_form_create_one_per_language(event, organiser, form_en):
    created = services.registration_form_create(event=event, language="es", acting_user=organiser)
    assert created.language == "es"
    with pytest.raises(ValidationError):
        services.registration_form_create(event=event, language="es", acting_user=organiser)
    with pytest.raises(ValidationError):
        services.registration_form_create(event=event, language="de", acting_user=organiser)
    assert RegistrationForm.objects.filter(event=event).count() == 2


def test_registration_form_create_by_member_is_forbidden(event, member):
    with pytest.raises(PermissionDenied):
        services.registration_form_create(event=event, language="en", acting_user=member)
    assert RegistrationForm.objects.count() == 0


def test_question_create_choice_needs_two_choices(form_en, organiser):
    before = Question.objects.count()
    with pytest.raises(ValidationError) as raised:
        services.question_create(
            form=form_en, kind=QuestionKind.CHOICE, label="Pick", choices=["Only"],
            acting_user=organiser,
        )  # fmt: skip
    assert raised.value.message_dict == {
        "choices": ["A choice question needs at least two different choices."]
    }
    assert Question.objects.count() == before
    question = services.question_create(
        form=form_en, kind=QuestionKind.CHOICE, label="Pick", choices=["A", " B ", ""],
        required=True, acting_user=organiser,
    )  # fmt: skip
    assert question.choices == ["A", "B"]
    assert question.position == 2
