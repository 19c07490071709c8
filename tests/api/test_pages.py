"""The API reference page: generated from the OpenAPI document, readable without JavaScript."""

import re

import pytest

from atheneum.api.selectors import api_reference, api_reference_from_schema
from atheneum.api.v1 import api
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

DOCS_URL = "/api/v1/docs/"


SMALL_SCHEMA = {
    "paths": {
        "/api/v1/portfolio/activities": {
            "get": {
                "tags": ["portfolio"],
                "summary": "My activities",
                "operationId": "activity_list",
                "parameters": [
                    {"name": "page", "in": "query", "schema": {"type": "integer"}},
                    {"name": "page_size", "in": "query", "schema": {"type": "integer"}},
                ],
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/PagedActivityOut"}
                            }
                        },
                    }
                },
                "security": [{"TokenAuth": []}, {"SessionAuth": []}],
            },
            "post": {
                "tags": ["portfolio"],
                "summary": "Record an activity",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/In"}}
                    },
                },
                "responses": {
                    "201": {
                        "description": "Created",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ActivityOut"}
                            }
                        },
                    },
                    "204": {"description": "No Content"},
                },
            },
        },
        "/api/v1/events": {
            "get": {
                "tags": ["events"],
                "summary": "Events",
                "responses": {"200": {"description": "OK"}},
                "security": [{"OptionalAuth": []}],
            }
        },
    },
    "components": {
        "schemas": {
            "ActivityOut": {
                "type": "object",
                "required": ["id", "start"],
                "properties": {
                    "id": {"type": "integer"},
                    "start": {"type": "string", "format": "date-time"},
                    "ends": {
                        "anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]
                    },
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "kind": {"enum": ["course", "webinar"], "type": "string"},
                    "owner": {"$ref": "#/components/schemas/Person"},
                },
            },
            "Person": {"type": "object", "properties": {"id": {"type": "integer"}}},
            "PagedActivityOut": {
                "type": "object",
                "properties": {
                    "count": {"type": "integer"},
                    "page": {"type": "integer"},
                    "pages": {"type": "integer"},
                    "items": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/ActivityOut"},
                    },
                },
            },
            "In": {
                "type": "object",
                "required": ["title"],
                "properties": {
                    "title": {"type": "string", "description": "What you did."},
                    "hours": {"anyOf": [{"type": "number"}, {"type": "null"}]},
                },
            },
        }
    },
}


def test_reference_is_built_from_the_schema():
    reference = api_reference_from_schema(SMALL_SCHEMA)
    portfolio, events = reference.tags
    assert [tag.name for tag in (portfolio, events)] == ["portfolio", "events"]
    assert str(portfolio.label) == "Portfolio activities and reflections"
    listing, recording = portfolio.operations
    assert (listing.method, listing.scope, listing.public) == ("GET", "portfolio:read", False)
    assert [p.name for p in listing.parameters] == ["page", "page_size"]
    (page,) = listing.responses
    assert page.paginated
    assert page.schema_name == "ActivityOut"
    types = {f.name: (f.type, f.required) for f in page.fields}
    assert types == {
        "id": ("integer", True),
        "start": ("string (date-time)", True),
        "ends": ("string (date-time) | null", False),
        "tags": ("array of string", False),
        "kind": ("enum: course, webinar", False),
        "owner": ("Person", False),
    }
    assert recording.scope == "portfolio:write"
    assert recording.body_required
    assert [(f.name, f.type, f.required, f.description) for f in recording.body_fields] == [
        ("title", "string", True, "What you did."),
        ("hours", "number | null", False, ""),
    ]
    assert [r.status for r in recording.responses] == ["201", "204"]
    assert recording.responses[1].fields == ()
    assert events.operations[0].public
    # Object types held by fields are described once, below the operations.
    assert next(f for f in page.fields if f.name == "owner").ref == "Person"
    assert [(o.name, [f.name for f in o.fields]) for o in reference.objects] == [("Person", ["id"])]


@pytest.mark.parametrize("role", ROLES)
def test_reference_page_for_every_role(role, client_as):
    response = client_as(role).get(DOCS_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1>") == 1
    assert '<a href="/api/v1/openapi.json">' in page
    assert "<script" not in page.split("</header>", 1)[-1]
    assert "<th>" not in page  # every header cell names its scope
    for text in (
        "Authorization: Bearer ath_",
        "page_size",
        "If-None-Match",
        "Retry-After",
        "RFC 9457",
        "/api/tokens/",
    ):
        assert text in page


def test_reference_lists_every_operation_of_the_schema(client):
    page = client.get(DOCS_URL).content.decode()
    schema = api.get_openapi_schema()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert f"{method.upper()} {path}" in page
            if operation.get("summary"):
                assert operation["summary"].replace("'", "&#x27;") in page
    for name in api_reference().objects and [o.name for o in api_reference().objects]:
        assert f'id="object-{name}"' in page
    # Headings go h1 > h2 > h3 > h4 without skipping a level.
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", page)]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_reference_names_the_scope_of_me(client):
    page = client.get(DOCS_URL).content.decode()
    assert "GET /api/v1/me" in page
    assert "<code>profile:read</code>" in page
    assert "<code>profile:write</code>" in page


def test_reference_in_arabic_is_right_to_left(client):
    client.cookies["atheneum_language"] = "ar"
    response = client.get(DOCS_URL)
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_reference_is_built_once_per_process():
    api_reference.cache_clear()
    first = api_reference()
    assert api_reference() is first
