"""The series' calendar file: one VEVENT with the recurrence, RFC 5545.

DTSTART is the first meeting in the series' own zone (an IANA name, with its VTIMEZONE), the
RRULE is the series' rule, cancelled dates are EXDATEs, and the UID comes from the series, so a
calendar that subscribed keeps one event whatever changes.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vRecur, vUri

from .models import MeetupSeries
from .selectors import cancelled_starts, recurrence


def series_uid(series: MeetupSeries) -> str:
    return f"meetup-series-{series.uid}@atheneum"


def series_calendar(*, series: MeetupSeries) -> bytes:
    zone = zoneinfo.ZoneInfo(series.time_zone)
    calendar = Calendar()
    calendar.add("prodid", "-//Atheneum//Meetups//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", series.title)
    event = Event()
    event.add("uid", series_uid(series))
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("summary", series.title)
    if series.description:
        event.add("description", series.description)
    start = series.first_start.astimezone(zone)
    event.add("dtstart", start)
    event.add("duration", datetime.timedelta(minutes=series.duration_minutes))
    event.add("rrule", vRecur.from_ical(recurrence.clean_rule_text(series.rrule)))
    cancelled = [moment.astimezone(zone) for moment in cancelled_starts(series=series)]
    if cancelled:
        event.add("exdate", cancelled)
    event.add(
        "url", settings.SITE_URL.rstrip("/") + reverse("meetups:series_detail", args=[series.slug])
    )
    if series.meeting_url:
        event.add("location", series.meeting_url)
        conference = vUri(series.meeting_url)
        event.add("conference", conference, parameters={"value": "URI", "feature": "VIDEO"})
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
