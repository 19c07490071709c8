"""Signing and verifying: the VC-JWT is what Open Badges 3.0 asks for, and tampering shows."""

import base64
import hashlib
import json

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.urls import reverse
from jwt.algorithms import OKPAlgorithm

from atheneum.badges import selectors, signing
from atheneum.badges.models import Credential, IssuerKey
from atheneum.badges.services import credential_issue, credential_issue_for_source

pytestmark = pytest.mark.django_db


def _jwks(client, organisation):
    response = client.get(reverse("badges:jwks", args=[organisation.slug]))
    assert response.status_code == 200
    return response.json()["keys"]


def test_credential_round_trip_decodes_with_published_jwks(client, credential, organisation):
    keys = _jwks(client, organisation)
    assert len(keys) == 1
    header = jwt.get_unverified_header(credential.jwt)
    assert header == {"alg": "EdDSA", "kid": keys[0]["kid"], "typ": "JWT"}
    # The kid is a URL that dereferences to the same JWK.
    assert client.get(keys[0]["kid"].removeprefix(settings.SITE_URL)).json() == keys[0]
    public_key = OKPAlgorithm.from_jwk(json.dumps(keys[0]))
    claims = jwt.decode(credential.jwt, public_key, algorithms=["EdDSA"])
    vc = claims["vc"]
    assert claims["jti"] == vc["id"] == f"urn:uuid:{credential.pk}"
    assert claims["iss"] == vc["issuer"]["id"]
    assert vc["issuer"]["id"].endswith(reverse("badges:issuer", args=[organisation.slug]))
    assert vc["issuer"]["name"] == "Riverside Library"
    assert vc["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    subject = vc["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["achievement"]["name"] == "Reference interviews"
    assert subject["achievement"]["type"] == ["Achievement"]
    assert "Reference interviews" in subject["achievement"]["criteria"]["narrative"]
    assert vc["credentialStatus"]["type"] == "1EdTechRevocationList"
    assert claims["nbf"] == int(credential.issued_at.timestamp())


def test_credential_identifies_recipient_by_salted_hash_only(credential, member):
    claims = selectors.verify(credential.jwt).claims
    identity = claims["vc"]["credentialSubject"]["identifier"][0]
    assert identity["hashed"] is True
    assert identity["type"] == "IdentityObject"
    expected = hashlib.sha256((member.email + identity["salt"]).encode()).hexdigest()
    assert identity["identityHash"] == f"sha256${expected}"
    payload = credential.jwt.split(".")[1]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    assert member.email not in decoded
    assert "member@" not in decoded


def test_verify_valid_credential(credential):
    result = selectors.verify(credential.jwt)
    assert result.status == "valid"
    assert result.credential == credential


def test_verify_detects_tampered_payload(credential):
    header, payload, signature = credential.jwt.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["vc"]["credentialSubject"]["achievement"]["name"] = "Head librarian"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    result = selectors.verify(f"{header}.{forged}.{signature}")
    assert result.status == "invalid"
    assert result.problem == "signature"


def test_verify_detects_token_signed_with_another_key(credential, organisation):
    """A forger who copies the organisation's kid but signs with their own key fails."""
    claims = selectors.verify(credential.jwt).claims
    real = IssuerKey.objects.get(organisation=organisation)
    forger_pem = (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    forger = IssuerKey(organisation=organisation, kid=real.kid, private_key_pem=forger_pem)
    result = selectors.verify(signing.sign(key=forger, claims=claims))
    assert result.status == "invalid"
    assert result.problem == "signature"


@pytest.mark.parametrize("token", ["", "not a token", "a.b.c", "eyJhbGciOiJub25lIn0.e30."])
def test_verify_rejects_garbage(token):
    assert selectors.verify(token).status == "invalid"


def test_verify_rejects_hs256_token_with_known_kid(credential, organisation):
    kid = IssuerKey.objects.get(organisation=organisation).kid
    token = jwt.encode({"jti": "x"}, "secret-secret-secret-secret-secret!", headers={"kid": kid})
    assert selectors.verify(token).status == "invalid"


def test_revoked_credential_verifies_as_revoked(credential, organiser):
    from atheneum.badges.services import credential_revoke

    credential_revoke(credential=credential, reason="Issued by mistake.", acting_user=organiser)
    result = selectors.verify(credential.jwt)
    assert result.status == "revoked"
    assert result.credential.revocation_reason == "Issued by mistake."


def test_issuing_is_idempotent(member, module):
    key = f"learning:module:{module.pk}"
    first = credential_issue_for_source(recipient=member, source_key=key)
    second = credential_issue_for_source(recipient=member, source_key=key)
    assert first.pk == second.pk
    assert Credential.objects.count() == 1
    assert IssuerKey.objects.count() == 1


def test_issuing_after_lost_race_returns_existing(member, module, monkeypatch):
    from atheneum.badges import achievements

    achievement = achievements.achievement_for(
        source_key=f"learning:module:{module.pk}", language="en"
    )
    first, created = credential_issue(recipient=member, achievement=achievement)
    assert created
    # The early read misses (as if a concurrent issue had not committed yet): the unique
    # constraint then answers with the winner's row.
    original_filter = Credential.objects.filter
    calls = {"n": 0}

    def filter_missing_once(*args, **kwargs):
        calls["n"] += 1
        queryset = original_filter(*args, **kwargs)
        return queryset.none() if calls["n"] == 1 else queryset

    monkeypatch.setattr(Credential.objects, "filter", filter_missing_once)
    second, created = credential_issue(recipient=member, achievement=achievement)
    assert not created
    assert second.pk == first.pk
    assert original_filter().count() == 1


def test_one_key_per_organisation(organisation, other_organisation):
    key = signing.issuer_key_for(organisation)
    assert signing.issuer_key_for(organisation) == key
    assert signing.issuer_key_for(other_organisation).kid != key.kid
    jwk = signing.public_jwk(key)
    assert jwk["kty"] == "OKP" and jwk["crv"] == "Ed25519"
    assert jwk["kid"] == f"{settings.SITE_URL}/badges/issuers/riverside/keys/{key.kid}"
    assert "d" not in jwk
