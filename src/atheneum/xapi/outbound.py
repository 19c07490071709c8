"""Writes for outbound xAPI: an organisation's destinations (learning record stores) and
activity maps, and the deliveries of statements about its members' Atheneum learning.

A delivery is created once per (destination, statement id) and sent by
`tasks.send_delivery` after the creating transaction commits. The statement id is derived from
the destination, the member and the source key, and is sent with PUT ?statementId=, so a
delivery sent twice (a worker killed after the request) is recognised by the store as well.
"""

import base64
import datetime
import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from http.client import HTTPException

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from atheneum.competencies.models import Competency
from atheneum.competencies.selectors import competencies_for_organisation
from atheneum.organisations.rules import can
from atheneum.organisations.selectors import roles_for
from atheneum.portfolio.enums import ActivityKind

from . import statements_out
from .models import ActivityMap, Delivery, DeliveryState, Destination, XapiVersion

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
# A pending delivery this old was never queued or its message was lost.
STUCK_AFTER = datetime.timedelta(hours=1)
RETRY_WINDOW = datetime.timedelta(days=7)
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")


def _check_manager(*, organisation, acting_user) -> None:
    if not can(acting_user, "xapi.manage_organisation", organisation):
        raise PermissionDenied


# --- Destinations ------------------------------------------------------------------------------


def _clean_destination(*, name: str, endpoint: str, username: str, version: str) -> dict:
    errors = {}
    name, endpoint, username = name.strip(), endpoint.strip(), username.strip()
    if not name:
        errors["name"] = _("Give the learning record store a name.")
    try:
        URLValidator(schemes=["http", "https"])(endpoint)
    except ValidationError:
        errors["endpoint"] = _(
            "Enter the full address of the statements endpoint, starting with https:// or http://."
        )
    if not username:
        errors["username"] = _("Enter the key (user name) the learning record store gave you.")
    if version not in XapiVersion.values:
        errors["version"] = _("Choose an xAPI version.")
    if errors:
        raise ValidationError(errors)
    return {"name": name, "endpoint": endpoint, "username": username, "version": version}


@transaction.atomic
def destination_create(
    *,
    organisation,
    acting_user,
    name: str,
    endpoint: str,
    username: str,
    password: str,
    version: str = XapiVersion.V1_0_3,
    active: bool = True,
) -> Destination:
    _check_manager(organisation=organisation, acting_user=acting_user)
    fields = _clean_destination(name=name, endpoint=endpoint, username=username, version=version)
    if not password:
        raise ValidationError(
            {"password": _("Enter the secret (password) the learning record store gave you.")}
        )
    return Destination.objects.create(
        organisation=organisation, password=password, active=active, **fields
    )


@transaction.atomic
def destination_update(
    *,
    destination: Destination,
    acting_user,
    name: str,
    endpoint: str,
    username: str,
    password: str = "",
    version: str,
    active: bool,
) -> Destination:
    """Changes a destination; an empty `password` keeps the stored one."""
    _check_manager(organisation=destination.organisation, acting_user=acting_user)
    fields = _clean_destination(name=name, endpoint=endpoint, username=username, version=version)
    for field, value in fields.items():
        setattr(destination, field, value)
    destination.active = active
    if password:
        destination.password = password
    destination.save()
    return destination


@transaction.atomic
def destination_delete(*, destination: Destination, acting_user) -> None:
    _check_manager(organisation=destination.organisation, acting_user=acting_user)
    destination.delete()


def destination_send_test(*, destination: Destination, acting_user) -> Delivery:
    """Queues a statement that says nothing about any member, to check the address and key."""
    _check_manager(organisation=destination.organisation, acting_user=acting_user)
    now = timezone.now()
    statement_uuid = statements_out.statement_id(
        scope=f"destination:{destination.pk}:test",
        owner_id=acting_user.pk,
        source_key=now.isoformat(),
    )
    with transaction.atomic():
        delivery = Delivery.objects.create(
            destination=destination,
            statement_id=statement_uuid,
            payload=statements_out.test_statement(
                statement_uuid=statement_uuid, organisation=destination.organisation, moment=now
            ),
        )
        _enqueue(delivery)
    return delivery


# --- Activity maps -----------------------------------------------------------------------------


