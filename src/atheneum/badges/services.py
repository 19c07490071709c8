"""Issuing and revoking Open Badges 3.0 credentials."""

import datetime
import hashlib
import logging
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from atheneum.organisations.rules import can

from . import signing
from .achievements import Achievement, achievement_for
from .models import Credential

logger = logging.getLogger(__name__)

VC_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
MAX_REASON = 500


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def issuer_url(organisation) -> str:
    return absolute_url(reverse("badges:issuer", args=[organisation.slug]))


def issuer_profile(organisation) -> dict:
    """The issuer's OB 3.0 Profile, as embedded in credentials and served at its URL."""
    return {
        "id": issuer_url(organisation),
        "type": ["Profile"],
        "name": organisation.name,
        "url": absolute_url(organisation.get_absolute_url()),
    }


def _identity(email: str) -> dict:
    """The recipient as a salted SHA-256 of the e-mail address: never the address itself."""
    salt = secrets.token_hex(8)
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityType": "emailAddress",
        "hashed": True,
        "identityHash": f"sha256${digest}",
        "salt": salt,
    }


def _as_utc(moment) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_claims(*, credential_id: uuid.UUID, achievement: Achievement, recipient, issued_at):
    """The VC-JWT claims: `iss`, `jti`, `sub`, `nbf` and the OpenBadgeCredential as `vc`."""
    organisation = achievement.organisation
    identity = _identity(recipient.email)
    credential_urn = f"urn:uuid:{credential_id}"
    vc = {
        "@context": VC_CONTEXT,
        "id": credential_urn,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement.name,
        "issuer": issuer_profile(organisation),
        "validFrom": _as_utc(issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [identity],
            "achievement": {
                "id": achievement.url,
                "type": ["Achievement"],
                "name": achievement.name,
                "description": achievement.description,
                "criteria": {"narrative": achievement.criteria},
                "image": {
                    "id": absolute_url(reverse("badges:image", args=[credential_id])),
                    "type": "Image",
                },
                "inLanguage": achievement.language,
            },
        },
        "credentialStatus": {
            "id": absolute_url(reverse("badges:revocations", args=[organisation.slug])),
            "type": "1EdTechRevocationList",
        },
    }
    return {
        "iss": vc["issuer"]["id"],
        "jti": credential_urn,
        "sub": identity["identityHash"],
        "nbf": int(issued_at.timestamp()),
        "iat": int(issued_at.timestamp()),
        "vc": vc,
    }


def credential_issue(
    *, recipient, achievement: Achievement, issued_at=None
) -> tuple[Credential, bool]:
    """Issues the achievement to the recipient once: a second call returns the first credential."""
    existing = Credential.objects.filter(
        recipient=recipient, achievement_key=achievement.key
    ).first()
    if existing is not None:
        return existing, False
    key = signing.issuer_key_for(achievement.organisation)
    credential_id = uuid.uuid4()
    issued_at = (issued_at or timezone.now()).replace(microsecond=0)
    claims = build_claims(
        credential_id=credential_id,
        achievement=achievement,
        recipient=recipient,
        issued_at=issued_at,
    )
    try:
        with transaction.atomic():
            credential = Credential.objects.create(
                id=credential_id,
                organisation=achievement.organisation,
                recipient=recipient,
                achievement_key=achievement.key,
                achievement_name=achievement.name[:300],
                achievement_description=achievement.description,
                criteria=achievement.criteria,
                language=achievement.language,
                issued_at=issued_at,
                jwt=signing.sign(key=key, claims=claims),
            )
    except IntegrityError:
        return Credential.objects.get(recipient=recipient, achievement_key=achievement.key), False
    return credential, True


def credential_issue_for_source(*, recipient, source_key: str) -> Credential | None:
    """Issues what a portfolio source key earns, in the recipient's language; None if nothing."""
    language = recipient.interface_language or settings.LANGUAGE_CODE
    achievement = achievement_for(source_key=source_key, language=language)
    if achievement is None:
        return None
    credential, _created = credential_issue(recipient=recipient, achievement=achievement)
    return credential


@transaction.atomic
def credential_revoke(*, credential: Credential, reason: str, acting_user) -> Credential:
    """Revokes a credential for good; verifiers see the date and the reason."""
    if not can(acting_user, "badges.revoke_credential", credential):
        raise PermissionDenied
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    reason = (reason or "").strip()
    if credential.revoked_at is not None:
        raise ValidationError({"reason": _("This badge has already been revoked.")})
    if not reason:
        raise ValidationError({"reason": _("Please say why the badge is revoked.")})
    if len(reason) > MAX_REASON:
        message = _("Please keep the reason under %(count)d characters.") % {"count": MAX_REASON}
        raise ValidationError({"reason": message})
    credential.revoked_at = timezone.now()
    credential.revocation_reason = reason
    credential.revoked_by = acting_user
    credential.save(update_fields=["revoked_at", "revocation_reason", "revoked_by"])
    return credential
