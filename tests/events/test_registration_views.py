# ruff: noqa: F811 - the fixtures are imported by name from test_registration_support
"""Every registration, agenda and organiser page for every role, with exact status codes."""

import pytest
from django.core import mail
from django.urls import reverse

from atheneum.events import certificates
from atheneum.events.enums import EventStatus
from atheneum.events.models import Attendance, CalendarFeedToken, Registration

from .test_registration_support import (  # noqa: F401
    MEETING_URL,
    answers_en,
    event,
    form_en,
    form_es,
    registration,
    session,
)

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


def _organiser_status(role):
    if role == "anonymous":
        return 302
    return 200 if role in ORGANISERS else 403


@pytest.mark.parametrize("role", ROLES)
def test_register_page_for_role(client_as, role, event, form_en, form_es):
    response = client_as(role).get(reverse("events:register", args=[event.slug]))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/events/open-shelves/register/"
        return
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1
    assert b"novalidate" in response.content
    assert b"Which sector do you work in?" in response.content
    assert b'href="?form=es" lang="es"' in response.content


def test_register_page_picks_form_in_viewer_language(client_as, event, form_en, form_es):
    client = client_as("member")
    client.cookies["atheneum_language"] = "es"
    response = client.get(reverse("events:register", args=[event.slug]))
    assert "¿Dónde trabaja?".encode() in response.content
    assert b"Which sector" not in response.content
    response = client.get(reverse("events:register", args=[event.slug]), {"form": "en"})
    assert b"Which sector do you work in?" in response.content


@pytest.mark.parametrize("role", ROLES)
def test_register_page_of_draft_event_for_role(client_as, role, event, form_en):
    event.status = EventStatus.DRAFT
    event.save()
    response = client_as(role).get(reverse("events:register", args=[event.slug]))
    expected = 302 if role == "anonymous" else (200 if role in ORGANISERS else 404)
    assert response.status_code == expected


