"""The series page describes the series for machines (schema.org EventSeries)."""

import json
import re

import pytest

pytestmark = pytest.mark.django_db


def _jsonld(html: str) -> dict:
    match = re.search(
        r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html, re.S
    )
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_series_page_carries_eventseries_with_coming_dates(client, series, member):
    client.force_login(member)
    html = client.get(f"/meetups/{series.slug}/").content.decode()
    data = _jsonld(html)
    assert data["@type"] == "EventSeries"
    assert data["name"] == "Story-time circle"
    assert data["offers"]["price"] == "0"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert len(data["subEvent"]) == 6
    assert all(event["@type"] == "Event" for event in data["subEvent"])


def test_series_jsonld_never_carries_the_meeting_link(client, series, member):
    client.force_login(member)
    html = client.get(f"/meetups/{series.slug}/").content.decode()
    assert "secret-room" not in json.dumps(_jsonld(html))


def test_series_jsonld_cannot_close_its_script_element(client, series, member):
    series.title = "</script><script>alert(1)</script>"
    series.save()
    client.force_login(member)
    html = client.get(f"/meetups/{series.slug}/").content.decode()
    assert "<script>alert(1)" not in html
    assert _jsonld(html)["name"] == "</script><script>alert(1)</script>"
