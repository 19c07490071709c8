"""A coach's availability periods and the slots cut from them.

A coach enters a period as a date with a start and an end time on their own wall clock
(`Coach.time_zone`); it is stored in UTC. Slots are cut in absolute time, so a period that spans
a daylight-saving change gives exactly as many sessions as fit in the hours that really pass.
A wall-clock time that does not exist (skipped when clocks go forward) is refused; one that
happens twice (when clocks go back) means its first occurrence.
"""

import datetime
import zoneinfo
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from atheneum.common import fragments
from atheneum.organisations.rules import can

from .caching import round_slots_tag
from .models import LIVE_BOOKING, Availability, Booking, Coach, Round, Slot

UTC = datetime.UTC


def cut(
    *,
    start: datetime.datetime,
    end: datetime.datetime,
    session_minutes: int,
    buffer_minutes: int,
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The (start, end) pairs of sessions that fit in [start, end), a break apart, in UTC."""
    return list(_cut(start, end, session_minutes, buffer_minutes))


def _cut(start, end, session_minutes, buffer_minutes) -> Iterator[tuple]:
    session = datetime.timedelta(minutes=session_minutes)
    step = session + datetime.timedelta(minutes=buffer_minutes)
    cursor = start.astimezone(UTC)
    end = end.astimezone(UTC)
    while cursor + session <= end:
        yield cursor, cursor + session
        cursor += step


def zone_for(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local_to_utc(
    day: datetime.date, time: datetime.time, zone_name: str, *, field: str = "start_time"
) -> datetime.datetime:
    """The UTC instant of a wall-clock time in a zone; a skipped time is a ValidationError."""
    zone = zone_for(zone_name)
    naive = datetime.datetime.combine(day, time.replace(tzinfo=None))
    local = naive.replace(tzinfo=zone, fold=0)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != naive:
        raise ValidationError(
            {
                field: _(
                    "%(time)s does not exist on %(date)s in %(zone)s: the clocks skip it. "
                    "Choose a time before or after the change."
                )
                % {
                    "time": time.strftime("%H:%M"),
                    "date": day.isoformat(),
                    "zone": zone_name.replace("_", " "),
                }
            },
            code="nonexistent_time",
        )
    return instant


def _check_may_set(coach: Coach, acting_user) -> None:
    if not can(acting_user, "coaching.set_availability", coach):
        raise PermissionDenied


@transaction.atomic
def availability_add(
    *,
    coach: Coach,
    round_: Round,
    day: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    acting_user,
) -> Availability:
    """Adds a period in the coach's own zone and cuts it into slots."""
    _check_may_set(coach, acting_user)
    if round_.programme_id != coach.programme_id:
        raise PermissionDenied
    start = local_to_utc(day, start_time, coach.time_zone, field="start_time")
    end = local_to_utc(day, end_time, coach.time_zone, field="end_time")
    if end <= start:
        raise ValidationError({"end_time": _("The end must be after the start.")}, code="order")
    if start < round_.coaching_starts or end > round_.coaching_ends:
        raise ValidationError(
            _("The period must lie inside the round's coaching dates."), code="outside_round"
        )
    if Availability.objects.filter(
        coach=coach, round=round_, start__lt=end, end__gt=start
    ).exists():
        raise ValidationError(_("This period overlaps one you already offered."), code="overlap")
    availability = Availability.objects.create(coach=coach, round=round_, start=start, end=end)
    slots_generate(availability=availability)
    return availability


def slots_generate(*, availability: Availability) -> int:
    """Creates the period's slots, skipping starts the coach already has; returns how many.

    A withdrawn slot left by a deleted period comes back when a new period covers it again."""
    round_ = availability.round
    pieces = cut(
        start=availability.start,
        end=availability.end,
        session_minutes=round_.session_minutes,
        buffer_minutes=round_.buffer_minutes,
    )
    existing = {
        slot.start: slot
        for slot in Slot.objects.filter(
            coach_id=availability.coach_id, start__in=[start for start, _end in pieces]
        ).annotate(is_booked=Exists(Booking.objects.filter(LIVE_BOOKING, slot=OuterRef("pk"))))
    }
    created = []
    for start, end in pieces:
        slot = existing.get(start)
        if slot is None:
            created.append(
                Slot(
                    round=round_,
                    coach_id=availability.coach_id,
                    availability=availability,
                    start=start,
                    end=end,
                )
            )
        elif slot.is_withdrawn and not slot.is_booked and slot.round_id == round_.pk:
            Slot.objects.filter(pk=slot.pk).update(
                is_withdrawn=False, availability=availability, end=end
            )
    Slot.objects.bulk_create(created)
    # `bulk_create` and `update()` send no signals: the round's free-slot lists are told here.
    fragments.bump(round_slots_tag(round_.pk))
    return len(created)


@transaction.atomic
def availability_delete(*, availability: Availability, acting_user) -> None:
    """Removes a period: its unbooked slots go, booked ones stay for their sessions."""
    _check_may_set(availability.coach, acting_user)
    slots = Slot.objects.filter(availability=availability).annotate(
        has_live=Exists(Booking.objects.filter(LIVE_BOOKING, slot=OuterRef("pk"))),
        has_any=Exists(Booking.objects.filter(slot=OuterRef("pk"))),
    )
    Slot.objects.filter(pk__in=[s.pk for s in slots if s.has_live]).update(availability=None)
    # Cancelled bookings still point at their slot, so those slots are kept, withdrawn.
    Slot.objects.filter(pk__in=[s.pk for s in slots if s.has_any and not s.has_live]).update(
        availability=None, is_withdrawn=True
    )
    Slot.objects.filter(pk__in=[s.pk for s in slots if not s.has_any]).delete()
    availability.delete()
    fragments.bump(round_slots_tag(availability.round_id))
