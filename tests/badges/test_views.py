"""Every badge page for every role; downloads, baking, revocation and the verification form."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from atheneum.badges.models import Credential, IssuerKey
from atheneum.badges.services import credential_issue_for_source
from atheneum.organisations.enums import OrganisationRole
from tests.conftest import ROLES
from tests.factories import UserFactory, add_member, give_totp
from tests.learning.factories import ModuleFactory

pytestmark = pytest.mark.django_db

PUBLIC = ["detail", "json", "jwt", "png", "image", "status"]
ORGANISERS = {"organiser", "admin"}


@pytest.fixture
def other_org_organiser(other_organisation):
    user = UserFactory(email="hill@example.org", display_name="Hana Hill")
    add_member(user, other_organisation, role=OrganisationRole.ORGANISER)
    give_totp(user)
    return user


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", PUBLIC)
def test_credential_pages_are_public(client_as, credential, role, name):
    response = client_as(role).get(reverse(f"badges:{name}", args=[credential.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["issuer", "jwks", "revocations"])
def test_issuer_documents_are_public(client_as, credential, organisation, role, name):
    response = client_as(role).get(reverse(f"badges:{name}", args=[organisation.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/")


def test_unknown_credential_is_404(client):
    url = reverse("badges:detail", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_public_key_is_public(client_as, credential, organisation, role):
    key = IssuerKey.objects.get(organisation=organisation)
    url = reverse("badges:key", args=[organisation.slug, key.kid])
    response = client_as(role).get(url)
    assert response.status_code == 200
    assert response.json()["crv"] == "Ed25519"
    assert "d" not in response.json()


def test_unknown_key_is_404(client, credential, organisation, other_organisation):
    key = IssuerKey.objects.get(organisation=organisation)
    assert client.get(reverse("badges:key", args=[organisation.slug, "nope"])).status_code == 404
    url = reverse("badges:key", args=[other_organisation.slug, key.kid])
    assert client.get(url).status_code == 404


def test_unknown_issuer_is_404(client):
    assert client.get(reverse("badges:issuer", args=["nowhere"])).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_my_badges_shows_only_own(client_as, credential, role):
    response = client_as(role).get(reverse("badges:my"))
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    shown = str(credential.pk) in response.content.decode()
    assert shown is (role == "member")


@pytest.mark.parametrize("role", ROLES)
def test_organisation_page_for_organisers_only(client_as, credential, organisation, role):
    response = client_as(role).get(reverse("badges:organisation", args=[organisation.slug]))
    if role == "anonymous":
        assert response.status_code == 302
    elif role in ORGANISERS:
        assert response.status_code == 200
        assert "Reference interviews" in response.content.decode()
    else:
        assert response.status_code == 404


def test_organiser_of_other_organisation_sees_no_list_and_cannot_revoke(
    client, credential, organisation, other_org_organiser
):
    client.force_login(other_org_organiser)
    assert client.get(reverse("badges:organisation", args=[organisation.slug])).status_code == 404
    url = reverse("badges:revoke", args=[credential.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Because."}).status_code == 403
    credential.refresh_from_db()
    assert credential.revoked_at is None


@pytest.mark.parametrize("role", ROLES)
def test_revoke_permissions(client_as, credential, role):
    url = reverse("badges:revoke", args=[credential.pk])
    response = client_as(role).post(url, {"reason": "Awarded to the wrong person."})
    credential.refresh_from_db()
    if role in ORGANISERS:
        assert response.status_code == 302
        assert credential.revocation_reason == "Awarded to the wrong person."
        assert credential.revoked_at is not None
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        assert credential.revoked_at is None


def test_revoke_confirm_page(client_as, credential):
    response = client_as("organiser").get(reverse("badges:revoke", args=[credential.pk]))
    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()


def test_revoke_requires_reason(client_as, credential):
    response = client_as("organiser").post(
        reverse("badges:revoke", args=[credential.pk]), {"reason": "   "}
    )
    assert response.status_code == 200
    assert "Please say why the badge is revoked." in response.content.decode()
    credential.refresh_from_db()
    assert credential.revoked_at is None


def test_revoked_credential_shows_revoked_everywhere(client_as, credential, organisation):
    client = client_as("organiser")
    client.post(reverse("badges:revoke", args=[credential.pk]), {"reason": "Issued twice."})
    client.logout()
    page = client.get(reverse("badges:detail", args=[credential.pk])).content.decode()
    assert "Revoked: the issuer has withdrawn this badge." in page
    assert "Issued twice." in page
    assert "<time" in page
    status = client.get(reverse("badges:status", args=[credential.pk])).json()
    assert status["revoked"] is True and status["revocationReason"] == "Issued twice."
    revoked = client.get(reverse("badges:revocations", args=[organisation.slug])).json()
    assert revoked["revokedCredentials"][0]["id"] == f"urn:uuid:{credential.pk}"
    # Revoking twice changes nothing.
    client = client_as("organiser")
    response = client.post(reverse("badges:revoke", args=[credential.pk]), {"reason": "Again."})
    assert response.status_code == 200
    credential.refresh_from_db()
    assert credential.revocation_reason == "Issued twice."


def test_valid_credential_page(client, credential):
    page = client.get(reverse("badges:detail", args=[credential.pk])).content.decode()
    assert "Valid: this badge was issued on Atheneum" in page
    assert "Riverside Library" in page
    assert "Mira Member" in page
    assert "<time" in page


def test_baked_png_contains_the_credential(client, credential):
    response = client.get(reverse("badges:png", args=[credential.pk]))
    assert response["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(response.content)) as image:
        assert image.format == "PNG"
        image.load()
        assert image.text["openbadgecredential"] == credential.jwt


def test_plain_image_has_nothing_baked(client, credential):
    response = client.get(reverse("badges:image", args=[credential.pk]))
    with Image.open(io.BytesIO(response.content)) as image:
        image.load()
        assert "openbadgecredential" not in image.text


def test_json_download_holds_jwt_and_credential(client, credential):
    response = client.get(reverse("badges:json", args=[credential.pk]))
    data = response.json()
    assert data["jwt"] == credential.jwt
    assert data["credential"]["id"] == f"urn:uuid:{credential.pk}"
    assert "attachment" in response["Content-Disposition"]
    jwt_response = client.get(reverse("badges:jwt", args=[credential.pk]))
    assert jwt_response["Content-Type"] == "application/vc+jwt"
    assert jwt_response.content.decode() == credential.jwt


def test_public_outputs_never_show_email(client, credential, member, organisation):
    urls = [reverse(f"badges:{name}", args=[credential.pk]) for name in PUBLIC] + [
        reverse(f"badges:{name}", args=[organisation.slug])
        for name in ("issuer", "jwks", "revocations")
    ]
    for url in urls:
        body = client.get(url).content
        assert member.email.encode() not in body, url
        assert b"@example.org" not in body, url


def test_public_page_hides_email_of_member_without_display_name(client, organisation):
    user = UserFactory(email="quiet.person@example.org", display_name="")
    module = ModuleFactory(organisation=organisation)
    key = f"learning:module:{module.pk}"
    credential = credential_issue_for_source(recipient=user, source_key=key)
    page = client.get(reverse("badges:detail", args=[credential.pk])).content.decode()
    assert "quiet.person" not in page
    assert "A member of Atheneum" in page


# --- The verification form ------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_verify_form_open_to_all(client_as, role):
    assert client_as(role).get(reverse("badges:verify")).status_code == 200


def test_verify_pasted_jwt(client, credential):
    response = client.post(reverse("badges:verify"), {"token": credential.jwt})
    assert "Valid: this badge was issued on Atheneum" in response.content.decode()


def test_verify_pasted_json_download(client, credential):
    text = client.get(reverse("badges:json", args=[credential.pk])).content.decode()
    response = client.post(reverse("badges:verify"), {"token": text})
    assert "Valid: this badge was issued on Atheneum" in response.content.decode()


def test_verify_uploaded_baked_png(client, credential):
    png = client.get(reverse("badges:png", args=[credential.pk])).content
    upload = SimpleUploadedFile("badge.png", png, content_type="image/png")
    response = client.post(reverse("badges:verify"), {"upload": upload})
    assert "Valid: this badge was issued on Atheneum" in response.content.decode()


def test_verify_uploaded_png_without_credential(client, credential):
    png = client.get(reverse("badges:image", args=[credential.pk])).content
    upload = SimpleUploadedFile("badge.png", png, content_type="image/png")
    response = client.post(reverse("badges:verify"), {"upload": upload})
    assert "This image has no credential baked into it." in response.content.decode()


def test_verify_tampered_token(client, credential):
    header, payload, signature = credential.jwt.split(".")
    tampered = f"{header}.{payload}.{signature[:-4]}AAAA"
    response = client.post(reverse("badges:verify"), {"token": tampered})
    assert "Not valid" in response.content.decode()


def test_verify_empty_and_unreadable_input(client):
    response = client.post(reverse("badges:verify"), {"token": ""})
    assert "Please paste a credential or upload a badge." in response.content.decode()
    response = client.post(reverse("badges:verify"), {"token": json.dumps({"a": 1})})
    assert "it has no signed JWT" in response.content.decode()
    upload = SimpleUploadedFile("x.bin", b"\xff\xfe\x00binary", content_type="application/x")
    response = client.post(reverse("badges:verify"), {"upload": upload})
    assert "Please upload a PNG badge" in response.content.decode()


# --- Constant queries -----------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def _issue_many(*, recipient, organisation, count):
    for _ in range(count):
        module = ModuleFactory(organisation=organisation)
        credential_issue_for_source(recipient=recipient, source_key=f"learning:module:{module.pk}")


def test_my_badges_query_count_constant(client_as, member, organisation):
    client = client_as("member")
    url = reverse("badges:my")
    _issue_many(recipient=member, organisation=organisation, count=2)
    small = _count(client, url)
    _issue_many(recipient=member, organisation=organisation, count=18)
    assert _count(client, url) == small


def test_organisation_badges_query_count_constant(client_as, organisation):
    client = client_as("organiser")
    url = reverse("badges:organisation", args=[organisation.slug])
    people = [UserFactory() for _ in range(20)]
    for person in people[:2]:
        _issue_many(recipient=person, organisation=organisation, count=1)
    small = _count(client, url)
    for person in people[2:]:
        _issue_many(recipient=person, organisation=organisation, count=1)
    assert _count(client, url) == small
    assert Credential.objects.count() == 20


def test_revocation_list_query_count_constant(client, organisation, organiser):
    from atheneum.badges.services import credential_revoke

    url = reverse("badges:revocations", args=[organisation.slug])
    people = [UserFactory() for _ in range(10)]
    _issue_many(recipient=people[0], organisation=organisation, count=10)
    credentials = list(Credential.objects.all())
    credential_revoke(credential=credentials[0], reason="x", acting_user=organiser)
    small = _count(client, url)
    for credential in credentials[1:]:
        credential_revoke(credential=credential, reason="y", acting_user=organiser)
    assert _count(client, url) == small
