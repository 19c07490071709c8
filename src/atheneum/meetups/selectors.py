"""Reads of meetup series, their dates, hosts and RSVPs.

Selectors own every select_related / prefetch_related, so the series list and the series page
cost the same number of queries however many dates and RSVPs a series has.

The host rota (documented promise): when a series rotates hosts, the date that is the n-th of
the series (counting from its first meeting, starting at 0) goes to the manager at position
n mod k of the k managers of the series' team, ordered by when they joined the team and then by
account id. A host assigned by an organiser always wins over the rota.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from atheneum.organisations.enums import TeamRole
from atheneum.organisations.models import Membership, Organisation, TeamMembership
from atheneum.organisations.rules import can
from atheneum.organisations.selectors import roles_for

from . import recurrence
from .enums import RsvpResponse, SeriesAccess
from .models import MeetupSeries, Occurrence, Rsvp, SeriesInvitation

UPCOMING_COUNT = 6


def series_rule(series: MeetupSeries):
    return recurrence.build_rule(
        rule_text=series.rrule, first_start=series.first_start, time_zone=series.time_zone
    )


def series_visible_to(*, user) -> QuerySet[MeetupSeries]:
    """Every series the viewer may see, in one query (no per-series permission checks)."""
    queryset = MeetupSeries.objects.select_related("organisation", "team")
    if not user or not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset.order_by("title", "pk")
    roles = roles_for(user)
    organising = [org_id for org_id in roles.org_roles if roles.is_organiser(org_id)]
    visible = (
        Q(organisation_id__in=organising)
        | Q(team_id__in=roles.managed_team_ids())
        | Q(access=SeriesAccess.MEMBERS, organisation_id__in=list(roles.org_roles))
        | Q(pk__in=SeriesInvitation.objects.filter(user=user).values("series_id"))
    )
    return queryset.filter(visible).order_by("title", "pk")


def series_list_for_user(*, user, now: datetime.datetime | None = None) -> list[MeetupSeries]:
    """The visible series, each with `next_start` (its next date, or None)."""
    now = now or timezone.now()
    series_list = list(series_visible_to(user=user))
    for series in series_list:
        series.next_start = None
        if series.is_active:
            try:
                dates = recurrence.next_dates(
                    rule=series_rule(series), time_zone=series.time_zone, after=now, count=1
                )
            except recurrence.InvalidRule:
                dates = []
            series.next_start = dates[0] if dates else None
    return series_list


def series_get_for_user(*, user, slug: str) -> MeetupSeries:
    """The series at `slug` if the viewer may see it; 404 otherwise, so nobody learns it exists."""
    series = MeetupSeries.objects.select_related("organisation", "team").filter(slug=slug).first()
    if series is None or not can(user, "meetups.view_series", series):
        raise Http404
    return series


def organisations_for_series_authoring(*, user) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.order_by("name")
    roles = roles_for(user)
    ids = [org_id for org_id in roles.org_roles if roles.is_organiser(org_id)]
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def rota_hosts(*, series: MeetupSeries) -> list:
    """The people the rota goes through: the team's managers, in rota order."""
    if not series.rotate_hosts or series.team_id is None:
        return []
    return [
        membership.user
        for membership in TeamMembership.objects.filter(
            team_id=series.team_id, role=TeamRole.MANAGER, user__is_active=True
        )
        .select_related("user")
        .order_by("joined_at", "pk")
    ]


def rota_host_for(*, series: MeetupSeries, rule, start: datetime.datetime, hosts: list):
    if not hosts:
        return None
    position = recurrence.ordinal(rule=rule, time_zone=series.time_zone, moment=start)
    return hosts[position % len(hosts)]


@dataclass
class Date:
    """One date of a series, stored or not yet."""

    series: MeetupSeries
    start: datetime.datetime
    end: datetime.datetime
    occurrence: Occurrence | None
    host: object | None
    host_from_rota: bool
    yes: int = 0
    maybe: int = 0
    no: int = 0
    my_response: str | None = None

    @property
    def key(self) -> str:
        return occurrence_key(self.start)

    @property
    def cancelled(self) -> bool:
        return bool(self.occurrence and self.occurrence.cancelled)

    @property
    def notes(self) -> str:
        return self.occurrence.notes if self.occurrence else ""

    @property
    def is_past(self) -> bool:
        return self.end <= timezone.now()


