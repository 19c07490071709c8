"""Writes about learning-record keys. Incoming statements are stored by `ingest`."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atheneum.api.models import hash_token
from atheneum.organisations.rules import can

from .models import Credential

KEY_PREFIX = "xk_"


def new_key() -> str:
    return KEY_PREFIX + secrets.token_hex(12)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def _check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("Please name the key, such as the tool that uses it.")]})
    if len(name) > 100:
        raise ValidationError({"name": [_("Please keep the name under 100 characters.")]})
    return name


@transaction.atomic
def credential_create(
    *, name: str, acting_user, organisation=None, key: str = "", secret: str = ""
) -> tuple[Credential, str]:
    """A new key for the acting member (or, with `organisation`, for that organisation).
    Returns the key and its secret; the secret is stored only as a hash and never shown again.
    `key` and `secret` are for demo data only."""
    name = _check_name(name)
    if organisation is None:
        if not can(acting_user, "xapi.add_personal_key"):
            raise PermissionDenied
        owner = {"user": acting_user}
    else:
        if not can(acting_user, "xapi.manage_organisation", organisation):
            raise PermissionDenied
        owner = {"organisation": organisation}
    secret = secret or new_secret()
    credential = Credential.objects.create(
        name=name,
        key=key or new_key(),
        secret_hash=hash_token(secret),
        created_by=acting_user,
        **owner,
    )
    return credential, secret


@transaction.atomic
def credential_revoke(*, credential: Credential, acting_user) -> Credential:
    """Stops the key working at once. Statements it sent stay."""
    if not can(acting_user, "xapi.revoke_key", credential):
        raise PermissionDenied
    if credential.revoked_at is None:
        credential.revoked_at = timezone.now()
        credential.save(update_fields=["revoked_at"])
    return credential
