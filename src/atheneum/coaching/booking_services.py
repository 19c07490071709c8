"""Writes for bookings: book, cancel, reschedule, feedback and reminders.

Two people must never get the same coach at the same time. Inside the booking transaction the
coach's row is locked (then the coachee's, so their own count is race-free) and everything is
re-read; the database is the last guard — a partial unique constraint per slot everywhere and an
exclusion constraint on a coach's overlapping live bookings on PostgreSQL — and its refusal
becomes the same "just taken" message as the check made in Python.
"""

import datetime
import random
import time
import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from atheneum.organisations.rules import can
from atheneum.portfolio.enums import ActivityKind
from atheneum.portfolio.services import record_activity

from . import booking_selectors as selectors
from .emails import CANCELLED, CONFIRMED
from .enums import BookingStatus, CoachStatus, LinkMode, SessionOutcome
from .models import LIVE_BOOKING, Booking, Coach, Slot

ATTEMPTS = 40


def taken_error() -> ValidationError:
    return ValidationError(_("That time was just taken. Please choose another slot."), code="taken")


def _queue_mail(booking_id: int, kind: str) -> None:
    from atheneum.common.tasks import new_message_id

    from .tasks import send_booking_mails

    message_id = new_message_id()
    transaction.on_commit(
        lambda: send_booking_mails.delay(booking_id, kind, message_id), robust=True
    )


def _retrying(function, **kwargs):
    """Runs a booking transaction again when SQLite finds its database busy."""
    for attempt in range(ATTEMPTS):
        try:
            return function(**kwargs)
        except OperationalError:
            if connection.in_atomic_block or attempt == ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0.005, 0.05))  # noqa: S311 (jitter, not a secret)
    raise AssertionError("unreachable")  # pragma: no cover


def _meeting_url(slot: Slot, coach: Coach) -> str:
    if slot.round.link_mode == LinkMode.PER_SESSION:
        return f"https://meet.jit.si/atheneum-{uuid.uuid4()}"
    return coach.meeting_url


def _book_locked(
    *,
    slot_id: int,
    coach_id: int,
    coachee,
    goals: str,
    preparation_done: list[str],
    rescheduled_from: Booking | None = None,
) -> Booking:
    """Books a slot of the coach `coach_id`; the caller holds the transaction and, on any refusal
    (a ValidationError), rolls all of it back."""
    coach = Coach.objects.select_for_update().get(pk=coach_id)
    get_user_model().objects.select_for_update().filter(pk=coachee.pk).first()
    slot = Slot.objects.select_related("round__programme__organisation").get(pk=slot_id)
    round_ = slot.round
    now = timezone.now()
    overlapping = Q(start__lt=slot.end, end__gt=slot.start)
    # The three counts under the locks in one read: the coach's bookings that overlap the slot,
    # the coachee's bookings in the round, and the coachee's bookings that overlap the slot.
    counts = (
        Booking.objects.filter(LIVE_BOOKING)
        .filter(Q(coach=coach) | Q(coachee=coachee))
        .aggregate(
            coach_busy=Count("pk", filter=Q(coach=coach) & overlapping),
            in_round=Count("pk", filter=Q(coachee=coachee, round=round_)),
            coachee_busy=Count("pk", filter=Q(coachee=coachee) & overlapping),
        )
    )
    if slot.coach_id != coach.pk or slot.is_withdrawn or counts["coach_busy"]:
        raise taken_error()
    if slot.start <= now:
        raise ValidationError(_("This time has already begun."), code="past")
    if not selectors.booking_window_open(round_, now):
        raise ValidationError(_("Booking for this round is closed."), code="closed")
    if coach.status != CoachStatus.ACTIVE:
        raise ValidationError(_("This coach is not taking bookings just now."), code="paused")
    if coach.user_id == coachee.pk:
        raise ValidationError(_("You cannot book your own time."), code="self")
    if counts["in_round"] >= round_.max_bookings_per_coachee:
        raise ValidationError(
            _("You already have as many sessions in this round as you may book."), code="limit"
        )
    if counts["coachee_busy"]:
        raise ValidationError(
            _("You already have another session at this time."), code="own_overlap"
        )
    # No savepoint around the insert: a refusal by the database ends the whole transaction,
    # which the caller's atomic block then rolls back.
    try:
        return Booking.objects.create(
            slot=slot,
            round=round_,
            coach=coach,
            coachee=coachee,
            start=slot.start,
            end=slot.end,
            goals=goals,
            preparation_done=list(preparation_done),
            meeting_url=_meeting_url(slot, coach),
            rescheduled_from=rescheduled_from,
        )
    except IntegrityError as error:
        raise taken_error() from error