def _clean_map(
    *, organisation, iri_prefix: str, kind: str, competency_ids: Iterable[int], exclude_pk=None
) -> tuple[str, list[int]]:
    errors = {}
    iri_prefix = iri_prefix.strip()
    if not _IRI.match(iri_prefix):
        errors["iri_prefix"] = _(
            "Enter the beginning of the activity addresses, for example https://lms.example.org/."
        )
    elif (
        ActivityMap.objects.filter(organisation=organisation, iri_prefix=iri_prefix)
        .exclude(pk=exclude_pk)
        .exists()
    ):
        errors["iri_prefix"] = _(
            "This organisation already has a map for activities starting with this address."
        )
    if kind not in ActivityKind.values:
        errors["kind"] = _("Choose an activity type.")
    wanted = {int(pk) for pk in competency_ids}
    allowed = set(
        Competency.objects.filter(
            pk__in=wanted,
            framework__in=competencies_for_organisation(organisation=organisation).values("pk"),
        ).values_list("pk", flat=True)
    )
    if wanted - allowed:
        errors["competencies"] = _(
            "Choose competencies from this organisation's frameworks or the published ones."
        )
    if errors:
        raise ValidationError(errors)
    return iri_prefix, sorted(wanted)


def _prefix_taken() -> ValidationError:
    return ValidationError(
        {
            "iri_prefix": _(
                "This organisation already has a map for activities starting with this address."
            )
        }
    )


def activity_map_create(
    *, organisation, acting_user, iri_prefix: str, kind: str, competency_ids: Iterable[int] = ()
) -> ActivityMap:
    _check_manager(organisation=organisation, acting_user=acting_user)
    prefix, ids = _clean_map(
        organisation=organisation, iri_prefix=iri_prefix, kind=kind, competency_ids=competency_ids
    )
    try:
        with transaction.atomic():
            activity_map = ActivityMap.objects.create(
                organisation=organisation, iri_prefix=prefix, kind=kind
            )
            activity_map.competencies.set(ids)
    except IntegrityError as error:
        raise _prefix_taken() from error
    return activity_map


def activity_map_update(
    *, activity_map: ActivityMap, acting_user, iri_prefix: str, kind: str, competency_ids
) -> ActivityMap:
    organisation = activity_map.organisation
    _check_manager(organisation=organisation, acting_user=acting_user)
    prefix, ids = _clean_map(
        organisation=organisation,
        iri_prefix=iri_prefix,
        kind=kind,
        competency_ids=competency_ids,
        exclude_pk=activity_map.pk,
    )
    try:
        with transaction.atomic():
            activity_map.iri_prefix = prefix
            activity_map.kind = kind
            activity_map.save(update_fields=["iri_prefix", "kind"])
            activity_map.competencies.set(ids)
    except IntegrityError as error:
        raise _prefix_taken() from error
    return activity_map


@transaction.atomic
def activity_map_delete(*, activity_map: ActivityMap, acting_user) -> None:
    _check_manager(organisation=activity_map.organisation, acting_user=acting_user)
    activity_map.delete()


# --- Deliveries --------------------------------------------------------------------------------


def _send_later(delivery_id: int) -> None:
    """Queues the send. If queueing fails (broker down), the delivery stays pending and the
    daily `retry_failed_deliveries` picks it up; the member's or organiser's action stands."""
    from .tasks import send_delivery

    try:
        send_delivery.delay(delivery_id)
    except Exception:
        logger.exception("Could not queue xAPI delivery %s", delivery_id)


def _enqueue(delivery: Delivery) -> None:
    transaction.on_commit(partial(_send_later, delivery.pk))


@transaction.atomic
def deliveries_for_activity(*, activity, source_key: str) -> list[Delivery]:
    """One delivery per active destination of the organisation the activity came from, if the
    member belongs to it; each sent after commit. Calling again creates nothing new."""
    source = statements_out.resolve_source(source_key)
    if source is None or not roles_for(activity.owner).is_member(source.organisation_id):
        return []
    created = []
    for destination in Destination.objects.filter(
        organisation_id=source.organisation_id, active=True
    ).order_by("pk"):
        statement_uuid = statements_out.statement_id(
            scope=f"destination:{destination.pk}",
            owner_id=activity.owner_id,
            source_key=source_key,
        )
        delivery, new = Delivery.objects.get_or_create(
            destination=destination,
            statement_id=statement_uuid,
            defaults={
                "payload": statements_out.activity_statement(
                    activity=activity, source=source, statement_uuid=statement_uuid
                )
            },
        )
        if new:
            _enqueue(delivery)
            created.append(delivery)
    return created


