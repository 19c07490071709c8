"""Storing statements that learning tools send, and what they mean for a member's record.

`statements_store` is the one writer of incoming statements. For a batch it:

1. works out which member each statement is about (a personal key: only its member; an
   organisation key: only members of its organisation) — anyone else is refused (403);
2. compares ids with what is stored: the same statement again is accepted once, a different
   statement under a known id is a conflict (409); nothing of the batch is stored on any error;
3. stores the rows with `stored`, `authority` (the key) and `version` filled in;
4. applies voiding (only of the same member's statements; a voiding statement cannot be voided);
5. turns `completed`, `passed` and `attended` into portfolio activities through
   `portfolio.services.record_activity` (idempotent by `xapi:<statement id>`), and `reflected`
   statements that point at such a statement into reflections on its activity — in either
   order of arrival.

A voided statement keeps the activity it created (the member decides in their record whether
it should still count); the statement shows as voided next to its activity on /xapi/my/.
"""

import datetime
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atheneum.accounts.models import User
from atheneum.organisations.models import Membership
from atheneum.portfolio import services as portfolio_services
from atheneum.portfolio.enums import ActivityKind, ReflectionTemplate

from .models import ActivityMap, Credential, Statement
from .validation import VOIDED_VERB, is_http_url, parse_duration, parse_timestamp

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
COMPLETED = ADL_VERBS + "completed"
PASSED = ADL_VERBS + "passed"
ATTENDED = ADL_VERBS + "attended"
MAPPED_VERBS = {COMPLETED, PASSED, ATTENDED}
# "reflected": the CATCH teacher-development profile (ADL, https://w3id.org/xapi/catch) records
# a reflection as `result.response` with `context.statement` pointing at the learning it is
# about; the TLA and Tin Can registries define the same verb under other ids.
REFLECTED_VERBS = {
    "https://w3id.org/xapi/catch/verbs/reflected",
    "https://w3id.org/xapi/tla/verbs/reflected",
    "http://id.tincanapi.com/verb/reflected",
}
DEFAULT_HOURS = Decimal("1")
MAX_HOURS = Decimal("40")  # one statement never counts for more than a working week
QUARTER = Decimal("0.25")
IGNORED_IN_FINGERPRINT = {"stored", "authority", "version"}


class IngestError(Exception):
    status = 400

    def __init__(self, message: str, path: str = ""):
        super().__init__(message)
        self.message = message
        self.path = path


class Invalid(IngestError):
    status = 400


class Forbidden(IngestError):
    status = 403


class Conflict(IngestError):
    status = 409


def site_home_page() -> str:
    return settings.SITE_URL.rstrip("/")


