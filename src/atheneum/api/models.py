import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "ath_"  # noqa: S105 - a label, not a secret


def hash_token(raw: str) -> str:
    """Tokens are random (256 bits), so one round of SHA-256 is enough; they are never stored."""
    return hashlib.sha256(raw.encode()).hexdigest()


def new_raw_token() -> tuple[str, str]:
    """A fresh token and its public prefix (shown in lists so a member can tell tokens apart)."""
    lookup = secrets.token_hex(4)
    return f"{TOKEN_PREFIX}{lookup}_{secrets.token_urlsafe(32)}", lookup


class ApiToken(models.Model):
    """A personal access token: named, scoped, revocable, stored only as a hash."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    lookup = models.CharField(max_length=8, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("personal access token")
        verbose_name_plural = _("personal access tokens")

    def __str__(self) -> str:
        # Used as the rate-limit key: one bucket per token.
        return f"token:{self.pk}"

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
