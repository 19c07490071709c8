# ruff: noqa: F811 - the fixtures are imported by name from test_registration_support
"""The public event pages keep cached fragments and data: every change shows on the next
request, each language, time zone and viewer gets what is theirs, and a warm page costs fewer
queries."""

import datetime as dt
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from atheneum.events import registration_services, services
from atheneum.events.enums import EventStatus, QuestionKind, RegistrationStatus
from atheneum.events.models import EventText, FaqEntry, SessionText

from ..baseline import signed_in_queries
from ..factories import UserFactory
from .test_registration_support import (  # noqa: F401
    EventFactory,
    QuestionFactory,
    RegistrationFactory,
    answers_en,
    event,
    form_en,
    form_es,
    registration,
    session,
)

LIST = "/events/"
# Signed in, with the cache warm: only the session and its person are read.


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- The list of upcoming events ---------------------------------------------------------------


def test_event_list_shows_changes_through_models_and_services(client, event, organiser):
    assert "Open Shelves" in _get(client, LIST)
    text = EventText.objects.get(event=event, language="en")
    text.title = "Open Shelves Reloaded"
    text.save()
    assert "Open Shelves Reloaded" in _get(client, LIST)
    services.event_update(event=event, acting_user=organiser, status=EventStatus.RUNNING)
    assert "Running" in _get(client, LIST)
    EventFactory(organisation=event.organisation, slug="new-one", title="Brand new event")
    assert "Brand new event" in _get(client, LIST)
    event.organisation.name = "Riverside Libraries"
    event.organisation.save()
    assert "Riverside Libraries" in _get(client, LIST)


def test_event_list_drops_event_when_it_ends(client, organisation):
    soon = timezone.now() + dt.timedelta(minutes=20)
    EventFactory(
        organisation=organisation,
        slug="ending",
        title="Ending soon",
        start=soon - dt.timedelta(hours=2),
        end=soon,
    )
    assert "Ending soon" in _get(client, LIST)
    with mock.patch.object(timezone, "now", return_value=soon + dt.timedelta(seconds=1)):
        assert "Ending soon" not in _get(client, LIST)


def test_event_list_fragment_per_language_and_zone(client, event):
    assert "Open Shelves" in _get(client, LIST)
    client.cookies["atheneum_language"] = "es"
    assert "Estantes abiertos" in _get(client, LIST)
    client.cookies["atheneum_language"] = "en"
    client.cookies["atheneum_tz"] = "Asia/Tokyo"
    html = _get(client, LIST)
    assert "Open Shelves" in html
    assert "(Asia/Tokyo)" in html
    assert "(UTC)" not in html


def test_event_list_warm_costs_no_queries(client, organisation):
    for number in range(25):
        EventFactory(organisation=organisation, slug=f"event-{number}")
    for page in ["", "?page=2", "?page=nonsense"]:
        client.get(LIST + page)
        assert _queries(client, LIST + page) == 0


# --- The event page ----------------------------------------------------------------------------


def test_event_page_shows_changes_through_models(client, event):
    url = reverse("events:event_detail", args=[event.slug])
    _get(client, url)
    FaqEntry.objects.create(event=event, language="en", question="Is there coffee?", answer="Yes.")
    event.venue = "The Old Town Hall"
    event.save()
    html = _get(client, url)
    assert "Is there coffee?" in html
    assert "The Old Town Hall" in html


def test_event_page_organise_button_only_for_organisers(client_as, event):
    url = reverse("events:event_detail", args=[event.slug])
    organiser = client_as("organiser")
    assert "Organise this event" in _get(organiser, url)
    member = client_as("member")
    assert "Organise this event" not in _get(member, url)


def test_event_page_of_draft_stays_hidden_after_organiser_saw_it(client_as, event):
    event.status = EventStatus.DRAFT
    event.save()
    url = reverse("events:event_detail", args=[event.slug])
    assert client_as("organiser").get(url).status_code == 200
    assert client_as("member").get(url).status_code == 404


def test_event_page_fragment_per_zone(client, event):
    url = reverse("events:event_detail", args=[event.slug])
    assert "(UTC)" in _get(client, url)
    client.cookies["atheneum_tz"] = "Europe/Berlin"
    html = _get(client, url)
    assert "(Europe/Berlin)" in html
    assert "(UTC)" not in html


def test_event_page_warm_costs_no_queries(client, event):
    url = reverse("events:event_detail", args=[event.slug])
    client.get(url)
    assert _queries(client, url) == 0


def test_old_slug_is_gone_after_change(client, event):
    old = reverse("events:event_detail", args=[event.slug])
    _get(client, old)
    event.slug = "open-shelves-2027"
    event.save()
    assert client.get(old).status_code == 404
    assert client.get("/events/open-shelves-2027/").status_code == 200


# --- Registration and my agenda ----------------------------------------------------------------


def test_register_page_places_left_follow_registrations(client_as, event, form_en):
    url = reverse("events:register", args=[event.slug])
    client = client_as("member")
    assert "3 places left." in _get(client, url)
    other = UserFactory()
    registration_services.registration_create(
        event=event,
        user=other,
        form=form_en,
        follow_language="en",
        answers=answers_en(form_en),
        acting_user=other,
    )
    assert "2 places left." in _get(client, url)
    RegistrationFactory(event=event, form=form_en)
    assert "1 place left." in _get(client, url)


