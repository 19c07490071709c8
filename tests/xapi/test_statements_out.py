"""The statements Atheneum writes: durations, source keys, and reflections as the pair of
statements teacher-development profiles use, downloadable by the member only."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atheneum.portfolio.enums import ReflectionTemplate
from atheneum.xapi import statements_out

from ..portfolio.factories import ActivityFactory, ReflectionFactory

URL = "/xapi/my/reflections.json"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://atheneum.example.org"


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ("1", "PT1H"),
        ("1.5", "PT1H30M"),
        ("0.75", "PT45M"),
        ("2.01", "PT2H36S"),
        ("0.00", "PT0S"),
        ("12.25", "PT12H15M"),
    ],
)
def test_iso_duration(hours, expected):
    assert statements_out.iso_duration(Decimal(hours)) == expected


@pytest.mark.parametrize(
    "key",
    [
        "",
        "demo:one",
        "learning:module:abc",
        "learning:module:999999",
        "events:session:not-a-uuid",
        "events:session:9b2f2f7e-7d55-4a5b-9b59-3f0c5f6b1c11",
        "coaching:booking:1:spectator",
        "translations:x:1",
    ],
)
def test_unknown_source_keys_resolve_to_nothing(db, key):
    assert statements_out.resolve_source(key) is None


def test_url_is_the_reflection_download():
    assert reverse("xapi:my_reflections") == URL


def test_reflection_is_an_attended_then_a_reflected_statement(member):
    end = datetime.datetime(2026, 3, 4, 15, 30, tzinfo=datetime.UTC)
    activity = ActivityFactory(
        owner=member,
        title="Storytime workshop",
        start=end - datetime.timedelta(hours=2),
        end=end,
        hours=Decimal("2"),
        link="https://events.example.org/storytime",
        language="sv",
    )
    reflection = ReflectionFactory(
        activity=activity,
        template=ReflectionTemplate.WHAT_SO_WHAT,
        part_1="We read aloud.",
        part_2="Children listen longer with pictures.",
        part_3="Bring picture books.",
    )

    attended, reflected = statements_out.reflection_statements(reflection)

    actor = {
        "objectType": "Agent",
        "account": {"homePage": "https://atheneum.example.org", "name": str(member.pk)},
    }
    assert attended["actor"] == reflected["actor"] == actor
    assert attended["verb"]["id"] == "http://adlnet.gov/expapi/verbs/attended"
    assert attended["object"] == {
        "objectType": "Activity",
        "id": "https://events.example.org/storytime",
        "definition": {
            "name": {"sv": "Storytime workshop"},
            "type": "https://w3id.org/xapi/catch/activitytypes/professional-development",
        },
    }
    assert attended["result"] == {"completion": True, "duration": "PT2H"}
    assert attended["timestamp"] == "2026-03-04T15:30:00Z"
    assert reflected["verb"]["id"] == "https://w3id.org/xapi/catch/verbs/reflected"
    assert reflected["object"] == attended["object"]
    assert reflected["context"]["statement"] == {
        "objectType": "StatementRef",
        "id": attended["id"],
    }
    assert reflected["context"]["platform"] == "Atheneum"
    response = reflected["result"]["response"]
    assert "We read aloud." in response
    assert "Children listen longer with pictures." in response
    assert "Bring picture books." in response
    assert "So what?" in response
    assert member.email not in json.dumps([attended, reflected])


def test_reflection_statement_ids_are_stable(member):
    reflection = ReflectionFactory(activity=ActivityFactory(owner=member))
    first = statements_out.reflection_statements(reflection)
    second = statements_out.reflection_statements(reflection)
    assert [s["id"] for s in first] == [s["id"] for s in second]
    assert first[0]["id"] != first[1]["id"]


def test_activity_without_own_address_is_named_by_its_page(member):
    activity = ActivityFactory(owner=member, link="")
    attended, _ = statements_out.reflection_statements(ReflectionFactory(activity=activity))
    assert attended["object"]["id"] == (
        f"https://atheneum.example.org/portfolio/activities/{activity.pk}/"
    )


def test_download_holds_only_the_members_own_reflections(client_as, member, other_member):
    mine = ReflectionFactory(activity=ActivityFactory(owner=member), part_1="Mine alone")
    ReflectionFactory(activity=ActivityFactory(owner=other_member), part_1="Someone else's")

    response = client_as("member").get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="reflections.json"'
    assert "no-store" in response["Cache-Control"]
    statements = json.loads(response.content)
    assert statements == statements_out.reflection_statements(mine)
    assert b"Someone else" not in response.content


@pytest.mark.parametrize("role", ["manager", "organiser", "admin", "other_org_manager"])
def test_nobody_else_gets_a_members_reflections(client_as, member, role):
    ReflectionFactory(activity=ActivityFactory(owner=member), part_1="Private thought")
    response = client_as(role).get(URL)
    assert response.status_code == 200
    assert json.loads(response.content) == []
    assert b"Private thought" not in response.content


def test_download_needs_signing_in(client_as, member):
    ReflectionFactory(activity=ActivityFactory(owner=member), part_1="Private thought")
    response = client_as("anonymous").get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] or "login" in response["Location"]


def test_download_costs_the_same_queries_for_more_reflections(client_as, member):
    client = client_as("member")
    for _ in range(2):
        ReflectionFactory(activity=ActivityFactory(owner=member))
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    for _ in range(20):
        ReflectionFactory(activity=ActivityFactory(owner=member))
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL)
    assert len(json.loads(response.content)) == 44
    assert len(small) == len(large)
