"""Outbound xAPI: recorded activities become deliveries, sent to a real HTTP server (a small
learning record store in a thread) with retries, backoff and no double sends."""

import base64
import datetime
import json
import threading
import uuid
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from celery.signals import task_retry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from atheneum.events.models import Event, Session
from atheneum.organisations.enums import OrganisationRole
from atheneum.portfolio.enums import ActivityKind
from atheneum.portfolio.services import record_activity
from atheneum.xapi import outbound, statements_out, tasks
from atheneum.xapi.models import ActivityMap, Delivery, DeliveryState, Destination

from ..coaching.factories import BookingFactory, ProgrammeFactory, RoundFactory, SlotFactory
from ..competencies.factories import CompetencyFactory, FrameworkFactory
from ..factories import UserFactory, add_member
from ..learning.factories import ModuleFactory
from ..translations.factories import CampaignFactory, TargetLanguageFactory


class RecordingStore:
    """A learning record store on 127.0.0.1 that records every request, keeps statements by
    id (a second PUT of the same id stores nothing new), and can answer the first `fail_first`
    requests with 503 or every request with `status`."""

    def __init__(self):
        self.requests: list[dict] = []
        self.statements: dict[str, dict] = {}
        self.fail_first = 0
        self.status: int | None = None
        self.lock = threading.Lock()
        store = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_PUT(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                url = urlparse(self.path)
                with store.lock:
                    store.requests.append(
                        {
                            "method": "PUT",
                            "path": url.path,
                            "query": parse_qs(url.query),
                            "headers": {k.lower(): v for k, v in self.headers.items()},
                            "json": json.loads(body or b"null"),
                        }
                    )
                    if len(store.requests) <= store.fail_first:
                        code = 503
                    elif store.status is not None:
                        code = store.status
                    else:
                        statement_id = parse_qs(url.query).get("statementId", [""])[0]
                        store.statements.setdefault(statement_id, json.loads(body))
                        code = 204
                self.send_response(code)
                payload = b"" if code == 204 else b'{"error": "store says no"}'
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/xapi/statements"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def lrs():
    store = RecordingStore().start()
    yield store
    store.stop()


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://atheneum.example.org"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs on-commit callbacks (the signal, then the task) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def destination(organisation, lrs):
    return Destination.objects.create(
        organisation=organisation,
        name="Riverside LRS",
        endpoint=lrs.endpoint,
        username="key-1",
        password="s3cret",
    )


@pytest.fixture
def retries():
    """The countdowns of every retry scheduled while the test runs. Eager tasks then run their
    retries at once, as a worker would run them later (instead of raising `Retry`)."""
    conf = tasks.send_delivery.app.conf
    propagates = conf.task_eager_propagates
    conf.task_eager_propagates = False
    seen = []

    def record(sender=None, request=None, reason=None, **kwargs):
        seen.append(reason.when)

    task_retry.connect(record, weak=False)
    yield seen
    task_retry.disconnect(record)
    conf.task_eager_propagates = propagates


def _record_module(user, module, *, hours="1.50"):
    end = timezone.now().replace(microsecond=0) - datetime.timedelta(days=1)
    return record_activity(
        owner=user,
        source_key=f"learning:module:{module.pk}",
        title=module.title,
        kind=ActivityKind.COURSE,
        start=end - datetime.timedelta(hours=2),
        end=end,
        hours=Decimal(hours),
        language="en",
    )[0]


def _session(organisation):
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)
    event = Event.objects.create(
        organisation=organisation,
        slug=f"congress-{uuid.uuid4().hex[:6]}",
        start=start,
        end=start + datetime.timedelta(days=1),
    )
    return Session.objects.create(
        event=event, kind="talk", start=start, end=start + datetime.timedelta(hours=1)
    )


# --- Signal → deliveries → HTTP -------------------------------------------------------------