def _check_booking_input(*, slot: Slot, coachee, goals: str, acting_user) -> None:
    if acting_user is None or coachee is None or acting_user.pk != coachee.pk:
        raise PermissionDenied
    if not can(acting_user, "coaching.book", slot.round):
        raise PermissionDenied
    if not goals.strip():
        raise ValidationError({"goals": _("Tell your coach what you want to work on.")})


def booking_create(
    *, slot: Slot, coachee, goals: str, preparation_done: list[str], acting_user
) -> Booking:
    """Books `slot` for `coachee`, or raises ValidationError and changes nothing."""
    _check_booking_input(slot=slot, coachee=coachee, goals=goals, acting_user=acting_user)
    return _retrying(
        _booking_create_once,
        slot_id=slot.pk,
        coach_id=slot.coach_id,
        coachee=coachee,
        goals=goals.strip(),
        preparation_done=preparation_done,
    )


@transaction.atomic
def _booking_create_once(*, slot_id, coach_id, coachee, goals, preparation_done) -> Booking:
    booking = _book_locked(
        slot_id=slot_id,
        coach_id=coach_id,
        coachee=coachee,
        goals=goals,
        preparation_done=preparation_done,
    )
    _queue_mail(booking.pk, CONFIRMED)
    return booking


def _check_cancellable(booking: Booking, acting_user, now: datetime.datetime) -> None:
    if not can(acting_user, "coaching.cancel_booking", booking):
        raise PermissionDenied
    if booking.status != BookingStatus.CONFIRMED:
        raise ValidationError(_("Only a confirmed booking can be changed."), code="not_live")
    cutoff = booking.start - datetime.timedelta(hours=booking.round.cancel_cutoff_hours)
    if now > cutoff:
        raise ValidationError(
            _(
                "Bookings can be cancelled or moved only until %(hours)s hours before they "
                "start. Please write to the other person instead."
            )
            % {"hours": booking.round.cancel_cutoff_hours},
            code="cutoff",
        )


def _mark_cancelled(booking: Booking, acting_user, reason: str, now) -> None:
    booking.status = BookingStatus.CANCELLED
    booking.sequence += 1
    booking.cancelled_at = now
    booking.cancelled_by = acting_user
    booking.cancel_reason = reason[:500]
    booking.save(
        update_fields=[
            "status",
            "sequence",
            "cancelled_at",
            "cancelled_by",
            "cancel_reason",
        ]
    )


@transaction.atomic
def booking_cancel(*, booking: Booking, acting_user, reason: str = "") -> Booking:
    """Cancels a confirmed booking (either party, up to the round's cut-off); the slot is free."""
    locked = Booking.objects.select_for_update().select_related("round", "coach").get(pk=booking.pk)
    now = timezone.now()
    _check_cancellable(locked, acting_user, now)
    _mark_cancelled(locked, acting_user, reason, now)
    _queue_mail(locked.pk, CANCELLED)
    return locked


def booking_reschedule(
    *, booking: Booking, slot: Slot, goals: str | None = None, acting_user
) -> Booking:
    """Moves a booking to another free slot: the new one is booked and the old one cancelled in
    one transaction, under the same rules as a new booking. The coachee may pick any coach's
    free time in the round; the coach, only another time of their own."""
    if acting_user is None:
        raise PermissionDenied
    by_coach = booking.coach.user_id == acting_user.pk
    if booking.coachee_id != acting_user.pk and not by_coach:
        raise PermissionDenied
    if slot.round_id != booking.round_id:
        raise ValidationError(_("Choose a time in the same round."), code="round")
    if by_coach:
        if slot.coach_id != booking.coach_id:
            raise ValidationError(_("Choose one of your own free times."), code="coach")
    elif not can(acting_user, "coaching.book", slot.round):
        raise ValidationError(_("Booking for this round is closed."), code="closed")
    return _retrying(
        _booking_reschedule_once,
        booking_id=booking.pk,
        slot_id=slot.pk,
        coach_id=slot.coach_id,
        goals=goals,
        acting_user=acting_user,
    )


