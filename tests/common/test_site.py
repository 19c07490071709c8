import os
import subprocess
import sys

import pytest
from django.test import Client

from atheneum.common.markdown import render_markdown

pytestmark = pytest.mark.django_db


def test_security_headers_on_every_response(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "frame-ancestors 'none'" in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Request-ID"]


def test_private_pages_are_not_cached_and_public_ones_are_not_marked(client, member):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    client.force_login(member)
    for path in ["/", "/me/", "/me/profile/"]:
        assert "no-store" in client.get(path)["Cache-Control"], path


def test_production_settings_pass_deploy_checks():
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into the production check.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "atheneum.config.settings.production",
        "SECRET_KEY": "a-production-like-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "atheneum.example.org",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Page not found"), ("fr", "Page introuvable"), ("ar", "الصفحة غير موجودة")],
)
def test_not_found_page_is_translated(client, language, text):
    client.cookies["atheneum_language"] = language
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert text in response.content.decode()


def test_server_error_page_renders(client, settings):
    from django.test import RequestFactory

    from atheneum.common.views import server_error

    request = RequestFactory().get("/")
    response = server_error(request)
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_healthz_reports_every_part(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok", "broker": "ok"},
    }


def test_language_switch_sticks_for_signed_in_member(client, member):
    client.force_login(member)
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/me/"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.interface_language == "ar"
    fresh = Client()
    fresh.force_login(member)
    page = fresh.get("/me/").content.decode()
    assert 'lang="ar" dir="rtl"' in page


def test_unknown_language_changes_nothing(client, member):
    client.force_login(member)
    response = client.post("/i18n/setlang/", {"language": "tlh", "next": "/me/"}, follow=True)
    member.refresh_from_db()
    assert member.interface_language == ""
    assert "That language is not available." in response.content.decode()


def test_language_switch_refuses_foreign_redirect(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_anonymous_time_zone_from_browser_cookie_and_utc_otherwise(client):
    assert "Times are shown in the UTC time zone." in client.get("/").content.decode()
    client.cookies["atheneum_tz"] = "America/Los_Angeles"
    assert "America/Los_Angeles" in client.get("/").content.decode()
    client.cookies["atheneum_tz"] = "Not/AZone"
    assert "Times are shown in the UTC time zone." in client.get("/").content.decode()


def test_set_timezone_rejects_unknown_zone(client):
    response = client.post("/i18n/timezone/", {"timezone": "Atlantis/Capital", "next": "/"})
    assert "atheneum_tz" not in response.cookies
    response = client.post("/i18n/timezone/", {"timezone": "Africa/Nairobi", "next": "/"})
    assert response.cookies["atheneum_tz"].value == "Africa/Nairobi"


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<img src=x onerror="alert(1)">', "onerror"),
        ('<a href="http://x" onclick="steal()">x</a>', "onclick"),
        ("<iframe src='http://evil'></iframe>", "<iframe"),
    ],
)
def test_markdown_is_sanitised(markdown, forbidden):
    assert forbidden not in render_markdown(markdown)


def test_markdown_keeps_formatting():
    html = render_markdown("## Notes\n\n*three* insights and a [link](https://example.org)")
    assert "<h2>Notes</h2>" in html
    assert "<em>three</em>" in html
    assert 'href="https://example.org"' in html
