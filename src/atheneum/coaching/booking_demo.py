"""Demo availability, slots and bookings for the congress coaching week (after `demo.py`).

Every active coach offers three mornings in their own time zone; a few members have booked.
Running `load` twice changes nothing: coaches who already offered time are left alone and a
booking is made only if that person has none with that coach. The round lies in the future,
so no session is held yet and none has feedback.
"""

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .enums import CoachStatus
from .models import LIVE_BOOKING, Availability, Booking, Coach, Round
from .slots import availability_add

SLUG = "congress-coaching"
ROUND_TITLE = "Congress coaching week"

# (user key, coach email name, which free slot of theirs, what they want to work on)
BOOKINGS = [
    (
        "member",
        "ingrid",
        0,
        "I have just become head of a small branch and two colleagues applied for the same "
        "job. I want to find a good way to start working with them.",
    ),
    (
        "member",
        "camila",
        1,
        "Our homework club needs money for next year. I would like help turning my notes into "
        "a clear grant proposal for the city's culture fund.",
    ),
    (
        "manager",
        "joseph",
        0,
        "My team is moving to a new library system in spring and people are worried. How do "
        "I plan the change so that nobody is left behind?",
    ),
]

# Local wall-clock periods on the second, third and fourth day of the week.
PERIODS = [(1, datetime.time(9), datetime.time(11)), (2, datetime.time(14), datetime.time(16)),
           (3, datetime.time(10), datetime.time(12))]  # fmt: skip


def _offer_time(coach: Coach, round_: Round) -> None:
    if Availability.objects.filter(coach=coach, round=round_).exists():
        return
    zone = zoneinfo.ZoneInfo(coach.time_zone)
    first_day = round_.coaching_starts.astimezone(zone).date()
    for offset, start, end in PERIODS:
        try:
            availability_add(
                coach=coach,
                round_=round_,
                day=first_day + datetime.timedelta(days=offset),
                start_time=start,
                end_time=end,
                acting_user=coach.user,
            )
        except ValidationError:
            continue  # outside the round in this zone, or a skipped hour: leave it out


def _book(round_: Round, coachee, coach: Coach, index: int, goals: str) -> None:
    live = Booking.objects.filter(LIVE_BOOKING)
    if live.filter(round=round_, coachee=coachee, coach=coach).exists():
        return
    free = [
        slot
        for slot in coach.slots.filter(round=round_, is_withdrawn=False, start__gt=timezone.now())
        if not live.filter(coach=coach, start__lt=slot.end, end__gt=slot.start).exists()
        and not live.filter(coachee=coachee, start__lt=slot.end, end__gt=slot.start).exists()
    ]
    if len(free) <= index:
        return
    slot = free[index]
    Booking.objects.create(
        slot=slot,
        round=round_,
        coach=coach,
        coachee=coachee,
        start=slot.start,
        end=slot.end,
        goals=goals,
        preparation_done=[],
        meeting_url=coach.meeting_url,
    )


@transaction.atomic
def load(*, organisations: dict, users: dict) -> None:
    round_ = (
        Round.objects.filter(programme__slug=SLUG, title=ROUND_TITLE)
        .select_related("programme")
        .first()
    )
    if round_ is None:
        return
    coaches = list(
        Coach.objects.filter(programme=round_.programme, status=CoachStatus.ACTIVE)
        .select_related("user", "programme__organisation")
        .order_by("pk")
    )
    for coach in coaches:
        _offer_time(coach, round_)
    by_name = {coach.user.email.split("@")[0].removeprefix("coach."): coach for coach in coaches}
    for user_key, coach_key, index, goals in BOOKINGS:
        coach = by_name.get(coach_key)
        coachee = users.get(user_key)
        if coach is not None and coachee is not None:
            _book(round_, coachee, coach, index, goals)
