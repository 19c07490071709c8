"""What stored statements mean for a member's record: activities, voiding, reflections."""

import datetime
import uuid
from decimal import Decimal

import pytest

from atheneum.portfolio.enums import ActivityKind, ReflectionTemplate
from atheneum.portfolio.models import Activity, Reflection
from atheneum.xapi.ingest import activity_times, object_title
from atheneum.xapi.models import ActivityMap, Statement

from ..competencies.factories import CompetencyFactory, FrameworkFactory
from . import factories
from .factories import Lrs, fixture, make_key, mutated, statement

lrs, member_key, org_key, org_lrs, xapi_site = (
    factories.lrs,
    factories.member_key,
    factories.org_key,
    factories.org_lrs,
    factories.xapi_site,
)
pytestmark = pytest.mark.usefixtures("xapi_site")

MEMBER = "member@example.org"


def attended_meeting() -> dict:
    body = fixture("long_example")
    body["actor"] = {"objectType": "Agent", "mbox": f"mailto:{MEMBER}"}
    return body


# --- Activities ------------------------------------------------------------------------------


def test_cmi5_completed_becomes_one_activity(lrs, member, member_key):
    body = fixture("cmi5_completed")
    assert lrs.post(body).status_code == 200
    activity = Activity.objects.get()
    assert activity.owner == member
    assert activity.source_key == f"xapi:{body['id']}"
    assert activity.title == "Introduction to Geology"
    assert activity.kind == ActivityKind.COURSE
    assert activity.hours == Decimal("0.25")  # 14 seconds: the smallest quarter hour
    assert activity.provider == member_key[0].name
    assert activity.link == body["object"]["id"]
    assert activity.end == datetime.datetime(2016, 6, 9, 18, 47, 52, 984000, tzinfo=datetime.UTC)
    assert Statement.objects.get().activity == activity


def test_same_statement_again_makes_no_second_activity(lrs):
    lrs.post(fixture("cmi5_completed"))
    lrs.post(fixture("cmi5_completed"))
    assert Activity.objects.count() == 1
    assert Statement.objects.count() == 1


def test_completed_and_passed_of_one_registration_make_one_activity(lrs):
    completed = fixture("cmi5_completed")
    passed = fixture("cmi5_passed")
    passed["context"]["registration"] = completed["context"]["registration"]
    assert lrs.post(completed).status_code == 200
    assert lrs.post(passed).status_code == 200
    activity = Activity.objects.get()
    assert set(Statement.objects.values_list("activity", flat=True)) == {activity.pk}


def test_passed_in_another_registration_is_another_activity(lrs):
    lrs.post([fixture("cmi5_completed"), fixture("cmi5_passed")])
    assert Activity.objects.count() == 2


@pytest.mark.parametrize(
    "verb", ["failed", "attempted", "experienced", "http://example.com/xapi/verbs#sent-a-statement"]
)
def test_other_verbs_are_stored_only(lrs, verb):
    assert lrs.post(statement(MEMBER, verb=verb)).status_code == 200
    assert Statement.objects.count() == 1
    assert not Activity.objects.exists()


def test_attended_in_virtual_meeting_software_is_a_webinar(lrs):
    assert lrs.post(attended_meeting()).status_code == 200
    activity = Activity.objects.get()
    assert activity.kind == ActivityKind.WEBINAR
    assert activity.hours == Decimal("1.00")
    assert activity.title == "example meeting"


def test_attended_in_person_is_a_conference_session(lrs):
    body = attended_meeting()
    del body["context"]["platform"]
    lrs.post(body)
    assert Activity.objects.get().kind == ActivityKind.CONFERENCE_SESSION


@pytest.mark.parametrize(
    ("duration", "hours"),
    [
        ("PT1H30M", "1.5"),
        ("PT1H7M", "1"),  # 1.12 h rounds to the nearest quarter
        ("PT1H8M", "1.25"),
        ("PT2M", "0.25"),
        ("P3Y", "40"),  # a qualification: capped
        ("PT20H", "20"),
        ("P4W", "40"),
    ],
)
def test_hours_from_duration(duration, hours):
    end = datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)
    start, stop, counted = activity_times({"result": {"duration": duration}}, end)
    assert counted == Decimal(hours)
    assert stop == end
    assert start < end


def test_no_duration_counts_one_hour():
    end = datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)
    start, _stop, hours = activity_times({}, end)
    assert hours == Decimal(1)
    assert start == end - datetime.timedelta(hours=1)


