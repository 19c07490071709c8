import pytest

from tests.conftest import ROLES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_accessibility_statement_is_public_for_every_role(client_as, role):
    response = client_as(role).get("/accessibility/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert "This statement was prepared on Nov. 28, 2026." in html


def test_accessibility_statement_shows_the_configured_contact(client, settings):
    settings.ACCESSIBILITY_CONTACT = "Access desk <access@library.example.org>"
    html = client.get("/accessibility/").content.decode()
    assert '<a href="mailto:access@library.example.org">access@library.example.org</a>' in html


def test_footer_links_to_the_accessibility_statement(client):
    html = client.get("/").content.decode()
    assert '<a href="/accessibility/">Accessibility statement</a>' in html
