import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganisationFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_queries_do_not_grow_with_memberships(client):
    user = UserFactory()
    client.force_login(user)
    for _ in range(3):
        add_member(user, OrganisationFactory())
    small = _queries(client, "/me/")
    for _ in range(27):
        add_member(user, OrganisationFactory())
    large = _queries(client, "/me/")
    assert small == large
