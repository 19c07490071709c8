"""The events API: events and sessions for everyone, my registrations and agenda for me alone."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from atheneum.events.enums import EventStatus, QuestionKind, RegistrationStatus
from atheneum.events.models import (
    AgendaItem,
    EventText,
    Question,
    Registration,
    RegistrationForm,
)
from tests.conftest import ROLES
from tests.events.core_factories import (
    EventFactory,
    SessionFactory,
    SpeakerFactory,
    TrackFactory,
    register,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/events"
SIGNED_IN = [role for role in ROLES if role != "anonymous"]
SECRET_ANSWER = "Gluten-free, please: a private answer"


@pytest.fixture
def event(organisation):
    made = EventFactory(organisation=organisation, slug="library-futures", title="Library futures")
    RegistrationForm.objects.create(event=made, language="en")
    return made


@pytest.fixture
def draft_event(organisation):
    return EventFactory(
        organisation=organisation, slug="secret-plans", title="Secret plans", status="draft"
    )


@pytest.fixture
def session(event):
    speaker = SpeakerFactory(event=event, name="Sam Speaker", bio="Private-ish bio text")
    speaker.user = UserFactory(email="speaker-account@example.org")
    speaker.save()
    talk = SessionFactory(
        event=event, title="Open access in practice", room="Room 1", track=TrackFactory(event=event)
    )
    talk.speakers.add(speaker)
    return talk


@pytest.fixture
def hidden_session(event):
    return SessionFactory(event=event, title="Not yet announced", is_published=False)


@pytest.fixture
def form_with_question(event):
    form = RegistrationForm.objects.get(event=event, language="en")
    question = Question.objects.create(
        form=form, kind=QuestionKind.TEXT, label="Dietary needs?", required=True
    )
    return form, question


def _client(api_client, role_user, role, scopes=None):
    user = role_user(role)
    if scopes is None:
        return api_client(user)
    return api_client(user, scopes=scopes)


def _slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["items"]]


def _is_utc(value: str) -> bool:
    return value.endswith("Z") or value.endswith("+00:00")


def count_queries(client, url) -> int:
    # Steady state: the first call of a token marks it used, and the caller's roles are cached
    # by a first visit; neither has anything to do with the data.
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(context)


# --- Event list ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_event_list_shows_published_events_to_every_role(
    role, api_client, role_user, event, draft_event
):
    response = _client(api_client, role_user, role).get(BASE)
    assert response.status_code == 200
    body = response.json()
    assert _slugs(response) == ["library-futures"]
    assert body["count"] == 1
    item = body["items"][0]
    assert item["title"] == "Library futures"
    assert item["organisation"] == {"slug": "riverside", "name": "Riverside Library"}
    assert item["registration_open"] is True
    assert _is_utc(item["start"]) and _is_utc(item["end"])


def test_event_list_filters_by_time_organisation_and_language(
    api_client, organisation, other_organisation
):
    now = timezone.now()
    EventFactory(organisation=organisation, slug="soon", languages=["en"])
    EventFactory(
        organisation=organisation,
        slug="last-year",
        start=now - dt.timedelta(days=400),
        end=now - dt.timedelta(days=398),
        status=EventStatus.FINISHED,
        languages=["en", "ar"],
    )
    EventFactory(organisation=other_organisation, slug="elsewhere", languages=["es"])
    client = api_client(None)
    assert _slugs(client.get(BASE)) == ["soon", "elsewhere"]
    assert _slugs(client.get(BASE, {"when": "past"})) == ["last-year"]
    assert _slugs(client.get(BASE, {"when": "all"})) == ["last-year", "soon", "elsewhere"]
    assert _slugs(client.get(BASE, {"organisation": "hilltown"})) == ["elsewhere"]
    assert _slugs(client.get(BASE, {"when": "all", "language": "ar"})) == ["last-year"]
    assert _slugs(client.get(BASE, {"language": "es"})) == ["elsewhere"]


def test_event_list_rejects_bad_filter_naming_the_field(api_client):
    response = api_client(None).get(BASE, {"when": "someday"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert [error["field"] for error in response.json()["errors"]] == ["when"]


def test_event_list_pages_are_stable_in_start_then_id_order(api_client, organisation):
    start = timezone.now() + dt.timedelta(days=3)
    made = [EventFactory(organisation=organisation, start=start).slug for _ in range(5)]
    client = api_client(None)
    seen = []
    for page in (1, 2, 3):
        body = client.get(BASE, {"page": page, "page_size": 2}).json()
        assert body["count"] == 5
        assert body["pages"] == 3
        seen += [item["slug"] for item in body["items"]]
    assert seen == made


def test_event_list_query_count_is_constant(api_client, member, organisation):
    client = api_client(member)

    def grow(count):
        for _ in range(count):
            EventFactory(organisation=organisation)

    grow(3)
    small = count_queries(client, BASE)
    grow(27)
    assert count_queries(client, BASE) == small


# --- Event detail --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_event_detail_of_published_event_for_every_role(role, api_client, role_user, event):
    event.capacity = 10
    event.save()
    register(UserFactory(), event)
    response = _client(api_client, role_user, role).get(f"{BASE}/library-futures")
    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == "library-futures"
    assert body["description"] == "Welcome to **the** conference."
    assert body["places_left"] == 9
    assert body["faq"] == [] and body["partners"] == []


@pytest.mark.parametrize("role", ROLES)
def test_draft_event_is_found_only_by_its_organisers(role, api_client, role_user, draft_event):
    response = _client(api_client, role_user, role).get(f"{BASE}/secret-plans")
    if role in {"organiser", "admin"}:
        assert response.status_code == 200
        assert response.json()["status"] == "draft"
    else:
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert "Secret plans" not in response.content.decode()


def test_event_texts_follow_the_callers_language(api_client, event):
    EventText.objects.create(event=event, language="es", title="Futuros de la biblioteca")
    response = api_client(None).get(f"{BASE}/library-futures", HTTP_ACCEPT_LANGUAGE="es")
    assert response.json()["title"] == "Futuros de la biblioteca"
    assert response.json()["text_language"] == "es"
    english = api_client(None).get(BASE, HTTP_ACCEPT_LANGUAGE="en").json()["items"][0]
    assert english["title"] == "Library futures"


def test_unknown_event_is_404(api_client, member):
    assert api_client(member).get(f"{BASE}/nothing-here").status_code == 404


# --- Sessions ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_session_list_shows_published_sessions_with_public_speaker_names(
    role, api_client, role_user, session, hidden_session
):
    response = _client(api_client, role_user, role).get(f"{BASE}/library-futures/sessions")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["uid"] == str(session.uid)
    assert item["title"] == "Open access in practice"
    assert item["room"] == "Room 1"
    assert item["track"] == session.track.name
    assert item["speakers"] == [{"name": "Sam Speaker"}]
    assert _is_utc(item["start"])
    shown = dt.datetime.fromisoformat(item["start"].replace("Z", "+00:00"))
    assert abs(shown - session.start) < dt.timedelta(milliseconds=1)
    text = response.content.decode()
    for secret in ("speaker-account@example.org", "Private-ish bio", "meet.example.org"):
        assert secret not in text
    assert "Not yet announced" not in text


def test_session_list_filters_by_language_and_track(api_client, event, session):
    SessionFactory(event=event, title="Charla", languages=["es"])
    client = api_client(None)
    url = f"{BASE}/library-futures/sessions"
    assert [i["title"] for i in client.get(url, {"language": "es"}).json()["items"]] == ["Charla"]
    assert [i["title"] for i in client.get(url, {"track": session.track_id}).json()["items"]] == [
        "Open access in practice"
    ]


def test_sessions_of_a_draft_event_are_404_to_members(api_client, member, draft_event):
    SessionFactory(event=draft_event)
    assert api_client(member).get(f"{BASE}/secret-plans/sessions").status_code == 404


def test_session_list_query_count_is_constant(api_client, member, event):
    client = api_client(member)
    speaker = SpeakerFactory(event=event)
    track = TrackFactory(event=event)

    def grow(count):
        for _ in range(count):
            made = SessionFactory(event=event, track=track)
            made.speakers.add(speaker)

    grow(3)
    small = count_queries(client, f"{BASE}/library-futures/sessions")
    grow(27)
    assert count_queries(client, f"{BASE}/library-futures/sessions") == small


@pytest.mark.parametrize("role", ROLES)
def test_session_detail_for_every_role(role, api_client, role_user, session, hidden_session):
    client = _client(api_client, role_user, role)
    response = client.get(f"{BASE}/library-futures/sessions/{session.uid}")
    assert response.status_code == 200
    assert response.json()["title"] == "Open access in practice"
    assert response.json()["meeting_url"] is None
    assert client.get(f"{BASE}/library-futures/sessions/{hidden_session.uid}").status_code == 404


def test_session_detail_gives_meeting_link_only_to_confirmed_people_when_open(
    api_client, member, other_member, event
):
    now = timezone.now()
    live = SessionFactory(
        event=event, start=now - dt.timedelta(minutes=5), end=now + dt.timedelta(minutes=55)
    )
    register(member, event)
    register(other_member, event, status=RegistrationStatus.WAITLISTED)
    url = f"{BASE}/library-futures/sessions/{live.uid}"
    assert api_client(member).get(url).json()["meeting_url"] == live.meeting_url
    assert api_client(other_member).get(url).json()["meeting_url"] is None
    assert api_client(None).get(url).json()["meeting_url"] is None


def test_session_detail_with_a_malformed_uid_is_422(api_client, event):
    response = api_client(None).get(f"{BASE}/library-futures/sessions/not-a-uid")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "uid"


# --- Scopes --------------------------------------------------------------------------------------


def _read_urls(session):
    return [
        BASE,
        f"{BASE}/library-futures",
        f"{BASE}/library-futures/sessions",
        f"{BASE}/library-futures/sessions/{session.uid}",
        f"{BASE}/library-futures/registration",
        f"{BASE}/registrations",
        f"{BASE}/agenda",
    ]


def test_every_read_needs_the_events_scope(api_client, member, session):
    register(member, session.event)
    client = api_client(member, scopes=["profile:read"])
    for url in _read_urls(session):
        response = client.get(url)
        assert response.status_code == 403, url
        assert response.json()["scope"] == "events:read"
    reader = api_client(member, scopes=["events:read"])
    for url in _read_urls(session):
        assert reader.get(url).status_code == 200, url


def test_every_write_needs_the_events_write_scope(api_client, member, event, session):
    registration = register(member, event)
    client = api_client(member, scopes=["events:read"])
    calls = [
        client.post(
            f"{BASE}/library-futures/registration",
            {"follow_language": "en"},
            content_type="application/json",
        ),
        client.delete(f"{BASE}/library-futures/registration"),
        client.put(f"{BASE}/library-futures/agenda/{session.uid}"),
        client.delete(f"{BASE}/library-futures/agenda/{session.uid}"),
    ]
    for response in calls:
        assert response.status_code == 403
        assert response.json()["scope"] == "events:write"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert not AgendaItem.objects.exists()


# --- Registering ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", SIGNED_IN)
def test_every_signed_in_role_registers_through_the_service(role, api_client, role_user, event):
    user = role_user(role)
    response = api_client(user).post(
        f"{BASE}/library-futures/registration",
        {"follow_language": "es"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "confirmed"
    assert body["follow_language"] == "es"
    assert body["form_language"] == "en"
    assert body["waitlist_position"] is None
    assert body["event"] == {"slug": "library-futures", "title": "Library futures"}
    assert Registration.objects.get(user=user).status == RegistrationStatus.CONFIRMED


def test_anonymous_cannot_register(api_client, event):
    response = api_client(None).post(
        f"{BASE}/library-futures/registration",
        {"follow_language": "en"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert not Registration.objects.exists()


def test_registering_when_full_puts_me_on_the_waiting_list(api_client, member, other_member, event):
    event.capacity = 1
    event.save()
    register(other_member, event)
    response = api_client(member).post(
        f"{BASE}/library-futures/registration",
        {"follow_language": "en"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "waitlisted"
    assert response.json()["waitlist_position"] == 1
    assert Registration.objects.get(user=member).status == RegistrationStatus.WAITLISTED


def test_registration_answers_are_checked_like_the_page(
    api_client, member, event, form_with_question
):
    _form, question = form_with_question
    client = api_client(member)
    url = f"{BASE}/library-futures/registration"
    response = client.post(url, {"follow_language": "en"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": f"answers.{question.pk}", "detail": "Answer this question to register."}
    ]
    assert not Registration.objects.exists()
    response = client.post(
        url,
        {"follow_language": "en", "answers": {str(question.pk): SECRET_ANSWER}},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["answers"] == {str(question.pk): SECRET_ANSWER}


def test_tick_box_answers_are_true_or_false(api_client, member, event):
    form = RegistrationForm.objects.get(event=event, language="en")
    question = Question.objects.create(
        form=form, kind=QuestionKind.CHECKBOX, label="I accept the code of conduct", required=True
    )
    client = api_client(member)
    url = f"{BASE}/library-futures/registration"
    refused = client.post(
        url,
        {"follow_language": "en", "answers": {str(question.pk): False}},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == f"answers.{question.pk}"
    assert not Registration.objects.exists()
    accepted = client.post(
        url,
        {"follow_language": "en", "answers": {str(question.pk): True}},
        content_type="application/json",
    )
    assert accepted.status_code == 201
    assert accepted.json()["answers"] == {str(question.pk): True}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"follow_language": "fr"}, "follow_language"),
        ({"follow_language": "en", "form_language": "de"}, "form_language"),
        ({}, "follow_language"),
        ({"follow_language": "en", "answers": {"1": ["a"]}}, "answers.1"),
        ({"follow_language": "x" * 11}, "follow_language"),
    ],
)
def test_bad_registration_is_422_naming_the_field_and_changes_nothing(
    payload, field, api_client, member, event
):
    response = api_client(member).post(
        f"{BASE}/library-futures/registration", payload, content_type="application/json"
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not Registration.objects.exists()


def test_registering_for_a_closed_event_is_422(api_client, member, event):
    event.status = EventStatus.FINISHED
    event.save()
    response = api_client(member).post(
        f"{BASE}/library-futures/registration",
        {"follow_language": "en"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "", "detail": "Registration for this event is closed."}
    ]
    assert not Registration.objects.exists()


def test_registering_twice_is_422(api_client, member, event):
    register(member, event)
    response = api_client(member).post(
        f"{BASE}/library-futures/registration",
        {"follow_language": "en"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert Registration.objects.filter(user=member).count() == 1


def test_members_cannot_register_for_a_draft_they_cannot_see(api_client, member, draft_event):
    response = api_client(member).post(
        f"{BASE}/secret-plans/registration",
        {"follow_language": "en"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Registration.objects.exists()


# --- My registrations ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", SIGNED_IN)
def test_my_registrations_are_only_mine(role, api_client, role_user, event, form_with_question):
    user = role_user(role)
    _form, question = form_with_question
    someone = UserFactory(email="someone@example.org")
    theirs = register(someone, event)
    theirs.answers = {str(question.pk): SECRET_ANSWER}
    theirs.save()
    mine = register(user, EventFactory(slug="mine", title="Mine"))
    response = api_client(user).get(f"{BASE}/registrations")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["items"][0]["event"] == {"slug": "mine", "title": "Mine"}
    assert body["items"][0]["status"] == mine.status
    text = response.content.decode()
    assert SECRET_ANSWER not in text and "someone@example.org" not in text


def test_my_registrations_need_signing_in(api_client, event):
    assert api_client(None).get(f"{BASE}/registrations").status_code == 401


def test_my_registrations_filter_by_status(api_client, member, event):
    register(member, event, status=RegistrationStatus.CANCELLED)
    register(member, EventFactory(slug="other"))
    client = api_client(member)
    response = client.get(f"{BASE}/registrations", {"status": "cancelled"})
    assert [i["event"]["slug"] for i in response.json()["items"]] == ["library-futures"]
    assert client.get(f"{BASE}/registrations", {"status": "lost"}).status_code == 422


def test_my_registrations_query_count_is_constant(api_client, member):
    client = api_client(member)

    def grow(count):
        for _ in range(count):
            register(member, EventFactory())

    grow(3)
    small = count_queries(client, f"{BASE}/registrations")
    grow(27)
    assert count_queries(client, f"{BASE}/registrations") == small


@pytest.mark.parametrize("role", ROLES)
def test_my_registration_for_an_event_is_404_without_one(role, api_client, role_user, event):
    register(UserFactory(), event)
    response = _client(api_client, role_user, role).get(f"{BASE}/library-futures/registration")
    assert response.status_code == (401 if role == "anonymous" else 404)


# --- Cancelling ----------------------------------------------------------------------------------


def test_cancelling_frees_the_place_for_the_first_waiting(api_client, member, other_member, event):
    event.capacity = 1
    event.save()
    register(member, event)
    waiting = register(other_member, event, status=RegistrationStatus.WAITLISTED)
    response = api_client(member).delete(f"{BASE}/library-futures/registration")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert api_client(member).delete(f"{BASE}/library-futures/registration").status_code == 404


@pytest.mark.parametrize("role", SIGNED_IN)
def test_nobody_cancels_someone_elses_registration(role, api_client, role_user, event):
    someone = register(UserFactory(), event)
    response = api_client(role_user(role)).delete(f"{BASE}/library-futures/registration")
    assert response.status_code == 404
    someone.refresh_from_db()
    assert someone.status == RegistrationStatus.CONFIRMED


# --- Agenda --------------------------------------------------------------------------------------


def test_agenda_lists_the_sessions_i_picked(api_client, member, event, session):
    later = SessionFactory(event=event, start=session.start + dt.timedelta(hours=3))
    client = api_client(member)
    register(member, event)
    assert client.put(f"{BASE}/library-futures/agenda/{later.uid}").status_code == 200
    response = client.put(f"{BASE}/library-futures/agenda/{session.uid}")
    assert response.status_code == 200
    assert response.json()["title"] == "Open access in practice"
    body = client.get(f"{BASE}/agenda").json()
    assert [item["session"] for item in body["items"]] == [str(session.uid), str(later.uid)]
    assert body["items"][0]["confirmed"] is True
    assert body["items"][0]["speakers"] == [{"name": "Sam Speaker"}]
    assert client.delete(f"{BASE}/library-futures/agenda/{later.uid}").status_code == 204
    assert client.get(f"{BASE}/agenda").json()["count"] == 1


@pytest.mark.parametrize("role", SIGNED_IN)
def test_agenda_never_shows_someone_elses_sessions(role, api_client, role_user, event, session):
    someone = register(UserFactory(), event)
    AgendaItem.objects.create(registration=someone, session=session)
    response = api_client(role_user(role)).get(f"{BASE}/agenda")
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_agenda_needs_signing_in(api_client):
    assert api_client(None).get(f"{BASE}/agenda").status_code == 401


def test_agenda_changes_need_a_registration_and_a_published_session(
    api_client, member, event, session, hidden_session
):
    client = api_client(member)
    assert client.put(f"{BASE}/library-futures/agenda/{session.uid}").status_code == 404
    register(member, event)
    assert client.put(f"{BASE}/library-futures/agenda/{hidden_session.uid}").status_code == 404
    assert not AgendaItem.objects.exists()


def test_agenda_query_count_is_constant(api_client, member, event):
    registration = register(member, event)
    speaker = SpeakerFactory(event=event)
    client = api_client(member)

    def grow(count):
        for _ in range(count):
            made = SessionFactory(event=event)
            made.speakers.add(speaker)
            AgendaItem.objects.create(registration=registration, session=made)

    grow(3)
    small = count_queries(client, f"{BASE}/agenda")
    grow(27)
    assert count_queries(client, f"{BASE}/agenda") == small
