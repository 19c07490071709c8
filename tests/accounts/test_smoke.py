import pytest


@pytest.mark.parametrize("role", ["anonymous", "member", "organiser", "admin"])
def test_home_renders_for_role(client_as, role):
    response = client_as(role).get("/")
    assert response.status_code == 200
    assert b'<main id="main"' in response.content