def test_register_post_creates_confirmed_registration(client_as, event, form_en, member):
    choice, checkbox = form_en.questions.all()
    response = client_as("member").post(
        reverse("events:register", args=[event.slug]),
        {
            "form_language": "en",
            "follow_language": "es",
            f"q_{choice.pk}": "Academic library",
            f"q_{checkbox.pk}": "on",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(user=member)
    assert registration.status == "confirmed"
    assert registration.follow_language == "es"
    assert registration.answers == {str(choice.pk): "Academic library", str(checkbox.pk): True}


def test_register_post_with_bad_answers_changes_nothing(client_as, event, form_en):
    choice, _checkbox = form_en.questions.all()
    response = client_as("member").post(
        reverse("events:register", args=[event.slug]),
        {"form_language": "en", "follow_language": "en", f"q_{choice.pk}": "Zoo"},
    )
    assert response.status_code == 400
    assert b"Select a valid choice." in response.content
    assert b"This field is required." in response.content
    assert Registration.objects.count() == 0
    assert mail.outbox == []


def test_register_post_to_closed_event_changes_nothing(client_as, event, form_en):
    event.status = EventStatus.FINISHED
    event.save()
    response = client_as("member").post(
        reverse("events:register", args=[event.slug]), {"follow_language": "en"}
    )
    assert response.status_code == 400
    assert b"Registration for this event is closed." in response.content
    assert Registration.objects.count() == 0


def test_registered_member_sees_status_and_cancels(client_as, registration):
    client = client_as("member")
    response = client.get(reverse("events:register", args=[registration.event.slug]))
    assert b"Your place is confirmed." in response.content
    response = client.post(reverse("events:registration_cancel", args=[registration.event.slug]))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_cancel_without_registration_is_404(client_as, event):
    response = client_as("other_member").post(
        reverse("events:registration_cancel", args=[event.slug])
    )
    assert response.status_code == 404


def test_cancel_by_get_is_not_allowed(client_as, registration):
    response = client_as("member").get(
        reverse("events:registration_cancel", args=[registration.event.slug])
    )
    assert response.status_code == 405
    registration.refresh_from_db()
    assert registration.status == "confirmed"


@pytest.mark.parametrize("role", ROLES)
def test_my_agenda_for_role(client_as, role, registration):
    response = client_as(role).get(reverse("events:my_agenda", args=[registration.event.slug]))
    if role == "member":
        assert response.status_code == 200
        assert response.content.count(b"<h1") == 1
        assert b"Story time online" in response.content
    else:
        assert response.status_code == 302
        assert response.content == b""


def test_my_agenda_shows_meeting_link_only_near_the_session(client_as, registration, session):
    url = reverse("events:my_agenda", args=[registration.event.slug])
    assert MEETING_URL.encode() not in client_as("member").get(url).content
    from django.utils import timezone

    session.start = timezone.now() - __import__("datetime").timedelta(minutes=5)
    session.end = session.start + __import__("datetime").timedelta(hours=1)
    session.save()
    assert MEETING_URL.encode() in client_as("member").get(url).content


def test_waitlisted_member_never_sees_meeting_link(client_as, registration, session):
    import datetime

    from django.utils import timezone

    registration.status = "waitlisted"
    registration.save()
    session.start = timezone.now() - datetime.timedelta(minutes=5)
    session.end = session.start + datetime.timedelta(hours=1)
    session.save()
    client = client_as("member")
    page = client.get(reverse("events:my_agenda", args=[registration.event.slug]))
    ics = client.get(reverse("events:agenda_ics", args=[registration.event.slug]))
    assert MEETING_URL.encode() not in page.content
    assert ics.status_code == 200
    assert b"Story time online" in ics.content
    assert MEETING_URL.encode() not in ics.content.replace(b"\r\n ", b"")


def test_agenda_change_adds_and_removes(client_as, registration, session):
    client = client_as("member")
    url = reverse("events:agenda_change", args=[registration.event.slug])
    client.post(url, {"session": str(session.uid), "action": "remove"})
    assert registration.agenda.count() == 0
    client.post(url, {"session": str(session.uid), "action": "add"})
    assert registration.agenda.count() == 1


def test_agenda_change_with_bad_session_is_404(client_as, registration):
    response = client_as("member").post(
        reverse("events:agenda_change", args=[registration.event.slug]),
        {"session": "not-a-uuid", "action": "add"},
    )
    assert response.status_code == 404
    assert registration.agenda.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_agenda_ics_for_role(client_as, role, registration):
    response = client_as(role).get(reverse("events:agenda_ics", args=[registration.event.slug]))
    expected = {"anonymous": 302, "member": 200}.get(role, 404)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_feed_tokens_page_for_role(client_as, role):
    response = client_as(role).get(reverse("events:feed_tokens"))
    assert response.status_code == (302 if role == "anonymous" else 200)


@pytest.mark.parametrize("role", ROLES)
def test_agenda_feed_for_role(client_as, role, registration, member):
    token = CalendarFeedToken.objects.create(user=member)
    response = client_as(role).get(reverse("events:agenda_feed", args=[token.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"


def test_feed_token_create_and_revoke(client_as, registration, member):
    client = client_as("member")
    client.post(reverse("events:feed_token_create"), {"next_slug": registration.event.slug})
    token = CalendarFeedToken.objects.get(user=member)
    page = client.get(reverse("events:my_agenda", args=[registration.event.slug]))
    assert token.token.encode() in page.content
    client.post(reverse("events:feed_token_revoke", args=[token.pk]))
    assert client.get(reverse("events:agenda_feed", args=[token.token])).status_code == 404


def test_feed_token_revoke_of_someone_else_is_404(client_as, member):
    token = CalendarFeedToken.objects.create(user=member)
    response = client_as("other_member").post(reverse("events:feed_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("role", ROLES)
def test_check_in_page_for_role(client_as, role, registration):
    response = client_as(role).get(reverse("events:check_in", args=[registration.event.slug]))
    expected = {"anonymous": 302, "member": 200}.get(role, 403)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_certificate_for_role(client_as, role, registration, session, member):
    Attendance.objects.create(session=session, user=member, source="organiser")
    response = client_as(role).get(reverse("events:certificate", args=[registration.event.slug]))
    expected = {"anonymous": 302, "member": 200}.get(role, 404)
    assert response.status_code == expected
    if role == "member":
        assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("role", ROLES)
def test_certificate_verify_for_role(client_as, role, registration, session, member):
    Attendance.objects.create(session=session, user=member, source="organiser")
    code = certificates.verification_code(event=registration.event, user=member)
    response = client_as(role).get(reverse("events:certificate_verify", args=[code]))
    assert response.status_code == 200
    assert b"Mira Member attended these sessions of Open Shelves" in response.content
    assert b"member@example.org" not in response.content


def test_certificate_verify_rejects_forged_code(client, registration, member):
    code = certificates.verification_code(event=registration.event, user=member)
    forged = f"{registration.event.pk}-{member.pk + 1}." + code.split(".", 1)[1]
    assert client.get(reverse("events:certificate_verify", args=[forged])).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["registration_manage", "attendee_list", "registrations_csv", "registration_dashboard"],
)
@pytest.mark.parametrize("role", ROLES)
def test_organiser_pages_for_role(client_as, role, name, registration):
    response = client_as(role).get(reverse(f"events:{name}", args=[registration.event.slug]))
    assert response.status_code == _organiser_status(role)
    if response.status_code == 200 and name != "registrations_csv":
        assert response.content.count(b"<h1") == 1


@pytest.mark.parametrize("role", ROLES)
def test_registration_form_edit_for_role(client_as, role, form_en):
    response = client_as(role).get(
        reverse("events:registration_form_edit", args=[form_en.event.slug, form_en.pk])
    )
    assert response.status_code == _organiser_status(role)


@pytest.mark.parametrize("role", ROLES)
def test_attendance_session_page_for_role(client_as, role, registration, session):
    response = client_as(role).get(
        reverse("events:attendance_session", args=[registration.event.slug, session.uid])
    )
    assert response.status_code == _organiser_status(role)


@pytest.mark.parametrize("role", ROLES)
def test_organiser_page_of_draft_event_hides_it(client_as, role, registration):
    registration.event.status = EventStatus.DRAFT
    registration.event.save()
    response = client_as(role).get(
        reverse("events:registration_dashboard", args=[registration.event.slug])
    )
    expected = 302 if role == "anonymous" else (200 if role in ORGANISERS else 404)
    assert response.status_code == expected


def test_attendee_list_shows_answers_only_to_organisers(client_as, registration, form_en):
    choice, _ = form_en.questions.all()
    registration.answers = {str(choice.pk): "Secret sector answer"}
    registration.save()
    url = reverse("events:attendee_list", args=[registration.event.slug])
    assert b"Secret sector answer" in client_as("organiser").get(url).content
    assert b"Secret sector answer" not in client_as("other_member").get(url).content


def test_registrations_csv_neutralises_formulas(client_as, registration, form_en, member):
    import csv
    import io

    choice, _ = form_en.questions.all()
    member.display_name = "=HYPERLINK(1)"
    member.save()
    registration.answers = {str(choice.pk): "+SUM(A1)"}
    registration.save()
    response = client_as("organiser").get(
        reverse("events:registrations_csv", args=[registration.event.slug])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "name", "email", "status", "form_language", "follow_language", "registered", "answers",
    ]  # fmt: skip
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert rows[1][6] == "Which sector do you work in?: +SUM(A1)"
    assert len(rows) == 2


def test_organiser_creates_form_and_question(client_as, event):
    client = client_as("organiser")
    response = client.post(
        reverse("events:registration_manage", args=[event.slug]),
        {"language": "es", "introduction": "Bienvenida"},
    )
    assert response.status_code == 302
    form = event.registration_forms.get()
    response = client.post(
        reverse("events:registration_form_edit", args=[event.slug, form.pk]),
        {
            "action": "question",
            "kind": "choice",
            "label": "¿Sector?",
            "choices": "Público\nUniversitario",
            "required": "on",
        },
    )
    assert response.status_code == 302
    question = form.questions.get()
    assert question.choices == ["Público", "Universitario"]
    assert question.required is True


def test_organiser_question_with_one_choice_changes_nothing(client_as, form_es):
    response = client_as("organiser").post(
        reverse("events:registration_form_edit", args=[form_es.event.slug, form_es.pk]),
        {"action": "question", "kind": "choice", "label": "¿Sector?", "choices": "Público"},
    )
    assert response.status_code == 400
    assert b"A choice question needs at least two different choices." in response.content
    assert form_es.questions.count() == 1


def test_member_cannot_post_to_organiser_pages(client_as, event, form_es):
    response = client_as("member").post(
        reverse("events:registration_manage", args=[event.slug]), {"language": "en"}
    )
    assert response.status_code == 403
    assert event.registration_forms.count() == 1


def test_event_page_links_to_registration_while_open(client, organisation):
    from atheneum.events.enums import EventStatus

    from .test_registration_support import EventFactory

    event = EventFactory(organisation=organisation, status=EventStatus.REGISTRATION)
    url = reverse("events:event_detail", args=[event.slug])
    register = reverse("events:register", args=[event.slug])
    assert f'href="{register}"' in client.get(url).content.decode()
    event.status = EventStatus.FINISHED
    event.save()
    assert f'href="{register}"' not in client.get(url).content.decode()
