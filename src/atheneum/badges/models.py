"""Open Badges 3.0 credentials issued here, and the key each organisation signs them with."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from atheneum.organisations.models import Organisation


class IssuerKey(models.Model):
    """An organisation's Ed25519 signing key, made the first time it issues a badge."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="badge_key",
        verbose_name=_("organisation"),
    )
    kid = models.CharField(_("key id"), max_length=64, unique=True)
    private_key_pem = models.TextField(_("private key (PEM)"))
    public_key_pem = models.TextField(_("public key (PEM)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("issuer key")
        verbose_name_plural = _("issuer keys")

    def __str__(self) -> str:
        return self.kid


class Credential(models.Model):
    """One achievement awarded to one member: a signed OpenBadgeCredential (VC-JWT)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="badge_credentials",
        verbose_name=_("issuer"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="badge_credentials",
        verbose_name=_("recipient"),
    )
    achievement_key = models.CharField(_("achievement"), max_length=100)
    achievement_name = models.CharField(_("achievement name"), max_length=300)
    achievement_description = models.TextField(_("achievement description"), blank=True)
    criteria = models.TextField(_("criteria"), blank=True)
    language = models.CharField(_("language"), max_length=35, default="en")
    issued_at = models.DateTimeField(_("issued"), db_index=True)
    jwt = models.TextField(_("signed credential (VC-JWT)"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revoking"), max_length=500, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-issued_at", "pk"]
        verbose_name = _("badge credential")
        verbose_name_plural = _("badge credentials")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "achievement_key"], name="one_badge_per_achievement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.achievement_name} ({self.id})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
