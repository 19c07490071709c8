"""Writes for registration: forms and questions, registering, cancelling with automatic
promotion from the waiting list, "my agenda", calendar feed tokens, and the mails they send."""

import datetime
import logging
import random
import time
import zoneinfo
from collections.abc import Iterable
from email.mime.text import MIMEText

import icalendar
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, OperationalError, connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from atheneum.organisations.rules import can

from . import registration_selectors as selectors
from .enums import QuestionKind, RegistrationStatus
from .models import (
    AgendaItem,
    CalendarFeedToken,
    Event,
    Question,
    Registration,
    RegistrationForm,
    Session,
)

logger = logging.getLogger(__name__)

ANSWER_MAX = 1000
CREATE_ATTEMPTS = 40
PRODID = "-//Atheneum//Events//EN"


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _check_organiser(*, event: Event, acting_user) -> None:
    if not can(acting_user, "events.manage_registration", event):
        raise PermissionDenied


# --- Forms and questions -------------------------------------------------------------------------


def _offered_languages(event: Event) -> list[str]:
    return list(event.languages or [event.default_language])


@transaction.atomic
def registration_form_create(
    *, event: Event, language: str, introduction: str = "", acting_user
) -> RegistrationForm:
    """A registration form in one of the languages the event offers (one per language)."""
    _check_organiser(event=event, acting_user=acting_user)
    if language not in _offered_languages(event):
        raise ValidationError(
            {"language": _("The event does not offer this language.")}, code="language"
        )
    if RegistrationForm.objects.filter(event=event, language=language).exists():
        raise ValidationError(
            {"language": _("There is already a registration form in this language.")},
            code="form_exists",
        )
    return RegistrationForm.objects.create(
        event=event, language=language, introduction=introduction.strip()
    )


@transaction.atomic
def registration_form_update(
    *, form: RegistrationForm, introduction: str, is_open: bool, acting_user
) -> RegistrationForm:
    _check_organiser(event=form.event, acting_user=acting_user)
    form.introduction = introduction.strip()
    form.is_open = is_open
    form.save(update_fields=["introduction", "is_open"])
    return form


@transaction.atomic
def question_create(
    *,
    form: RegistrationForm,
    kind: str,
    label: str,
    help_text: str = "",
    choices: Iterable[str] = (),
    required: bool = False,
    acting_user,
) -> Question:
    """An extra question, written in the form's language; choice questions need two choices."""
    _check_organiser(event=form.event, acting_user=acting_user)
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Choose a kind of question.")}, code="kind")
    label = label.strip()
    if not label:
        raise ValidationError({"label": _("Write the question.")}, code="label")
    cleaned = [choice.strip() for choice in choices if choice.strip()]
    if kind == QuestionKind.CHOICE:
        if len(cleaned) < 2 or len(set(cleaned)) != len(cleaned):
            raise ValidationError(
                {"choices": _("A choice question needs at least two different choices.")},
                code="choices",
            )
    else:
        cleaned = []
    position = form.questions.count()
    return Question.objects.create(
        form=form,
        kind=kind,
        label=label,
        help_text=help_text.strip(),
        choices=cleaned,
        required=required,
        position=position,
    )


@transaction.atomic
def question_delete(*, question: Question, acting_user) -> None:
    _check_organiser(event=question.form.event, acting_user=acting_user)
    question.delete()


# --- Registering ---------------------------------------------------------------------------------


