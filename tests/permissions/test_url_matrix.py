"""Every route of the URL conf answers each role as declared in matrix.py.

A new route without an entry in matrix.MATRIX fails this test; so does any 500. To declare a
new route: give world.py the objects and kwargs it needs, then run this test with
`MATRIX_RECORD=/tmp/seen.json` to see what each role gets, check that it is right, and write
the entry (with a preset where one fits).
"""

import json
import os
import re
import time
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, include, path, reverse

from atheneum.api.scopes import ALL_SCOPES

from ..conftest import ROLES
from . import matrix
from .world import ROLE_FIXTURES, build_world

pytestmark = pytest.mark.crawl


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name" for pages, "METHOD /api/v1/path" for API operations
    route: str  # the full pattern, for messages
    params: tuple[str, ...]
    method: str = "GET"  # for API operations: the operation's method
    api_path: str = ""  # for API operations: the path with {placeholders}


def _pattern_params(pattern) -> tuple[str, ...]:
    regex = pattern.regex.pattern
    return tuple(re.findall(r"\(\?P<(\w+)>", regex))


def _walk(resolver, prefix="", namespace=None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield prefix + str(entry.pattern), name, entry


def _api_operations():
    """(method, path with {params}, url name) of every operation of the ninja API."""
    from atheneum.api.v1 import api

    operations = []
    for prefix, router in api._routers:
        for sub_path, path_view in router.path_operations.items():
            full = "/api/v1" + _join(prefix, sub_path)
            for operation in path_view.operations:
                for method in operation.methods:
                    operations.append((method.upper(), full, getattr(operation, "url_name", "")))
    return sorted(set(operations))


def _join(prefix: str, path: str) -> str:
    joined = "/".join(part.strip("/") for part in (prefix, path) if part.strip("/"))
    return "/" + joined if joined else "/"


def all_routes() -> tuple[list[Route], list[tuple[str, str]]]:
    """(routes to check, [(pattern, reason) excluded])."""
    routes: dict[str, Route] = {}
    excluded: list[tuple[str, str]] = []
    for route, name, entry in _walk(get_resolver()):
        reason = matrix.excluded(route, name)
        if reason:
            excluded.append((route, reason))
            continue
        if route.startswith("api/v1/") and name not in matrix.API_PAGES:
            continue  # ninja operations are enumerated below, one per method
        key = name or route
        routes.setdefault(key, Route(key=key, route=route, params=_pattern_params(entry.pattern)))
    for method, api_path, _name in _api_operations():
        key = f"{method} {api_path}"
        params = tuple(re.findall(r"\{(\w+)(?::\w+)?\}", api_path))
        routes[key] = Route(
            key=key, route=api_path, params=params, method=method, api_path=api_path
        )
    return sorted(routes.values(), key=lambda r: r.key), excluded


def url_for(route: Route, world) -> str | None:
    if route.api_path:
        values = world.api_params(route.api_path, route.params, route.key)
        if values is None:
            return None
        return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: str(values[m.group(1)]), route.api_path)
    kwargs = world.kwargs_for(route.key, list(route.params))
    if kwargs is None:
        return None
    return reverse(route.key, kwargs=kwargs)


class RoleClients:
    """One signed-in client per role (a bearer token for the API), kept signed in."""

    def __init__(self, people: dict):
        from atheneum.api.services import token_create

        self.users = {role: people.get(role) for role in ROLES}
        self.pages: dict[str, Client] = {}
        self.cookies: dict[str, str] = {}
        self.api: dict[str, Client] = {}
        for role, user in self.users.items():
            client = Client(raise_request_exception=False)
            api_client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user)
                self.cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
                _token, raw = token_create(user=user, name="matrix", scopes=list(ALL_SCOPES))
                api_client = Client(
                    raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {raw}"
                )
            self.pages[role] = client
            self.api[role] = api_client

    def request(self, route: Route, role: str, url: str, method: str, body: dict | None = None):
        """The response, inside a savepoint that is rolled back so nothing changes."""
        client = self.api[role] if route.api_path else self.pages[role]
        if role in self.cookies:
            # A view that signs out (or rotates the session) must not change the next request.
            client.cookies[settings.SESSION_COOKIE_NAME] = self.cookies[role]
        with transaction.atomic():
            if method == "GET":
                response = client.get(url)
            elif route.api_path:
                payload = json.dumps(body or {})
                response = client.generic(method, url, payload, content_type="application/json")
            else:
                response = client.post(url, {})
            transaction.set_rollback(True)
        return response