def test_finished_module_is_sent_to_the_organisations_store(
    member, organisation, destination, lrs, committed
):
    module = ModuleFactory(organisation=organisation, title="Reference interviews")
    with committed():
        activity = _record_module(member, module)

    delivery = Delivery.objects.get()
    assert delivery.destination == destination
    assert delivery.state == DeliveryState.SENT
    assert delivery.attempts == 1
    assert delivery.sent_at is not None
    assert len(lrs.requests) == 1
    request = lrs.requests[0]
    assert request["method"] == "PUT"
    assert request["path"] == "/xapi/statements"
    assert request["query"] == {"statementId": [str(delivery.statement_id)]}
    assert (
        request["headers"]["authorization"] == "Basic " + base64.b64encode(b"key-1:s3cret").decode()
    )
    assert request["headers"]["x-experience-api-version"] == "1.0.3"
    assert request["headers"]["content-type"] == "application/json"
    statement = request["json"]
    assert statement == {
        "id": str(delivery.statement_id),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": "https://atheneum.example.org", "name": str(member.pk)},
        },
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/completed",
            "display": {"en-US": "completed"},
        },
        "object": {
            "objectType": "Activity",
            "id": f"https://atheneum.example.org{module.get_absolute_url()}",
            "definition": {
                "name": {"en": "Reference interviews"},
                "type": "http://adlnet.gov/expapi/activities/module",
            },
        },
        "result": {"completion": True, "duration": "PT1H30M"},
        "context": {"platform": "Atheneum", "language": "en"},
        "timestamp": activity.end.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z"),
    }
    assert member.email not in json.dumps(statement)


def test_statement_id_is_uuid5_of_destination_member_and_source_key(
    member, organisation, destination, committed
):
    module = ModuleFactory(organisation=organisation)
    with committed():
        _record_module(member, module)
    expected = uuid.uuid5(
        statements_out.NAMESPACE,
        f"destination:{destination.pk}|{member.pk}|learning:module:{module.pk}",
    )
    assert Delivery.objects.get().statement_id == expected


def test_destination_version_is_sent_in_the_header(
    member, organisation, destination, lrs, committed
):
    destination.version = "2.0.0"
    destination.save()
    with committed():
        _record_module(member, ModuleFactory(organisation=organisation))
    assert lrs.requests[0]["headers"]["x-experience-api-version"] == "2.0.0"


def test_attended_session_is_sent_with_the_session_address(
    member, organisation, destination, lrs, committed
):
    session = _session(organisation)
    with committed():
        record_activity(
            owner=member,
            source_key=f"events:session:{session.uid}",
            title="Opening keynote",
            kind=ActivityKind.CONFERENCE_SESSION,
            start=session.start,
            end=session.end,
            hours=Decimal("1.00"),
            language="sv",
        )
    statement = lrs.requests[0]["json"]
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/attended"
    assert statement["object"]["id"] == (
        f"https://atheneum.example.org/events/{session.event.slug}/sessions/{session.pk}/"
    )
    assert statement["object"]["definition"]["name"] == {"sv": "Opening keynote"}
    assert statement["context"]["language"] == "sv"
    assert statement["result"]["duration"] == "PT1H"


def test_two_members_at_one_session_get_two_statements(
    member, other_member, destination, lrs, committed
):
    session = _session(destination.organisation)
    with committed():
        for person in (member, other_member):
            record_activity(
                owner=person,
                source_key=f"events:session:{session.uid}",
                title="Talk",
                kind=ActivityKind.CONFERENCE_SESSION,
                start=session.start,
                end=session.end,
                hours=Decimal("1.00"),
            )
    assert Delivery.objects.filter(state=DeliveryState.SENT).count() == 2
    assert len(lrs.statements) == 2


def test_coaching_session_is_sent_as_attended_programme(
    member, organisation, destination, lrs, committed
):
    programme = ProgrammeFactory(organisation=organisation)
    round_ = RoundFactory(programme=programme)
    booking = BookingFactory(slot=SlotFactory(round=round_, coach__programme=programme))
    with committed():
        record_activity(
            owner=member,
            source_key=f"coaching:booking:{booking.pk}:coachee",
            title="Coaching session",
            kind=ActivityKind.COACHING_RECEIVED,
            start=booking.start,
            end=booking.end,
            hours=Decimal("0.75"),
        )
    statement = lrs.requests[0]["json"]
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/attended"
    assert statement["object"]["id"] == (
        f"https://atheneum.example.org{programme.get_absolute_url()}"
    )
    assert statement["result"]["duration"] == "PT45M"


def test_published_translation_is_sent_as_completed_campaign(
    member, organisation, destination, lrs, committed
):
    campaign = CampaignFactory(organisation=organisation)
    target = TargetLanguageFactory(campaign=campaign)
    now = timezone.now()
    with committed():
        record_activity(
            owner=member,
            source_key=f"translations:{target.pk}:{member.pk}",
            title="Translated the poster",
            kind=ActivityKind.VOLUNTEERING,
            start=now - datetime.timedelta(hours=3),
            end=now,
            hours=Decimal("3"),
        )
    statement = lrs.requests[0]["json"]
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"
    assert statement["object"]["id"] == f"https://atheneum.example.org{campaign.get_absolute_url()}"
    assert statement["object"]["definition"]["type"] == (
        "http://adlnet.gov/expapi/activities/performance"
    )


