import datetime
import zoneinfo

import pytest
from django.utils import timezone

from atheneum.meetups import recurrence
from atheneum.meetups.enums import SeriesAccess
from atheneum.meetups.models import MeetupSeries, SeriesInvitation

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def first_wednesday_before_now(months: int = 3) -> datetime.datetime:
    today = timezone.now().astimezone(STOCKHOLM).date()
    year, month = today.year, today.month - months
    while month < 1:
        month += 12
        year -= 1
    anchor = datetime.datetime(year, month, 1, 14, 0, tzinfo=STOCKHOLM)
    rule = recurrence.build_rule(
        rule_text="FREQ=MONTHLY;BYDAY=1WE", first_start=anchor, time_zone="Europe/Stockholm"
    )
    return recurrence.first_date(rule=rule, time_zone="Europe/Stockholm")


def make_series(organisation, team, **extra) -> MeetupSeries:
    fields = {
        "organisation": organisation,
        "team": team,
        "slug": "story-time-circle",
        "title": "Story-time circle",
        "description": "Talk about **story times**. <script>alert(1)</script>",
        "rrule": "FREQ=MONTHLY;BYDAY=1WE",
        "first_start": first_wednesday_before_now(),
        "time_zone": "Europe/Stockholm",
        "meeting_url": "https://meet.example.org/secret-room",
        "access": SeriesAccess.INVITATION,
    }
    fields.update(extra)
    return MeetupSeries.objects.create(**fields)


@pytest.fixture
def series(organisation, team, member, other_member, manager):
    """Invitation-only, run by the children's team (whose manager is the rota), member invited."""
    series = make_series(organisation, team)
    SeriesInvitation.objects.create(series=series, user=member)
    return series


@pytest.fixture
def open_series(organisation, team):
    return make_series(
        organisation,
        team,
        slug="open-coffee",
        title="Open coffee",
        access=SeriesAccess.MEMBERS,
        meeting_url="https://meet.example.org/open-coffee",
    )
