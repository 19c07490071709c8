import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from atheneum.portfolio.enums import ActivityKind


class Credential(models.Model):
    """A Basic-auth key a learning tool uses to send statements: for one member (statements about
    them only) or for an organisation (statements about its members). The secret is stored hashed
    and shown once."""

    name = models.CharField(_("name"), max_length=100)
    key = models.CharField(_("key"), max_length=40, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="xapi_credentials",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="xapi_credentials",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(organisation__isnull=True))
                | (Q(user__isnull=True) & Q(organisation__isnull=False)),
                name="xapi_credential_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"xapi-key:{self.pk}"


class Statement(models.Model):
    """A statement received (or written by Atheneum itself), kept as stored.

    `data` is the full statement with `id`, `stored`, `authority` and `version` filled in;
    `fingerprint` hashes the parts the spec compares when the same id arrives twice.
    """

    id = models.UUIDField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="xapi_statements"
    )
    credential = models.ForeignKey(
        Credential, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    verb_id = models.CharField(max_length=500, db_index=True)
    object_id = models.CharField(max_length=2048, blank=True)
    data = models.JSONField()
    fingerprint = models.CharField(max_length=64)
    timestamp = models.DateTimeField()
    stored = models.DateTimeField(db_index=True)
    voided = models.BooleanField(default=False)
    # For a voiding statement: the id of the statement it voids.
    voids = models.UUIDField(null=True, blank=True, db_index=True)
    activity = models.ForeignKey(
        "portfolio.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="xapi_statements",
    )
    reflection = models.ForeignKey(
        "portfolio.Reflection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="xapi_statements",
    )

    class Meta:
        ordering = ["-stored", "-pk"]
        indexes = [models.Index(fields=["user", "-stored"], name="xapi_stmt_user_stored")]

    def __str__(self) -> str:
        return str(self.id)


class ActivityMap(models.Model):
    """How an organisation's learning tools' activities count: statements whose object id starts
    with `iri_prefix` become activities of `kind` evidencing `competencies`."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="xapi_activity_maps"
    )
    iri_prefix = models.CharField(_("activity id starts with"), max_length=500)
    kind = models.CharField(
        _("type"), max_length=24, choices=ActivityKind.choices, default=ActivityKind.COURSE
    )
    competencies = models.ManyToManyField(
        "competencies.Competency", blank=True, related_name="+", verbose_name=_("competencies")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["iri_prefix", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "iri_prefix"], name="xapi_map_unique_prefix"
            )
        ]

    def __str__(self) -> str:
        return self.iri_prefix


class XapiVersion(models.TextChoices):
    V1_0_3 = "1.0.3", "1.0.3"
    V2_0_0 = "2.0.0", "2.0.0"


class Destination(models.Model):
    """An external learning record store an organisation sends its members' Atheneum learning
    to (attendance, completion, coaching, translation)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="xapi_destinations"
    )
    name = models.CharField(_("name"), max_length=100)
    endpoint = models.URLField(_("statements endpoint"), max_length=500)
    username = models.CharField(_("user name (key)"), max_length=200)
    # Stored as given: the store needs it back to authenticate. Restrict database access.
    password = models.CharField(_("password (secret)"), max_length=500)
    version = models.CharField(
        _("xAPI version"), max_length=8, choices=XapiVersion.choices, default=XapiVersion.V1_0_3
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One statement on its way to one destination; unique, so a repeated send is a no-op."""

    destination = models.ForeignKey(
        Destination, on_delete=models.CASCADE, related_name="deliveries"
    )
    statement_id = models.UUIDField(default=uuid.uuid4)
    payload = models.JSONField()
    state = models.CharField(
        max_length=8, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["destination", "statement_id"], name="xapi_delivery_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.destination_id}:{self.statement_id}"