def occurrence_key(start: datetime.datetime) -> str:
    """The date's address in URLs: its UTC start, e.g. 20260204T130000Z."""
    return start.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def parse_occurrence_key(key: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.strptime(key, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
    except ValueError:
        return None


def _occurrences_with_counts(*, series: MeetupSeries, starts: list, user) -> dict:
    queryset = Occurrence.objects.filter(series=series, start__in=starts).select_related("host")
    queryset = queryset.annotate(
        yes_count=Count("rsvps", filter=Q(rsvps__response=RsvpResponse.YES)),
        maybe_count=Count("rsvps", filter=Q(rsvps__response=RsvpResponse.MAYBE)),
        no_count=Count("rsvps", filter=Q(rsvps__response=RsvpResponse.NO)),
    )
    if user is not None and user.is_authenticated:
        mine = Rsvp.objects.filter(occurrence=OuterRef("pk"), user=user).values("response")[:1]
        queryset = queryset.annotate(my_response=Subquery(mine))
    return {occurrence.start: occurrence for occurrence in queryset}


def _dates(*, series: MeetupSeries, rule, starts: list, user) -> list[Date]:
    stored = _occurrences_with_counts(series=series, starts=starts, user=user)
    hosts = rota_hosts(series=series)
    length = datetime.timedelta(minutes=series.duration_minutes)
    dates = []
    for start in starts:
        occurrence = stored.get(start)
        host = occurrence.host if occurrence and occurrence.host_id else None
        from_rota = False
        if host is None:
            host = rota_host_for(series=series, rule=rule, start=start, hosts=hosts)
            from_rota = host is not None
        date = Date(
            series=series,
            start=start,
            end=start + length,
            occurrence=occurrence,
            host=host,
            host_from_rota=from_rota,
        )
        if occurrence is not None:
            date.yes = occurrence.yes_count
            date.maybe = occurrence.maybe_count
            date.no = occurrence.no_count
            date.my_response = getattr(occurrence, "my_response", None)
        dates.append(date)
    return dates


def upcoming_dates(
    *, series: MeetupSeries, user, count: int = UPCOMING_COUNT, now=None
) -> list[Date]:
    """The next `count` dates (cancelled ones included, marked), with hosts and RSVP counts."""
    if not series.is_active:
        return []
    rule = series_rule(series)
    now = now or timezone.now()
    # A meeting under way still counts as coming up until it ends.
    after = now - datetime.timedelta(minutes=series.duration_minutes)
    starts = recurrence.next_dates(rule=rule, time_zone=series.time_zone, after=after, count=count)
    return _dates(series=series, rule=rule, starts=starts, user=user)


def past_dates_with_notes(*, series: MeetupSeries, limit: int = 6) -> list[Occurrence]:
    """The latest past dates that have notes, each with its URL `key`."""
    occurrences = list(
        Occurrence.objects.filter(series=series, start__lt=timezone.now())
        .exclude(notes="")
        .order_by("-start")[:limit]
    )
    for occurrence in occurrences:
        occurrence.key = occurrence_key(occurrence.start)
    return occurrences


def date_get_for_user(*, user, series: MeetupSeries, key: str) -> Date:
    """One date of a series the viewer may see; 404 unless it is a date of the series."""
    start = parse_occurrence_key(key)
    if start is None:
        raise Http404
    rule = series_rule(series)
    is_stored = Occurrence.objects.filter(series=series, start=start).exists()
    if not is_stored and not recurrence.is_date_of(
        rule=rule, time_zone=series.time_zone, moment=start
    ):
        raise Http404
    return _dates(series=series, rule=rule, starts=[start], user=user)[0]


def rsvps_for(*, date: Date) -> QuerySet[Rsvp]:
    if date.occurrence is None:
        return Rsvp.objects.none()
    return (
        Rsvp.objects.filter(occurrence=date.occurrence)
        .select_related("user")
        .order_by("response", "user__display_name", "pk")
    )


def invitations_for(*, series: MeetupSeries) -> QuerySet[SeriesInvitation]:
    return (
        SeriesInvitation.objects.filter(series=series)
        .select_related("user")
        .order_by("user__display_name", "user__email")
    )


def organisation_members_for(*, series: MeetupSeries):
    """The people an organiser may invite or choose as hosts: the organisation's members."""
    return [
        membership.user
        for membership in Membership.objects.filter(
            organisation_id=series.organisation_id, user__is_active=True
        )
        .select_related("user")
        .order_by("user__display_name", "user__email")
    ]


def cancelled_starts(*, series: MeetupSeries) -> list[datetime.datetime]:
    return list(
        Occurrence.objects.filter(series=series, cancelled=True)
        .order_by("start")
        .values_list("start", flat=True)
    )


def occurrences_needing_reminder(
    *, now: datetime.datetime, within: datetime.timedelta
) -> list[tuple[MeetupSeries, datetime.datetime, object]]:
    """(series, start, host) for every coming date within `within` that has a host."""
    found = []
    for series in MeetupSeries.objects.filter(is_active=True).select_related("organisation"):
        try:
            rule = series_rule(series)
        except recurrence.InvalidRule:
            continue
        starts = recurrence.dates_between(
            rule=rule, time_zone=series.time_zone, start=now, end=now + within
        )
        if not starts:
            continue
        for date in _dates(series=series, rule=rule, starts=starts, user=None):
            if date.host is not None and not date.cancelled:
                found.append((series, date.start, date.host))
    return found
