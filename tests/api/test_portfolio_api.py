"""The portfolio API: a member's own activities and reflections, and nobody else's."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from atheneum.portfolio.models import Activity, Reflection

from ..portfolio.factories import (
    ActivityFactory,
    CompetencyFactory,
    EvidenceFactory,
    FrameworkFactory,
    ReflectionFactory,
)

pytestmark = pytest.mark.django_db

BASE = "/api/v1/portfolio"
SECRET = "Private thought about my budget worries"
OTHER_SECRET = "Omar's private doubt about the reading group"
ROLES = ["member", "other_member", "manager", "other_org_manager", "organiser", "admin"]
NOT_OWNERS = ["other_member", "manager", "other_org_manager", "organiser", "admin"]
JSON = "application/json"


@pytest.fixture
def competency(db):
    framework = FrameworkFactory(title="Library competencies", slug="library-competencies")
    return CompetencyFactory(framework=framework, code="A1", title="Storytelling")


@pytest.fixture
def private_competency(other_organisation):
    framework = FrameworkFactory(
        organisation=other_organisation, is_published=False, slug="hill-private"
    )
    return CompetencyFactory(framework=framework, code="H1", title="Hill only")


@pytest.fixture
def activity(member, competency):
    activity = ActivityFactory(
        owner=member,
        title="Storytelling workshop",
        competencies=[competency],
        description="Notes about the workshop",
    )
    ReflectionFactory(activity=activity, part_1=SECRET, part_2="Concepts", part_3="An idea")
    EvidenceFactory(activity=activity, original_name="certificate.pdf")
    return activity


@pytest.fixture
def reflection(activity):
    return activity.reflections.get()


@pytest.fixture
def other_activity(other_member):
    activity = ActivityFactory(owner=other_member, title="Reading group")
    ReflectionFactory(activity=activity, part_1=OTHER_SECRET)
    return activity


def _start(days_ago=3):
    return timezone.now().replace(microsecond=0) - datetime.timedelta(days=days_ago)


def activity_body(**overrides):
    start = _start()
    body = {
        "title": "Cataloguing webinar",
        "kind": "webinar",
        "start": start.isoformat(),
        "end": (start + datetime.timedelta(hours=2)).isoformat(),
        "hours": "2.00",
    }
    body.update(overrides)
    return body


def send(client, method, url, body=None):
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, content_type=JSON)


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    return body


def fields_of(response) -> set[str]:
    return {error["field"] for error in assert_problem(response, 422)["errors"]}


# --- Anonymous -------------------------------------------------------------------------------


def endpoints(activity_pk, reflection_pk):
    """(method, path, body, writes) for every portfolio endpoint."""
    return [
        ("get", f"{BASE}/summary", None, False),
        ("get", f"{BASE}/activities", None, False),
        ("post", f"{BASE}/activities", activity_body(), True),
        ("get", f"{BASE}/activities/{activity_pk}", None, False),
        ("patch", f"{BASE}/activities/{activity_pk}", {"title": "Changed"}, True),
        ("delete", f"{BASE}/activities/{activity_pk}", None, True),
        ("get", f"{BASE}/reflections", None, False),
        (
            "post",
            f"{BASE}/activities/{activity_pk}/reflections",
            {"template": "free", "part_1": "New thought"},
            True,
        ),
        ("get", f"{BASE}/reflections/{reflection_pk}", None, False),
        ("patch", f"{BASE}/reflections/{reflection_pk}", {"part_1": "Changed"}, True),
        ("delete", f"{BASE}/reflections/{reflection_pk}", None, True),
    ]


def test_every_endpoint_needs_authentication(client, activity, reflection):
    for method, url, body, _writes in endpoints(activity.pk, reflection.pk):
        response = send(client, method, url, body)
        assert_problem(response, 401)
        assert SECRET not in response.content.decode()
    assert Activity.objects.count() == 1
    assert Reflection.objects.get().part_1 == SECRET


# --- Scopes ----------------------------------------------------------------------------------


def test_token_without_portfolio_scope_is_refused_everywhere(member, api_client, activity):
    reflection = activity.reflections.get()
    client = api_client(member, ["profile:write", "competencies:write"])
    for method, url, body, writes in endpoints(activity.pk, reflection.pk):
        response = send(client, method, url, body)
        problem = assert_problem(response, 403)
        assert problem["scope"] == ("portfolio:write" if writes else "portfolio:read")
        assert SECRET not in response.content.decode()
    assert Activity.objects.count() == 1
    assert Reflection.objects.get().part_1 == SECRET


def test_read_scope_reads_but_does_not_write(member, api_client, activity):
    reflection = activity.reflections.get()
    client = api_client(member, ["portfolio:read"])
    for method, url, body, writes in endpoints(activity.pk, reflection.pk):
        response = send(client, method, url, body)
        if writes:
            assert assert_problem(response, 403)["scope"] == "portfolio:write"
        else:
            assert response.status_code == 200, url
    activity.refresh_from_db()
    assert activity.title == "Storytelling workshop"
    assert Activity.objects.count() == 1
    assert Reflection.objects.get().part_1 == SECRET


def test_write_scope_also_reads(member, api_client, activity):
    client = api_client(member, ["portfolio:write"])
    assert client.get(f"{BASE}/activities/{activity.pk}").status_code == 200


def test_session_caller_has_every_scope(client_as, activity):
    response = client_as("member").get(f"{BASE}/activities/{activity.pk}")
    assert response.status_code == 200
    assert response.json()["title"] == "Storytelling workshop"


# --- Reading the record ----------------------------------------------------------------------


def test_owner_reads_activity_with_evidence_metadata_and_reflections(
    member, api_client, activity, competency
):
    response = api_client(member).get(f"{BASE}/activities/{activity.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Storytelling workshop"
    assert body["kind"] == "webinar"
    assert body["hours"] == 2.0
    assert body["source_key"] is None
    assert body["has_reflection"] is True
    assert body["start"].endswith("Z")
    assert body["competencies"] == [
        {
            "id": competency.pk,
            "code": "A1",
            "title": "Storytelling",
            "framework": "library-competencies",
        }
    ]
    evidence = activity.evidence.get()
    assert body["evidence"] == [
        {
            "id": evidence.pk,
            "name": "certificate.pdf",
            "content_type": "application/pdf",
            "size": evidence.size,
            "uploaded_at": body["evidence"][0]["uploaded_at"],
        }
    ]
    assert "file" not in body["evidence"][0]
    assert [r["part_1"] for r in body["reflections"]] == [SECRET]


@pytest.mark.parametrize("role", NOT_OWNERS)
def test_another_members_activity_is_not_found(role, role_user, api_client, activity):
    reflection = activity.reflections.get()
    client = api_client(role_user(role))
    for method, url, body, _writes in endpoints(activity.pk, reflection.pk):
        if url in {f"{BASE}/summary", f"{BASE}/activities", f"{BASE}/reflections"}:
            continue
        response = send(client, method, url, body)
        assert_problem(response, 404)
        assert SECRET not in response.content.decode()
    activity.refresh_from_db()
    assert activity.title == "Storytelling workshop"
    assert Reflection.objects.filter(activity=activity).get().part_1 == SECRET


@pytest.mark.parametrize("role", ROLES)
def test_lists_show_only_the_callers_own_record(role, role_user, api_client, activity):
    user = role_user(role)
    own = ActivityFactory(owner=user, title=f"Own of {role}")
    ReflectionFactory(activity=own, template="free", part_1=f"Own thought of {role}", part_2="")
    client = api_client(user)
    activities = client.get(f"{BASE}/activities").json()
    reflections = client.get(f"{BASE}/reflections").json()
    expected = {f"Own of {role}"} | ({"Storytelling workshop"} if role == "member" else set())
    assert {item["title"] for item in activities["items"]} == expected
    assert activities["count"] == len(expected)
    texts = {item["part_1"] for item in reflections["items"]}
    assert texts == {f"Own thought of {role}"} | ({SECRET} if role == "member" else set())
    summary = client.get(f"{BASE}/summary").json()
    assert summary["hours_this_year"] >= 2.0
    if role != "member":
        for response in (
            client.get(f"{BASE}/activities"),
            client.get(f"{BASE}/reflections"),
            client.get(f"{BASE}/summary"),
        ):
            assert SECRET not in response.content.decode()


def test_private_reflection_of_another_member_never_appears(
    member, api_client, activity, other_activity
):
    client = api_client(member)
    urls = [
        f"{BASE}/summary",
        f"{BASE}/activities",
        f"{BASE}/activities?q=Reading",
        f"{BASE}/reflections",
        f"{BASE}/reflections?activity={other_activity.pk}",
        f"{BASE}/activities/{activity.pk}",
        f"{BASE}/activities/{other_activity.pk}",
        f"{BASE}/reflections/{other_activity.reflections.get().pk}",
    ]
    for url in urls:
        content = client.get(url).content.decode()
        assert OTHER_SECRET not in content
        assert "Reading group" not in content


def test_summary_counts_hours_and_awaiting_reflections(member, api_client):
    ActivityFactory(owner=member, hours=Decimal("1.50"), start=_start(1), end=_start(1))
    ActivityFactory(owner=member, hours=Decimal(3), reflection_requested=True)
    body = api_client(member).get(f"{BASE}/summary").json()
    assert body == {"hours_this_year": body["hours_this_year"], "awaiting_reflection": 1}


# --- Filters and pages -----------------------------------------------------------------------


def test_filters_by_period_kind_competency_and_text(member, api_client, competency):
    member.time_zone = "UTC"
    member.save()
    day = datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC)
    early = ActivityFactory(owner=member, title="Early course", kind="course", start=day)
    late = ActivityFactory(
        owner=member,
        title="Late webinar",
        start=day + datetime.timedelta(days=20),
        provider="Metadata school",
        competencies=[competency],
    )
    client = api_client(member)

    def titles(query):
        response = client.get(f"{BASE}/activities?{query}")
        assert response.status_code == 200, response.content
        return [item["title"] for item in response.json()["items"]]

    assert titles("") == [late.title, early.title]
    assert titles("period_start=2026-03-10&period_end=2026-03-10") == [early.title]
    assert titles("period_start=2026-03-11") == [late.title]
    assert titles("kind=course") == [early.title]
    assert titles(f"competency={competency.pk}") == [late.title]
    assert titles("q=metadata") == [late.title]
    assert titles("q=nothing-like-this") == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("period_start=2026-03-10&period_end=2026-03-01", "period_end"),
        ("period_start=yesterday", "period_start"),
        ("kind=party", "kind"),
        ("competency=abc", "competency"),
        ("q=" + "x" * 201, "q"),
        ("page=0", "page"),
        ("page_size=500", "page_size"),
    ],
)
def test_bad_filters_are_422_naming_the_parameter(member, api_client, query, field):
    response = api_client(member).get(f"{BASE}/activities?{query}")
    assert field in fields_of(response)


def test_pages_are_stable_and_complete(member, api_client):
    same_start = _start(5)
    made = [ActivityFactory(owner=member, start=same_start) for _ in range(4)]
    made += [ActivityFactory(owner=member, start=_start(days)) for days in (1, 2, 9)]
    expected = [a.pk for a in sorted(made, key=lambda a: (a.start, a.pk), reverse=True)]
    client = api_client(member)
    seen = []
    for page in (1, 2, 3):
        body = client.get(f"{BASE}/activities?page_size=3&page={page}").json()
        assert body["count"] == 7
        assert body["pages"] == 3
        seen += [item["id"] for item in body["items"]]
    assert seen == expected
    again = client.get(f"{BASE}/activities?page_size=3&page=2").json()
    assert [item["id"] for item in again["items"]] == expected[3:6]


def test_reflection_pages_are_stable(member, api_client):
    activity = ActivityFactory(owner=member)
    made = [ReflectionFactory(activity=activity) for _ in range(5)]
    Reflection.objects.filter(pk__in=[r.pk for r in made]).update(created_at=_start(1))
    client = api_client(member)
    seen = []
    for page in (1, 2, 3):
        body = client.get(f"{BASE}/reflections?page_size=2&page={page}").json()
        seen += [item["id"] for item in body["items"]]
    assert seen == sorted((r.pk for r in made), reverse=True)


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("url", [f"{BASE}/activities", f"{BASE}/reflections"])
def test_list_query_count_is_constant(member, api_client, url):
    frameworks = [FrameworkFactory(), FrameworkFactory()]

    def grow(count):
        for number in range(count):
            activity = ActivityFactory(
                owner=member,
                competencies=[
                    CompetencyFactory(framework=frameworks[number % 2]),
                    CompetencyFactory(framework=frameworks[0]),
                ],
            )
            ReflectionFactory(activity=activity)
            EvidenceFactory(activity=activity)

    client = api_client(member)
    grow(3)
    client.get(url)
    small = _count_queries(client, url)
    grow(27)
    large = _count_queries(client, url)
    assert small == large


# --- Writing activities ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_member_records_into_their_own_record(role, role_user, api_client, competency):
    user = role_user(role)
    body = activity_body(
        competencies=[competency.pk], provider="  Library school ", mode="self_directed"
    )
    response = api_client(user).post(f"{BASE}/activities", body, content_type=JSON)
    assert response.status_code == 201, response.content
    created = Activity.objects.get(pk=response.json()["id"])
    assert created.owner == user
    assert created.provider == "Library school"
    assert created.mode == "self_directed"
    assert list(created.competencies.all()) == [competency]
    out = response.json()
    assert out["competencies"][0]["id"] == competency.pk
    assert out["reflections"] == []
    assert out["has_reflection"] is False


def test_create_converts_times_to_utc_and_defaults_the_mode(member, api_client):
    body = activity_body(
        kind="reading", start="2026-01-05T10:00:00+02:00", end="2026-01-05T11:30:00+02:00"
    )
    response = api_client(member).post(f"{BASE}/activities", body, content_type=JSON)
    assert response.status_code == 201
    out = response.json()
    assert out["start"] == "2026-01-05T08:00:00Z"
    assert out["end"] == "2026-01-05T09:30:00Z"
    assert out["mode"] == "self_directed"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": None}, "title"),
        ({"kind": "party"}, "kind"),
        ({"mode": "asleep"}, "mode"),
        ({"hours": "0"}, "hours"),
        ({"hours": "-1"}, "hours"),
        ({"hours": "30"}, "hours"),
        ({"hours": "1.234"}, "hours"),
        ({"start": "2026-01-05T10:00:00"}, "start"),
        ({"start": "not a date"}, "start"),
        ({"end": "2020-01-01T00:00:00Z"}, "end"),
        ({"link": "not a link"}, "link"),
        ({"description": "x" * 5001}, "description"),
        ({"competencies": ["abc"]}, "competencies.0"),
    ],
)
def test_bad_activity_is_422_naming_the_field_and_records_nothing(
    member, api_client, overrides, field
):
    body = activity_body(**overrides)
    response = api_client(member).post(f"{BASE}/activities", body, content_type=JSON)
    assert field in fields_of(response)
    assert not Activity.objects.exists()


def test_missing_title_is_422(member, api_client):
    body = activity_body()
    del body["title"]
    response = api_client(member).post(f"{BASE}/activities", body, content_type=JSON)
    assert "title" in fields_of(response)


def test_competency_of_a_framework_the_member_cannot_use_is_refused(
    member, api_client, private_competency
):
    body = activity_body(competencies=[private_competency.pk])
    response = api_client(member).post(f"{BASE}/activities", body, content_type=JSON)
    assert fields_of(response) == {"competencies"}
    assert not Activity.objects.exists()


def test_owner_patches_only_the_fields_sent(member, api_client, activity, competency):
    before = Activity.objects.get(pk=activity.pk)
    response = api_client(member).patch(
        f"{BASE}/activities/{activity.pk}",
        {"title": "Storytelling masterclass", "hours": "1.5"},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    activity.refresh_from_db()
    assert activity.title == "Storytelling masterclass"
    assert activity.hours == Decimal("1.50")
    assert activity.start == before.start
    assert activity.description == before.description
    assert list(activity.competencies.all()) == [competency]
    assert response.json()["title"] == "Storytelling masterclass"


def test_patch_replaces_competencies_when_sent(member, api_client, activity):
    response = api_client(member).patch(
        f"{BASE}/activities/{activity.pk}", {"competencies": []}, content_type=JSON
    )
    assert response.status_code == 200
    assert response.json()["competencies"] == []
    assert not activity.competencies.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": None}, "title"),
        ({"title": " "}, "title"),
        ({"hours": "48"}, "hours"),
        ({"end": "2000-01-01T00:00:00Z"}, "end"),
        ({"kind": None}, "kind"),
        ({"competencies": None}, "competencies"),
    ],
)
def test_bad_patch_is_422_and_changes_nothing(member, api_client, activity, body, field):
    response = api_client(member).patch(f"{BASE}/activities/{activity.pk}", body, content_type=JSON)
    assert field in fields_of(response)
    fresh = Activity.objects.get(pk=activity.pk)
    assert fresh.title == "Storytelling workshop"
    assert fresh.hours == Decimal("2.00")
    assert fresh.competencies.count() == 1


def test_patch_with_private_competency_changes_nothing(
    member, api_client, activity, private_competency
):
    response = api_client(member).patch(
        f"{BASE}/activities/{activity.pk}",
        {"title": "New", "competencies": [private_competency.pk]},
        content_type=JSON,
    )
    assert fields_of(response) == {"competencies"}
    activity.refresh_from_db()
    assert activity.title == "Storytelling workshop"


def test_owner_deletes_activity_with_its_reflections(member, api_client, activity):
    response = api_client(member).delete(f"{BASE}/activities/{activity.pk}")
    assert response.status_code == 204
    assert response.content == b""
    assert not Activity.objects.exists()
    assert not Reflection.objects.exists()
    assert api_client(member).get(f"{BASE}/activities/{activity.pk}").status_code == 404


def test_unknown_activity_is_404(member, api_client):
    assert_problem(api_client(member).get(f"{BASE}/activities/999999"), 404)


# --- Writing reflections ---------------------------------------------------------------------


def test_owner_reflects_with_each_template(member, api_client, activity):
    client = api_client(member)
    url = f"{BASE}/activities/{activity.pk}/reflections"
    free = client.post(
        url,
        {"template": "free", "part_1": "Plain", "part_2": "dropped", "part_3": "dropped"},
        content_type=JSON,
    )
    assert free.status_code == 201, free.content
    assert free.json()["part_2"] == ""
    assert free.json()["follow_up_due"] is None
    three = client.post(
        url, {"template": "3-2-1", "part_1": "a", "part_2": "b", "part_3": "c"}, content_type=JSON
    )
    assert three.status_code == 201
    assert three.json()["follow_up_due"] is not None
    assert three.json()["idea_applied"] is None
    assert three.json()["activity_id"] == activity.pk
    assert activity.reflections.count() == 3


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"template": "poem", "part_1": "a"}, "template"),
        ({"part_1": "a"}, "template"),
        ({"template": "free", "part_1": "  "}, "part_1"),
        ({"template": "free"}, "part_1"),
        ({"template": "3-2-1", "part_1": "a", "part_2": "b"}, "part_3"),
        ({"template": "what", "part_1": "a", "part_3": "c"}, "part_2"),
        ({"template": "free", "part_1": "x" * 10_001}, "part_1"),
    ],
)
def test_bad_reflection_is_422_and_saves_nothing(member, api_client, activity, body, field):
    response = api_client(member).post(
        f"{BASE}/activities/{activity.pk}/reflections", body, content_type=JSON
    )
    assert field in fields_of(response)
    assert activity.reflections.count() == 1


def test_owner_patches_and_answers_follow_up(member, api_client, reflection):
    client = api_client(member)
    url = f"{BASE}/reflections/{reflection.pk}"
    response = client.patch(url, {"part_3": "A better idea"}, content_type=JSON)
    assert response.status_code == 200, response.content
    reflection.refresh_from_db()
    assert (reflection.part_1, reflection.part_3) == (SECRET, "A better idea")
    response = client.patch(
        url, {"idea_applied": "partly", "idea_applied_note": "Half of it"}, content_type=JSON
    )
    assert response.status_code == 200
    assert response.json()["idea_applied"] == "partly"
    reflection.refresh_from_db()
    assert reflection.idea_applied_note == "Half of it"
    assert client.patch(url, {}, content_type=JSON).json()["part_3"] == "A better idea"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"part_1": ""}, "part_1"),
        ({"part_2": " "}, "part_2"),
        ({"part_1": None}, "part_1"),
        ({"idea_applied": "maybe"}, "idea_applied"),
        ({"idea_applied_note": "no answer"}, "idea_applied"),
        ({"part_1": "Changed", "idea_applied": "maybe"}, "idea_applied"),
    ],
)
def test_bad_reflection_patch_is_422_and_changes_nothing(
    member, api_client, reflection, body, field
):
    response = api_client(member).patch(
        f"{BASE}/reflections/{reflection.pk}", body, content_type=JSON
    )
    assert field in fields_of(response)
    reflection.refresh_from_db()
    assert reflection.part_1 == SECRET
    assert reflection.idea_applied == ""


def test_follow_up_answer_on_free_reflection_changes_nothing(member, api_client, activity):
    free = ReflectionFactory(activity=activity, template="free", part_1="Plain", part_2="")
    response = api_client(member).patch(
        f"{BASE}/reflections/{free.pk}",
        {"part_1": "Changed", "idea_applied": "yes"},
        content_type=JSON,
    )
    assert_problem(response, 422)
    free.refresh_from_db()
    assert (free.part_1, free.idea_applied) == ("Plain", "")


def test_owner_deletes_reflection(member, api_client, reflection):
    response = api_client(member).delete(f"{BASE}/reflections/{reflection.pk}")
    assert response.status_code == 204
    assert not Reflection.objects.exists()


def test_reflection_list_filters_by_activity(member, api_client, activity):
    second = ActivityFactory(owner=member)
    ReflectionFactory(activity=second, part_1="About the second")
    body = api_client(member).get(f"{BASE}/reflections?activity={second.pk}").json()
    assert [item["part_1"] for item in body["items"]] == ["About the second"]


# --- The schema ------------------------------------------------------------------------------


def test_schema_documents_the_portfolio_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths[f"{BASE}/activities"]) == {"get", "post"}
    assert set(paths[f"{BASE}/activities/{{activity_id}}"]) == {"get", "patch", "delete"}
    assert set(paths[f"{BASE}/reflections/{{reflection_id}}"]) == {"get", "patch", "delete"}
    assert "post" in paths[f"{BASE}/activities/{{activity_id}}/reflections"]
    assert "201" in paths[f"{BASE}/activities"]["post"]["responses"]
    assert "204" in paths[f"{BASE}/activities/{{activity_id}}"]["delete"]["responses"]


# --- Hostile input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case",
    [
        ("get", "/activities?competency=99999999999999999999999", None, "competency"),
        ("get", "/activities?competency=0", None, "competency"),
        ("get", "/reflections?activity=99999999999999999999999", None, "activity"),
        ("get", "/activities?q=a%00b", None, "q"),
        ("post", "/activities", activity_body(title="a\x00b"), "title"),
        ("post", "/activities", activity_body(competencies=[2**70]), "competencies.0"),
    ],
)
def test_hostile_input_is_422_naming_the_field(member, api_client, case):
    method, path, body, field = case
    response = send(api_client(member), method, BASE + path, body)
    assert field in fields_of(response)
    assert not Activity.objects.exists()


def test_huge_id_in_the_path_is_404(member, api_client):
    client = api_client(member)
    assert_problem(client.get(f"{BASE}/activities/99999999999999999999999"), 404)
    assert_problem(client.get(f"{BASE}/reflections/99999999999999999999999"), 404)
