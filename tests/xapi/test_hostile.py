"""Hostile and random input to the statement resource: never a server error, never a partial
store, always a JSON error naming what is wrong."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atheneum.xapi.models import Statement

from . import factories
from .factories import statement

lrs, member_key, xapi_site = factories.lrs, factories.member_key, factories.xapi_site

pytestmark = pytest.mark.django_db

HOSTILE_TEXT = st.one_of(
    st.text(max_size=50),
    st.sampled_from(
        [
            "",
            "\x00",
            "<script>alert(1)</script>",
            "'; DROP TABLE xapi_statement; --",
            "mailto:",
            "not a uuid",
            "9999-99-99T99:99:99Z",
            "P-1D",
            "x" * 5000,
            "\ud7ff\ufffd",
        ]
    ),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | HOSTILE_TEXT,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(HOSTILE_TEXT, children, max_size=4)
    ),
    max_leaves=20,
)
PROPERTIES = [
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "authority",
    "version",
    "attachments",
]
FEW = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _refused_cleanly(response):
    assert response.status_code < 500
    if response.status_code >= 400:
        body = response.json()
        assert body["message"]


@FEW
@given(body=JSON_VALUES)
def test_random_json_never_breaks_the_endpoint(lrs, body):
    before = Statement.objects.count()
    response = lrs.post(body)
    _refused_cleanly(response)
    assert response.status_code >= 400
    assert Statement.objects.count() == before


@FEW
@given(name=st.sampled_from(PROPERTIES), value=JSON_VALUES)
def test_a_hostile_property_is_refused_or_stored_whole(lrs, member, name, value):
    data = statement(member.email)
    data[name] = value
    before = Statement.objects.count()
    response = lrs.post([statement(member.email), data])
    _refused_cleanly(response)
    after = Statement.objects.count()
    # A batch is all or nothing.
    assert after == (before + 2 if response.status_code == 200 else before)


def test_bytes_that_are_not_utf8_are_refused(lrs):
    response = lrs.client.post(
        "/xapi/statements",
        data=b'{"actor": "\xff\xfe"}',
        content_type="application/json",
        **lrs.headers,
    )
    _refused_cleanly(response)
    assert response.status_code == 400


def test_a_stored_script_stays_text(lrs, member, client_as):
    data = statement(member.email)
    data["object"]["definition"]["name"]["en"] = "<script>alert(1)</script>"
    assert lrs.post(data).status_code == 200
    page = client_as("member").get("/xapi/my/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert (
        json.loads(
            lrs.client.get(f"/xapi/statements?statementId={data['id']}", **lrs.headers).content
        )["object"]["definition"]["name"]["en"]
        == "<script>alert(1)</script>"
    )
