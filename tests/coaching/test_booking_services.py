# ruff: noqa: F811 - the fixtures are imported by name from test_booking_support
"""Booking, cancelling, moving, feedback and reminders: the services."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from atheneum.coaching import booking_services as services
from atheneum.coaching.enums import BookingStatus, CoachStatus, LinkMode
from atheneum.coaching.models import Booking
from atheneum.portfolio.enums import ActivityKind
from atheneum.portfolio.models import Activity

from ..factories import UserFactory
from .factories import BookingFactory, CoachFactory, SlotFactory
from .test_booking_support import (  # noqa: F401 (fixtures)
    coach,
    coach_user,
    ics_attachment,
    ics_events,
    programme,
    round_,
    slot,
    slot_at,
)

TAKEN = "That time was just taken. Please choose another slot."


def book(slot, coachee, goals="Prepare for a job interview as branch manager."):
    return services.booking_create(
        slot=slot,
        coachee=coachee,
        goals=goals,
        preparation_done=["Choose a goal"],
        acting_user=coachee,
    )


def test_booking_create_copies_slot_and_mails_both(
    slot, coach, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(slot, member)
    booking.refresh_from_db()
    assert (booking.start, booking.end, booking.coach, booking.round) == (
        slot.start,
        slot.end,
        coach,
        slot.round,
    )
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.meeting_url == "https://meet.example.org/coach-room"
    assert booking.preparation_done == ["Choose a goal"]
    assert [m.to for m in mail.outbox] == [["member@example.org"], ["coach@example.org"]]
    coachee_mail, coach_mail = mail.outbox
    for message in mail.outbox:
        method, data = ics_attachment(message)
        assert method == "REQUEST"
        calendar, (event,) = ics_events(data)
        assert str(calendar["METHOD"]) == "REQUEST"
        assert str(event["UID"]) == f"{booking.uid}@127.0.0.1"
        assert event["SEQUENCE"] == 0
        assert event.decoded("DTSTART") == slot.start
        assert event.decoded("DTEND") == slot.end
        assert "https://meet.example.org/coach-room" in str(event["DESCRIPTION"])
    assert "job interview" in coach_mail.body
    assert "job interview" not in coachee_mail.body
    assert "job interview" in str(ics_events(ics_attachment(coach_mail)[1])[1][0]["DESCRIPTION"])
    assert "job interview" not in ics_attachment(coachee_mail)[1].decode()


def test_booking_create_per_session_link_is_unique(round_, coach, member, other_member):
    round_.link_mode = LinkMode.PER_SESSION
    round_.save()
    first = book(slot_at(round_, coach), member)
    second = book(slot_at(round_, coach, hours=1), other_member)
    assert first.meeting_url.startswith("https://meet.jit.si/atheneum-")
    assert second.meeting_url.startswith("https://meet.jit.si/atheneum-")
    assert first.meeting_url != second.meeting_url


def test_booking_create_rejects_taken_slot(slot, member, other_member):
    book(slot, member)
    with pytest.raises(ValidationError) as error:
        book(slot, other_member)
    assert error.value.messages == [TAKEN]
    assert Booking.objects.count() == 1


def test_booking_create_rejects_overlapping_slot_of_coach(round_, coach, member, other_member):
    book(slot_at(round_, coach), member)
    overlapping = slot_at(round_, coach, hours=0.5)
    with pytest.raises(ValidationError) as error:
        book(overlapping, other_member)
    assert error.value.messages == [TAKEN]
    assert Booking.objects.count() == 1


def test_booking_create_database_refusal_becomes_taken(slot, member, other_member, monkeypatch):
    book(slot, member)
    # Blind the checks made in Python: the partial unique constraint still refuses.
    monkeypatch.setattr(services, "LIVE_BOOKING", Q(pk__in=[]))
    with pytest.raises(ValidationError) as error:
        book(slot, other_member)
    assert error.value.messages == [TAKEN]
    if connection.vendor == "postgresql":
        # An overlapping slot of the same coach: the exclusion constraint refuses.
        overlapping = slot_at(slot.round, slot.coach, hours=0.5)
        with pytest.raises(ValidationError) as error:
            book(overlapping, UserFactory())
        assert error.value.messages == [TAKEN]
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ("withdrawn", "taken"),
        ("past", "past"),
        ("closed", "closed"),
        ("paused", "paused"),
        ("self", "self"),
    ],
)
def test_booking_create_refuses(round_, coach, member, change, code):
    slot = slot_at(round_, coach)
    coachee = member
    if change == "withdrawn":
        slot.is_withdrawn = True
        slot.save()
    elif change == "past":
        slot.start = timezone.now() - datetime.timedelta(hours=1)
        slot.end = slot.start + datetime.timedelta(minutes=45)
        slot.save()
    elif change == "closed":
        round_.booking_closes = timezone.now() - datetime.timedelta(minutes=1)
        round_.booking_opens = round_.booking_closes - datetime.timedelta(days=1)
        round_.save()
    elif change == "paused":
        coach.status = CoachStatus.PAUSED
        coach.save()
    else:
        coachee = coach.user
    with pytest.raises(ValidationError) as error:
        book(slot, coachee)
    assert error.value.error_list[0].code == code
    assert Booking.objects.count() == 0


def test_booking_create_respects_limit_per_coachee(round_, coach, member, programme):
    round_.max_bookings_per_coachee = 1
    round_.save()
    book(slot_at(round_, coach), member)
    with pytest.raises(ValidationError) as error:
        book(slot_at(round_, coach, hours=2), member)
    assert error.value.error_list[0].code == "limit"
    assert Booking.objects.count() == 1


def test_booking_create_refuses_own_overlap(round_, coach, member, programme):
    from .factories import CoachFactory

    other_coach = CoachFactory(programme=programme)
    book(slot_at(round_, coach), member)
    with pytest.raises(ValidationError) as error:
        book(slot_at(round_, other_coach), member)
    assert error.value.error_list[0].code == "own_overlap"
    assert Booking.objects.count() == 1


def test_booking_create_only_for_oneself(slot, member, other_member):
    with pytest.raises(PermissionDenied):
        services.booking_create(
            slot=slot, coachee=member, goals="x", preparation_done=[], acting_user=other_member
        )
    assert Booking.objects.count() == 0


def test_booking_cancel_frees_slot_and_sends_cancel(
    slot, member, other_member, coach_user, django_capture_on_commit_callbacks
):
    booking = book(slot, member)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking, acting_user=coach_user, reason="Ill")
    booking.refresh_from_db()
    assert (booking.status, booking.sequence, booking.cancelled_by) == (
        BookingStatus.CANCELLED,
        1,
        coach_user,
    )
    assert [m.to for m in mail.outbox] == [["member@example.org"], ["coach@example.org"]]
    for message in mail.outbox:
        method, data = ics_attachment(message)
        calendar, (event,) = ics_events(data)
        assert (method, str(calendar["METHOD"]), event["SEQUENCE"]) == ("CANCEL", "CANCEL", 1)
        assert str(event["UID"]) == f"{booking.uid}@127.0.0.1"
        assert str(event["STATUS"]) == "CANCELLED"
    assert "/coaching/career-coaching/rounds/" in mail.outbox[0].body  # a link to rebook
    again = book(slot, other_member)
    assert again.status == BookingStatus.CONFIRMED


def test_booking_cancel_refused_after_cutoff(round_, coach, member):
    slot = slot_at(round_, coach)
    booking = book(slot, member)
    Booking.objects.filter(pk=booking.pk).update(
        start=timezone.now() + datetime.timedelta(hours=23),
        end=timezone.now() + datetime.timedelta(hours=24),
    )
    booking.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.booking_cancel(booking=booking, acting_user=member)
    assert error.value.messages == [
        "Bookings can be cancelled or moved only until 24 hours before they start. "
        "Please write to the other person instead."
    ]
    booking.refresh_from_db()
    assert (booking.status, booking.sequence) == (BookingStatus.CONFIRMED, 0)


def test_booking_cancel_refused_for_others(slot, member, other_member):
    booking = book(slot, member)
    with pytest.raises(PermissionDenied):
        services.booking_cancel(booking=booking, acting_user=other_member)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_booking_reschedule_moves_atomically(
    round_, coach, member, django_capture_on_commit_callbacks
):
    old = book(slot_at(round_, coach), member)
    target = slot_at(round_, coach, hours=0.5)  # overlaps the old time: allowed for oneself
    with django_capture_on_commit_callbacks(execute=True):
        new = services.booking_reschedule(booking=old, slot=target, acting_user=member)
    old.refresh_from_db()
    assert (old.status, old.sequence) == (BookingStatus.CANCELLED, 1)
    assert (new.status, new.slot, new.rescheduled_from, new.goals) == (
        BookingStatus.CONFIRMED,
        target,
        old,
        old.goals,
    )
    methods = [ics_attachment(m)[0] for m in mail.outbox]
    assert methods == ["CANCEL", "CANCEL", "REQUEST", "REQUEST"]
    uids = [str(ics_events(ics_attachment(m)[1])[1][0]["UID"]) for m in mail.outbox]
    assert uids == [f"{old.uid}@127.0.0.1"] * 2 + [f"{new.uid}@127.0.0.1"] * 2


def test_booking_reschedule_to_taken_slot_changes_nothing(round_, coach, member, other_member):
    old = book(slot_at(round_, coach), member)
    taken = slot_at(round_, coach, hours=2)
    book(taken, other_member)
    with pytest.raises(ValidationError) as error:
        services.booking_reschedule(booking=old, slot=taken, acting_user=member)
    assert error.value.messages == [TAKEN]
    old.refresh_from_db()
    assert (old.status, old.sequence) == (BookingStatus.CONFIRMED, 0)
    assert Booking.objects.count() == 2


def test_booking_reschedule_by_coach_keeps_the_coachee(
    round_, coach, member, coach_user, django_capture_on_commit_callbacks
):
    old = book(slot_at(round_, coach), member)
    later = slot_at(round_, coach, hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        new = services.booking_reschedule(booking=old, slot=later, acting_user=coach_user)
    old.refresh_from_db()
    assert (old.status, old.cancelled_by) == (BookingStatus.CANCELLED, coach_user)
    assert (new.coachee, new.slot, new.rescheduled_from) == (member, later, old)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, coach_user.email] * 2)


def test_booking_reschedule_by_coach_only_to_their_own_time(round_, coach, member, coach_user):
    old = book(slot_at(round_, coach), member)
    another_coach = CoachFactory(programme=coach.programme)
    elsewhere = slot_at(round_, another_coach, hours=2)
    with pytest.raises(ValidationError) as error:
        services.booking_reschedule(booking=old, slot=elsewhere, acting_user=coach_user)
    assert error.value.messages == ["Choose one of your own free times."]
    old.refresh_from_db()
    assert old.status == BookingStatus.CONFIRMED
    assert Booking.objects.count() == 1


def test_booking_reschedule_refused_to_anyone_else(round_, coach, member, other_member):
    old = book(slot_at(round_, coach), member)
    with pytest.raises(PermissionDenied):
        services.booking_reschedule(
            booking=old, slot=slot_at(round_, coach, hours=2), acting_user=other_member
        )
    assert Booking.objects.count() == 1


def _ended(round_, coach, coachee) -> Booking:
    start = timezone.now() - datetime.timedelta(hours=2)
    slot = SlotFactory(
        round=round_, coach=coach, start=start, end=start + datetime.timedelta(minutes=45)
    )
    return BookingFactory(slot=slot, coachee=coachee)


def test_booking_coach_feedback_held_records_both_portfolios_once(
    round_, coach, member, coach_user
):
    booking = _ended(round_, coach, member)
    for _ in range(2):
        services.booking_coach_feedback(
            booking=booking, outcome="held", notes="Good energy.", acting_user=coach_user
        )
    booking.refresh_from_db()
    assert (booking.status, booking.coach_notes) == (BookingStatus.HELD, "Good energy.")
    activities = Activity.objects.order_by("kind")
    key = f"coaching:booking:{booking.pk}"
    assert [(a.owner, a.kind, a.hours, a.source_key) for a in activities] == [
        (coach_user, ActivityKind.COACHING_GIVEN, Decimal("0.75"), f"{key}:coach"),
        (member, ActivityKind.COACHING_RECEIVED, Decimal("0.75"), f"{key}:coachee"),
    ]
    assert activities[0].title == "Coaching session with Mira Member"
    assert activities[0].provider == "Riverside Library"


def test_booking_coach_feedback_no_show_records_nothing(round_, coach, member, coach_user):
    booking = _ended(round_, coach, member)
    services.booking_coach_feedback(
        booking=booking, outcome="no_show", notes="", acting_user=coach_user
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW
    assert Activity.objects.count() == 0


def test_booking_feedback_refused_before_end_and_for_others(slot, member, coach_user):
    booking = book(slot, member)
    with pytest.raises(ValidationError):
        services.booking_coach_feedback(
            booking=booking, outcome="held", notes="", acting_user=coach_user
        )
    with pytest.raises(PermissionDenied):
        services.booking_coach_feedback(
            booking=booking, outcome="held", notes="", acting_user=member
        )
    with pytest.raises(PermissionDenied):
        services.booking_coachee_feedback(
            booking=booking, usefulness=5, comment="", acting_user=coach_user
        )
    booking.refresh_from_db()
    assert (booking.status, booking.coach_feedback_at) == (BookingStatus.CONFIRMED, None)


def test_booking_coachee_feedback_saved(round_, coach, member):
    booking = _ended(round_, coach, member)
    services.booking_coachee_feedback(
        booking=booking, usefulness=4, comment=" Helpful ", acting_user=member
    )
    booking.refresh_from_db()
    assert (booking.coachee_usefulness, booking.coachee_comment) == (4, "Helpful")
    assert Activity.objects.count() == 0


def test_booking_reminders_sent_once(round_, coach, member, programme):
    soon = timezone.now() + datetime.timedelta(hours=5)
    later = timezone.now() + datetime.timedelta(hours=30)
    length = datetime.timedelta(minutes=45)
    due = BookingFactory(
        slot=SlotFactory(round=round_, coach=coach, start=soon, end=soon + length), coachee=member
    )
    BookingFactory(
        slot=SlotFactory(round=round_, coach=coach, start=later, end=later + length),
        coachee=UserFactory(),
    )
    from atheneum.coaching.tasks import send_booking_reminders

    assert send_booking_reminders() == 1
    assert send_booking_reminders() == 0
    assert [m.to for m in mail.outbox] == [["member@example.org"], ["coach@example.org"]]
    assert mail.outbox[0].subject == "Reminder: coaching session with Cora Coach"
    due.refresh_from_db()
    assert due.reminded_at is not None