@dataclass(frozen=True)
class Outcome:
    """What one attempt did: `state` is the delivery's state afterwards; `retry` says the error
    was temporary (network, 5xx, 429) and another attempt may succeed."""

    state: str
    retry: bool = False
    error: str = ""


def _request(destination: Destination, delivery: Delivery) -> urllib.request.Request:
    query = urllib.parse.urlencode({"statementId": str(delivery.statement_id)})
    separator = "&" if "?" in destination.endpoint else "?"
    credentials = f"{destination.username}:{destination.password}".encode()
    return urllib.request.Request(  # noqa: S310 - the service allows http(s) addresses only
        destination.endpoint + separator + query,
        data=json.dumps(delivery.payload).encode(),
        method="PUT",
        headers={
            "Content-Type": "application/json",
            "Authorization": "Basic " + base64.b64encode(credentials).decode(),
            "X-Experience-API-Version": destination.version,
        },
    )


def _attempt(destination: Destination, delivery: Delivery) -> tuple[int | None, str]:
    """(HTTP status, error text); status None for a network error."""
    try:
        with urllib.request.urlopen(  # noqa: S310
            _request(destination, delivery), timeout=TIMEOUT_SECONDS
        ) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        body = error.read(300).decode("utf-8", "replace")
        return error.code, f"HTTP {error.code}: {body}".strip()
    except (TimeoutError, urllib.error.URLError, HTTPException, OSError) as error:
        return None, f"{type(error).__name__}: {error}"


def delivery_send(*, delivery_id: int) -> Outcome:
    """One attempt to send a delivery. A sent delivery (or a deleted one) is never sent again;
    the row is locked while sending, so two workers with the same message send it once."""
    with transaction.atomic():
        delivery = (
            # Lock the delivery only, not its destination: other deliveries go on in parallel.
            Delivery.objects.select_for_update(of=("self",))
            .select_related("destination")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.state == DeliveryState.SENT:
            return Outcome(state=delivery.state if delivery else "")
        destination = delivery.destination
        if not destination.active:
            return Outcome(state=delivery.state, error=_("The destination is switched off."))
        status, error = _attempt(destination, delivery)
        delivery.attempts += 1
        retry = False
        if status is not None and (200 <= status < 300 or status == 409):
            # 409: the store already holds a statement with this id, i.e. an earlier send.
            delivery.state = DeliveryState.SENT
            delivery.sent_at = timezone.now()
            delivery.last_error = ""
        elif status is None or status >= 500 or status == 429:
            retry = True
            delivery.last_error = error[:500]
        else:
            delivery.state = DeliveryState.FAILED
            delivery.last_error = (error or f"HTTP {status}")[:500]
        delivery.save(update_fields=["state", "attempts", "last_error", "sent_at"])
        return Outcome(state=delivery.state, retry=retry, error=delivery.last_error)


@transaction.atomic
def delivery_give_up(*, delivery_id: int, error: str) -> None:
    """Marks a delivery failed after its last attempt (unless it was sent meanwhile)."""
    Delivery.objects.filter(pk=delivery_id).exclude(state=DeliveryState.SENT).update(
        state=DeliveryState.FAILED, last_error=error[:500]
    )


@transaction.atomic
def deliveries_retry_failed(*, now: datetime.datetime | None = None) -> int:
    """Queues failed deliveries younger than seven days again (a store that was down for
    longer than the retries, or a key corrected since), and pending ones older than an hour
    (never queued, or their message was lost). Returns how many."""
    now = now or timezone.now()
    deliveries = list(
        Delivery.objects.select_for_update()
        .filter(
            Q(state=DeliveryState.FAILED)
            | Q(state=DeliveryState.PENDING, created_at__lt=now - STUCK_AFTER),
            created_at__gte=now - RETRY_WINDOW,
            destination__active=True,
        )
        .order_by("pk")
    )
    for delivery in deliveries:
        delivery.state = DeliveryState.PENDING
        delivery.save(update_fields=["state"])
        _enqueue(delivery)
    return len(deliveries)