def test_title_in_the_members_language(member):
    obj = {
        "id": "https://x.example/1",
        "definition": {"name": {"en-US": "Storytime", "sv": "Sagostund"}},
    }  # noqa: E501
    assert object_title(obj, "sv") == "Sagostund"
    assert object_title(obj, "sv-FI") == "Sagostund"
    assert object_title(obj, "ar") == "Storytime"
    assert object_title({"id": "https://x.example/1"}, "en") == "https://x.example/1"


def test_activity_map_longest_prefix_gives_kind_and_competencies(lrs, organisation):
    framework = FrameworkFactory(organisation=organisation)
    reading, storytelling = (
        CompetencyFactory(framework=framework),
        CompetencyFactory(framework=framework),
    )  # noqa: E501
    broad = ActivityMap.objects.create(
        organisation=organisation, iri_prefix="https://courses.example.org/", kind="webinar"
    )
    broad.competencies.set([reading])
    narrow = ActivityMap.objects.create(
        organisation=organisation, iri_prefix="https://courses.example.org/lib/", kind="reading"
    )
    narrow.competencies.set([storytelling])
    lrs.post(statement(MEMBER, object_id="https://courses.example.org/lib/tales"))
    lrs.post(statement(MEMBER, object_id="https://courses.example.org/other"))
    lrs.post(statement(MEMBER, object_id="https://elsewhere.example.org/x"))
    by_link = {a.link: a for a in Activity.objects.prefetch_related("competencies")}
    tales = by_link["https://courses.example.org/lib/tales"]
    assert tales.kind == "reading"
    assert list(tales.competencies.all()) == [storytelling]
    other = by_link["https://courses.example.org/other"]
    assert other.kind == "webinar"
    assert list(other.competencies.all()) == [reading]
    elsewhere = by_link["https://elsewhere.example.org/x"]
    assert elsewhere.kind == ActivityKind.COURSE
    assert not elsewhere.competencies.exists()


def test_another_organisations_map_does_not_apply(lrs, other_organisation):
    ActivityMap.objects.create(
        organisation=other_organisation, iri_prefix="https://courses.example.org/", kind="reading"
    )
    lrs.post(statement(MEMBER, object_id="https://courses.example.org/a"))
    assert Activity.objects.get().kind == ActivityKind.COURSE


def test_organisation_key_uses_its_organisations_maps(org_lrs, organisation, member):
    ActivityMap.objects.create(
        organisation=organisation, iri_prefix="http://example.org/cmi5/", kind="reading"
    )
    org_lrs.post(fixture("cmi5_completed"))
    activity = Activity.objects.get()
    assert activity.owner == member
    assert activity.kind == "reading"
    assert activity.provider == "Riverside LMS"


def test_batch_of_many_completions_makes_one_activity_each(lrs):
    bodies = [statement(MEMBER) for _ in range(20)]
    lrs.post(bodies)
    assert Activity.objects.count() == 20
    assert set(Activity.objects.values_list("source_key", flat=True)) == {
        f"xapi:{b['id']}" for b in bodies
    }


# --- Voiding ---------------------------------------------------------------------------------


def voiding(target: str) -> dict:
    return mutated(fixture("voiding"), "object.id", target)


def test_voiding_hides_the_statement_but_keeps_the_activity(lrs):
    completed = fixture("cmi5_completed")
    lrs.post(completed)
    assert lrs.post(voiding(completed["id"])).status_code == 200
    target = Statement.objects.get(pk=completed["id"])
    assert target.voided
    assert target.activity is not None  # the activity stays; the member decides
    assert Activity.objects.count() == 1
    assert lrs.get(statementId=completed["id"]).status_code == 404
    response = lrs.get(voidedStatementId=completed["id"])
    assert response.status_code == 200
    assert response.json()["id"] == completed["id"]
    listed = [s["id"] for s in lrs.get().json()["statements"]]
    assert completed["id"] not in listed
    assert len(listed) == 1  # the voiding statement itself


def test_voided_statement_asked_as_voided_only(lrs):
    lrs.post(fixture("simple"))
    assert lrs.get(voidedStatementId="fd41c918-b88b-4b20-a0a5-a4c32391aaa0").status_code == 404


def test_voiding_a_voiding_statement_is_400(lrs):
    lrs.post(fixture("simple"))
    first = voiding("fd41c918-b88b-4b20-a0a5-a4c32391aaa0")
    first["id"] = str(uuid.uuid4())
    lrs.post(first)
    response = lrs.post(voiding(first["id"]))
    assert response.status_code == 400
    assert response.json()["property"] == "object.id"
    assert Statement.objects.count() == 2
    assert not Statement.objects.get(pk=first["id"]).voided