def test_register_page_shows_new_question(client_as, event, form_en):
    url = reverse("events:register", args=[event.slug])
    client = client_as("member")
    _get(client, url)
    QuestionFactory(form=form_en, kind=QuestionKind.TEXT, label="Any dietary needs?")
    assert "Any dietary needs?" in _get(client, url)


def test_register_page_warm_queries_are_fewer(client_as, event, form_en, form_es):
    url = reverse("events:register", args=[event.slug])
    client = client_as("member")
    client.get(reverse("events:my_agenda", args=[event.slug]))  # warm per-process caches
    cold = _queries(client, url)
    warm = _queries(client, url)
    assert warm == signed_in_queries()
    assert warm < cold


def test_register_post_is_still_decided_under_the_lock(client_as, event, form_en):
    """A full event puts the next person on the waiting list, whatever the cached count says."""
    url = reverse("events:register", args=[event.slug])
    client = client_as("member")
    _get(client, url)  # caches "3 places left"
    for _ in range(3):
        RegistrationFactory(event=event, form=form_en)
    questions = list(form_en.questions.all())
    response = client.post(
        url,
        {
            "form_language": "en",
            "follow_language": "en",
            f"q_{questions[0].pk}": "Public library",
            f"q_{questions[1].pk}": "on",
        },
    )
    assert response.status_code == 302
    assert event.registrations.filter(status=RegistrationStatus.WAITLISTED).count() == 1


def test_my_agenda_shows_session_changes(client_as, registration, session):
    url = reverse("events:my_agenda", args=[registration.event.slug])
    client = client_as("member")
    assert "Story time online" in _get(client, url)
    text = SessionText.objects.get(session=session, language="en")
    text.title = "Story time, second edition"
    text.save()
    assert "Story time, second edition" in _get(client, url)
    session.is_published = False
    session.save()
    assert "Story time, second edition" not in _get(client, url)


def test_my_agenda_is_personal(client_as, registration, event, form_en, other_member):
    url = reverse("events:my_agenda", args=[event.slug])
    html = _get(client_as("member"), url)
    assert 'value="remove"' in html
    RegistrationFactory(event=event, form=form_en, user=other_member)
    html = _get(client_as("other_member"), url)
    assert 'value="remove"' not in html
    assert 'value="add"' in html


def test_my_agenda_warm_queries_are_fewer(client_as, registration):
    url = reverse("events:my_agenda", args=[registration.event.slug])
    client = client_as("member")
    client.get(reverse("events:register", args=[registration.event.slug]))  # warm the process
    cold = _queries(client, url)
    warm = _queries(client, url)
    assert warm == signed_in_queries()
    assert warm < cold


def test_my_agenda_follows_agenda_feeds_and_attendance(client_as, registration, event, member):
    from atheneum.events.models import Attendance

    url = reverse("events:my_agenda", args=[event.slug])
    client = client_as("member")
    html = _get(client, url)
    assert 'value="remove"' in html
    session = registration.agenda.get().session
    registration_services.agenda_remove(
        registration=registration, session=session, acting_user=member
    )
    html = _get(client, url)
    assert 'value="remove"' not in html
    assert "You have not picked any sessions yet." in html
    registration_services.agenda_add(registration=registration, session=session, acting_user=member)
    assert 'value="remove"' in _get(client, url)
    assert "/my-agenda/feed/" not in _get(client, url)
    token = registration_services.feed_token_create(user=member, acting_user=member)
    assert f"/my-agenda/feed/{token.token}.ics" in _get(client, url)
    registration_services.feed_token_revoke(token=token, acting_user=member)
    assert f"/my-agenda/feed/{token.token}.ics" not in _get(client, url)
    certificate = reverse("events:certificate", args=[event.slug])
    assert certificate not in _get(client, url)
    Attendance.objects.create(session=session, user=member, source="check_in", minutes=60)
    assert certificate in _get(client, url)


def test_my_agenda_after_cancelling_sends_to_registration(client_as, registration, member):
    url = reverse("events:my_agenda", args=[registration.event.slug])
    client = client_as("member")
    _get(client, url)
    registration_services.registration_cancel(registration=registration, acting_user=member)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("events:register", args=[registration.event.slug])


# --- The schedule's filter form ----------------------------------------------------------------


def test_schedule_form_shows_new_track_and_follows_language(client, event, organiser):
    url = reverse("events:schedule", args=[event.slug])
    assert "All tracks" in _get(client, url)
    services.track_save(event=event, name="Children's corner", acting_user=organiser)
    assert "Children&#x27;s corner" in _get(client, url)
    client.cookies["atheneum_language"] = "es"
    html = _get(client, url)
    assert "Todos los ejes temáticos" in html
    assert "All tracks" not in html


def test_schedule_form_keeps_chosen_filters(client, event):
    url = reverse("events:schedule", args=[event.slug])
    _get(client, url)
    html = _get(client, url + "?tz=event")
    assert '<option value="event" selected>' in html


def test_schedule_warm_costs_one_query(client, event):
    url = reverse("events:schedule", args=[event.slug])
    client.get(url)
    assert _queries(client, url) == 1  # the schedule's version: sessions change in bulk too


def test_register_page_is_personal(client_as, registration, event):
    url = reverse("events:register", args=[event.slug])
    assert "novalidate" not in _get(client_as("member"), url)  # registered: no form
    assert "novalidate" in _get(client_as("other_member"), url)
