import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from atheneum.organisations.models import Organisation

from .enums import CompetencyKind, RatingKind, RatingSource


class Framework(models.Model):
    """A competency framework: an organisation's own, or one published for everyone."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="frameworks",
        verbose_name=_("owner organisation"),
        help_text=_("Empty for a framework published for everyone."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    description = models.TextField(_("description"), max_length=10_000, blank=True)
    language = models.CharField(_("source language"), max_length=35, default="en")
    version = models.CharField(_("version"), max_length=40, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    uses_manager_ratings = models.BooleanField(
        _("managers rate too"),
        default=False,
        help_text=_("Managers may record their own rating beside each member's self-assessment."),
    )
    case_identifier = models.UUIDField(_("CASE identifier"), default=uuid.uuid4, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")

    def __str__(self) -> str:
        return self.title


class ProficiencyLevel(models.Model):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="levels", verbose_name=_("framework")
    )
    value = models.PositiveSmallIntegerField(_("value"))
    label = models.CharField(_("label"), max_length=80)
    description = models.TextField(_("description"), max_length=2000, blank=True)

    class Meta:
        ordering = ["framework", "value"]
        verbose_name = _("proficiency level")
        verbose_name_plural = _("proficiency levels")
        constraints = [
            models.UniqueConstraint(fields=["framework", "value"], name="one_level_per_value")
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.label}"


class Competency(models.Model):
    """An area, competency or indicator; areas hold competencies, competencies hold indicators."""

    framework = models.ForeignKey(
        Framework,
        on_delete=models.CASCADE,
        related_name="competencies",
        verbose_name=_("framework"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=CompetencyKind.choices, default=CompetencyKind.COMPETENCY
    )
    code = models.CharField(_("code"), max_length=40, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    case_identifier = models.UUIDField(_("CASE identifier"), default=uuid.uuid4)

    class Meta:
        ordering = ["framework", "position", "pk"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "case_identifier"], name="competency_case_id_unique"
            )
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk}"


class CompetencyText(models.Model):
    """A competency's name and description in one language (one row per language)."""

    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="texts", verbose_name=_("competency")
    )
    language = models.CharField(_("language"), max_length=35)
    title = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("competency text")
        verbose_name_plural = _("competency texts")
        constraints = [
            models.UniqueConstraint(fields=["competency", "language"], name="one_text_per_language")
        ]

    def __str__(self) -> str:
        return self.title


class Rating(models.Model):
    """One dated rating of one person on one competency: the history is every row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="competency_ratings",
        verbose_name=_("person rated"),
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("competency")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=RatingKind.choices)
    source = models.CharField(
        _("rated by"), max_length=10, choices=RatingSource.choices, default=RatingSource.SELF
    )
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("rater"),
    )
    level = models.PositiveSmallIntegerField(_("level"))
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("rated"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        indexes = [models.Index(fields=["user", "competency", "kind", "source", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.competency} {self.kind}={self.level}"


class RatingSharing(models.Model):
    """Whether a person lets the managers of their teams see their ratings by name."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rating_sharing"
    )
    share_with_managers = models.BooleanField(_("share my ratings with my managers"), default=False)

    def __str__(self) -> str:
        return f"{self.user}: {self.share_with_managers}"


class RatingEvidence(models.Model):
    """A portfolio activity offered as evidence for a rating."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="evidence_links")
    activity = models.ForeignKey(
        "portfolio.Activity", on_delete=models.CASCADE, related_name="rating_evidence"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rating", "activity"], name="one_link_per_activity")
        ]

    def __str__(self) -> str:
        return f"{self.rating} ← {self.activity}"


def competency_title(competency: Competency, language: str) -> str:
    """The competency's name in `language`, else in its framework's language, else any.

    Uses `competency.texts.all()`, so prefetch `texts` when listing many.
    """
    texts = list(competency.texts.all())
    for wanted in (
        language,
        language.split("-", maxsplit=1)[0],
        competency.framework.language,
        "en",
    ):
        for text in texts:
            if text.language.lower() == wanted.lower():
                return text.title
    return texts[0].title if texts else str(competency)
