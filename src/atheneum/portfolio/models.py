import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from atheneum.competencies.models import Competency
from atheneum.organisations.models import Organisation

from .enums import ActivityKind, IdeaApplied, LearningMode, QuotaKind, ReflectionTemplate


class Activity(models.Model):
    """One piece of CPD in a member's record. Private to the member unless they share it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cpd_activities",
        verbose_name=_("member"),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("type"), max_length=24, choices=ActivityKind.choices)
    mode = models.CharField(_("learning mode"), max_length=16, choices=LearningMode.choices)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    link = models.URLField(_("link"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=35, blank=True)
    description = models.TextField(_("notes"), max_length=5000, blank=True)
    competencies = models.ManyToManyField(
        Competency, related_name="activities", blank=True, verbose_name=_("competencies developed")
    )
    source_key = models.CharField(
        _("source key"),
        max_length=200,
        null=True,
        blank=True,
        help_text=_("Set when another part of Atheneum recorded this activity."),
    )
    reflection_requested = models.BooleanField(_("reflection requested"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "source_key"], name="one_activity_per_source_key"
            ),
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="activity_hours_positive"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="activity_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


def evidence_path(instance, filename: str) -> str:
    return f"evidence/{instance.activity.owner_id}/{secrets.token_hex(8)}/{filename}"


class Evidence(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("activity")
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name


class Reflection(models.Model):
    """A reflection on an activity. Parts hold Markdown; which parts exist depends on the template.

    3-2-1: part_1 three insights, part_2 two concepts to pursue, part_3 one idea to apply now.
    What? So what? Now what?: part_1, part_2, part_3 in that order. Free text: part_1 only.
    """

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="reflections", verbose_name=_("activity")
    )
    template = models.CharField(_("template"), max_length=8, choices=ReflectionTemplate.choices)
    part_1 = models.TextField(max_length=10_000)
    part_2 = models.TextField(max_length=10_000, blank=True)
    part_3 = models.TextField(max_length=10_000, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True, db_index=True)
    follow_up_sent_at = models.DateTimeField(null=True, blank=True)
    idea_applied = models.CharField(
        _("was the idea applied?"), max_length=8, choices=IdeaApplied.choices, blank=True
    )
    idea_applied_note = models.TextField(_("what happened"), max_length=5000, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")

    def __str__(self) -> str:
        return f"{self.get_template_display()} — {self.activity}"


class Requirement(models.Model):
    """A CPD rule: hours (and reflections) over a cycle of one or more years."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cpd_requirements",
        verbose_name=_("organisation"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cpd_requirements",
        verbose_name=_("member"),
        help_text=_("Set for a personal rule; empty for an organisation's rule."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    cycle_years = models.PositiveSmallIntegerField(_("cycle length in years"), default=1)
    cycle_start = models.DateField(_("first cycle starts"))
    total_hours = models.DecimalField(_("hours per cycle"), max_digits=7, decimal_places=2)
    min_reflections = models.PositiveSmallIntegerField(_("reflections per cycle"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("CPD requirement")
        verbose_name_plural = _("CPD requirements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | models.Q(owner__isnull=False),
                name="requirement_has_an_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name


class RequirementQuota(models.Model):
    """A sub-quota: at least N hours of one activity type, competency area or learning mode."""

    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("requirement")
    )
    kind = models.CharField(_("counts"), max_length=16, choices=QuotaKind.choices)
    value = models.CharField(
        _("which"),
        max_length=40,
        help_text=_("An activity type, a learning mode, or the id of a competency area."),
    )
    min_hours = models.DecimalField(_("at least hours"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("sub-quota")
        verbose_name_plural = _("sub-quotas")

    def __str__(self) -> str:
        return f"{self.kind}={self.value} ≥ {self.min_hours}"


class ManagerShare(models.Model):
    """A member lets the managers of their teams read their record (or one period of it)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portfolio_manager_shares"
    )
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("until"), null=True, blank=True)
    include_reflections = models.BooleanField(_("include reflections"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("share with managers")
        verbose_name_plural = _("shares with managers")

    def __str__(self) -> str:
        return f"{self.owner} → managers"


def _token() -> str:
    return secrets.token_urlsafe(32)


class ShareLink(models.Model):
    """A secret read-only link to a member's record (or one period of it); revocable."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portfolio_share_links"
    )
    label = models.CharField(_("label"), max_length=100, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("until"), null=True, blank=True)
    include_reflections = models.BooleanField(_("include reflections"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self) -> str:
        return self.label or self.token[:8]


class RequirementReminder(models.Model):
    """That a member was reminded of one rule in one cycle, so nobody is mailed twice."""

    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("rule")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_reminders"
    )
    cycle_start = models.DateField(_("cycle start"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("requirement reminder")
        verbose_name_plural = _("requirement reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "user", "cycle_start"], name="one_reminder_per_cycle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requirement} → {self.user} ({self.cycle_start})"
