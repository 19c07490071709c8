import json

import pytest

from atheneum.accounts.enums import ProfileVisibility
from atheneum.accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "display_name": "Mira M.",
    "country": "SE",
    "languages_spoken": "sv, ar, pt-br",
    "time_zone": "Europe/Stockholm",
    "interface_language": "sv",
    "bio": "Reads everything.",
    "profile_visibility": "public",
}


def _snapshot(user):
    user.refresh_from_db()
    return (user.display_name, user.time_zone, user.languages_spoken, user.interface_language)


def test_profile_edit_saves_and_normalises_language_tags(client, member):
    client.force_login(member)
    response = client.post("/me/profile/", VALID)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.languages_spoken == ["sv", "ar", "pt-BR"]
    assert member.time_zone == "Europe/Stockholm"
    assert response.cookies["atheneum_language"].value == "sv"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("time_zone", "Mars/Olympus_Mons", "Select a valid choice."),
        ("languages_spoken", "en, klingonish!", "is not a language tag"),
        ("display_name", "x" * 81, "Ensure this value has at most 80 characters"),
        ("interface_language", "xx", "Select a valid choice."),
        ("profile_visibility", "everyone-ever", "Select a valid choice."),
        ("country", "ZZ", "Select a valid choice."),
    ],
)
def test_profile_edit_rejects_bad_input_and_changes_nothing(client, member, field, value, message):
    client.force_login(member)
    before = _snapshot(member)
    response = client.post("/me/profile/", {**VALID, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert f'id="id_{field}_error"' in response.content.decode()
    assert _snapshot(member) == before


def test_profile_edit_error_is_in_the_users_language(client, member):
    member.interface_language = "de"
    member.save()
    client.force_login(member)
    response = client.post(
        "/me/profile/", {**VALID, "interface_language": "de", "time_zone": "Nowhere"}
    )
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()


def test_profile_edit_escapes_script_in_bio(client, member):
    client.force_login(member)
    client.post("/me/profile/", {**VALID, "bio": "<script>alert(1)</script>"})
    response = client.get(f"/me/people/{member.pk}/")
    assert b"<script>alert(1)" not in response.content
    assert b"&lt;script&gt;" in response.content


@pytest.mark.parametrize(
    ("visibility", "role", "status"),
    [
        (ProfileVisibility.PUBLIC, "anonymous", 200),
        (ProfileVisibility.MEMBERS, "anonymous", 404),
        (ProfileVisibility.MEMBERS, "other_member", 200),
        (ProfileVisibility.PRIVATE, "other_member", 404),
        (ProfileVisibility.PRIVATE, "manager", 404),
        (ProfileVisibility.PRIVATE, "other_org_manager", 404),
        (ProfileVisibility.PRIVATE, "organiser", 404),
        (ProfileVisibility.PRIVATE, "member", 200),
    ],
)
def test_profile_visibility_for_roles(client_as, member, visibility, role, status):
    member.profile_visibility = visibility
    member.save()
    assert client_as(role).get(f"/me/people/{member.pk}/").status_code == status


@pytest.mark.parametrize("role", ["anonymous"])
def test_private_pages_need_sign_in(client_as, role):
    client = client_as(role)
    for path in ["/me/", "/me/profile/", "/me/data/", "/me/delete/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_data_export_holds_own_data_and_nobody_elses(client, member, other_member, organisation):
    client.force_login(member)
    response = client.post("/me/data/")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["email"] == member.email
    assert [m["organisation"] for m in data["memberships"]] == [organisation.name]
    assert other_member.email not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_account_delete_with_wrong_password_changes_nothing(client, member):
    client.force_login(member)
    response = client.post("/me/delete/", {"password": "wrong"})
    assert response.status_code == 200
    assert "The password is not correct." in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()


def test_account_delete_removes_the_account_and_signs_out(client, member):
    client.force_login(member)
    response = client.post("/me/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    assert client.get("/me/").status_code == 302


def test_forged_delete_without_csrf_token_is_refused(member):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post("/me/delete/", {"password": PASSWORD})
    assert response.status_code == 403
    assert User.objects.filter(pk=member.pk).exists()


def test_user_time_zone_is_used_for_times(client):
    user = UserFactory(time_zone="Asia/Kolkata")
    client.force_login(user)
    response = client.get("/me/")
    assert "Asia/Kolkata" in response.content.decode()


def test_data_export_holds_own_learning_and_coaching_data_only(
    client, member, other_member, organisation
):
    from atheneum.learning.models import ExerciseAnswer

    from ..coaching.factories import BookingFactory, CoachFactory
    from ..learning.factories import EnrolmentFactory, ExerciseFactory, make_course

    module = make_course(organisation)
    EnrolmentFactory(module=module, user=member, best_score=80)
    EnrolmentFactory(module=module, user=other_member, best_score=40)
    exercise = ExerciseFactory(topic=module.topics.first())
    ExerciseAnswer.objects.create(exercise=exercise, user=member, text="My own answer")
    ExerciseAnswer.objects.create(exercise=exercise, user=other_member, text="Not mine at all")
    coach = CoachFactory(user=other_member)
    BookingFactory(slot__coach=coach, coachee=member, goals="Plan a reading club")
    BookingFactory(slot__coach=CoachFactory(), coachee=other_member, goals="Someone else's aim")
    client.force_login(member)

    data = json.loads(client.post("/me/data/").content)

    assert [e["best_score"] for e in data["learning_enrolments"]] == [80]
    assert [a["answer"] for a in data["learning_activity_answers"]] == ["My own answer"]
    assert [b["goals"] for b in data["coaching_bookings_as_coachee"]] == ["Plan a reading club"]
    assert data["coaching_sessions_as_coach"] == []
    text = json.dumps(data)
    assert "Not mine at all" not in text
    assert "Someone else's aim" not in text


def test_data_export_holds_own_tokens_keys_statements_and_badges_only(
    client, member, other_member, organisation
):
    from atheneum.api.services import token_create
    from atheneum.badges.services import credential_issue_for_source
    from atheneum.xapi.ingest import statements_store

    from ..learning.factories import make_course
    from ..xapi.factories import make_key, statement

    _token, raw = token_create(user=member, name="Reading list script", scopes=["profile:read"])
    token_create(user=other_member, name="Someone else's script", scopes=["profile:read"])
    key, _secret = make_key(user=member, name="Course player")
    mine = statement(member.email)
    statements_store(credential=key, statements=[mine], version="1.0.3")
    module = make_course(organisation)
    credential_issue_for_source(recipient=member, source_key=f"learning:module:{module.pk}")

    client.force_login(member)
    data = json.loads(client.post("/me/data/").content)
    assert [t["name"] for t in data["api_tokens"]] == ["Reading list script"]
    assert raw not in json.dumps(data)
    assert [k["name"] for k in data["xapi_keys"]] == ["Course player"]
    assert [s["id"] for s in data["xapi_statements"]] == [mine["id"]]
    assert len(data["badges"]) == 1 and data["badges"][0]["credential_jwt"]
    assert "Someone else's script" not in json.dumps(data)
