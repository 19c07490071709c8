"""Keys, statements from the fixtures, and a client that speaks xAPI."""

import base64
import copy
import json
import uuid
from pathlib import Path

import pytest

from atheneum.xapi import services

FIXTURES = Path(__file__).parent / "fixtures"
SITE = "https://atheneum.test"


def fixture(name: str) -> dict:
    """A fresh copy of an example statement from tests/xapi/fixtures (see SOURCES.md)."""
    return json.loads((FIXTURES / f"{name}.json").read_text())


def agent(email: str) -> dict:
    return {"objectType": "Agent", "mbox": f"mailto:{email}"}


def statement(email: str, *, verb: str = "completed", object_id: str = "", **extra) -> dict:
    """A small statement of our own (for the cases the specifications have no example of)."""
    data = {
        "id": str(uuid.uuid4()),
        "actor": agent(email),
        "verb": {
            "id": verb if verb.startswith("http") else f"http://adlnet.gov/expapi/verbs/{verb}",
            "display": {"en": verb.rsplit("/", 1)[-1]},
        },
        "object": {
            "objectType": "Activity",
            "id": object_id or f"https://courses.example.org/{uuid.uuid4()}",
            "definition": {"name": {"en": "Storytime for toddlers", "sv": "Sagostund"}},
        },
        "timestamp": "2026-03-02T10:00:00Z",
    }
    data.update(extra)
    return data


def make_key(*, user=None, organisation=None, acting_user=None, name="Course player"):
    """A key and its secret: personal for `user`, or for `organisation` (by `acting_user`)."""
    credential, secret = services.credential_create(
        name=name, acting_user=acting_user or user, organisation=organisation
    )
    return credential, secret


def basic(key: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


class Lrs:
    """Django's test client with a key's Basic header and the xAPI version header."""

    def __init__(self, client, credential, secret, version="1.0.3"):
        self.client = client
        self.headers = {
            "HTTP_AUTHORIZATION": basic(credential.key, secret),
            "HTTP_X_EXPERIENCE_API_VERSION": version,
        }

    def post(self, body, **params):
        url = "/xapi/statements"
        if params:
            url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
        return self.client.post(
            url, data=json.dumps(body), content_type="application/json", **self.headers
        )

    def put(self, body, statement_id):
        return self.client.put(
            f"/xapi/statements?statementId={statement_id}",
            data=json.dumps(body),
            content_type="application/json",
            **self.headers,
        )

    def get(self, **params):
        return self.client.get("/xapi/statements", params, **self.headers)


def mutated(data: dict, path: str, value) -> dict:
    """A copy of `data` with the property at dotted `path` set to `value` (or removed if
    value is DELETE)."""
    data = copy.deepcopy(data)
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if value is DELETE:
        del node[parts[-1]]
    else:
        node[parts[-1]] = value
    return data


DELETE = object()


# Fixtures (import them into a test module to use them; tests/xapi has no conftest of its own).


@pytest.fixture
def xapi_site(settings):
    settings.SITE_URL = SITE
    settings.XAPI_RATE_LIMIT = "1000/min"


@pytest.fixture
def member_key(member):
    return make_key(user=member)


@pytest.fixture
def lrs(client, member_key, xapi_site):
    """The member's personal key, speaking xAPI 1.0.3."""
    return Lrs(client, *member_key)


@pytest.fixture
def org_key(organisation, organiser):
    return make_key(organisation=organisation, acting_user=organiser, name="Riverside LMS")


@pytest.fixture
def org_lrs(client, org_key, xapi_site):
    return Lrs(client, *org_key)
