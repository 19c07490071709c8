"""The dates of a meetup series, computed from its RRULE with dateutil.

Dates are expanded on the LOCAL wall-clock time of the series' zone and only then turned into
instants, so "14:00 in Stockholm" stays 14:00 across daylight-saving changes. Nothing here does
date arithmetic by hand.
"""

import datetime
import zoneinfo
from collections.abc import Iterator

from dateutil import rrule

ALLOWED_FREQUENCIES = {rrule.DAILY, rrule.WEEKLY, rrule.MONTHLY, rrule.YEARLY}
# How far ahead a rule is searched for its next date (a yearly rule needs a few years).
SEARCH_LIMIT = 500


class InvalidRule(ValueError):
    pass


def clean_rule_text(text: str) -> str:
    """The rule without an "RRULE:" prefix, spaces or a trailing semicolon, in capitals."""
    rule = "".join((text or "").split()).upper()
    if rule.startswith("RRULE:"):
        rule = rule[len("RRULE:") :]
    return rule.strip(";")


def _local_naive(moment: datetime.datetime, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


def build_rule(*, rule_text: str, first_start: datetime.datetime, time_zone: str) -> rrule.rrule:
    """The dateutil rule anchored on the first meeting's local wall-clock time."""
    text = clean_rule_text(rule_text)
    if not text or "DTSTART" in text or "\n" in text:
        raise InvalidRule(text)
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
        rule = rrule.rrulestr(text, dtstart=_local_naive(first_start, zone))
    except (ValueError, TypeError, KeyError, zoneinfo.ZoneInfoNotFoundError) as error:
        raise InvalidRule(text) from error
    if not isinstance(rule, rrule.rrule) or rule._freq not in ALLOWED_FREQUENCIES:
        raise InvalidRule(text)
    return rule


def _aware(local: datetime.datetime, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    return local.replace(tzinfo=zone).astimezone(datetime.UTC)


def iter_dates(
    *, rule: rrule.rrule, time_zone: str, after: datetime.datetime, inclusive: bool = True
) -> Iterator[datetime.datetime]:
    """The series' dates (UTC instants) from `after` on, in order."""
    zone = zoneinfo.ZoneInfo(time_zone)
    for local in rule.xafter(_local_naive(after, zone), inc=inclusive):
        yield _aware(local, zone)


def next_dates(
    *, rule: rrule.rrule, time_zone: str, after: datetime.datetime, count: int
) -> list[datetime.datetime]:
    dates = []
    for moment in iter_dates(rule=rule, time_zone=time_zone, after=after):
        dates.append(moment)
        if len(dates) >= count:
            break
    return dates


def dates_between(
    *, rule: rrule.rrule, time_zone: str, start: datetime.datetime, end: datetime.datetime
) -> list[datetime.datetime]:
    zone = zoneinfo.ZoneInfo(time_zone)
    return [
        _aware(local, zone)
        for local in rule.between(_local_naive(start, zone), _local_naive(end, zone), inc=True)
    ]


def first_date(*, rule: rrule.rrule, time_zone: str) -> datetime.datetime | None:
    local = rule.after(rule._dtstart, inc=True)
    return _aware(local, zoneinfo.ZoneInfo(time_zone)) if local else None


def is_date_of(*, rule: rrule.rrule, time_zone: str, moment: datetime.datetime) -> bool:
    zone = zoneinfo.ZoneInfo(time_zone)
    local = _local_naive(moment, zone)
    found = rule.after(local, inc=True)
    return found is not None and _aware(found, zone) == moment


def ordinal(*, rule: rrule.rrule, time_zone: str, moment: datetime.datetime) -> int:
    """How many dates of the series come before `moment` (0 for the first meeting)."""
    local = _local_naive(moment, zoneinfo.ZoneInfo(time_zone))
    start = rule._dtstart - datetime.timedelta(seconds=1)
    return len(rule.between(start, local, inc=False))
