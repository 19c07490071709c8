"""Reads: a member's badges, an organisation's issued badges, and verification."""

import uuid
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from atheneum.organisations.models import Organisation
from atheneum.organisations.rules import can

from . import signing
from .models import Credential, IssuerKey


class Status:
    VALID = "valid"
    REVOKED = "revoked"
    INVALID = "invalid"


def credentials_of(*, user) -> QuerySet[Credential]:
    return Credential.objects.filter(recipient=user).select_related("organisation")


def credential_get(*, pk) -> Credential:
    """Any credential by its unguessable id (verification and downloads are public)."""
    credential = (
        Credential.objects.select_related("organisation", "recipient").filter(pk=pk).first()
    )
    if credential is None:
        raise Http404
    return credential


def organisation_get(*, slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return organisation


def organisation_get_for_organiser(*, user, slug: str) -> Organisation:
    """The organisation whose issued badges `user` may see; 404 for everyone else."""
    organisation = organisation_get(slug=slug)
    if not can(user, "badges.view_issued", organisation):
        raise Http404
    return organisation


def credentials_issued_by(*, organisation: Organisation) -> QuerySet[Credential]:
    return (
        Credential.objects.filter(organisation=organisation)
        .select_related("recipient")
        .order_by("-issued_at", "pk")
    )


def revoked_credentials(*, organisation: Organisation) -> QuerySet[Credential]:
    return (
        Credential.objects.filter(organisation=organisation, revoked_at__isnull=False)
        .only("id", "revoked_at", "revocation_reason")
        .order_by("revoked_at", "pk")
    )


def issuer_key(*, organisation: Organisation) -> IssuerKey | None:
    keys = IssuerKey.objects.select_related("organisation")
    return keys.filter(organisation=organisation).first()


@dataclass
class Verification:
    status: str
    credential: Credential | None = None
    claims: dict | None = None
    problem: str = ""

    @property
    def achievement(self) -> dict:
        vc = (self.claims or {}).get("vc") or {}
        return (vc.get("credentialSubject") or {}).get("achievement") or {}


def verify(token: str) -> Verification:
    """Whether a VC-JWT is a credential issued here: signature by the issuer's key, the
    credential on record with the same issuer, and not revoked."""
    checked = signing.check(token)
    if not checked.signature_valid:
        return Verification(status=Status.INVALID, problem=checked.error)
    claims = checked.claims
    jti = str(claims.get("jti", ""))
    try:
        pk = uuid.UUID(jti.removeprefix("urn:uuid:"))
    except ValueError:
        return Verification(status=Status.INVALID, claims=claims, problem="unknown_credential")
    credential = (
        Credential.objects.select_related("organisation", "recipient")
        .filter(pk=pk, organisation_id=checked.key.organisation_id)
        .first()
    )
    if credential is None:
        return Verification(status=Status.INVALID, claims=claims, problem="unknown_credential")
    if credential.revoked_at is not None:
        return Verification(status=Status.REVOKED, credential=credential, claims=claims)
    return Verification(status=Status.VALID, credential=credential, claims=claims)


def badges_data_for_user(*, user) -> dict:
    """The member's badges for their data download, each with its signed credential."""
    return {
        "badges": [
            {
                "id": str(credential.pk),
                "achievement": credential.achievement_name,
                "issuer": credential.organisation.name,
                "issued": credential.issued_at.isoformat(),
                "revoked": credential.revoked_at.isoformat() if credential.revoked_at else None,
                "credential_jwt": credential.jwt,
            }
            for credential in Credential.objects.filter(recipient=user)
            .select_related("organisation")
            .order_by("issued_at", "pk")
        ]
    }
