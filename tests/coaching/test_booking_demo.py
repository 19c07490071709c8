from atheneum.coaching import booking_demo, demo
from atheneum.coaching.enums import CoachStatus
from atheneum.coaching.models import Availability, Booking, Coach, Slot
from atheneum.common.demo import load_demo


def snapshot():
    return (
        list(Availability.objects.values_list("coach_id", "start", "end")),
        list(Slot.objects.values_list("coach_id", "start", "end", "is_withdrawn")),
        list(Booking.objects.values_list("coach_id", "coachee_id", "start", "status")),
    )


def test_booking_demo_loads_and_is_idempotent(db):
    world = load_demo()
    demo.load(organisations=world["organisations"], users=world["users"])
    booking_demo.load(organisations=world["organisations"], users=world["users"])
    first = snapshot()
    booking_demo.load(organisations=world["organisations"], users=world["users"])
    assert snapshot() == first
    active = Coach.objects.filter(programme__slug=demo.SLUG, status=CoachStatus.ACTIVE)
    for coach in active:
        periods = Availability.objects.filter(coach=coach)
        assert 2 <= periods.count() <= 3
        assert all(
            p.round.coaching_starts <= p.start and p.end <= p.round.coaching_ends for p in periods
        )
        assert Slot.objects.filter(coach=coach).count() == 2 * periods.count()
    member, manager = world["users"]["member"], world["users"]["manager"]
    assert Booking.objects.filter(coachee=member).count() == 2
    assert Booking.objects.filter(coachee=manager).count() == 1
    bookings = sorted(Booking.objects.all(), key=lambda b: b.start)
    for before, after in zip(bookings, bookings[1:], strict=False):
        assert before.coach_id != after.coach_id or before.end <= after.start
