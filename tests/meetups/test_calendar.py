import datetime
import zoneinfo

from django.urls import reverse
from icalendar import Calendar

from atheneum.meetups import selectors, services
from atheneum.meetups.calendar import series_calendar

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def parse(data: bytes):
    calendar = Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    zones = list(calendar.walk("VTIMEZONE"))
    return calendar, events, zones


def test_series_ics_has_rrule_dtstart_in_zone_and_vtimezone(series):
    calendar, events, zones = parse(series_calendar(series=series))
    assert len(events) == 1
    event = events[0]
    assert str(event["uid"]) == f"meetup-series-{series.uid}@atheneum"
    start = event.decoded("dtstart")
    assert start.tzinfo is not None
    assert event["dtstart"].params["TZID"] == "Europe/Stockholm"
    assert start.astimezone(STOCKHOLM).hour == 14
    assert start == series.first_start
    assert event["rrule"].to_ical() == b"FREQ=MONTHLY;BYDAY=1WE"
    assert event.decoded("duration") == datetime.timedelta(minutes=60)
    assert [str(z["tzid"]) for z in zones] == ["Europe/Stockholm"]
    assert "dtstamp" in event
    assert str(event["conference"]) == "https://meet.example.org/secret-room"


def test_series_ics_lists_cancelled_dates_as_exdate(series, organiser):
    dates = selectors.upcoming_dates(series=series, user=None)
    services.occurrence_set_cancelled(
        series=series, start=dates[2].start, cancelled=True, acting_user=organiser
    )
    _calendar, events, _zones = parse(series_calendar(series=series))
    exdates = events[0]["exdate"]
    exdates = exdates if isinstance(exdates, list) else [exdates]
    moments = [entry.dt for value in exdates for entry in value.dts]
    assert moments == [dates[2].start]
    assert exdates[0].params["TZID"] == "Europe/Stockholm"


def test_series_ics_uid_is_stable(series):
    _c1, first, _z1 = parse(series_calendar(series=series))
    _c2, second, _z2 = parse(series_calendar(series=series))
    assert first[0]["uid"] == second[0]["uid"]


def test_series_ics_expands_to_the_site_dates_across_dst(client_as, series):
    """The calendar's recurrence, expanded by a client, gives the dates the site shows."""
    from dateutil.rrule import rrulestr

    response = client_as("member").get(reverse("meetups:series_ics", args=[series.slug]))
    _calendar, events, _zones = parse(response.content)
    start = events[0].decoded("dtstart")
    local_start = start.astimezone(STOCKHOLM).replace(tzinfo=None)
    rule = rrulestr(events[0]["rrule"].to_ical().decode(), dtstart=local_start)
    expanded = [local.replace(tzinfo=STOCKHOLM).astimezone(datetime.UTC) for local in rule[:12]]
    site = selectors.recurrence.next_dates(
        rule=selectors.series_rule(series), time_zone=series.time_zone, after=start, count=12
    )
    assert expanded == site
    assert {d.astimezone(STOCKHOLM).hour for d in expanded} == {14}
    assert len({d.utcoffset() for d in [x.astimezone(STOCKHOLM) for x in expanded]}) == 2
