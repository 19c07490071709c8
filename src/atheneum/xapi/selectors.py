"""Reads about learning records (xAPI): keys and stored statements."""

import base64
import binascii
import datetime
import uuid

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.dateparse import parse_datetime

from atheneum.organisations.rules import can

from .models import Credential, Statement

LIST_LIMIT = 100
LIST_MAX = 500


def personal_keys(*, user) -> QuerySet[Credential]:
    return Credential.objects.filter(user=user).order_by("-created_at", "-pk")


def organisation_keys(*, organisation) -> QuerySet[Credential]:
    return (
        Credential.objects.filter(organisation=organisation)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )


def credential_get_for_user(*, user, pk: int) -> Credential:
    """A key the user may revoke (its holder, or an organiser of its organisation), else 404."""
    credential = Credential.objects.select_related("organisation", "user").filter(pk=pk).first()
    if credential is None or not can(user, "xapi.revoke_key", credential):
        raise Http404
    return credential


def statements_of_member(*, user) -> QuerySet[Statement]:
    """The member's own stored statements for their page, newest first, with linked activity."""
    return (
        Statement.objects.filter(user=user)
        .select_related("activity", "reflection")
        .order_by("-stored", "-pk")
    )


def statements_for_credential(*, credential: Credential) -> QuerySet[Statement]:
    """What a key may read back: a personal key, its member's statements; an organisation key,
    the statements its organisation's keys sent (never a member's personal-key statements)."""
    if credential.user_id is not None:
        return Statement.objects.filter(user_id=credential.user_id)
    return Statement.objects.filter(credential__organisation_id=credential.organisation_id)


def statement_get_for_credential(
    *, credential: Credential, statement_id: str, voided: bool
) -> Statement:
    """One statement by id: a voided one only when asked for as voided. Else 404."""
    try:
        pk = uuid.UUID(statement_id)
    except ValueError as error:
        raise Http404 from error
    statement = (
        statements_for_credential(credential=credential).filter(pk=pk, voided=voided).first()
    )
    if statement is None:
        raise Http404
    return statement


def encode_cursor(statement: Statement) -> str:
    raw = f"{statement.stored.isoformat()}|{statement.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime.datetime, uuid.UUID] | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stored, pk = raw.split("|")
        moment = parse_datetime(stored)
        return (moment, uuid.UUID(pk)) if moment else None
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def statement_list_for_credential(
    *,
    credential: Credential,
    verb: str = "",
    activity: str = "",
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    limit: int = LIST_LIMIT,
    after: tuple[datetime.datetime, uuid.UUID] | None = None,
) -> tuple[list[Statement], bool]:
    """A page of not-voided statements, newest stored first, and whether more follow."""
    statements = statements_for_credential(credential=credential).filter(voided=False)
    if verb:
        statements = statements.filter(verb_id=verb)
    if activity:
        statements = statements.filter(object_id=activity)
    if since:
        statements = statements.filter(stored__gt=since)
    if until:
        statements = statements.filter(stored__lte=until)
    if after:
        stored, pk = after
        statements = statements.filter(Q(stored__lt=stored) | Q(stored=stored, pk__lt=pk))
    rows = list(statements.order_by("-stored", "-pk").only("id", "data", "stored")[: limit + 1])
    return rows[:limit], len(rows) > limit


def xapi_data_for_user(*, user) -> dict:
    """The member's learning records from tools and their personal keys (never the secrets),
    for their data download."""
    return {
        "xapi_keys": [
            {
                "name": key.name,
                "key": key.key,
                "created": key.created_at.isoformat(),
                "revoked": key.revoked_at.isoformat() if key.revoked_at else None,
            }
            for key in Credential.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "xapi_statements": [
            {**statement.data, "voided": statement.voided}
            for statement in Statement.objects.filter(user=user).order_by("stored", "pk")
        ],
    }
