"""Creating and revoking personal access tokens."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atheneum.organisations.rules import can

from .models import ApiToken, hash_token, new_raw_token
from .scopes import ALL_SCOPES

MAX_TOKENS_PER_USER = 50


@transaction.atomic
def token_create(
    *, user, name: str, scopes, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """Returns the token and its raw value, which is shown once and never stored."""
    if not can(user, "api.add_token", None):
        raise PermissionDenied
    name = (name or "").strip()
    scopes = sorted(set(scopes or ()))
    errors = {}
    if not name:
        errors["name"] = _("Give the token a name, so you can tell it apart later.")
    if not scopes:
        errors["scopes"] = _("Choose at least one scope.")
    elif any(scope not in ALL_SCOPES for scope in scopes):
        errors["scopes"] = _("Choose scopes from the list.")
    if expires_in_days is not None and not 1 <= expires_in_days <= 366:
        errors["expires_in_days"] = _("A token can last from 1 to 366 days.")
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_TOKENS_PER_USER:
        errors["name"] = _("You have too many tokens; revoke one you no longer use.")
    if errors:
        raise ValidationError(errors)
    raw, lookup = new_raw_token()
    expires_at = (
        timezone.now() + datetime.timedelta(days=expires_in_days) if expires_in_days else None
    )
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        lookup=lookup,
        key_hash=hash_token(raw),
        scopes=scopes,
        expires_at=expires_at,
    )
    return token, raw


def token_revoke(*, token: ApiToken, acting_user) -> ApiToken:
    if not can(acting_user, "api.revoke_token", token):
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_for_raw(raw: str) -> ApiToken | None:
    """The active token a raw value names, or None. Marks it used (at most once a minute)."""
    if not raw or not raw.startswith("ath_"):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