def _method(route: Route, expect) -> str:
    if route.api_path:
        return route.method
    # An undeclared page is still asked (GET), so no 500 goes unseen.
    return expect.method if expect else "GET"


def run_matrix(world, clients, routes, *, record=None):
    """[(key, role, expected, got)] for every mismatch; `record` collects what was seen."""
    mismatches, unfilled = [], []
    for route in routes:
        expect = matrix.MATRIX.get(route.key)
        url = url_for(route, world)
        if url is None:
            unfilled.append(route.key)
            continue
        method = _method(route, expect)
        seen = []
        clock = time.perf_counter()
        for index, role in enumerate(ROLES):
            body = world.api_bodies.get(route.key) if route.api_path else None
            response = clients.request(route, role, url, method, body)
            seen.append(response.status_code)
            if expect is not None and response.status_code != expect.statuses[index]:
                mismatches.append((route.key, role, expect.statuses[index], response.status_code))
            elif response.status_code >= 500:  # noqa: PLR2004
                mismatches.append((route.key, role, "not 500", response.status_code))
        if record is not None:
            record[route.key] = {
                "method": method,
                "statuses": seen,
                "url": url,
                "seconds": round(time.perf_counter() - clock, 2),
            }
    return mismatches, unfilled


def undeclared_routes(routes) -> list[str]:
    return [f"{route.key}  ({route.route})" for route in routes if route.key not in matrix.MATRIX]


def _new_page(request):
    return HttpResponse("new")


# The site's URL conf with one page more, for the test that a new page must be declared.
urlpatterns = [
    path("", include("atheneum.config.urls")),
    path("brand-new/<int:pk>/", _new_page, name="brand_new"),
]


def test_a_new_route_without_an_entry_is_reported(settings):
    settings.ROOT_URLCONF = __name__
    routes, _excluded = all_routes()
    assert undeclared_routes(routes) == ["brand_new  (brand-new/<int:pk>/)"]


@pytest.fixture
def people(db, request):
    return {name: request.getfixturevalue(name) for name in ROLE_FIXTURES}


def test_every_route_answers_every_role_as_declared(people, settings):
    settings.API_RATE_LIMIT = "100000/min"
    started = time.perf_counter()
    routes, _excluded = all_routes()
    world = build_world(people)
    clients = RoleClients(people)
    record = {} if os.environ.get("MATRIX_RECORD") else None
    mismatches, unfilled = run_matrix(world, clients, routes, record=record)
    if record is not None:
        with open(os.environ["MATRIX_RECORD"], "w") as handle:
            json.dump(record, handle, indent=1, sort_keys=True)
    undeclared = undeclared_routes(routes)
    keys = {route.key for route in routes}
    stale = sorted(set(matrix.MATRIX) - keys)
    stale += sorted((set(world.api_bodies) | set(world.api_overrides)) - keys)
    elapsed = time.perf_counter() - started
    print(f"\n{len(routes)} routes x {len(ROLES)} roles in {elapsed:.1f} s")
    problems = []
    if undeclared:
        problems.append("Routes without an entry in matrix.MATRIX:\n  " + "\n  ".join(undeclared))
    if stale:
        problems.append(
            "Entries (matrix, API bodies) for routes that no longer exist:\n  " + "\n  ".join(stale)
        )
    if unfilled:
        problems.append("Routes world.py cannot fill in (add kwargs):\n  " + "\n  ".join(unfilled))
    if mismatches:
        lines = [
            f"{key:50} {role:18} expected {exp} got {got}" for key, role, exp, got in mismatches
        ]
        problems.append("name role expected got:\n  " + "\n  ".join(lines))
    assert not problems, "\n\n".join(problems)
