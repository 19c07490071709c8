"""The tokens page: list, create (raw value shown once), revoke; only ever one's own tokens."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from atheneum.api import demo
from atheneum.api.models import ApiToken, hash_token
from atheneum.api.services import MAX_TOKENS_PER_USER, token_create

pytestmark = pytest.mark.django_db

SIGNED_IN = ["member", "other_member", "manager", "other_org_manager", "organiser", "admin"]
LIST_URL = "/api/tokens/"


def revoke_url(token):
    return f"/api/tokens/{token.pk}/revoke/"


def create(client, **data):
    payload = {"name": "Reading list script", "scopes": ["portfolio:read"], **data}
    return client.post(LIST_URL, payload)


@pytest.fixture
def member_token(member):
    token, _raw = token_create(user=member, name="Mira's sync", scopes=["portfolio:read"])
    return token


def test_anonymous_is_sent_to_sign_in(client, member_token):
    for url in (LIST_URL, revoke_url(member_token)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert client.post(revoke_url(member_token)).status_code == 302
    assert create(client).status_code == 302
    member_token.refresh_from_db()
    assert member_token.revoked_at is None
    assert ApiToken.objects.count() == 1


def test_a_token_cannot_manage_tokens(client, member, token_for):
    """The pages need the session: a Bearer header signs nobody in here."""
    raw = token_for(member, ["profile:write"])
    response = client.post(
        LIST_URL,
        {"name": "minted", "scopes": ["profile:read"]},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 302
    assert not ApiToken.objects.filter(name="minted").exists()


@pytest.mark.parametrize("role", SIGNED_IN)
def test_every_role_sees_only_their_own_tokens(role, client_as, role_user, member_token):
    user = role_user(role)
    token_create(user=user, name=f"Token of {role}", scopes=["events:read"])
    response = client_as(role).get(LIST_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Token of {role}" in page
    assert ("Mira&#x27;s sync" in page) == (role == "member")
    assert "no-store" in response["Cache-Control"]


def test_list_shows_prefix_scopes_and_state(client_as, member, member_token):
    revoked, _raw = token_create(user=member, name="Old laptop", scopes=["events:write"])
    client = client_as("member")
    client.post(revoke_url(revoked))
    page = client.get(LIST_URL).content.decode()
    assert f"ath_{member_token.lookup}_…" in page
    assert "<code>portfolio:read</code>" in page
    assert "Never" in page  # not used yet
    assert "Does not expire" in page
    assert "Revoked" in page
    assert page.count('scope="row"') == 2
    assert page.count("<h1>") == 1


@pytest.mark.parametrize("role", SIGNED_IN)
def test_another_members_token_is_not_found(role, client_as, member_token):
    client = client_as(role)
    expected = 200 if role == "member" else 404
    assert client.get(revoke_url(member_token)).status_code == expected
    if role != "member":
        assert client.post(revoke_url(member_token)).status_code == 404
        member_token.refresh_from_db()
        assert member_token.revoked_at is None


def test_created_token_is_shown_once_and_works(client_as, member):
    signed_in = client_as("member")
    response = create(signed_in, name="Reading list", scopes=["profile:read", "portfolio:write"])
    assert response.status_code == 200
    page = response.content.decode()
    assert "Copy it now; it will not be shown again." in page
    token = ApiToken.objects.get(user=member)
    assert token.name == "Reading list"
    assert token.scopes == ["portfolio:write", "profile:read"]
    assert token.expires_at is None
    raw = response.context["raw"]
    assert raw.startswith(f"ath_{token.lookup}_")
    assert raw in page
    assert token.key_hash == hash_token(raw)
    assert "no-store" in response["Cache-Control"]
    # Stored nowhere: not in the session, not in a message, not on any later page.
    assert raw not in str(dict(signed_in.session.items()))
    assert raw not in signed_in.get(LIST_URL).content.decode()
    me = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert me.status_code == 200
    assert me.json()["email"] == member.email


def test_expiry_in_days_is_kept(client_as, member):
    response = create(client_as("member"), expires_in_days="30")
    assert response.status_code == 200
    token = ApiToken.objects.get(user=member)
    assert 29 <= (token.expires_at - token.created_at).days <= 30


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "   "}, "name", "This field is required."),
        ({"scopes": []}, "scopes", "Choose at least one scope."),
        ({"scopes": ["everything:write"]}, "scopes", "Select a valid choice."),
        ({"expires_in_days": "0"}, "expires_in_days", "greater than or equal to 1"),
        ({"expires_in_days": "400"}, "expires_in_days", "less than or equal to 366"),
        ({"expires_in_days": "soon"}, "expires_in_days", "Enter a whole number."),
        ({"name": "x" * 101}, "name", "at most 100 characters"),
    ],
)
def test_bad_input_creates_nothing(client_as, data, field, message):
    response = create(client_as("member"), **data)
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    assert message in response.content.decode().replace("&#x27;", "'")
    assert "raw" not in response.context
    assert ApiToken.objects.count() == 0


def test_bad_input_in_another_language(client_as):
    client = client_as("member")
    client.cookies["atheneum_language"] = "ar"
    response = create(client, name="")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'lang="ar"' in page
    assert 'dir="rtl"' in page
    assert 'id="id_name_error"' in page
    assert ApiToken.objects.count() == 0


def test_too_many_tokens_is_refused_by_the_service(client_as, member):
    for n in range(MAX_TOKENS_PER_USER):
        token_create(user=member, name=f"t{n}", scopes=["events:read"])
    response = create(client_as("member"))
    assert response.status_code == 400
    assert "You have too many tokens" in response.content.decode()
    assert ApiToken.objects.filter(user=member).count() == MAX_TOKENS_PER_USER


def test_revoke_asks_first_then_stops_the_token(client_as, member, token_for):
    client = Client()  # no session: only the token speaks
    raw = token_for(member, ["profile:read"])
    token = ApiToken.objects.get(user=member)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    signed_in = client_as("member")
    confirm = signed_in.get(revoke_url(token))
    assert confirm.status_code == 200
    assert "Revoke this token?" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # the GET only asks
    response = signed_in.post(revoke_url(token), follow=True)
    assert response.redirect_chain == [(LIST_URL, 302)]
    assert "is revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    # Asking again is harmless.
    assert "already revoked" in signed_in.get(revoke_url(token)).content.decode()


def test_token_list_queries_do_not_grow(client_as, member):
    client = client_as("member")

    def count_for(total):
        for n in range(total - ApiToken.objects.filter(user=member).count()):
            token_create(user=member, name=f"t{n}", scopes=["events:read", "profile:write"])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST_URL).status_code == 200
        return len(queries)

    assert count_for(3) == count_for(30)


def test_demo_token_is_fixed_and_idempotent(member, client):
    users = {"member": member}
    demo.load(organisations={}, users=users)
    demo.load(organisations={}, users=users)
    token = ApiToken.objects.get(lookup=demo.DEMO_LOOKUP)
    assert token.user == member
    assert "portfolio:write" in token.scopes
    assert "profile:read" in token.scopes
    assert not any(s.endswith(":write") and s != "portfolio:write" for s in token.scopes)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {demo.DEMO_RAW_TOKEN}")
    assert response.status_code == 200
    assert response.json()["email"] == member.email
