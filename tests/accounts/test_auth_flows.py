import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from atheneum.accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _link(body: str) -> str:
    return re.search(r"http://testserver(/\S+)", body).group(1)


def test_signup_requires_email_confirmation_before_sign_in(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert EmailAddress.objects.get(user=user).verified is False
    assert len(mail.outbox) == 1
    confirm_path = _link(mail.outbox[0].body)

    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "new@example.org", "password": "a long passphrase 42"}
    )
    assert response.status_code == 302
    assert "/accounts/confirm-email/" in response["Location"]

    response = client.post(confirm_path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified is True


def test_signup_remembers_language_and_browser_time_zone(client):
    client.cookies["atheneum_language"] = "fr"
    client.cookies["atheneum_tz"] = "Europe/Paris"
    client.post(
        "/accounts/signup/",
        {
            "email": "fr@example.org",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    user = User.objects.get(email="fr@example.org")
    assert (user.interface_language, user.time_zone) == ("fr", "Europe/Paris")


def test_signup_with_bad_email_shows_error_in_french_and_creates_nothing(client):
    client.cookies["atheneum_language"] = "fr"
    response = client.post(
        "/accounts/signup/", {"email": "not-an-email", "password1": "x", "password2": "y"}
    )
    assert response.status_code == 200
    assert User.objects.count() == 0
    assert 'aria-invalid="true"' in response.content.decode()
    assert "Saisissez une adresse e-mail valide." in response.content.decode()


def test_sign_in_by_email_and_sign_out(client):
    UserFactory(email="reader@example.org")
    response = client.post(
        "/accounts/login/", {"login": "Reader@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert client.get("/me/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/me/").status_code == 302


def test_password_reset_sends_link_that_sets_new_password(client):
    user = UserFactory(email="forgot@example.org")
    client.post("/accounts/password/reset/", {"email": "forgot@example.org"})
    assert len(mail.outbox) == 1
    response = client.get(_link(mail.outbox[0].body), follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else None
    assert form_path
    client.post(
        form_path, {"password1": "brand new passphrase 7", "password2": "brand new passphrase 7"}
    )
    user.refresh_from_db()
    assert user.check_password("brand new passphrase 7")


def test_password_change_needs_old_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": "wrong",
            "password1": "another passphrase 9",
            "password2": "another passphrase 9",
        },
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    client.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "another passphrase 9",
            "password2": "another passphrase 9",
        },
    )
    user.refresh_from_db()
    assert user.check_password("another passphrase 9")


def test_sign_in_locks_after_five_failures_for_that_account_and_address(client):
    UserFactory(email="target@example.org")
    for _ in range(5):
        client.post("/accounts/login/", {"login": "target@example.org", "password": "guess"})
    response = client.post(
        "/accounts/login/", {"login": "target@example.org", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert b"Sign-in locked" in response.content
    # Another address is not locked out of the same account (lock is user AND address).
    other = client.__class__(REMOTE_ADDR="203.0.113.9")
    response = other.post("/accounts/login/", {"login": "target@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_lockout_uses_forwarded_address_behind_a_proxy(client, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    UserFactory(email="proxied@example.org")
    for _ in range(5):
        client.post(
            "/accounts/login/",
            {"login": "proxied@example.org", "password": "guess"},
            HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.1",
        )
    from axes.models import AccessAttempt

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.7"]


def test_organiser_without_totp_must_set_it_up(client, organisation):
    from atheneum.organisations.enums import OrganisationRole
    from tests.factories import add_member

    user = UserFactory()
    add_member(user, organisation, role=OrganisationRole.ORGANISER)
    client.force_login(user)
    response = client.get("/me/")
    assert response.status_code == 302
    assert response["Location"] == "/me/two-factor-required/"
    page = client.get("/me/two-factor-required/")
    assert page.status_code == 200
    assert b'href="/accounts/2fa/totp/activate/"' in page.content


def test_member_is_not_forced_to_use_totp(client, member):
    client.force_login(member)
    assert client.get("/me/").status_code == 200


def test_organiser_with_totp_is_asked_for_a_code_at_sign_in(client, organiser):
    response = client.post("/accounts/login/", {"login": organiser.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/me/").status_code == 302  # not signed in until the code is given
