"""Basic authentication with a Credential (key:secret), and its rate limit.

The secret is stored as SHA-256 (secrets are random, like API tokens, so one round is enough)
and compared in constant time. Each credential has one cache bucket per time window sized by
`settings.XAPI_RATE_LIMIT` ("6000/min", "100/s", "50000/hour", "1000/day").
"""

import base64
import binascii
import hmac
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from atheneum.api.models import hash_token

from .models import Credential

LAST_USED_EVERY = 60  # seconds: note use at most once a minute, not on every request
PERIODS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600,
           "hour": 3600, "d": 86400, "day": 86400}  # fmt: skip


class Unauthorized(Exception):
    """No, wrong or revoked credentials."""


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    retry_after: int = 0


def parse_rate(rate: str) -> tuple[int, int]:
    """ "6000/min" -> (6000, 60)."""
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period.strip().lower()]


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


def rate_limit(credential: Credential) -> RateDecision:
    """Counts one request in the credential's bucket for the current window."""
    limit, period = parse_rate(settings.XAPI_RATE_LIMIT)
    now = time.time()
    window = int(now // period)
    key = f"xapi-rate:{credential.pk}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    if count > limit:
        return RateDecision(False, max(1, math.ceil((window + 1) * period - now)))
    return RateDecision(True)
