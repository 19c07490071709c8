"""The series list and series page cost the same number of queries as data grows."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atheneum.meetups import selectors
from atheneum.meetups.models import Occurrence, Rsvp, SeriesInvitation

from ..factories import UserFactory, add_to_team
from .conftest import make_series


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def add_rsvps(series, people):
    for date in selectors.upcoming_dates(series=series, user=None):
        occurrence, _ = Occurrence.objects.get_or_create(series=series, start=date.start)
        for person in people:
            Rsvp.objects.get_or_create(
                occurrence=occurrence, user=person, defaults={"response": "yes"}
            )


def test_series_page_query_count_constant(client_as, series, team, member):
    client = client_as("member")
    url = reverse("meetups:series_detail", args=[series.slug])
    client.get(url)
    add_rsvps(series, [member])
    small = count(client, url)
    people = [UserFactory() for _ in range(8)]
    for person in people:
        add_to_team(person, team)
    add_rsvps(series, people + [member])
    Occurrence.objects.create(
        series=series, start=series.first_start - datetime.timedelta(days=3), notes="Old"
    )
    assert count(client, url) == small


def test_series_list_query_count_constant(client_as, organisation, team, member):
    client = client_as("member")
    url = reverse("meetups:series_list")
    client.get(url)

    def make(n, start):
        for i in range(start, start + n):
            series = make_series(organisation, team, slug=f"series-{i}", title=f"Series {i}")
            SeriesInvitation.objects.create(series=series, user=member)
            add_rsvps(series, [member])

    make(2, 0)
    small = count(client, url)
    make(8, 2)
    assert count(client, url) == small
