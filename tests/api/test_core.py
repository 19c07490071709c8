"""The API's shared behaviour: tokens, scopes, problems, ETags, rate limits, the schema."""

import pytest

from atheneum.api.models import ApiToken
from atheneum.api.services import token_revoke

pytestmark = pytest.mark.django_db


def test_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_me_needs_authentication_as_a_problem(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["status"] == 401


def test_token_reads_own_profile_and_is_stored_hashed(member, token_for, client):
    raw = token_for(member, ["profile:read"])
    assert not ApiToken.objects.filter(key_hash=raw).exists()
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["email"] == member.email


def test_scope_is_enforced(member, token_for, client):
    raw = token_for(member, ["portfolio:read"])
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 403
    assert response.json()["scope"] == "profile:read"
    response = client.patch(
        "/api/v1/me",
        {"bio": "x"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(member, ['profile:read'])}",
    )
    assert response.status_code == 403


def test_revoked_token_is_refused(member, token_for, client):
    raw = token_for(member, ["profile:read"])
    token_revoke(token=ApiToken.objects.get(user=member), acting_user=member)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_validation_problem_names_the_field(member, api_client):
    response = api_client(member).patch("/api/v1/me", {"bio": 5}, content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "bio"


def test_etag_gives_304(member, api_client):
    client = api_client(member)
    first = client.get("/api/v1/me")
    etag = first["ETag"]
    again = client.get("/api/v1/me", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert "Authorization" in first["Vary"]


def test_rate_limit_answers_429_with_retry_after(member, api_client, settings):
    settings.API_RATE_LIMIT = "3/min"
    client = api_client(member)
    codes = [client.get("/api/v1/me").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/v1/me")
    assert int(response["Retry-After"]) >= 1
    assert response.json()["status"] == 429