def test_voiding_another_members_statement_does_nothing(lrs, client, other_member):
    other = Lrs(client, *make_key(user=other_member))
    theirs = statement(other_member.email)
    other.post(theirs)
    assert lrs.post(voiding(theirs["id"])).status_code == 200
    assert not Statement.objects.get(pk=theirs["id"]).voided


def test_voiding_before_the_statement_arrives(lrs):
    completed = fixture("cmi5_completed")
    lrs.post(voiding(completed["id"]))
    lrs.post(completed)
    assert Statement.objects.get(pk=completed["id"]).voided
    assert not Activity.objects.exists()


def test_voiding_needs_a_statement_ref(lrs):
    body = mutated(fixture("voiding"), "object", {"objectType": "Activity", "id": "http://a.b/c"})
    response = lrs.post(body)
    assert response.status_code == 400
    assert response.json()["property"] == "object"


# --- Reflections -----------------------------------------------------------------------------


def test_reflected_after_attended_becomes_a_reflection(lrs):
    lrs.post(attended_meeting())
    assert lrs.post(fixture("reflected")).status_code == 200
    reflection = Reflection.objects.get()
    assert reflection.activity == Activity.objects.get()
    assert reflection.template == ReflectionTemplate.FREE
    assert reflection.part_1 == fixture("reflected")["result"]["response"]
    assert Statement.objects.get(pk=fixture("reflected")["id"]).reflection == reflection


def test_reflected_before_attended_is_attached_when_it_arrives(lrs):
    lrs.post(fixture("reflected"))
    assert not Reflection.objects.exists()
    lrs.post(attended_meeting())
    reflection = Reflection.objects.get()
    assert reflection.activity == Activity.objects.get()
    lrs.post(attended_meeting())  # again: nothing new
    assert Reflection.objects.count() == 1


def test_reflected_and_attended_in_one_batch(lrs):
    lrs.post([fixture("reflected"), attended_meeting()])
    assert Reflection.objects.count() == 1


@pytest.mark.parametrize(
    "verb", ["http://id.tincanapi.com/verb/reflected", "https://w3id.org/xapi/tla/verbs/reflected"]
)  # noqa: E501
def test_other_reflected_verbs(lrs, verb):
    lrs.post(attended_meeting())
    lrs.post(mutated(fixture("reflected"), "verb.id", verb))
    assert Reflection.objects.count() == 1


def test_reflected_on_another_members_statement_is_not_attached(lrs, client, other_member):
    other = Lrs(client, *make_key(user=other_member))
    theirs = attended_meeting()
    theirs["actor"]["mbox"] = f"mailto:{other_member.email}"
    other.post(theirs)
    assert lrs.post(fixture("reflected")).status_code == 200
    assert not Reflection.objects.exists()


def test_reflected_without_text_is_stored_only(lrs):
    lrs.post(attended_meeting())
    lrs.post(mutated(fixture("reflected"), "result", {"completion": True}))
    assert not Reflection.objects.exists()
    assert Statement.objects.count() == 2


# --- Concurrency -----------------------------------------------------------------------------


def _race(credential, bodies):
    """Stores each body in its own thread and connection, all at once; returns the outcomes."""
    import threading
    import time

    from django.db import OperationalError, close_old_connections, connection

    from atheneum.xapi.ingest import Conflict, statements_store

    barrier = threading.Barrier(len(bodies))
    outcomes = []

    def run(body):
        try:
            barrier.wait(timeout=10)
            for _attempt in range(40):  # SQLite: wait for the write lock like a retrying client
                try:
                    statements_store(credential=credential, statements=[body], version="1.0.3")
                    outcomes.append("stored")
                    return
                except OperationalError:
                    time.sleep(0.05)
            outcomes.append("locked")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    close_old_connections()
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_concurrent_sends_of_one_statement_store_it_once(settings):
    from ..factories import UserFactory

    settings.SITE_URL = factories.SITE
    member = UserFactory(email=MEMBER)
    credential, _secret = make_key(user=member)
    body = fixture("cmi5_completed")
    assert _race(credential, [body] * 4) == ["stored"] * 4
    assert Statement.objects.count() == 1
    assert Activity.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_different_statements_with_one_id_store_one(settings):
    from ..factories import UserFactory

    settings.SITE_URL = factories.SITE
    member = UserFactory(email=MEMBER)
    credential, _secret = make_key(user=member)
    bodies = [mutated(fixture("attempted"), "result.score.scaled", n / 10) for n in range(4)]
    assert _race(credential, bodies) == ["conflict"] * 3 + ["stored"]
    assert Statement.objects.count() == 1
