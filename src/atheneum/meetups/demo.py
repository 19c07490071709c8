"""Demo meetups: the association's CPD section's monthly online coffee.

Running `load` twice changes nothing: the series is found by its slug, people by their email.
"""

import datetime
import zoneinfo

from allauth.account.models import EmailAddress
from django.utils import timezone

from atheneum.accounts.models import User
from atheneum.organisations.enums import TeamRole
from atheneum.organisations.models import Membership, Team, TeamMembership

from . import recurrence
from .enums import SeriesAccess
from .models import MeetupSeries, Occurrence, SeriesInvitation

SLUG = "cpd-section-monthly"
ZONE = "Europe/Stockholm"
RULE = "FREQ=MONTHLY;BYDAY=1WE"

# Two volunteer officers of the section, so the rota has people to go through.
OFFICERS = [
    ("officer.keiko@demo.atheneum.test", "Keiko Tanaka", "Asia/Tokyo"),
    ("officer.samuel@demo.atheneum.test", "Samuel Okoye", "Africa/Lagos"),
]

DESCRIPTION = (
    "An hour once a month for anyone in the CPD section to talk shop. There is no agenda and "
    "no slides: bring a question, a small win from your library or something you read.\n\n"
    "The host opens the call, keeps an eye on the time and writes two or three lines "
    "afterwards for those who could not come."
)

NOTES = (
    "Eleven of us from six countries.\n\n"
    "- Two colleagues compared how they log informal learning in their CPD record; "
    "both now add a short reflection the same day.\n"
    "- Several libraries are piloting peer observation at the help desk. "
    "We agreed to share the observation checklist before the next meeting.\n"
    "- Next time: how to make the case for CPD hours to a new manager."
)


def _officer(email: str, name: str, zone: str) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"display_name": name, "time_zone": zone}
    )
    if created:
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user


def _first_wednesday_months_ago(months: int) -> datetime.datetime:
    zone = zoneinfo.ZoneInfo(ZONE)
    today = timezone.now().astimezone(zone).date()
    year, month = today.year, today.month - months
    while month < 1:
        month += 12
        year -= 1
    anchor = datetime.datetime(year, month, 1, 14, 0, tzinfo=zone)
    rule = recurrence.build_rule(rule_text=RULE, first_start=anchor, time_zone=ZONE)
    return recurrence.first_date(rule=rule, time_zone=ZONE)


def load(*, organisations: dict, users: dict) -> None:
    association = organisations["association"]
    section = Team.objects.get(organisation=association, slug="cpd-section")
    for email, name, zone in OFFICERS:
        officer = _officer(email, name, zone)
        Membership.objects.get_or_create(user=officer, organisation=association)
        TeamMembership.objects.get_or_create(
            user=officer, team=section, defaults={"role": TeamRole.MANAGER}
        )
    series = MeetupSeries.objects.filter(slug=SLUG).first()
    if series is None:
        series = MeetupSeries.objects.create(
            organisation=association,
            team=section,
            slug=SLUG,
            title="CPD section monthly coffee",
            description=DESCRIPTION,
            language="en",
            rrule=RULE,
            first_start=_first_wednesday_months_ago(5),
            time_zone=ZONE,
            duration_minutes=60,
            meeting_url="https://meet.example.org/illa-cpd-coffee",
            access=SeriesAccess.INVITATION,
            rotate_hosts=True,
        )
    SeriesInvitation.objects.get_or_create(series=series, user=users["member"])
    if not Occurrence.objects.filter(series=series).exclude(notes="").exists():
        rule = recurrence.build_rule(
            rule_text=series.rrule, first_start=series.first_start, time_zone=series.time_zone
        )
        now = timezone.now()
        past = recurrence.dates_between(
            rule=rule,
            time_zone=series.time_zone,
            start=series.first_start,
            end=now - datetime.timedelta(minutes=series.duration_minutes),
        )
        if past:
            Occurrence.objects.get_or_create(
                series=series, start=past[-1], defaults={"notes": NOTES}
            )