def fingerprint(statement: dict) -> str:
    """Hash of the parts two sends of one statement must share (not stored/authority/version)."""
    kept = {k: v for k, v in statement.items() if k not in IGNORED_IN_FINGERPRINT}
    canonical = json.dumps(kept, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def authority_for(credential: Credential) -> dict:
    return {
        "objectType": "Agent",
        "name": credential.name,
        "account": {"homePage": site_home_page(), "name": credential.key},
    }


def iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def mbox_sha1(email: str) -> str:
    return hashlib.sha1(f"mailto:{email}".encode(), usedforsecurity=False).hexdigest()


# --- Who a statement is about ---------------------------------------------------------------


class ActorResolver:
    """Finds the member an actor names, within what the credential may record for."""

    def __init__(self, credential: Credential):
        self.credential = credential
        self._cache: dict[str, User | None] = {}
        self._sha1: dict[str, User] | None = None

    def resolve(self, actor: dict) -> User | None:
        key = json.dumps(actor, sort_keys=True)
        if key not in self._cache:
            self._cache[key] = self._resolve(actor)
        return self._cache[key]

    def _resolve(self, actor: dict) -> User | None:  # noqa: PLR0911 - one answer per identifier
        if self.credential.user_id is not None:
            user = self.credential.user
            return user if actor_names_user(actor, user) else None
        members = User.objects.filter(
            memberships__organisation_id=self.credential.organisation_id, is_active=True
        )
        if "mbox" in actor:
            return members.filter(email__iexact=actor["mbox"][len("mailto:") :]).first()
        if "mbox_sha1sum" in actor:
            if self._sha1 is None:
                self._sha1 = {mbox_sha1(user.email.lower()): user for user in members}
            return self._sha1.get(actor["mbox_sha1sum"].lower())
        if "account" in actor:
            account = actor["account"]
            if account["homePage"].rstrip("/") != site_home_page():
                return None
            name = account["name"]
            if name.isdigit():
                return members.filter(pk=int(name)).first()
            return members.filter(email__iexact=name).first()
        return None  # openid: Atheneum does not know members' OpenIDs


def actor_names_user(actor: dict, user) -> bool:
    email = user.email.lower()
    if "mbox" in actor:
        return actor["mbox"][len("mailto:") :].lower() == email
    if "mbox_sha1sum" in actor:
        return actor["mbox_sha1sum"].lower() in {mbox_sha1(email), mbox_sha1(user.email)}
    if "account" in actor:
        account = actor["account"]
        return account["homePage"].rstrip("/") == site_home_page() and account["name"] in {
            str(user.pk),
            user.email,
            email,
        }
    return False


# --- Storing -------------------------------------------------------------------------------


@dataclass
class Prepared:
    row: Statement
    index: int
    voids: uuid.UUID | None = None
    extra: dict = field(default_factory=dict)


def statements_store(
    *,
    credential: Credential,
    statements: list[dict],
    version: str,
    statement_id: str = "",
    batch: bool = False,
) -> list[str]:
    """Stores already-validated statements for `credential`; returns their ids in order.

    Raises Invalid (400), Forbidden (403) or Conflict (409); then nothing is stored. Safe under
    concurrency: two requests racing with one id both end in the same stored row (or a 409).
    """
    arguments = {
        "credential": credential,
        "statements": statements,
        "version": version,
        "statement_id": statement_id,
        "many": batch,
    }
    try:
        return _store(**arguments)
    except IntegrityError:
        # Another request stored one of these ids between our check and insert: compare again.
        return _store(**arguments)


def _prefix(index: int, many: bool) -> str:
    return f"[{index}]." if many else ""


@transaction.atomic
def _store(*, credential, statements, version, statement_id, many) -> list[str]:  # noqa: PLR0912
    now = timezone.now()
    resolver = ActorResolver(credential)
    authority = authority_for(credential)
    default_version = "2.0.0" if version.startswith("2.") else "1.0.0"
    ids: list[str] = []
    prepared: dict[uuid.UUID, Prepared] = {}
    for index, raw in enumerate(statements):
        where = _prefix(index, many)
        incoming = dict(raw)
        if statement_id:
            if "id" in raw and uuid.UUID(raw["id"]) != uuid.UUID(statement_id):
                raise Invalid(_("The id in the statement differs from statementId."), "id")
            incoming["id"] = str(uuid.UUID(statement_id)) if "id" not in raw else raw["id"]
        elif "id" not in raw:
            incoming["id"] = str(uuid.uuid4())
        sid = uuid.UUID(incoming["id"])
        ids.append(str(sid))
        print_ = fingerprint(incoming)
        if sid in prepared:
            if prepared[sid].row.fingerprint != print_:
                raise Invalid(
                    _("Two different statements in the request share this id."), f"{where}id"
                )
            continue
        user = resolver.resolve(raw["actor"])
        if user is None:
            raise Forbidden(
                _("This key may not record statements about this person."), f"{where}actor"
            )
        timestamp = parse_timestamp(raw["timestamp"]) if "timestamp" in raw else now
        data = {
            **incoming,
            "timestamp": raw.get("timestamp") or iso(now),
            "stored": iso(now),
            "authority": authority,
            "version": raw.get("version") or default_version,
        }
        obj = raw["object"]
        voids = None
        if raw["verb"]["id"] == VOIDED_VERB:
            voids = uuid.UUID(obj["id"])
        prepared[sid] = Prepared(
            row=Statement(
                id=sid,
                user=user,
                credential=credential,
                verb_id=raw["verb"]["id"],
                object_id=obj.get("id", "")
                if obj.get("objectType", "Activity") in {"Activity", "StatementRef"}
                else "",  # fmt: skip
                data=data,
                fingerprint=print_,
                timestamp=timestamp,
                stored=now,
                voids=voids,
            ),
            index=index,
            voids=voids,
        )

    existing = Statement.objects.filter(id__in=list(prepared)).only("id", "user_id", "fingerprint")
    for old in existing:
        new = prepared.pop(old.id)
        if old.fingerprint != new.row.fingerprint or old.user_id != new.row.user_id:
            raise Conflict(
                _("A different statement with this id is already stored."),
                f"{_prefix(new.index, many)}id",
            )
    if not prepared:
        return ids

    targets = _voiding_targets(prepared, many=many)
    rows = [item.row for item in prepared.values()]
    Statement.objects.bulk_create(rows)
    if targets:
        Statement.objects.filter(pk__in=targets).update(voided=True)
    # A statement voided before it arrived (its voiding statement came first).
    early = set(
        Statement.objects.filter(
            voids__in=[row.id for row in rows],
            verb_id=VOIDED_VERB,
            user_id__in={r.user_id for r in rows},
        ).values_list("voids", "user_id")
    )
    late_voided = [row.id for row in rows if (row.id, row.user_id) in early]
    if late_voided:
        Statement.objects.filter(pk__in=late_voided).exclude(verb_id=VOIDED_VERB).update(
            voided=True
        )
        for row in rows:
            if row.id in late_voided and row.verb_id != VOIDED_VERB:
                row.voided = True

    active = [row for row in rows if not row.voided and row.id not in targets]
    _record_activities(credential=credential, rows=active)
    _attach_reflections(rows=active)
    return ids


def _voiding_targets(prepared: dict[uuid.UUID, Prepared], *, many: bool) -> set[uuid.UUID]:
    """Ids to mark voided: targets of this batch's voiding statements that belong to the same
    member. A voiding statement cannot itself be voided (400); an unknown target is allowed
    (the spec asks stores not to refuse it) and voids the statement if it arrives later."""
    wanted = {item.voids: item for item in prepared.values() if item.voids}
    if not wanted:
        return set()
    found = {
        row.id: row
        for row in Statement.objects.filter(id__in=list(wanted)).only("id", "user_id", "verb_id")
    }
    for sid, item in prepared.items():
        if sid in wanted and sid not in found:
            found[sid] = item.row
    targets = set()
    for target_id, item in wanted.items():
        target = found.get(target_id)
        if target is None or target.user_id != item.row.user_id:
            continue
        if target.verb_id == VOIDED_VERB:
            raise Invalid(
                _("A voiding statement cannot be voided."),
                f"{_prefix(item.index, many)}object.id",
            )
        targets.add(target_id)
    return targets


# --- Portfolio ------------------------------------------------------------------------------


def _quarter_hours(duration: datetime.timedelta) -> Decimal:
    hours = Decimal(duration.total_seconds()) / Decimal(3600)
    rounded = (hours / QUARTER).quantize(Decimal(1), rounding=ROUND_HALF_UP) * QUARTER
    return min(max(rounded, QUARTER), MAX_HOURS)


def activity_times(data: dict, timestamp: datetime.datetime):
    """(start, end, hours): the statement's timestamp ends the activity; result.duration (if
    any) says how long it took, rounded to a quarter hour, at least 0.25 and at most 40 h
    (and never more than 24 per calendar day)."""
    duration = parse_duration(data.get("result", {}).get("duration", ""))
    end = timestamp
    if duration is None or duration.total_seconds() <= 0:
        hours = DEFAULT_HOURS
        duration = datetime.timedelta(hours=1)
    else:
        hours = _quarter_hours(duration)
    start = end - duration
    days = (end.astimezone(datetime.UTC).date() - start.astimezone(datetime.UTC).date()).days + 1
    hours = min(hours, Decimal(24 * days))
    return start, end, hours


def object_title(obj: dict, language: str) -> str:
    """The activity's name in the member's language (or its base language, English, any),
    else its id."""
    names = obj.get("definition", {}).get("name") or {}
    if names:
        wanted = [language, language.split("-", maxsplit=1)[0], settings.LANGUAGE_CODE, "en"]
        for tag in wanted:
            for key, text in names.items():
                same = key.lower() == tag.lower() or key.split("-")[0].lower() == tag.lower()
                if tag and same and text.strip():
                    return text.strip()
        for text in names.values():
            if text.strip():
                return text.strip()
    return obj.get("id", "")


def _maps_for(*, credential: Credential, users: set[int]) -> dict[int, list[ActivityMap]]:
    """Each user's usable activity maps, longest prefix first (one query for the batch)."""
    if credential.organisation_id is not None:
        org_of_user = {uid: {credential.organisation_id} for uid in users}
    else:
        org_of_user = {uid: set() for uid in users}
        for uid, oid in Membership.objects.filter(user_id__in=users).values_list(
            "user_id", "organisation_id"
        ):
            org_of_user[uid].add(oid)
    all_orgs = set().union(*org_of_user.values()) if org_of_user else set()
    maps = list(
        ActivityMap.objects.filter(organisation_id__in=all_orgs).prefetch_related("competencies")
    )
    maps.sort(key=lambda m: (-len(m.iri_prefix), m.pk))
    return {
        uid: [m for m in maps if m.organisation_id in orgs] for uid, orgs in org_of_user.items()
    }


def _default_kind(row: Statement) -> str:
    if row.verb_id != ATTENDED:
        return ActivityKind.COURSE
    activity_type = row.data["object"].get("definition", {}).get("type", "").lower()
    platform = row.data.get("context", {}).get("platform", "").lower()
    if "webinar" in activity_type or "online" in platform or "virtual" in platform:
        return ActivityKind.WEBINAR
    return ActivityKind.CONFERENCE_SESSION


def _record_activities(*, credential: Credential, rows: list[Statement]) -> None:
    mapped = [
        row
        for row in rows
        if row.verb_id in MAPPED_VERBS
        and row.data["object"].get("objectType", "Activity") == "Activity"
    ]
    if not mapped:
        return
    maps = _maps_for(credential=credential, users={row.user_id for row in mapped})
    for row in mapped:
        obj = row.data["object"]
        registration = row.data.get("context", {}).get("registration")
        activity = None
        if registration:
            # cmi5 sends completed and passed for one attempt: one activity, not two.
            sibling = (
                Statement.objects.filter(
                    user_id=row.user_id,
                    object_id=row.object_id,
                    activity__isnull=False,
                    data__context__registration=registration,
                )
                .exclude(pk=row.pk)
                .select_related("activity")
                .order_by("stored", "pk")
                .first()
            )
            activity = sibling.activity if sibling else None
        if activity is None:
            match = next(
                (m for m in maps[row.user_id] if row.object_id.startswith(m.iri_prefix)), None
            )
            start, end, hours = activity_times(row.data, row.timestamp)
            link = obj["id"] if is_http_url(obj["id"]) and len(obj["id"]) <= 500 else ""
            activity, _created = portfolio_services.record_activity(
                owner=row.user,
                source_key=f"xapi:{row.id}",
                title=object_title(obj, row.user.interface_language or "")[:300],
                kind=match.kind if match else _default_kind(row),
                start=start,
                end=end,
                hours=hours,
                provider=credential.name,
                link=link,
                competency_ids=[c.pk for c in match.competencies.all()] if match else [],
            )
        row.activity = activity
        Statement.objects.filter(pk=row.pk).update(activity=activity)


def _attach_reflections(*, rows: list[Statement]) -> None:
    """Reflections whose learning statement is now known: this batch's reflected statements,
    and earlier ones waiting for a learning statement this batch brought."""
    waiting = {row.pk: row for row in rows if row.verb_id in REFLECTED_VERBS}
    with_activity = [row for row in rows if row.activity_id]
    if with_activity:
        earlier = Statement.objects.filter(
            user_id__in={row.user_id for row in with_activity},
            verb_id__in=REFLECTED_VERBS,
            reflection__isnull=True,
            voided=False,
            data__context__statement__id__in=[str(row.pk) for row in with_activity],
        )
        earlier = earlier.select_related("user").order_by()
        for row in earlier:
            waiting.setdefault(row.pk, row)
    if not waiting:
        return
    refs = {}
    for row in waiting.values():
        ref = row.data.get("context", {}).get("statement", {}).get("id")
        text = (row.data.get("result", {}).get("response") or "").strip()
        if ref and text:
            refs[row.pk] = (uuid.UUID(ref), text)
    learning = {
        row.pk: row
        for row in Statement.objects.filter(
            pk__in={ref for ref, _text in refs.values()},
            voided=False,
            activity__isnull=False,
            verb_id__in=MAPPED_VERBS,
        ).select_related("activity")
    }
    for pk, (ref, text) in refs.items():
        target = learning.get(ref)
        row = waiting[pk]
        if target is None or target.user_id != row.user_id:
            continue  # stored; attached when the learning statement arrives
        reflection = portfolio_services.reflection_create(
            activity=target.activity,
            acting_user=row.user,
            template=ReflectionTemplate.FREE,
            part_1=text[:10_000],
        )
        Statement.objects.filter(pk=pk).update(reflection=reflection)
