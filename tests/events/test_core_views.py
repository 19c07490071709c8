"""Every conference page for every role, with exact status codes."""

import pytest
from django.urls import reverse

from atheneum.events.enums import RecordingVisibility
from atheneum.events.models import Event

from . import core_factories
from .core_factories import EventFactory, SessionFactory, register

draft_event = core_factories.draft_event
event = core_factories.event
past_session = core_factories.past_session
session = core_factories.session

ROLES = [
    "anonymous",
    "member",
    "other_member",
    "manager",
    "other_org_manager",
    "organiser",
    "admin",
]
ORGANISERS = {"organiser", "admin"}


def organiser_only(role):
    if role == "anonymous":
        return 302
    return 200 if role in ORGANISERS else 403


@pytest.mark.parametrize("role", ROLES)
def test_event_list_renders_for_role(client_as, role, event, draft_event):
    response = client_as(role).get(reverse("events:event_list"))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1
    assert b"Library futures" in response.content
    assert b"Secret plans" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_organisation_events_for_role(client_as, role, event, draft_event, organisation):
    response = client_as(role).get(reverse("events:organisation_events", args=["riverside"]))
    assert response.status_code == 200
    assert b"Library futures" in response.content
    assert (b"Secret plans" in response.content) == (role in ORGANISERS)