def test_nothing_is_sent_for_a_person_outside_the_organisation(
    organisation, destination, lrs, committed
):
    outsider = UserFactory()
    with committed():
        _record_module(outsider, ModuleFactory(organisation=organisation))
    assert not Delivery.objects.exists()
    assert lrs.requests == []


def test_only_the_activitys_organisation_is_sent_to(
    member, other_organisation, destination, lrs, committed
):
    organisation = destination.organisation
    add_member(member, other_organisation)
    other_store = Destination.objects.create(
        organisation=other_organisation,
        name="Hill Town LRS",
        endpoint=lrs.endpoint,
        username="k",
        password="p",
    )
    with committed():
        _record_module(member, ModuleFactory(organisation=organisation))
    assert list(Delivery.objects.values_list("destination", flat=True)) == [destination.pk]
    assert not other_store.deliveries.exists()
    assert len(lrs.requests) == 1


def test_every_active_store_of_the_organisation_gets_a_copy(
    member, organisation, destination, lrs, committed
):
    second = Destination.objects.create(
        organisation=organisation, name="Second", endpoint=lrs.endpoint, username="a", password="b"
    )
    Destination.objects.create(
        organisation=organisation,
        name="Paused",
        endpoint=lrs.endpoint,
        username="a",
        password="b",
        active=False,
    )
    with committed():
        _record_module(member, ModuleFactory(organisation=organisation))
    assert set(Delivery.objects.values_list("destination", flat=True)) == {
        destination.pk,
        second.pk,
    }
    assert len(lrs.requests) == 2
    assert len(lrs.statements) == 2  # a different statement id for each store


def test_own_entries_and_unknown_keys_are_not_sent(
    member, organisation, destination, lrs, committed
):
    now = timezone.now()
    with committed():
        for key in ("demo:one", "learning:module:999999", "events:session:not-a-uuid"):
            record_activity(
                owner=member,
                source_key=key,
                title="Something",
                kind=ActivityKind.READING,
                start=now - datetime.timedelta(hours=1),
                end=now,
                hours=Decimal("1"),
            )
    assert not Delivery.objects.exists()
    assert lrs.requests == []


def test_recording_again_creates_no_second_delivery(
    member, organisation, destination, lrs, committed
):
    module = ModuleFactory(organisation=organisation)
    with committed():
        activity = _record_module(member, module)
        _record_module(member, module)
    # A listener called twice for the same activity (a retried caller) adds nothing.
    with committed():
        again = outbound.deliveries_for_activity(
            activity=activity, source_key=f"learning:module:{module.pk}"
        )
    assert again == []
    assert Delivery.objects.count() == 1
    assert len(lrs.requests) == 1


