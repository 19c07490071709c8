"""Many people booking one coach at the same moment: never two live bookings at one time.

PostgreSQL: 200 attempts by 200 different coachees on 20 slots (10 per slot), from 50 threads.
SQLite, whose in-memory test database allows one writer at a time, runs fewer attempts; the
assertions are just as exact. Every refused attempt must be the "just taken" ValidationError.
"""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction

from atheneum.coaching import booking_services as services
from atheneum.coaching.models import Booking, Slot

from ..factories import UserFactory
from .factories import BookingFactory, CoachFactory, RoundFactory, SlotFactory

TAKEN = "That time was just taken. Please choose another slot."


def _attempt_all(pairs: list[tuple[Slot, object]], threads: int) -> tuple[int, list, list]:
    """Runs (slot, coachee) attempts from `threads` threads started together."""
    taken: list = []
    errors: list = []
    start = threading.Barrier(threads)
    batches = [pairs[i::threads] for i in range(threads)]

    def work(batch):
        try:
            start.wait()
            for slot, coachee in batch:
                try:
                    services.booking_create(
                        slot=slot, coachee=coachee, goals="Talk about my next career step.",
                        preparation_done=[], acting_user=coachee,
                    )  # fmt: skip
                except ValidationError as error:
                    (taken if error.messages == [TAKEN] else errors).append(error.messages)
                except Exception as error:  # noqa: BLE001 (every other failure is a bug)
                    errors.append(repr(error))
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work, args=(batch,)) for batch in batches]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return len(pairs), taken, errors


def _assert_no_overlap(bookings: list[Booking]) -> None:
    ordered = sorted(bookings, key=lambda b: b.start)
    for before, after in zip(ordered, ordered[1:], strict=False):
        assert before.end <= after.start


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_one_per_slot():
    if connection.vendor == "postgresql":
        slots_count, per_slot, threads = 20, 10, 50
    else:
        slots_count, per_slot, threads = 4, 3, 6
    coach = CoachFactory()
    round_ = RoundFactory(programme=coach.programme, max_bookings_per_coachee=1)
    slots = [
        SlotFactory(
            round=round_,
            coach=coach,
            start=round_.coaching_starts + datetime.timedelta(hours=index),
        )
        for index in range(slots_count)
    ]
    people = [UserFactory() for _ in range(slots_count * per_slot)]
    # Person i tries slot i % slots_count, so every slot is wanted by `per_slot` people at once.
    pairs = [(slots[i % slots_count], person) for i, person in enumerate(people)]
    attempts, taken, errors = _attempt_all(pairs, threads)
    bookings = list(Booking.objects.filter(coach=coach))
    assert errors == []
    assert len(bookings) == slots_count
    assert {b.slot_id for b in bookings} == {s.pk for s in slots}
    assert len({b.coachee_id for b in bookings}) == slots_count
    assert len(taken) == attempts - slots_count
    _assert_no_overlap(bookings)


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_overlapping_slots_one_wins():
    threads = 20 if connection.vendor == "postgresql" else 6
    coach = CoachFactory()
    round_ = RoundFactory(programme=coach.programme)
    base = round_.coaching_starts
    # 10:00–10:45, 10:15–11:00, 10:30–11:15, …: every pair overlaps.
    slots = [
        SlotFactory(
            round=round_,
            coach=coach,
            start=base + datetime.timedelta(minutes=15 * index),
            end=base + datetime.timedelta(minutes=15 * index + 45),
        )
        for index in range(3)
    ]
    people = [UserFactory() for _ in range(threads)]
    pairs = [(slots[i % 3], person) for i, person in enumerate(people)]
    attempts, taken, errors = _attempt_all(pairs, threads)
    assert errors == []
    assert Booking.objects.filter(coach=coach).count() == 1
    assert len(taken) == attempts - 1


@pytest.mark.django_db
def test_database_refuses_second_live_booking():
    booking = BookingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(slot=booking.slot, coachee=UserFactory())
    if connection.vendor == "postgresql":
        # Another slot of the same coach, overlapping by 15 minutes: the exclusion constraint.
        start = booking.start + datetime.timedelta(minutes=30)
        other = SlotFactory(
            round=booking.round,
            coach=booking.coach,
            start=start,
            end=start + datetime.timedelta(minutes=45),
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            BookingFactory(slot=other, coachee=UserFactory())
    assert Booking.objects.count() == 1
    # A cancelled booking frees the slot for a new live one.
    Booking.objects.filter(pk=booking.pk).update(status="cancelled")
    BookingFactory(slot=booking.slot, coachee=UserFactory())
    assert Booking.objects.filter(status="confirmed").count() == 1
