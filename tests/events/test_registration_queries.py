# ruff: noqa: F811 - the fixtures are imported by name from test_registration_support
"""The dashboard, attendee list, export, agenda and feed cost the same number of queries for
few and for many registrations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atheneum.events.models import AgendaItem, Attendance, CalendarFeedToken, Proposal

from .test_registration_support import (  # noqa: F401
    RegistrationFactory,
    SessionFactory,
    event,
    form_en,
    form_es,
    registration,
    session,
)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def _same(client, url, make):
    client.get(url)
    make(3)
    small = _count(client, url)
    make(25)
    large = _count(client, url)
    assert small == large


@pytest.fixture
def grow(event, form_en, form_es, session):
    def make(count):
        for index in range(count):
            form = form_en if index % 2 else form_es
            status = "waitlisted" if index % 5 == 0 else "confirmed"
            reg = RegistrationFactory(event=event, form=form, status=status, answers={"x": "y"})
            Attendance.objects.create(session=session, user=reg.user, source="organiser")
            Proposal.objects.create(event=event, submitter=reg.user, title="T", abstract="A",
                                    language="en", kind="talk")  # fmt: skip
            SessionFactory(event=event)

    return make


@pytest.mark.parametrize(
    "name", ["registration_dashboard", "attendee_list", "registrations_csv", "registration_manage"]
)
def test_organiser_pages_query_count_constant(client_as, name, event, grow):
    _same(client_as("organiser"), reverse(f"events:{name}", args=[event.slug]), grow)


def test_my_agenda_query_count_constant(client_as, registration, event):
    def make(count):
        for _ in range(count):
            AgendaItem.objects.create(
                registration=registration, session=SessionFactory(event=event)
            )

    client = client_as("member")
    CalendarFeedToken.objects.create(user=registration.user)
    _same(client, reverse("events:my_agenda", args=[event.slug]), make)
    _same(client, reverse("events:agenda_ics", args=[event.slug]), make)
    token = CalendarFeedToken.objects.filter(user=registration.user).first()
    _same(client, reverse("events:agenda_feed", args=[token.token]), make)


def test_attendance_page_query_count_constant(client_as, event, session, grow):
    _same(
        client_as("organiser"),
        reverse("events:attendance_session", args=[event.slug, session.uid]),
        grow,
    )
