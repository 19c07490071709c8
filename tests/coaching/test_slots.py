# ruff: noqa: F811 - the fixtures are imported by name from test_booking_support
"""Cutting availability into slots, in the coach's own time zone, and the availability page."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from atheneum.coaching import slots
from atheneum.coaching.enums import BookingStatus
from atheneum.coaching.models import Availability, Slot

from .factories import BookingFactory
from .test_booking_support import coach, coach_user, programme, round_  # noqa: F401 (fixtures)

UTC = datetime.UTC
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def at(hour, minute=0, day=1):
    return datetime.datetime(2030, 6, day, hour, minute, tzinfo=UTC)


def test_cut_with_buffers():
    assert slots.cut(start=at(9), end=at(12), session_minutes=45, buffer_minutes=15) == [
        (at(9), at(9, 45)),
        (at(10), at(10, 45)),
        (at(11), at(11, 45)),
    ]


def test_cut_drops_a_partial_last_session():
    assert slots.cut(start=at(9), end=at(10, 30), session_minutes=30, buffer_minutes=10) == [
        (at(9), at(9, 30)),
        (at(9, 40), at(10, 10)),
    ]


def test_cut_across_dst_end_counts_real_hours():
    # 01:00–04:00 in Stockholm on 2030-10-27: the clocks go back at 03:00, so 4 hours pass.
    start = slots.local_to_utc(datetime.date(2030, 10, 27), datetime.time(1), "Europe/Stockholm")
    end = slots.local_to_utc(datetime.date(2030, 10, 27), datetime.time(4), "Europe/Stockholm")
    pieces = slots.cut(start=start, end=end, session_minutes=60, buffer_minutes=0)
    assert [s.astimezone(UTC).hour for s, _e in pieces] == [23, 0, 1, 2]
    assert [s.astimezone(STOCKHOLM).strftime("%H:%M %Z") for s, _e in pieces] == [
        "01:00 CEST",
        "02:00 CEST",
        "02:00 CET",
        "03:00 CET",
    ]


def test_local_to_utc_refuses_skipped_time():
    with pytest.raises(ValidationError) as error:
        slots.local_to_utc(datetime.date(2030, 3, 31), datetime.time(2, 30), "Europe/Stockholm")
    assert error.value.message_dict == {
        "start_time": [
            "02:30 does not exist on 2030-03-31 in Europe/Stockholm: the clocks skip it. "
            "Choose a time before or after the change."
        ]
    }


def test_local_to_utc_repeated_time_is_the_first():
    instant = slots.local_to_utc(
        datetime.date(2030, 10, 27), datetime.time(2, 30), "Europe/Stockholm"
    )
    assert instant == datetime.datetime(2030, 10, 27, 0, 30, tzinfo=UTC)


def add(coach, round_, day, start, end, *, user=None):
    return slots.availability_add(
        coach=coach,
        round_=round_,
        day=day,
        start_time=start,
        end_time=end,
        acting_user=user or coach.user,
    )


def local_day(round_, days=1):
    return (round_.coaching_starts + datetime.timedelta(days=days)).astimezone(STOCKHOLM).date()


def test_availability_add_cuts_slots_in_coach_zone(round_, coach):
    day = local_day(round_)
    availability = add(coach, round_, day, datetime.time(9), datetime.time(12))
    starts = list(Slot.objects.filter(coach=coach).values_list("start", flat=True))
    expected = datetime.datetime.combine(day, datetime.time(9), tzinfo=STOCKHOLM)
    assert availability.start == expected
    assert starts == [expected + datetime.timedelta(hours=h) for h in range(3)]


def test_availability_add_refuses_outside_round_and_overlap(round_, coach):
    before = round_.coaching_starts.astimezone(STOCKHOLM).date() - datetime.timedelta(days=2)
    with pytest.raises(ValidationError):
        add(coach, round_, before, datetime.time(9), datetime.time(12))
    day = local_day(round_)
    add(coach, round_, day, datetime.time(9), datetime.time(12))
    with pytest.raises(ValidationError):
        add(coach, round_, day, datetime.time(11), datetime.time(13))
    with pytest.raises(ValidationError):
        add(coach, round_, day, datetime.time(15), datetime.time(14))
    assert Availability.objects.count() == 1
    assert Slot.objects.count() == 3


def test_availability_add_only_by_coach_or_organiser(round_, coach, member, organiser):
    day = local_day(round_)
    with pytest.raises(PermissionDenied):
        add(coach, round_, day, datetime.time(9), datetime.time(12), user=member)
    assert Slot.objects.count() == 0
    add(coach, round_, day, datetime.time(9), datetime.time(12), user=organiser)
    assert Slot.objects.count() == 3


def test_availability_delete_withdraws_unbooked_and_keeps_booked(round_, coach, member):
    day = local_day(round_)
    availability = add(coach, round_, day, datetime.time(9), datetime.time(12))
    first, second, third = Slot.objects.order_by("start")
    BookingFactory(slot=first, coachee=member)
    BookingFactory(slot=second, coachee=member, status=BookingStatus.CANCELLED)
    slots.availability_delete(availability=availability, acting_user=coach.user)
    assert Availability.objects.count() == 0
    remaining = {s.pk: s.is_withdrawn for s in Slot.objects.all()}
    assert remaining == {first.pk: False, second.pk: True}
    # Offering the time again brings the withdrawn slot back and recreates the deleted one.
    add(coach, round_, day, datetime.time(9), datetime.time(12))
    assert Slot.objects.filter(is_withdrawn=False).count() == 3
    assert Slot.objects.count() == 3
    assert third.pk not in remaining


ROLES = [
    "anonymous",
    "member",
    "other_member",
    "manager",
    "other_org_manager",
    "organiser",
    "admin",
]


@pytest.mark.parametrize("role", ROLES)
def test_coach_availability_page_for_role(client_as, role, round_, coach):
    url = reverse("coaching:coach_availability", args=[round_.programme.slug, round_.pk])
    response = client_as(role).get(url)
    assert response.status_code == (302 if role == "anonymous" else 404)
    chosen = client_as(role).get(url, {"coach": coach.pk})
    expected = {"anonymous": 302, "organiser": 200, "admin": 200}.get(role, 404)
    assert chosen.status_code == expected
    if expected == 200:
        assert chosen.content.count(b"<h1") == 1
        assert b"Availability of Cora Coach" in chosen.content


def test_coach_availability_page_add_and_delete(client, round_, coach):
    client.force_login(coach.user)
    url = reverse("coaching:coach_availability", args=[round_.programme.slug, round_.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"Times on this page are in Europe/Stockholm" in response.content
    day = local_day(round_)
    response = client.post(
        url, {"day": day.isoformat(), "start_time": "09:00", "end_time": "11:00"}
    )
    assert response.status_code == 302
    assert Slot.objects.filter(coach=coach).count() == 2
    bad = client.post(url, {"day": day.isoformat(), "start_time": "10:00", "end_time": "10:30"})
    assert bad.status_code == 400
    assert b"This period overlaps one you already offered." in bad.content
    availability = Availability.objects.get()
    delete = reverse(
        "coaching:availability_delete", args=[round_.programme.slug, round_.pk, availability.pk]
    )
    assert client.get(delete).status_code == 405
    assert client.post(delete).status_code == 302
    assert Slot.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_availability_delete_for_role(client_as, role, round_, coach):
    availability = add(coach, round_, local_day(round_), datetime.time(9), datetime.time(11))
    url = reverse(
        "coaching:availability_delete", args=[round_.programme.slug, round_.pk, availability.pk]
    )
    response = client_as(role).post(f"{url}?coach={coach.pk}")
    expected = {"anonymous": 302, "organiser": 302, "admin": 302}.get(role, 404)
    assert response.status_code == expected
    removed = role in {"organiser", "admin"}
    assert Availability.objects.exists() is not removed
    assert Slot.objects.count() == (0 if removed else 2)
