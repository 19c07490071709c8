import datetime
import zoneinfo

import pytest

from atheneum.meetups import recurrence

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
UTC = datetime.UTC


def rule_for(first_start, text="FREQ=MONTHLY;BYDAY=1WE", zone="Europe/Stockholm"):
    return recurrence.build_rule(rule_text=text, first_start=first_start, time_zone=zone)


def test_monthly_first_wednesday_keeps_local_time_across_dst():
    first = datetime.datetime(2026, 1, 7, 14, 0, tzinfo=STOCKHOLM)
    dates = recurrence.next_dates(
        rule=rule_for(first), time_zone="Europe/Stockholm", after=first, count=5
    )
    assert dates == [
        datetime.datetime(2026, 1, 7, 13, 0, tzinfo=UTC),
        datetime.datetime(2026, 2, 4, 13, 0, tzinfo=UTC),
        datetime.datetime(2026, 3, 4, 13, 0, tzinfo=UTC),
        # Summer time from 29 March: still 14:00 in Stockholm, so 12:00 UTC.
        datetime.datetime(2026, 4, 1, 12, 0, tzinfo=UTC),
        datetime.datetime(2026, 5, 6, 12, 0, tzinfo=UTC),
    ]
    assert {d.astimezone(STOCKHOLM).hour for d in dates} == {14}


def test_weekly_rule_across_autumn_dst_change():
    first = datetime.datetime(2026, 10, 20, 9, 30, tzinfo=STOCKHOLM)
    dates = recurrence.next_dates(
        rule=rule_for(first, "FREQ=WEEKLY;BYDAY=TU"),
        time_zone="Europe/Stockholm",
        after=first,
        count=2,
    )
    assert dates == [
        datetime.datetime(2026, 10, 20, 7, 30, tzinfo=UTC),
        datetime.datetime(2026, 10, 27, 8, 30, tzinfo=UTC),
    ]


def test_ordinal_counts_dates_from_the_first():
    first = datetime.datetime(2026, 1, 7, 14, 0, tzinfo=STOCKHOLM)
    rule = rule_for(first)
    dates = recurrence.next_dates(rule=rule, time_zone="Europe/Stockholm", after=first, count=4)
    assert [
        recurrence.ordinal(rule=rule, time_zone="Europe/Stockholm", moment=d) for d in dates
    ] == [0, 1, 2, 3]


def test_is_date_of_rejects_other_moments():
    first = datetime.datetime(2026, 1, 7, 14, 0, tzinfo=STOCKHOLM)
    rule = rule_for(first)
    assert recurrence.is_date_of(
        rule=rule,
        time_zone="Europe/Stockholm",
        moment=datetime.datetime(2026, 2, 4, 13, 0, tzinfo=UTC),
    )
    assert not recurrence.is_date_of(
        rule=rule,
        time_zone="Europe/Stockholm",
        moment=datetime.datetime(2026, 2, 5, 13, 0, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    "text",
    ["", "FREQ=HOURLY", "FREQ=SOMETIMES", "DTSTART:20260101T000000\nFREQ=DAILY", "BYDAY=1WE"],
)
def test_build_rule_rejects_bad_rules(text):
    first = datetime.datetime(2026, 1, 7, 14, 0, tzinfo=STOCKHOLM)
    with pytest.raises(recurrence.InvalidRule):
        rule_for(first, text)


def test_clean_rule_text_strips_prefix_and_spaces():
    assert recurrence.clean_rule_text(" rrule:freq=monthly; byday=1we; ") == (
        "FREQ=MONTHLY;BYDAY=1WE"
    )
