"""Translation campaigns: a source document cut into segments, the languages wanted, the
volunteers who claim them, their segment translations, reviews and published versions.

One row per (campaign, language) holds that language's state, like a Weblate "translation";
one row per (language, segment) holds the current text, with a version number so that two
people saving the same segment at once cannot overwrite each other silently.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from atheneum.organisations.models import Organisation

from .enums import FileKind, LanguageState, Region


def _default_file_kinds() -> list[str]:
    return [FileKind.PDF, FileKind.PNG, FileKind.JPEG, FileKind.OFFICE]


class Campaign(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="translation_campaigns",
        verbose_name=_("organisation"),
    )
    supporters = models.ManyToManyField(
        Organisation,
        related_name="supported_campaigns",
        blank=True,
        verbose_name=_("supporting organisations"),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="coordinated_campaigns",
        blank=True,
        verbose_name=_("campaign organisers"),
        help_text=_("Besides the organisation's organisers, who also run this campaign."),
    )
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description (Markdown)"), max_length=20_000, blank=True)
    source_language = models.CharField(_("source language"), max_length=35, default="en")
    template_file = models.FileField(
        _("template file"),
        upload_to="translations/templates/",
        blank=True,
        help_text=_("The editable original, e.g. the poster's design file."),
    )
    preview_pdf = models.FileField(_("PDF preview"), upload_to="translations/previews/", blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    claim_release_days = models.PositiveSmallIntegerField(
        _("release a claim left untouched after (days)"), default=21
    )
    allowed_file_kinds = models.JSONField(
        _("file types accepted for translated files"), default=_default_file_kinds
    )
    max_upload_megabytes = models.PositiveSmallIntegerField(_("largest upload (MB)"), default=20)
    text_only = models.BooleanField(
        _("text-only document"),
        default=True,
        help_text=_("Published languages get a PDF generated from their segments."),
    )
    source_content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_object_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_object = GenericForeignKey("source_content_type", "source_object_id")
    is_published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("translation campaign")
        verbose_name_plural = _("translation campaigns")
        indexes = [models.Index(fields=["source_content_type", "source_object_id"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("translations:campaign", args=[self.slug])


class Segment(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="segments")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    source_text = models.TextField(_("source text"), max_length=5000)
    context = models.CharField(
        _("note for translators"),
        max_length=500,
        blank=True,
        help_text=_("Where the text appears (heading, slogan, footer…) or any limit on length."),
    )

    class Meta:
        ordering = ["campaign", "position", "pk"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self) -> str:
        return self.source_text[:60]


class GlossaryTerm(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="glossary")
    term = models.CharField(_("term"), max_length=200)
    explanation = models.CharField(_("explanation"), max_length=500, blank=True)

    class Meta:
        ordering = ["campaign", "term"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "term"], name="glossary_term_unique")
        ]

    def __str__(self) -> str:
        return self.term


class GlossaryTranslation(models.Model):
    term = models.ForeignKey(GlossaryTerm, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=35)
    text = models.CharField(_("translation"), max_length=200)

    class Meta:
        ordering = ["term", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "language"], name="one_glossary_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.term} ({self.language}): {self.text}"


class TargetLanguage(models.Model):
    """One language wanted by a campaign, with its state and its published version."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=35)
    region = models.CharField(_("region"), max_length=15, choices=Region.choices, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=LanguageState.choices, default=LanguageState.WANTED
    )
    uploaded_file = models.FileField(
        _("translated file"), upload_to="translations/uploads/", blank=True
    )
    uploaded_file_kind = models.CharField(max_length=10, choices=FileKind.choices, blank=True)
    uploaded_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    release_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["campaign", "language"]
        verbose_name = _("target language")
        verbose_name_plural = _("target languages")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "language"], name="one_target_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} → {self.language}"

    def get_absolute_url(self) -> str:
        return reverse("translations:language", args=[self.campaign.slug, self.language])


class Volunteer(models.Model):
    """A translator of one language of a campaign; exactly one per language leads."""

    target = models.ForeignKey(TargetLanguage, on_delete=models.CASCADE, related_name="volunteers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="translation_claims"
    )
    is_lead = models.BooleanField(_("lead translator"), default=False)
    credit = models.BooleanField(
        _("credit me by name"),
        default=True,
        help_text=_("Show your display name on the campaign and the published version."),
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_lead", "joined_at"]
        verbose_name = _("volunteer translator")
        verbose_name_plural = _("volunteer translators")
        constraints = [
            models.UniqueConstraint(fields=["target", "user"], name="one_claim_per_person"),
            models.UniqueConstraint(
                fields=["target"], condition=models.Q(is_lead=True), name="one_lead_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.target})"


class LanguageReviewer(models.Model):
    """Someone designated to review one language of a campaign (besides its organisers)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reviewers")
    language = models.CharField(_("language"), max_length=35)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="translation_reviews"
    )

    class Meta:
        ordering = ["campaign", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "language", "user"], name="one_reviewer_designation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} reviews {self.language}"


class SegmentTranslation(models.Model):
    target = models.ForeignKey(
        TargetLanguage, on_delete=models.CASCADE, related_name="segment_translations"
    )
    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="translations")
    text = models.TextField(_("translation"), max_length=10_000, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["target", "segment"], name="one_translation_per_segment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.segment_id}"


class ReviewComment(models.Model):
    target = models.ForeignKey(TargetLanguage, on_delete=models.CASCADE, related_name="comments")
    segment = models.ForeignKey(
        Segment, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=3000)
    resolved = models.BooleanField(_("resolved"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self) -> str:
        return self.text[:60]


class StateChange(models.Model):
    """Every change of a language's state: the history behind the coverage chart."""

    target = models.ForeignKey(TargetLanguage, on_delete=models.CASCADE, related_name="history")
    state = models.CharField(max_length=20, choices=LanguageState.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.target}: {self.state}"
