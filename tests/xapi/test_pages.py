"""The member's statements page and the key pages, for every role."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atheneum.api.models import hash_token
from atheneum.xapi.models import Credential

from ..conftest import ROLES
from . import factories
from .factories import Lrs, fixture, make_key, statement

lrs, member_key, org_key, org_lrs, xapi_site = (
    factories.lrs,
    factories.member_key,
    factories.org_key,
    factories.org_lrs,
    factories.xapi_site,
)
pytestmark = pytest.mark.usefixtures("xapi_site")

ORGANISERS = {"organiser", "admin"}


# --- /xapi/my/ -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_my_statements_shows_only_ones_own(client_as, role, member, lrs):
    lrs.post([fixture("cmi5_completed"), fixture("simple")])
    response = client_as(role).get(reverse("xapi:my_statements"))
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    page = response.content.decode()
    if role == "member":
        assert "Introduction to Geology" in page  # the activity it became, linked
        assert "simple statement" in page
    else:
        assert "Introduction to Geology" not in page
        assert "simple statement" not in page
        assert "No learning tool has sent anything about you yet." in page


def test_my_statements_marks_voided_with_its_activity(client_as, lrs):
    completed = fixture("cmi5_completed")
    lrs.post(completed)
    voiding = fixture("voiding")
    voiding["object"]["id"] = completed["id"]
    lrs.post(voiding)
    page = client_as("member").get(reverse("xapi:my_statements")).content.decode()
    assert "withdrawn by the tool" in page
    assert "The activity stays in your record" in page


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_my_statements_query_count_constant(client_as, lrs, member):
    client = client_as("member")
    url = reverse("xapi:my_statements")
    client.get(url)
    lrs.post([statement(member.email) for _ in range(3)] + [fixture("reflected")])
    small = _count(client, url)
    lrs.post([statement(member.email) for _ in range(30)])
    lrs.post([statement(member.email, verb="failed") for _ in range(10)])
    assert _count(client, url) == small


# --- Personal keys ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_keys_page_lists_only_ones_own_keys(client_as, role, member):
    make_key(user=member, name="Mira's course player")
    response = client_as(role).get(reverse("xapi:keys"))
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert ("Mira&#x27;s course player" in response.content.decode()) == (role == "member")


def test_create_key_shows_the_secret_once(client_as, member):
    client = client_as("member")
    response = client.post(reverse("xapi:keys"), {"name": "Storytime course"})
    assert response.status_code == 200
    credential = Credential.objects.get()
    assert credential.user == member
    assert credential.created_by == member
    secret = response.context["secret"]
    assert secret in response.content.decode()
    assert credential.secret_hash == hash_token(secret)
    assert secret not in credential.secret_hash
    assert secret not in client.get(reverse("xapi:keys")).content.decode()


def test_new_key_works_at_once(client_as, client, member):
    response = client_as("member").post(reverse("xapi:keys"), {"name": "Storytime course"})
    lrs = Lrs(client, response.context["created"], response.context["secret"])
    assert lrs.post(fixture("simple")).status_code == 200


def test_create_key_without_name_is_400_and_creates_nothing(client_as):
    response = client_as("member").post(reverse("xapi:keys"), {"name": "  "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Credential.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_revoke_personal_key_only_by_its_member(client_as, role, member):
    credential, _secret = make_key(user=member)
    url = reverse("xapi:key_revoke", args=[credential.pk])
    client = client_as(role)
    page = client.get(url)
    response = client.post(url)
    credential.refresh_from_db()
    if role == "anonymous":
        assert page.status_code == response.status_code == 302
        assert credential.revoked_at is None
    elif role == "member":
        assert page.status_code == 200
        assert "Revoke the key" in page.content.decode()
        assert response.status_code == 302
        assert credential.revoked_at is not None
    else:
        assert page.status_code == response.status_code == 404
        assert credential.revoked_at is None


def test_revoked_key_stops_working(client_as, client, member):
    credential, secret = make_key(user=member)
    lrs = Lrs(client, credential, secret)
    assert lrs.get().status_code == 200
    client_as("member").post(reverse("xapi:key_revoke", args=[credential.pk]))
    assert lrs.get().status_code == 401


def test_keys_page_query_count_constant(client_as, member):
    client = client_as("member")
    url = reverse("xapi:keys")
    make_key(user=member)
    small = _count(client, url)
    for _ in range(15):
        make_key(user=member)
    assert _count(client, url) == small


# --- Organisation keys -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_organisation_keys_page_for_organisers(client_as, role, organisation, organiser):
    make_key(organisation=organisation, acting_user=organiser, name="Riverside LMS")
    url = reverse("xapi:organisation_keys", args=[organisation.slug])
    response = client_as(role).get(url)
    if role == "anonymous":
        assert response.status_code == 302
    elif role in ORGANISERS:
        assert response.status_code == 200
        assert "Riverside LMS" in response.content.decode()
    else:
        assert response.status_code == 403
        assert "Riverside LMS" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_create_organisation_key(client_as, role, organisation):
    url = reverse("xapi:organisation_keys", args=[organisation.slug])
    response = client_as(role).post(url, {"name": "Riverside LMS"})
    if role in ORGANISERS:
        assert response.status_code == 200
        credential = Credential.objects.get()
        assert credential.organisation == organisation
        assert credential.user is None
        assert response.context["secret"] in response.content.decode()
    else:
        assert response.status_code in {302, 403}
        assert not Credential.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_revoke_organisation_key(client_as, role, organisation, organiser):
    credential, _secret = make_key(organisation=organisation, acting_user=organiser)
    url = reverse("xapi:organisation_key_revoke", args=[organisation.slug, credential.pk])
    response = client_as(role).post(url)
    credential.refresh_from_db()
    if role in ORGANISERS:
        assert response.status_code == 302
        assert credential.revoked_at is not None
    else:
        assert response.status_code in {302, 403}
        assert credential.revoked_at is None


def test_organisation_key_cannot_be_revoked_through_another_organisation(
    client_as, organisation, other_organisation, organiser
):
    credential, _secret = make_key(organisation=organisation, acting_user=organiser)
    url = reverse("xapi:organisation_key_revoke", args=[other_organisation.slug, credential.pk])
    assert client_as("organiser").post(url).status_code == 403
    credential.refresh_from_db()
    assert credential.revoked_at is None


def test_personal_key_page_does_not_revoke_organisation_keys(client_as, organisation, organiser):
    credential, _secret = make_key(organisation=organisation, acting_user=organiser)
    assert (
        client_as("organiser").post(reverse("xapi:key_revoke", args=[credential.pk])).status_code
        == 404
    )  # noqa: E501


@pytest.mark.parametrize("url_name", ["xapi:my_statements", "xapi:keys"])
def test_pages_in_arabic(client_as, member, lrs, url_name):
    lrs.post([fixture("cmi5_completed"), fixture("voiding")])
    client = client_as("member")
    client.cookies["django_language"] = "ar"
    response = client.get(reverse(url_name), HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1
