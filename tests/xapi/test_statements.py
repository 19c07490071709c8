"""The statement resource over HTTP: authentication, versions, validation, reading back."""

import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from atheneum.xapi import services
from atheneum.xapi.models import Statement

from ..factories import UserFactory, add_member
from . import factories
from .factories import DELETE, Lrs, basic, fixture, mutated, statement

# Fixtures shared by the xapi tests (tests/xapi has no conftest of its own).
lrs, member_key, org_key, org_lrs, xapi_site = (
    factories.lrs,
    factories.member_key,
    factories.org_key,
    factories.org_lrs,
    factories.xapi_site,
)

pytestmark = pytest.mark.usefixtures("xapi_site")


def test_about_lists_versions(client):
    response = client.get("/xapi/about")
    assert response.status_code == 200
    assert response.json() == {"version": ["1.0.3", "2.0.0"]}


# --- Authentication and versions -------------------------------------------------------------


def test_no_credentials_is_401_with_basic_challenge(client, db):
    response = client.get("/xapi/statements", HTTP_X_EXPERIENCE_API_VERSION="1.0.3")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")
    assert "key and secret" in response.json()["message"]


@pytest.mark.parametrize("how", ["wrong secret", "unknown key", "not basic", "garbage"])
def test_wrong_credentials_are_401(client, member_key, how):
    credential, secret = member_key
    header = {
        "wrong secret": basic(credential.key, secret + "x"),
        "unknown key": basic("nobody", secret),
        "not basic": f"Bearer {secret}",
        "garbage": "Basic !!!",
    }[how]
    response = client.post(
        "/xapi/statements",
        data=json.dumps(fixture("simple")),
        content_type="application/json",
        HTTP_AUTHORIZATION=header,
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")
    assert not Statement.objects.exists()


def test_revoked_key_is_401(lrs, member_key, member):
    services.credential_revoke(credential=member_key[0], acting_user=member)
    assert lrs.post(fixture("simple")).status_code == 401
    assert not Statement.objects.exists()


@pytest.mark.parametrize("version", [None, "", "0.95", "1.1.0", "3.0.0", "1.0.3x"])
def test_missing_or_unknown_version_header_is_400(lrs, version):
    if version is None:
        del lrs.headers["HTTP_X_EXPERIENCE_API_VERSION"]
    else:
        lrs.headers["HTTP_X_EXPERIENCE_API_VERSION"] = version
    response = lrs.post(fixture("simple"))
    assert response.status_code == 400
    assert response.json()["property"] == "X-Experience-API-Version"
    assert not Statement.objects.exists()


@pytest.mark.parametrize(
    ("sent", "answered"),
    [("1.0.0", "1.0.3"), ("1.0.3", "1.0.3"), ("2.0.0", "2.0.0"), ("2.0", "2.0.0")],
)
def test_version_header_answered(lrs, sent, answered):
    lrs.headers["HTTP_X_EXPERIENCE_API_VERSION"] = sent
    response = lrs.post(fixture("simple"))
    assert response.status_code == 200
    assert response["X-Experience-API-Version"] == answered


# --- Writing ---------------------------------------------------------------------------------


def test_post_one_statement_returns_its_id_and_stores_it(lrs, member, member_key):
    response = lrs.post(fixture("simple"))
    assert response.status_code == 200
    assert response.json() == ["fd41c918-b88b-4b20-a0a5-a4c32391aaa0"]
    stored = Statement.objects.get()
    assert stored.user == member
    assert stored.credential == member_key[0]
    assert stored.data["authority"]["account"] == {
        "homePage": "https://atheneum.test",
        "name": member_key[0].key,
    }
    assert stored.data["version"] == "1.0.0"
    assert stored.data["stored"].endswith("Z")
    assert stored.data["timestamp"] == "2015-11-18T12:17:00+00:00"


def test_post_array_returns_ids_in_order(lrs):
    body = [fixture("simple"), fixture("attempted"), fixture("cmi5_completed")]
    response = lrs.post(body)
    assert response.status_code == 200
    assert response.json() == [s["id"] for s in body]
    assert Statement.objects.count() == 3


def test_post_without_id_gets_one(lrs):
    body = fixture("simple")
    del body["id"]
    response = lrs.post(body)
    assert response.status_code == 200
    (new_id,) = response.json()
    assert Statement.objects.get().data["id"] == new_id


def test_lrs_overwrites_stored_and_authority(lrs, member_key):
    body = fixture("long_example")
    body["actor"] = {"objectType": "Agent", "mbox": "mailto:member@example.org"}
    assert lrs.post(body).status_code == 200
    data = Statement.objects.get().data
    assert data["stored"] != "2013-05-18T05:32:34.804+00:00"
    assert data["authority"]["account"]["name"] == member_key[0].key
    assert data["version"] == "1.0.0"


def test_put_stores_under_statement_id(lrs):
    body = fixture("simple")
    sid = body.pop("id")
    response = lrs.put(body, sid)
    assert response.status_code == 204
    assert response["X-Experience-API-Version"] == "1.0.3"
    assert str(Statement.objects.get().pk) == sid


def test_put_with_other_id_in_body_is_400(lrs):
    response = lrs.put(fixture("simple"), str(uuid.uuid4()))
    assert response.status_code == 400
    assert response.json()["property"] == "id"
    assert not Statement.objects.exists()


def test_put_without_statement_id_is_400(lrs):
    response = lrs.client.put(
        "/xapi/statements", data=json.dumps(fixture("simple")), content_type="application/json",
        **lrs.headers,
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["property"] == "statementId"


def test_same_statement_twice_is_stored_once(lrs):
    assert lrs.post(fixture("attempted")).status_code == 200
    body = fixture("attempted")
    body["version"] = "1.0.3"  # not compared
    assert lrs.post(body).status_code == 200
    assert lrs.put(fixture("attempted"), body["id"]).status_code == 204
    assert Statement.objects.count() == 1


def test_same_id_different_statement_is_409_and_changes_nothing(lrs):
    assert lrs.post(fixture("attempted")).status_code == 200
    before = Statement.objects.get().data
    changed = mutated(fixture("attempted"), "result.score.scaled", 0.5)
    response = lrs.post([fixture("simple"), changed])
    assert response.status_code == 409
    assert response.json()["property"] == "[1].id"
    assert Statement.objects.get().data == before  # the simple statement was not stored either


def test_same_id_twice_in_one_batch_differently_is_400(lrs):
    one = fixture("simple")
    two = mutated(one, "verb.display", {"en": "sent again"})
    response = lrs.post([one, two])
    assert response.status_code == 400
    assert response.json()["property"] == "[1].id"
    assert not Statement.objects.exists()


def test_actor_who_is_not_the_keys_member_is_403(lrs, other_member):
    body = mutated(fixture("simple"), "actor.mbox", f"mailto:{other_member.email}")
    response = lrs.post([fixture("attempted"), body])
    assert response.status_code == 403
    assert response.json()["property"] == "[1].actor"
    assert not Statement.objects.exists()


@pytest.mark.parametrize("form", ["mbox", "mbox_sha1sum", "account pk", "account email"])
def test_actor_forms_that_name_the_member(lrs, member, form):
    import hashlib

    actor = {
        "mbox": {"mbox": "mailto:MEMBER@example.org"},
        "mbox_sha1sum": {
            "mbox_sha1sum": hashlib.sha1(b"mailto:member@example.org").hexdigest()  # noqa: S324
        },
        "account pk": {"account": {"homePage": "https://atheneum.test/", "name": str(member.pk)}},
        "account email": {"account": {"homePage": "https://atheneum.test", "name": member.email}},
    }[form]
    body = mutated(fixture("simple"), "actor", {"objectType": "Agent", **actor})
    assert lrs.post(body).status_code == 200


def test_account_on_another_site_is_403(lrs):
    body = fixture("cmi5_completed")
    body["actor"]["account"]["homePage"] = "http://example.org/"
    assert lrs.post(body).status_code == 403


def test_organisation_key_accepts_its_members_only(org_lrs, member, other_org_manager):
    assert org_lrs.post(fixture("cmi5_completed")).status_code == 200
    assert Statement.objects.get().user == member
    outsider = mutated(fixture("simple"), "actor.mbox", f"mailto:{other_org_manager.email}")
    assert org_lrs.post(outsider).status_code == 403
    assert Statement.objects.count() == 1


def test_organisation_key_by_sha1(org_lrs, organisation, member):
    import hashlib

    other = UserFactory(email="Third@Example.org")
    add_member(other, organisation)
    sha = hashlib.sha1(b"mailto:third@example.org").hexdigest()  # noqa: S324
    body = mutated(fixture("simple"), "actor", {"mbox_sha1sum": sha})
    assert org_lrs.post(body).status_code == 200
    assert Statement.objects.get().user == other


def test_body_over_1_mb_is_413(lrs):
    body = fixture("simple")
    body["result"] = {"response": "x" * (1024 * 1024)}
    assert lrs.post(body).status_code == 413
    assert not Statement.objects.exists()


def test_not_json_is_400(lrs):
    response = lrs.client.post(
        "/xapi/statements", data="{not json", content_type="application/json", **lrs.headers
    )
    assert response.status_code == 400
    assert "JSON" in response.json()["message"]


def test_multipart_attachments_are_400(lrs):
    response = lrs.client.post("/xapi/statements", data={"a": "b"}, **lrs.headers)
    assert response.status_code == 400
    assert response.json()["property"] == "attachments"


def test_rate_limit_is_429_with_retry_after(lrs, settings):
    settings.XAPI_RATE_LIMIT = "2/min"
    assert lrs.get().status_code == 200
    assert lrs.get().status_code == 200
    response = lrs.get()
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 61


# --- Validation, one property at a time, on the specification's examples ---------------------

BAD = [
    ("simple", "actor.mbox", "member@example.org", "actor.mbox"),
    ("simple", "actor.mbox_sha1sum", "ebd31e95054c018b10727ccffd2ef2ec3a016ee9", "actor"),
    ("simple", "actor.objectType", "Person", "actor.objectType"),
    ("cmi5_completed", "actor.account.homePage", "not a url", "actor.account.homePage"),
    ("cmi5_completed", "actor.account.name", "", "actor.account.name"),
    ("simple", "verb.id", "sent", "verb.id"),
    ("simple", "verb.display", {"english!": "sent"}, "verb.display.english!"),
    ("simple", "verb", DELETE, "verb"),
    ("simple", "object.objectType", "Thing", "object.objectType"),
    ("simple", "object.definition.name", "simple statement", "object.definition.name"),
    ("simple", "object.definition.colour", "blue", "object.definition.colour"),
    ("attempted", "result.score.scaled", 1.5, "result.score.scaled"),
    ("attempted", "result.score.scaled", "0.9", "result.score.scaled"),
    ("attempted", "result.success", "yes", "result.success"),
    ("attempted", "result.completion", 1, "result.completion"),
    ("attempted", "result.duration", "20 minutes", "result.duration"),
    ("attempted", "result.response", 42, "result.response"),
    ("cmi5_completed", "context.registration", "351931cc", "context.registration"),
    (
        "cmi5_completed",
        "context.contextActivities.category.0.id",
        "cmi5",
        "context.contextActivities.category[0].id",
    ),  # noqa: E501
    ("cmi5_completed", "context.language", "not a language", "context.language"),
    ("long_example", "context.statement.id", "6690e6c9", "context.statement.id"),
    ("simple", "timestamp", "2015-11-18T12:17:00", "timestamp"),
    ("simple", "timestamp", "18/11/2015", "timestamp"),
    ("simple", "id", "fd41c918", "id"),
    ("simple", "version", "0.95", "version"),
    ("simple", "mood", "happy", "mood"),
]


@pytest.mark.parametrize(("name", "path", "value", "prop"), BAD)
def test_bad_property_is_400_naming_it(lrs, name, path, value, prop):
    body = fixture(name)
    if name == "long_example":
        body["actor"] = {"objectType": "Agent", "mbox": "mailto:member@example.org"}
    response = lrs.post(mutated(body, path, value))
    assert response.status_code == 400, response.json()
    assert response.json()["property"] == prop
    assert response.json()["message"]
    assert not Statement.objects.exists()


def test_examples_from_the_specifications_are_accepted(lrs):
    long_example = fixture("long_example")
    long_example["actor"] = {"objectType": "Agent", "mbox": "mailto:member@example.org"}
    body = [
        fixture("simple"),
        fixture("attempted"),
        long_example,
        fixture("cmi5_completed"),
        fixture("cmi5_passed"),
    ]
    response = lrs.post(body)
    assert response.status_code == 200, response.json()
    assert Statement.objects.count() == 5


def test_group_actor_is_400(lrs):
    response = lrs.post(fixture("long_example"))
    assert response.status_code == 400
    assert response.json()["property"] == "actor"


def test_attachments_are_400(lrs):
    response = lrs.post(fixture("signed_with_attachment"))
    assert response.status_code == 400
    assert response.json()["property"] == "attachments"


def test_one_bad_statement_stores_nothing_of_the_batch(lrs):
    body = [fixture("simple"), mutated(fixture("attempted"), "result.score.scaled", -2)]
    response = lrs.post(body)
    assert response.status_code == 400
    assert response.json()["property"] == "[1].result.score.scaled"
    assert not Statement.objects.exists()


def test_errors_in_the_requesters_language(lrs):
    lrs.headers["HTTP_ACCEPT_LANGUAGE"] = "sv"
    response = lrs.post(mutated(fixture("simple"), "id", "x"))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


# --- Reading ---------------------------------------------------------------------------------


def test_get_by_id(lrs):
    lrs.post(fixture("simple"))
    response = lrs.get(statementId="fd41c918-b88b-4b20-a0a5-a4c32391aaa0")
    assert response.status_code == 200
    assert response.json()["object"]["id"] == "http://example.com/xapi/activity/simplestatement"
    assert response["X-Experience-API-Version"] == "1.0.3"
    assert response["X-Experience-API-Consistent-Through"]


def test_another_members_statement_is_404(lrs, client, other_member):
    lrs.post(fixture("simple"))
    other = Lrs(client, *services.credential_create(name="Other", acting_user=other_member))
    response = other.get(statementId="fd41c918-b88b-4b20-a0a5-a4c32391aaa0")
    assert response.status_code == 404
    assert "simplestatement" not in response.content.decode()
    listed = other.get()
    assert listed.json()["statements"] == []


def test_organisation_key_does_not_read_personal_key_statements(lrs, org_lrs):
    lrs.post(fixture("simple"))
    org_lrs.post(fixture("attempted"))
    ids = [s["id"] for s in org_lrs.get().json()["statements"]]
    assert ids == ["7ccd3322-e1a5-411a-a67d-6a735c76f119"]
    assert org_lrs.get(statementId="fd41c918-b88b-4b20-a0a5-a4c32391aaa0").status_code == 404


def test_list_filters_and_more_link(lrs):
    course = "https://courses.example.org/storytime"
    bodies = [statement("member@example.org", object_id=course) for _ in range(5)]
    bodies += [statement("member@example.org", verb="failed") for _ in range(2)]
    assert lrs.post(bodies).status_code == 200
    response = lrs.get(verb="http://adlnet.gov/expapi/verbs/completed", limit=3)
    assert response.status_code == 200
    page = response.json()
    assert len(page["statements"]) == 3
    assert page["more"].startswith("/xapi/statements?")
    rest = lrs.client.get(page["more"], **lrs.headers).json()
    assert len(rest["statements"]) == 2
    assert rest["more"] == ""
    seen = {s["id"] for s in page["statements"] + rest["statements"]}
    assert seen == {b["id"] for b in bodies[:5]}
    assert len(lrs.get(activity=course).json()["statements"]) == 5
    assert len(lrs.get().json()["statements"]) == 7


def test_list_since_and_until(lrs):
    lrs.post(fixture("simple"))
    later = (timezone.now() + timezone.timedelta(minutes=1)).isoformat()
    assert lrs.get(since=later).json()["statements"] == []
    assert len(lrs.get(until=later).json()["statements"]) == 1
    assert lrs.get(since="yesterday").status_code == 400


@pytest.mark.parametrize(
    ("params", "prop"),
    [
        ({"statementId": "x", "voidedStatementId": "y"}, "voidedStatementId"),
        ({"statementId": "x", "verb": "http://a.b/c"}, "statementId"),
        ({"agent": "{}"}, "agent"),
        ({"limit": "-1"}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"cursor": "???"}, "cursor"),
        ({"ascending": "true"}, "ascending"),
    ],
)
def test_bad_query_is_400(lrs, params, prop):
    response = lrs.get(**params)
    assert response.status_code == 400
    assert response.json()["property"] == prop


def _count(client) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(limit=100)
    assert response.status_code == 200
    return len(context)


def test_list_query_count_constant(lrs):
    lrs.post([statement("member@example.org", verb="failed") for _ in range(3)])
    small = _count(lrs)
    lrs.post([statement("member@example.org", verb="failed") for _ in range(40)])
    assert _count(lrs) == small


# --- Demo data -------------------------------------------------------------------------------


def test_demo_load_is_idempotent_and_its_key_works(client, member, organisation):
    from atheneum.portfolio.models import Activity
    from atheneum.xapi import demo
    from atheneum.xapi.models import Credential

    users = {"member": member}
    demo.load(organisations={"riverside": organisation}, users=users)
    demo.load(organisations={"riverside": organisation}, users=users)
    assert Credential.objects.get().key == demo.DEMO_KEY
    assert Statement.objects.filter(user=member).count() == 2
    activity = Activity.objects.get(owner=member)
    assert activity.title == "Cataloguing basics for small libraries"
    assert activity.hours == 2.5
    demo_lrs = Lrs(client, Credential.objects.get(), demo.DEMO_SECRET)
    assert len(demo_lrs.get().json()["statements"]) == 2


def test_put_with_statement_id_not_a_uuid_is_400(lrs):
    body = fixture("simple")
    del body["id"]
    response = lrs.put(body, "not-a-uuid")
    assert response.status_code == 400
    assert response.json()["property"] == "statementId"
    assert not Statement.objects.exists()


def test_no_csrf_token_needed(member_key, db):
    from django.test import Client

    strict = Lrs(Client(enforce_csrf_checks=True), *member_key)
    assert strict.post(fixture("simple")).status_code == 200