def clean_answers(*, form: RegistrationForm, answers: dict) -> dict:
    """The answers keyed by question id, checked against the form's questions.

    Raises ValidationError with one message per question at fault (keys `q_<id>`).
    """
    errors: dict[str, str] = {}
    cleaned: dict[str, object] = {}
    questions = list(form.questions.all())
    known = {str(question.pk) for question in questions}
    unknown = set(map(str, answers)) - known
    if unknown:
        raise ValidationError(_("The answers do not match this form."), code="unknown_question")
    for question in questions:
        key = str(question.pk)
        value = answers.get(key, answers.get(question.pk))
        if question.kind == QuestionKind.CHECKBOX:
            value = bool(value)
            if question.required and not value:
                errors[f"q_{key}"] = _("Tick this box to register.")
            cleaned[key] = value
            continue
        value = str(value or "").strip()
        if question.required and not value:
            errors[f"q_{key}"] = _("Answer this question to register.")
        elif question.kind == QuestionKind.CHOICE and value and value not in question.choices:
            errors[f"q_{key}"] = _("Choose one of the answers offered.")
        elif len(value) > ANSWER_MAX:
            errors[f"q_{key}"] = _("Answers may be at most %(max)d characters long.") % {
                "max": ANSWER_MAX
            }
        cleaned[key] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def registration_create(
    *,
    event: Event,
    user,
    form: RegistrationForm,
    follow_language: str,
    answers: dict,
    acting_user,
) -> Registration:
    """Registers `user`: confirmed while places are left, else on the waiting list.

    The event row is locked while places are counted, so the confirmed registrations never
    exceed the capacity however many people register at once. On SQLite, whose writers can
    find the database busy, the whole attempt is retried a few times.
    """
    for attempt in range(CREATE_ATTEMPTS):
        try:
            return _registration_create_once(
                event=event,
                user=user,
                form=form,
                follow_language=follow_language,
                answers=answers,
                acting_user=acting_user,
            )
        except OperationalError:
            if connection.in_atomic_block or attempt == CREATE_ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0.005, 0.05))  # noqa: S311 (jitter, not a secret)
    raise AssertionError("unreachable")  # pragma: no cover


@transaction.atomic
def _registration_create_once(
    *,
    event: Event,
    user,
    form: RegistrationForm,
    follow_language: str,
    answers: dict,
    acting_user,
) -> Registration:
    if acting_user is None or acting_user.pk != user.pk:
        raise PermissionDenied
    if not can(acting_user, "events.register", event):
        raise ValidationError(_("Registration for this event is closed."), code="closed")
    if form.event_id != event.pk or not form.is_open:
        raise ValidationError(_("This registration form is closed."), code="form_closed")
    if follow_language not in _offered_languages(event):
        raise ValidationError(
            {"follow_language": _("Choose one of the languages the event offers.")},
            code="follow_language",
        )
    cleaned = clean_answers(form=form, answers=answers)
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if Registration.objects.filter(event=locked, user=user, status__in=selectors.ACTIVE).exists():
        raise ValidationError(_("You are already registered for this event."), code="exists")
    confirmed = Registration.objects.filter(
        event=locked, status=RegistrationStatus.CONFIRMED
    ).count()
    has_place = locked.capacity is None or confirmed < locked.capacity
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=locked,
                user=user,
                form=form,
                follow_language=follow_language,
                answers=cleaned,
                status=RegistrationStatus.CONFIRMED if has_place else RegistrationStatus.WAITLISTED,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("You are already registered for this event."), code="exists"
        ) from error
    registration_id = registration.pk
    transaction.on_commit(lambda: _send_registration_mail(registration_id), robust=True)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, acting_user) -> Registration | None:
    """Cancels the registration; a freed place goes to the oldest person waiting, who is mailed.

    Returns the promoted registration, if any.
    """
    if not can(acting_user, "events.cancel_registration", registration):
        raise PermissionDenied
    locked_event = Event.objects.select_for_update().get(pk=registration.event_id)
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."), code="cancelled")
    current.status = RegistrationStatus.CANCELLED
    current.save(update_fields=["status", "updated_at"])
    registration.status = current.status
    confirmed = Registration.objects.filter(
        event=locked_event, status=RegistrationStatus.CONFIRMED
    ).count()
    if locked_event.capacity is not None and confirmed >= locked_event.capacity:
        return None
    promoted = (
        Registration.objects.select_for_update()
        .filter(event=locked_event, status=RegistrationStatus.WAITLISTED)
        .order_by("created_at", "pk")
        .first()
    )
    if promoted is None:
        return None
    promoted.status = RegistrationStatus.CONFIRMED
    promoted.save(update_fields=["status", "updated_at"])
    promoted_id = promoted.pk
    transaction.on_commit(lambda: _send_registration_mail(promoted_id, promoted=True), robust=True)
    return promoted


# --- My agenda and feeds -------------------------------------------------------------------------


def _check_agenda(*, registration: Registration, session: Session, acting_user) -> None:
    if not can(acting_user, "events.change_agenda", registration):
        raise PermissionDenied
    if session.event_id != registration.event_id or not session.is_published:
        raise ValidationError(_("This session is not part of the event."), code="session")


@transaction.atomic
def agenda_add(*, registration: Registration, session: Session, acting_user) -> AgendaItem:
    _check_agenda(registration=registration, session=session, acting_user=acting_user)
    item, _created = AgendaItem.objects.get_or_create(registration=registration, session=session)
    return item


