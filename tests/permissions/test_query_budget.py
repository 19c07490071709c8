"""No page's query count grows with the data.

Every GET route of the matrix is asked, as each role the matrix says gets 200, once with a small
world and once after the world has grown ten times larger; the number of queries must not grow.
A page that legitimately grows needs an entry in GROWS_WITH_DATA with the reason.
"""

import json
import os
import time

import pytest
from django.core.cache import cache
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from ..conftest import ROLES
from . import matrix
from .test_url_matrix import RoleClients, all_routes, url_for
from .world import ROLE_FIXTURES, build_world, grow

pytestmark = pytest.mark.crawl

SMALL, LARGE = 2, 20  # extra things of each kind: the large world has ten times as many

# Lists that must show more in the larger world (else grow() no longer feeds the pages).
MUST_GROW = [
    ("portfolio:activity_list", "member"),
    ("news:post_list", "anonymous"),
    ("events:event_list", "member"),
    ("GET /api/v1/portfolio/activities", "member"),
    ("GET /api/v1/coaching/coaches/{coach_id}/slots", "member"),
    ("api:token_list", "member"),
    ("meetups:series_list", "member"),
    ("meetups:series_hosts", "organiser"),
    ("meetups:series_invitations", "organiser"),
    ("meetups:occurrence_detail", "manager"),
    ("badges:my", "member"),
    ("badges:organisation", "organiser"),
    ("xapi:my_statements", "member"),
    ("xapi:keys", "member"),
    ("xapi:organisation_keys", "organiser"),
    ("xapi:destination_list", "organiser"),
    ("xapi:map_list", "organiser"),
]

# route key → why its query count may grow with the data (none so far).
GROWS_WITH_DATA: dict[str, str] = {}


@pytest.fixture
def people(db, request):
    return {name: request.getfixturevalue(name) for name in ROLE_FIXTURES}


def _pages(routes):
    """(route, role) pairs to measure: GETs the matrix says answer 200 to that role."""
    for route in routes:
        expect = matrix.MATRIX.get(route.key)
        if expect is None or route.key in GROWS_WITH_DATA:
            continue
        method = route.method if route.api_path else expect.method
        if method != "GET":
            continue
        for index, role in enumerate(ROLES):
            if expect.statuses[index] == 200:  # noqa: PLR2004
                yield route, role


def _count(clients, world, pages) -> dict:
    counts = {}
    for route, role in pages:
        url = url_for(route, world)
        if url is None:
            continue
        cache.clear()  # a cached fragment would hide the queries behind it
        reset_queries()  # the log holds at most 9,000 queries: a full log counts nothing
        with CaptureQueriesContext(connection) as queries:
            response = clients.request(route, role, url, "GET")
        size = -1 if response.streaming else len(response.content)
        counts[route.key, role] = (response.status_code, len(queries), size)
    return counts


def test_no_page_makes_more_queries_with_more_data(people, settings):
    settings.API_RATE_LIMIT = "100000/min"
    started = time.perf_counter()
    routes, _excluded = all_routes()
    world = build_world(people)
    clients = RoleClients(people)
    pages = list(_pages(routes))
    grow(world, SMALL)
    small = _count(clients, world, pages)
    grow(world, LARGE - SMALL)
    large = _count(clients, world, pages)
    print(f"\n{len(pages)} pages x 2 worlds in {time.perf_counter() - started:.1f} s")
    if os.environ.get("QUERY_RECORD"):  # (status, queries, bytes) small → large, per page
        with open(os.environ["QUERY_RECORD"], "w") as handle:
            rows = {f"{key} {role}": [small[key, role], large[key, role]] for key, role in small}
            json.dump(rows, handle, indent=1, sort_keys=True)
    offenders = [
        f"{key:50} {role:18} {small[key, role][1]:4} -> {large[key, role][1]:4} queries"
        for key, role in small
        if large[key, role][1] > small[key, role][1]
    ]
    # The budget means something only if the queries were counted and the lists did grow.
    assert all(queries for _status, queries, _size in small.values())
    not_grown = [page for page in MUST_GROW if large[page][2] <= small[page][2]]
    assert not not_grown, f"the larger world does not show on these pages: {not_grown}"
    assert not offenders, "Query count grows with the data:\n  " + "\n  ".join(offenders)