def test_organisation_events_unknown_is_404(db, client):
    assert client.get(reverse("events:organisation_events", args=["nowhere"])).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_event_detail_for_role(client_as, role, event, session):
    response = client_as(role).get(reverse("events:event_detail", args=[event.slug]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert '<script type="application/ld+json" nonce="' in body
    for name in ("schedule_xml", "schedule_json", "sessions_json", "event_calendar", "schedule"):
        assert reverse(f"events:{name}", args=[event.slug]) in body
    assert ("Organise this event" in body) == (role in ORGANISERS)


@pytest.mark.parametrize("role", ROLES)
def test_draft_event_detail_for_role(client_as, role, draft_event):
    response = client_as(role).get(reverse("events:event_detail", args=[draft_event.slug]))
    assert response.status_code == (200 if role in ORGANISERS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_schedule_for_role(client_as, role, event, session):
    response = client_as(role).get(reverse("events:schedule", args=[event.slug]))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1
    assert b"Open access in practice" in response.content


@pytest.mark.parametrize("role", ROLES)
def test_draft_schedule_and_exports_for_role(client_as, role, draft_event):
    client = client_as(role)
    for name in ("schedule", "schedule_xml", "schedule_json", "event_calendar"):
        response = client.get(reverse(f"events:{name}", args=[draft_event.slug]))
        assert response.status_code == (200 if role in ORGANISERS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_session_detail_for_role(client_as, role, event, session):
    response = client_as(role).get(reverse("events:session_detail", args=[event.slug, session.pk]))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_session_for_role(client_as, role, event):
    hidden = SessionFactory(event=event, is_published=False, title="Hidden one")
    url = reverse("events:session_detail", args=[event.slug, hidden.pk])
    assert client_as(role).get(url).status_code == (200 if role in ORGANISERS else 404)


def test_session_of_other_event_is_404(client, event, organisation):
    other = SessionFactory(event=EventFactory(organisation=organisation))
    url = reverse("events:session_detail", args=[event.slug, other.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_exports_for_role(client_as, role, event, session):
    client = client_as(role)
    for name, kind in (
        ("schedule_xml", "application/xml"),
        ("schedule_json", "application/json"),
        ("sessions_json", "application/json"),
        ("event_jsonld", "application/ld+json"),
        ("event_calendar", "text/calendar"),
    ):
        response = client.get(reverse(f"events:{name}", args=[event.slug]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith(kind)
    response = client.get(reverse("events:session_calendar", args=[event.slug, session.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_members_recording_for_role(client_as, role, event, past_session):
    url = reverse("events:recording_detail", args=[event.slug, past_session.pk])
    response = client_as(role).get(url)
    assert response.status_code == (302 if role == "anonymous" else 200)
    if role != "anonymous":
        assert b"Hello everyone." in response.content


@pytest.mark.parametrize("role", ROLES)
def test_registered_only_recording_for_role(client_as, role, event, past_session):
    Event.objects.filter(pk=event.pk).update(recordings_visibility=RecordingVisibility.REGISTERED)
    url = reverse("events:recording_detail", args=[event.slug, past_session.pk])
    response = client_as(role).get(url)
    expected = {"anonymous": 302, "organiser": 200, "admin": 200}.get(role, 403)
    assert response.status_code == expected
    assert b"Hello everyone." not in response.content or expected == 200


def test_registered_only_recording_for_registered_member(client, member, event, past_session):
    Event.objects.filter(pk=event.pk).update(recordings_visibility=RecordingVisibility.REGISTERED)
    register(member, event)
    client.force_login(member)
    url = reverse("events:recording_detail", args=[event.slug, past_session.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"Hello everyone." in response.content


@pytest.mark.parametrize("role", ROLES)
def test_public_recording_for_role(client_as, role, event, past_session):
    Event.objects.filter(pk=event.pk).update(recordings_visibility=RecordingVisibility.PUBLIC)
    url = reverse("events:recording_detail", args=[event.slug, past_session.pk])
    assert client_as(role).get(url).status_code == 200


def test_session_page_hides_members_recording_link_from_anonymous(client, event, past_session):
    url = reverse("events:session_detail", args=[event.slug, past_session.pk])
    body = client.get(url).content.decode()
    assert reverse("events:recording_detail", args=[event.slug, past_session.pk]) not in body
    assert "video.example.org" not in body


def test_missing_recording_is_404(client_as, event, session):
    url = reverse("events:recording_detail", args=[event.slug, session.pk])
    assert client_as("member").get(url).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_organiser_pages_for_role(client_as, role, event, session, past_session):
    client = client_as(role)
    urls = [
        reverse("events:event_manage", args=[event.slug]),
        reverse("events:event_edit", args=[event.slug]),
        reverse("events:event_text_edit", args=[event.slug, "es"]),
        reverse("events:session_create", args=[event.slug]),
        reverse("events:session_edit", args=[event.slug, session.pk]),
        reverse("events:recording_edit", args=[event.slug, past_session.pk]),
        reverse("events:item_create", args=[event.slug, "tracks"]),
        reverse("events:item_create", args=[event.slug, "speakers"]),
        reverse("events:item_create", args=[event.slug, "partners"]),
        reverse("events:item_create", args=[event.slug, "faq"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == organiser_only(role), url
        if response.status_code == 200:
            assert response.content.count(b"<h1") == 1
            assert url.endswith("/manage/") or b"novalidate" in response.content


@pytest.mark.parametrize("role", ROLES)
def test_event_create_page_for_role(client_as, role, organisation):
    response = client_as(role).get(reverse("events:event_create", args=[organisation.slug]))
    assert response.status_code == organiser_only(role)


def test_text_edit_for_language_not_offered_is_404(client_as, event):
    url = reverse("events:event_text_edit", args=[event.slug, "sv"])
    assert client_as("organiser").get(url).status_code == 404


def test_other_org_organiser_cannot_manage(client, event, other_organisation):
    from atheneum.organisations.enums import OrganisationRole

    from ..factories import UserFactory, add_member, give_totp

    outsider = UserFactory()
    add_member(outsider, other_organisation, role=OrganisationRole.ORGANISER)
    give_totp(outsider)
    client.force_login(outsider)
    assert client.get(reverse("events:event_manage", args=[event.slug])).status_code == 403


def test_event_shows_viewer_language_with_fallback_note(client, event):
    from atheneum.events.models import EventText

    EventText.objects.create(event=event, language="es", title="Futuros de la biblioteca")
    client.cookies["atheneum_language"] = "es"
    body = client.get(reverse("events:event_detail", args=[event.slug])).content.decode()
    assert "Futuros de la biblioteca" in body
    client.cookies["atheneum_language"] = "sv"
    body = client.get(reverse("events:event_detail", args=[event.slug])).content.decode()
    assert "Library futures" in body
    assert 'role="note"' in body
