"""Basic authentication with a Credential (key:secret), and its rate limit.

The secret is stored as SHA-256 (secrets are random, like API tokens, so one round is enough)
and compared in constant time. Each credential has its own django-ratelimit bucket sized by
`settings.XAPI_RATE_LIMIT` ("6000/m", "100/s", "50000/h", "1000/d").
"""

import base64
import binascii
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django_ratelimit.core import get_usage

from atheneum.api.models import hash_token

from .models import Credential

LAST_USED_EVERY = 60  # seconds: note use at most once a minute, not on every request


class Unauthorized(Exception):
    """No, wrong or revoked credentials."""


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    retry_after: int = 0


def credential_from_request(request) -> Credential:
    """The active credential named by the request's Basic header, or Unauthorized."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        raise Unauthorized
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as error:
        raise Unauthorized from error
    key, sep, secret = decoded.partition(":")
    if not sep or not key or not secret:
        raise Unauthorized
    credential = Credential.objects.select_related("user", "organisation").filter(key=key).first()
    if credential is None or credential.revoked_at is not None:
        raise Unauthorized
    if not hmac.compare_digest(credential.secret_hash, hash_token(secret)):
        raise Unauthorized
    if credential.user_id is not None and not credential.user.is_active:
        raise Unauthorized
    now = timezone.now()
    if credential.last_used_at is None or (now - credential.last_used_at).total_seconds() > (
        LAST_USED_EVERY
    ):
        Credential.objects.filter(pk=credential.pk).update(last_used_at=now)
        credential.last_used_at = now
    return credential


def rate_limit(request, credential: Credential) -> RateDecision:
    """Counts one request in the credential's bucket (django-ratelimit, in the cache)."""
    usage = get_usage(
        request,
        group="xapi",
        key=lambda _group, _request: f"xapi-key:{credential.pk}",
        rate=settings.XAPI_RATE_LIMIT,
        increment=True,
    )
    if usage and usage["should_limit"]:
        return RateDecision(False, max(1, int(usage["time_left"])))
    return RateDecision(True)
