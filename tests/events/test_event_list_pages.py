"""The event lists come 20 to a page, so their cost does not grow with the number of events."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .core_factories import EventFactory

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context), response


@pytest.mark.parametrize("url_name", ["events:event_list", "events:organisation_events"])
def test_event_lists_are_paged_and_flat(client, organisation, url_name):
    args = [organisation.slug] if url_name.endswith("organisation_events") else []
    url = reverse(url_name, args=args)
    EventFactory.create_batch(3, organisation=organisation)
    small, _ = _queries(client, url)
    EventFactory.create_batch(42, organisation=organisation)
    large, response = _queries(client, url)
    assert small == large
    html = response.content.decode()
    assert html.count('class="card"') == 20
    assert "Page 1 of 3" in html
    last, _ = _queries(client, url + "?page=3")
    assert last <= large  # the list's cached index is warm by now