@transaction.atomic
def _booking_reschedule_once(*, booking_id, slot_id, coach_id, goals, acting_user) -> Booking:
    old = (
        Booking.objects.select_for_update()
        .select_related("round", "coach", "coachee")
        .get(pk=booking_id)
    )
    now = timezone.now()
    _check_cancellable(old, acting_user, now)
    # Cancelled first, so a new time next to or overlapping the old one is judged without it;
    # if the new booking is refused, the whole transaction (the cancellation too) rolls back.
    _mark_cancelled(old, acting_user, _("Moved to another time."), now)
    new = _book_locked(
        slot_id=slot_id,
        coach_id=coach_id,
        coachee=old.coachee,
        goals=goals.strip() if goals and goals.strip() else old.goals,
        preparation_done=old.preparation_done,
        rescheduled_from=old,
    )
    _queue_mail(old.pk, CANCELLED)
    _queue_mail(new.pk, CONFIRMED)
    return new


@transaction.atomic
def booking_coachee_feedback(
    *, booking: Booking, usefulness: int, comment: str, acting_user
) -> Booking:
    """The coachee's view of a session that has ended; saved again it is simply updated."""
    if not can(acting_user, "coaching.coachee_feedback", booking):
        raise PermissionDenied
    _check_ended(booking)
    if usefulness not in range(1, 6):
        raise ValidationError({"usefulness": _("Choose a number from 1 to 5.")})
    booking.coachee_usefulness = usefulness
    booking.coachee_comment = comment.strip()
    booking.coachee_feedback_at = timezone.now()
    booking.save(update_fields=["coachee_usefulness", "coachee_comment", "coachee_feedback_at"])
    return booking


def _check_ended(booking: Booking) -> None:
    if booking.status == BookingStatus.CANCELLED:
        raise ValidationError(_("This booking was cancelled."), code="cancelled")
    if booking.end > timezone.now():
        raise ValidationError(_("Feedback opens when the session has ended."), code="not_ended")


@transaction.atomic
def booking_coach_feedback(*, booking: Booking, outcome: str, notes: str, acting_user) -> Booking:
    """The coach says whether the session was held; a held session enters both portfolios once."""
    if not can(acting_user, "coaching.coach_feedback", booking):
        raise PermissionDenied
    locked = (
        Booking.objects.select_for_update()
        .select_related("coach__user", "coachee", "round__programme__organisation")
        .get(pk=booking.pk)
    )
    _check_ended(locked)
    if outcome not in SessionOutcome.values:
        raise ValidationError({"outcome": _("Say whether the session was held.")})
    if locked.status == BookingStatus.HELD and outcome != SessionOutcome.HELD:
        raise ValidationError(
            {"outcome": _("This session is already recorded as held.")}, code="already_held"
        )
    locked.coach_outcome = outcome
    locked.coach_notes = notes.strip()
    locked.coach_feedback_at = timezone.now()
    locked.status = BookingStatus.HELD if outcome == SessionOutcome.HELD else BookingStatus.NO_SHOW
    locked.save(update_fields=["coach_outcome", "coach_notes", "coach_feedback_at", "status"])
    if locked.status == BookingStatus.HELD:
        _record_portfolios(locked)
    return locked


def _record_portfolios(booking: Booking) -> None:
    round_ = booking.round
    hours = (Decimal(round_.session_minutes) / Decimal(60)).quantize(Decimal("0.01"))
    provider = round_.programme.organisation.name
    coach_user = booking.coach.user
    for owner, other, side, kind in (
        (coach_user, booking.coachee, "coach", ActivityKind.COACHING_GIVEN),
        (booking.coachee, coach_user, "coachee", ActivityKind.COACHING_RECEIVED),
    ):
        record_activity(
            owner=owner,
            source_key=f"coaching:booking:{booking.pk}:{side}",
            title=_("Coaching session with %(name)s") % {"name": other.public_name},
            kind=kind,
            start=booking.start,
            end=booking.end,
            hours=hours,
            provider=provider,
        )


def booking_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Mails both parties of every confirmed booking starting within 24 hours, once each."""
    from .emails import REMINDER, booking_messages

    now = now or timezone.now()
    sent = 0
    for booking in selectors.bookings_due_reminder(now=now):
        with transaction.atomic():
            claimed = Booking.objects.filter(pk=booking.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            for message in booking_messages(booking=booking, kind=REMINDER):
                message.send()
            sent += 1
    return sent
