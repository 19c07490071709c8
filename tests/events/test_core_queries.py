"""The schedule page, every export and the list pages cost the same queries at 10 or 300."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atheneum.competencies.models import Competency
from atheneum.events.models import Session, SessionText, Speaker, Track

from . import core_factories
from .core_factories import EventFactory

event = core_factories.event


def make_sessions(event, count):
    track = Track.objects.create(event=event, name=f"Track {count}")
    start = event.start
    sessions = Session.objects.bulk_create(
        [
            Session(
                event=event, kind="talk", track=track, languages=["en", "es"],
                start=start + dt.timedelta(minutes=10 * i),
                end=start + dt.timedelta(minutes=10 * i + 30), is_published=True,
            )
            for i in range(count)
        ]
    )  # fmt: skip
    SessionText.objects.bulk_create(
        [SessionText(session=s, language="en", title=f"Talk {s.pk}") for s in sessions]
    )
    speakers = Speaker.objects.bulk_create(
        [Speaker(event=event, name=f"Speaker {i}") for i in range(count)]
    )
    through = Session.speakers.through
    through.objects.bulk_create(
        [through(session_id=s.pk, speaker_id=p.pk) for s, p in zip(sessions, speakers, strict=True)]
    )
    competency = Competency.objects.first()
    if competency:
        cthrough = Session.competencies.through
        cthrough.objects.bulk_create(
            [cthrough(session_id=s.pk, competency_id=competency.pk) for s in sessions]
        )


def count(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


URL_NAMES = [
    "schedule",
    "schedule_xml",
    "schedule_json",
    "sessions_json",
    "event_calendar",
    "event_jsonld",
]


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("role", ["anonymous", "member", "organiser"])
def test_schedule_and_exports_query_count_constant(client_as, role, name, organisation):
    client = client_as(role)
    small = EventFactory(organisation=organisation, slug="small")
    large = EventFactory(organisation=organisation, slug="large")
    make_sessions(small, 10)
    make_sessions(large, 300)
    client.get(reverse("events:event_list"))  # warm per-process caches
    cold_small = count(client, reverse(f"events:{name}", args=["small"]))
    cold_large = count(client, reverse(f"events:{name}", args=["large"]))
    assert cold_small == cold_large
    warm_large = count(client, reverse(f"events:{name}", args=["large"]))
    assert warm_large <= cold_large


def test_cached_schedule_queries_are_few(client, organisation):
    large = EventFactory(organisation=organisation, slug="large")
    make_sessions(large, 300)
    url = reverse("events:schedule", args=["large"])
    client.get(url)
    assert count(client, url) <= 3


@pytest.mark.parametrize("url_name", ["event_list", "organisation_events"])
def test_event_lists_query_count_constant(client_as, url_name, organisation):
    client = client_as("member")
    args = [organisation.slug] if url_name == "organisation_events" else []
    url = reverse(f"events:{url_name}", args=args)
    client.get(url)
    for _ in range(2):
        EventFactory(organisation=organisation)
    small = count(client, url)
    for _ in range(20):
        EventFactory(organisation=organisation)
    assert count(client, url) == small


def test_manage_page_query_count_constant(client_as, organisation):
    client = client_as("organiser")
    event = EventFactory(organisation=organisation, slug="managed")
    url = reverse("events:event_manage", args=[event.slug])
    client.get(url)  # warm the cached event, which sessions do not change
    make_sessions(event, 5)
    small = count(client, url)
    make_sessions(event, 40)
    assert count(client, url) == small