def test_a_failing_forwarder_never_breaks_the_recording(
    member, organisation, destination, committed, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(outbound, "deliveries_for_activity", broken)
    with committed():
        activity = _record_module(member, ModuleFactory(organisation=organisation))
    assert activity.pk is not None


# --- Sending: retries, failures, idempotency ------------------------------------------------


def _delivery(destination, member, key="learning:module:1"):
    statement_uuid = statements_out.statement_id(
        scope=f"destination:{destination.pk}", owner_id=member.pk, source_key=key
    )
    return Delivery.objects.create(
        destination=destination,
        statement_id=statement_uuid,
        payload={"id": str(statement_uuid), "verb": {"id": "x"}},
    )


def test_temporary_failures_are_retried_with_exponential_backoff(member, destination, lrs, retries):
    lrs.fail_first = 3
    delivery = _delivery(destination, member)
    tasks.send_delivery.delay(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT
    assert delivery.attempts == 4
    assert delivery.last_error == ""
    assert len(lrs.requests) == 4
    assert len(lrs.statements) == 1
    assert retries == [30, 60, 120]


def test_a_store_down_for_every_try_leaves_the_delivery_failed(member, destination, lrs, retries):
    lrs.status = 503
    delivery = _delivery(destination, member)
    assert tasks.send_delivery.delay(delivery.pk).get() == "failed"
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED
    assert delivery.attempts == 8
    assert delivery.last_error.startswith("HTTP 503")
    assert len(lrs.requests) == 8
    assert retries == [30, 60, 120, 240, 480, 960, 1920]


def test_backoff_is_capped_at_an_hour():
    assert [tasks.retry_delay(n) for n in (0, 1, 6, 7, 20)] == [30, 60, 1920, 3600, 3600]


def test_an_unreachable_store_is_retried_then_failed(member, destination, retries):
    destination.endpoint = "http://127.0.0.1:9/xapi/statements"  # discard port: nobody listens
    destination.save()
    delivery = _delivery(destination, member)
    tasks.send_delivery.delay(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED
    assert delivery.attempts == 8
    assert "URLError" in delivery.last_error
    assert len(retries) == 7


@pytest.mark.parametrize("status", [400, 401, 403, 404])
def test_a_refusal_fails_at_once_with_the_error(member, destination, lrs, retries, status):
    lrs.status = status
    delivery = _delivery(destination, member)
    tasks.send_delivery.delay(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED
    assert delivery.attempts == 1
    assert delivery.last_error == f'HTTP {status}: {{"error": "store says no"}}'
    assert len(lrs.requests) == 1
    assert retries == []


def test_conflict_means_the_store_already_has_it(member, destination, lrs):
    lrs.status = 409
    delivery = _delivery(destination, member)
    tasks.send_delivery.delay(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT
    assert delivery.last_error == ""


def test_running_the_task_twice_sends_once(member, destination, lrs):
    delivery = _delivery(destination, member)
    assert tasks.send_delivery.delay(delivery.pk).get() == DeliveryState.SENT
    assert tasks.send_delivery.delay(delivery.pk).get() == DeliveryState.SENT
    assert len(lrs.requests) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_redelivered_message_after_a_killed_worker_makes_no_duplicate(member, destination, lrs):
    """The worker sent the statement and was killed before its transaction committed: the
    row is still pending and the broker hands the message (acks_late) to another worker."""
    assert tasks.send_delivery.acks_late is True
    delivery = _delivery(destination, member)
    tasks.send_delivery.delay(delivery.pk)
    Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.PENDING, sent_at=None)

    tasks.send_delivery.delay(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT
    assert len(lrs.requests) == 2
    assert {r["query"]["statementId"][0] for r in lrs.requests} == {str(delivery.statement_id)}
    assert list(lrs.statements) == [str(delivery.statement_id)]


def test_a_deleted_delivery_is_not_sent(member, destination, lrs):
    delivery = _delivery(destination, member)
    pk = delivery.pk
    delivery.delete()
    assert tasks.send_delivery.delay(pk).get() == ""
    assert lrs.requests == []


def test_a_paused_destination_sends_nothing(member, destination, lrs):
    delivery = _delivery(destination, member)
    destination.active = False
    destination.save()
    tasks.send_delivery.delay(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.PENDING
    assert lrs.requests == []


def test_failed_deliveries_of_the_last_week_are_sent_again(member, destination, lrs, committed):
    young = _delivery(destination, member, key="learning:module:1")
    old = _delivery(destination, member, key="learning:module:2")
    Delivery.objects.update(state=DeliveryState.FAILED, last_error="HTTP 401")
    Delivery.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    # Pending for two hours: its message was lost. Pending for a minute: still on its way.
    stuck = _delivery(destination, member, key="learning:module:3")
    Delivery.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    fresh = _delivery(destination, member, key="learning:module:4")
    with committed():
        assert tasks.retry_failed_deliveries.delay().get() == 2
    for delivery in (young, old, stuck, fresh):
        delivery.refresh_from_db()
    assert young.state == DeliveryState.SENT
    assert stuck.state == DeliveryState.SENT
    assert old.state == DeliveryState.FAILED
    assert fresh.state == DeliveryState.PENDING
    assert len(lrs.requests) == 2


# --- Services: destinations and activity maps -----------------------------------------------


def _create(organisation, user, **changes):
    values = {
        "name": "LRS",
        "endpoint": "https://lrs.example.org/xapi/statements",
        "username": "key",
        "password": "secret",
        "version": "1.0.3",
    }
    values.update(changes)
    return outbound.destination_create(organisation=organisation, acting_user=user, **values)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("endpoint", "ftp://lrs.example.org/statements"),
        ("endpoint", "javascript:alert(1)"),
        ("endpoint", "lrs.example.org"),
        ("name", "  "),
        ("username", ""),
        ("password", ""),
        ("version", "0.9"),
    ],
)
def test_destination_create_rejects_bad_input(organisation, organiser, field, value):
    with pytest.raises(ValidationError) as caught:
        _create(organisation, organiser, **{field: value})
    assert field in caught.value.message_dict
    assert not Destination.objects.exists()


@pytest.mark.parametrize("role", ["member", "manager", "other_org_manager"])
def test_destination_create_refuses_non_organisers(request, organisation, role):
    with pytest.raises(PermissionDenied):
        _create(organisation, request.getfixturevalue(role))
    assert not Destination.objects.exists()


def test_destination_update_keeps_the_secret_when_left_empty(organisation, organiser):
    destination = _create(organisation, organiser)
    outbound.destination_update(
        destination=destination,
        acting_user=organiser,
        name="Renamed",
        endpoint="http://lrs.example.org/x",
        username="key2",
        password="",
        version="2.0.0",
        active=False,
    )
    destination.refresh_from_db()
    assert (destination.name, destination.password, destination.version) == (
        "Renamed",
        "secret",
        "2.0.0",
    )
    assert destination.active is False


def test_organisers_of_another_organisation_cannot_change_a_destination(
    organisation, organiser, other_organisation
):
    destination = _create(organisation, organiser)
    elsewhere = UserFactory()
    add_member(elsewhere, other_organisation, role=OrganisationRole.ORGANISER)
    with pytest.raises(PermissionDenied):
        outbound.destination_delete(destination=destination, acting_user=elsewhere)
    assert Destination.objects.filter(pk=destination.pk).exists()


def test_activity_map_prefix_is_unique_per_organisation(
    organisation, other_organisation, organiser, admin
):
    outbound.activity_map_create(
        organisation=organisation,
        acting_user=organiser,
        iri_prefix="https://lms.example.org/",
        kind=ActivityKind.COURSE,
    )
    with pytest.raises(ValidationError) as caught:
        outbound.activity_map_create(
            organisation=organisation,
            acting_user=organiser,
            iri_prefix=" https://lms.example.org/ ",
            kind=ActivityKind.WEBINAR,
        )
    assert caught.value.message_dict["iri_prefix"] == [
        "This organisation already has a map for activities starting with this address."
    ]
    # Another organisation may use the same prefix.
    outbound.activity_map_create(
        organisation=other_organisation,
        acting_user=admin,
        iri_prefix="https://lms.example.org/",
        kind=ActivityKind.COURSE,
    )
    assert ActivityMap.objects.count() == 2


def test_activity_map_competencies_come_from_usable_frameworks(
    organisation, other_organisation, organiser
):
    own = CompetencyFactory(framework=FrameworkFactory(organisation=organisation))
    published = CompetencyFactory(framework=FrameworkFactory(is_published=True))
    private_elsewhere = CompetencyFactory(
        framework=FrameworkFactory(organisation=other_organisation, is_published=False)
    )
    activity_map = outbound.activity_map_create(
        organisation=organisation,
        acting_user=organiser,
        iri_prefix="https://lms.example.org/",
        kind=ActivityKind.COURSE,
        competency_ids=[own.pk, published.pk],
    )
    assert set(activity_map.competencies.values_list("pk", flat=True)) == {own.pk, published.pk}
    with pytest.raises(ValidationError) as caught:
        outbound.activity_map_update(
            activity_map=activity_map,
            acting_user=organiser,
            iri_prefix="https://lms.example.org/",
            kind=ActivityKind.COURSE,
            competency_ids=[private_elsewhere.pk],
        )
    assert "competencies" in caught.value.message_dict
    assert set(activity_map.competencies.values_list("pk", flat=True)) == {own.pk, published.pk}


@pytest.mark.parametrize("prefix", ["", "not an address", "lms.example.org"])
def test_activity_map_rejects_a_prefix_that_is_no_address(organisation, organiser, prefix):
    with pytest.raises(ValidationError) as caught:
        outbound.activity_map_create(
            organisation=organisation,
            acting_user=organiser,
            iri_prefix=prefix,
            kind=ActivityKind.COURSE,
        )
    assert "iri_prefix" in caught.value.message_dict
    assert not ActivityMap.objects.exists()


def test_send_test_statement_names_no_member(organisation, organiser, destination, lrs, committed):
    with committed():
        delivery = outbound.destination_send_test(destination=destination, acting_user=organiser)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT
    statement = lrs.requests[0]["json"]
    assert statement["actor"]["account"]["name"] == "connection-test"
    assert organiser.email not in json.dumps(statement)