@transaction.atomic
def agenda_remove(*, registration: Registration, session: Session, acting_user) -> None:
    _check_agenda(registration=registration, session=session, acting_user=acting_user)
    AgendaItem.objects.filter(registration=registration, session=session).delete()


@transaction.atomic
def feed_token_create(*, user, acting_user) -> CalendarFeedToken:
    if acting_user is None or acting_user.pk != user.pk:
        raise PermissionDenied
    return CalendarFeedToken.objects.create(user=user)


@transaction.atomic
def feed_token_revoke(*, token: CalendarFeedToken, acting_user) -> CalendarFeedToken:
    if acting_user is None or acting_user.pk != token.user_id:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


# --- Calendars -----------------------------------------------------------------------------------


def _zone(name: str) -> datetime.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.UTC


def calendar_for_entries(
    *, entries: Iterable[tuple[Session, bool, str]], name: str, language: str | None = None
) -> bytes:
    """An RFC 5545 calendar of sessions, built by `calendars.calendar_for_sessions`: the meeting
    link (CONFERENCE) only for sessions whose entry says the viewer may join.

    `entries` are (session, can_join, language) with the session's event, texts and speakers
    fetched."""
    from .calendars import calendar_for_sessions

    entries = list(entries)
    joinable = {session.pk for session, can_join, _language in entries if can_join}
    return calendar_for_sessions(
        sessions=[session for session, _can_join, _language in entries],
        name=name,
        viewer_can_join=lambda session: session.pk in joinable,
        language=language,
    )


def _add_parties(vevent, *, organizer, attendee) -> None:
    if organizer:
        address = icalendar.vCalAddress(f"mailto:{organizer[1]}")
        address.params["CN"] = organizer[0]
        vevent.add("organizer", address)
    if attendee:
        address = icalendar.vCalAddress(f"mailto:{attendee[1]}")
        address.params.update(
            {"CN": attendee[0], "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "ACCEPTED", "RSVP": "FALSE"}
        )
        vevent.add("attendee", address)


def invite_for_registration(*, registration: Registration) -> bytes:
    """The METHOD:REQUEST invite for the whole event that a confirmation mail carries."""
    event = registration.event
    zone = _zone(event.time_zone)
    title = selectors.event_title(event, registration.form.language)
    calendar = icalendar.Calendar.new(name=title, method="REQUEST", prodid=PRODID)
    vevent = icalendar.Event.new(
        uid=f"{event.uid}@atheneum",
        summary=title,
        start=event.start.astimezone(zone),
        end=event.end.astimezone(zone),
        stamp=timezone.now(),
        sequence=0,
        url=absolute_url(reverse("events:my_agenda", args=[event.slug])),
    )
    _add_parties(
        vevent,
        organizer=(event.organisation.name, _from_address()),
        attendee=(registration.user.public_name, registration.user.email),
    )
    calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _from_address() -> str:
    sender = settings.DEFAULT_FROM_EMAIL
    return sender.split("<", 1)[1].rstrip(">") if "<" in sender else sender


# --- Mail ----------------------------------------------------------------------------------------


def _send_registration_mail(registration_id: int, *, promoted: bool = False) -> None:
    from .registration_tasks import send_registration_mail

    send_registration_mail.delay(registration_id, promoted)


def registration_message(*, registration: Registration, promoted: bool = False) -> EmailMessage:
    """The mail for a new or promoted registration, in the language of the form used.

    A confirmed place carries a calendar invite (text/calendar; method=REQUEST)."""
    event = registration.event
    language = registration.form.language
    with translation.override(language):
        context = {
            "registration": registration,
            "event_title": selectors.event_title(event, language),
            "confirmed": registration.status == RegistrationStatus.CONFIRMED,
            "promoted": promoted,
            "agenda_url": absolute_url(reverse("events:my_agenda", args=[event.slug])),
            "register_url": absolute_url(reverse("events:register", args=[event.slug])),
        }
        subject = render_to_string("events/registration/email/subject.txt", context).strip()
        body = render_to_string("events/registration/email/body.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()), body=body, to=[registration.user.email]
    )
    if registration.status == RegistrationStatus.CONFIRMED:
        part = MIMEText(
            invite_for_registration(registration=registration).decode(), "calendar", "utf-8"
        )
        part.set_param("method", "REQUEST")
        part.add_header("Content-Disposition", "attachment", filename="invite.ics")
        message.attach(part)
    return message
