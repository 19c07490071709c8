"""A coach in Stockholm and a coachee in Auckland across the end of New Zealand's daylight
saving time (first Sunday of April, 03:00 NZDT becomes 02:00 NZST): the instants stay right,
both see their own wall clock, and the invite read back gives the same instants."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from atheneum.coaching import booking_services, slots
from atheneum.coaching.models import Slot

from ..factories import UserFactory
from .factories import CoachFactory, ProgrammeFactory, RoundFactory
from .test_booking_support import ics_attachment, ics_events

UTC = datetime.UTC
AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def next_auckland_dst_end() -> datetime.datetime:
    """The UTC instant New Zealand's clocks next go back, at least a week from now."""
    soon = timezone.now() + datetime.timedelta(days=7)
    year = soon.year
    while True:
        april = datetime.date(year, 4, 1)
        sunday = april + datetime.timedelta(days=(6 - april.weekday()) % 7)
        # 03:00 NZDT is followed by 02:00 NZST: the second 02:00 (fold=1) is the change.
        change = datetime.datetime.combine(sunday, datetime.time(2), tzinfo=AUCKLAND)
        instant = change.replace(fold=1).astimezone(UTC)
        if instant > soon:
            return instant
        year += 1


@pytest.fixture
def setting(db):
    change = next_auckland_dst_end()
    programme = ProgrammeFactory(slug="tz-coaching")
    round_ = RoundFactory(
        programme=programme,
        booking_opens=timezone.now() - datetime.timedelta(days=1),
        booking_closes=change + datetime.timedelta(days=1),
        coaching_starts=change - datetime.timedelta(days=1),
        coaching_ends=change + datetime.timedelta(days=1),
        session_minutes=45,
        buffer_minutes=15,
    )
    coach = CoachFactory(
        programme=programme,
        user=UserFactory(display_name="Stina Stockholm", time_zone="Europe/Stockholm"),
        time_zone="Europe/Stockholm",
    )
    coachee = UserFactory(display_name="Aroha Auckland", time_zone="Pacific/Auckland")
    return change, round_, coach, coachee


def test_slots_across_auckland_dst_end(client, setting):
    change, round_, coach, coachee = setting
    assert change.astimezone(AUCKLAND).utcoffset() == datetime.timedelta(hours=12)
    first = change - datetime.timedelta(hours=2)
    local = first.astimezone(STOCKHOLM)
    slots.availability_add(
        coach=coach,
        round_=round_,
        day=local.date(),
        start_time=local.time(),
        end_time=(local + datetime.timedelta(hours=4)).time(),
        acting_user=coach.user,
    )
    starts = list(Slot.objects.order_by("start").values_list("start", flat=True))
    assert starts == [first + datetime.timedelta(hours=h) for h in range(4)]
    auckland = [s.astimezone(AUCKLAND).strftime("%H:%M %Z") for s in starts]
    assert auckland == ["01:00 NZDT", "02:00 NZDT", "02:00 NZST", "03:00 NZST"]

    client.force_login(coachee)
    response = client.get(reverse("coaching:round_slots", args=[round_.programme.slug, round_.pk]))
    html = response.content.decode()
    for start in starts:
        mine = date_format(start.astimezone(AUCKLAND).replace(tzinfo=None), "TIME_FORMAT")
        theirs = date_format(start.astimezone(STOCKHOLM).replace(tzinfo=None), "TIME_FORMAT")
        assert f'<time datetime="{start.isoformat()}">{mine} (Pacific/Auckland)</time>' in html
        assert f'<time datetime="{start.isoformat()}">{theirs} (Europe/Stockholm)</time>' in html
    ((day, _rows),) = [(d, r) for d, r in response.context["days"]]
    assert day == starts[0].astimezone(AUCKLAND).date()

    after_change = Slot.objects.get(start=change)
    booking = booking_services.booking_create(
        slot=after_change, coachee=coachee, goals="Plan my return to work.",
        preparation_done=[], acting_user=coachee,
    )  # fmt: skip
    assert (booking.start, booking.end) == (change, change + datetime.timedelta(minutes=45))
    invite = client.get(reverse("coaching:booking_ics", args=[booking.uid]))
    _calendar, (event,) = ics_events(invite.content)
    assert event.decoded("DTSTART") == change
    assert event.decoded("DTEND") == change + datetime.timedelta(minutes=45)


def test_booking_mail_states_both_zones(setting, django_capture_on_commit_callbacks):
    change, round_, coach, coachee = setting
    slot = Slot.objects.create(
        round=round_, coach=coach, start=change, end=change + datetime.timedelta(minutes=45)
    )
    with django_capture_on_commit_callbacks(execute=True):
        booking_services.booking_create(
            slot=slot, coachee=coachee, goals="Plan my return to work.",
            preparation_done=[], acting_user=coachee,
        )  # fmt: skip
    coachee_mail, coach_mail = mail.outbox
    auckland = date_format(change.astimezone(AUCKLAND).replace(tzinfo=None), "DATETIME_FORMAT")
    stockholm = date_format(change.astimezone(STOCKHOLM).replace(tzinfo=None), "DATETIME_FORMAT")
    assert f"Your time: {auckland}" in coachee_mail.body
    assert "(Pacific/Auckland)" in coachee_mail.body
    assert f"Time for Stina Stockholm: {stockholm}" in coachee_mail.body
    assert f"Your time: {stockholm}" in coach_mail.body
    assert f"Time for Aroha Auckland: {auckland}" in coach_mail.body
    for message in mail.outbox:
        _calendar, (event,) = ics_events(ics_attachment(message)[1])
        assert event.decoded("DTSTART") == change
