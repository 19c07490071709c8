"""Self-paced modules (topics, media, a self-assessment) and "train the trainer" kits.

A module's content is edited in place; `version_major`/`version_minor` say how much changed.
Learners keep their progress across minor versions; a new major version asks them to review.
Exercise answers and self-assessment attempts belong to the learner alone.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from atheneum.competencies.models import Competency
from atheneum.organisations.models import Organisation

from .enums import KitPartKind, Level, Licence, MediaKind, ModuleStatus, QuestionKind


def _certificate_code() -> str:
    return secrets.token_urlsafe(12)


class Module(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="modules",
        verbose_name=_("organisation"),
    )
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500)
    introduction = models.TextField(_("introduction (Markdown)"), max_length=20_000, blank=True)
    objectives = models.TextField(
        _("learning objectives"),
        max_length=5000,
        blank=True,
        help_text=_("One objective per line."),
    )
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated time in minutes"), default=60)
    level = models.CharField(
        _("level"), max_length=12, choices=Level.choices, default=Level.INTRODUCTORY
    )
    language = models.CharField(_("language"), max_length=35, default="en")
    translation_group = models.UUIDField(
        _("translation group"),
        default=uuid.uuid4,
        db_index=True,
        help_text=_("Modules that are translations of each other share this value."),
    )
    derived_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="derivatives",
        verbose_name=_("copied from"),
    )
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="authored_modules",
        blank=True,
        verbose_name=_("authors"),
    )
    credits = models.CharField(
        _("credits"),
        max_length=500,
        blank=True,
        help_text=_("Authors and contributors without an account here, and the original's credit."),
    )
    is_partner = models.BooleanField(
        _("from a partner organisation"),
        default=False,
        help_text=_("Shown with a partner mark in the catalogue."),
    )
    competencies = models.ManyToManyField(
        Competency, related_name="modules", blank=True, verbose_name=_("competencies developed")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ModuleStatus.choices, default=ModuleStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    version_major = models.PositiveSmallIntegerField(_("major version"), default=1)
    version_minor = models.PositiveSmallIntegerField(_("minor version"), default=0)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (per cent)"),
        default=70,
        help_text=_("The share of self-assessment points needed to pass."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark__lte=100), name="module_pass_mark_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:module", args=[self.slug])

    @property
    def version(self) -> str:
        return f"{self.version_major}.{self.version_minor}"


class Topic(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="topics")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"), max_length=50_000, blank=True)
    examples = models.TextField(_("examples (Markdown)"), max_length=20_000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["module", "position", "pk"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.title


class Exercise(models.Model):
    """An activity inside a topic: a prompt, answered privately by each learner if they wish."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="exercises")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    prompt = models.TextField(_("prompt (Markdown)"), max_length=5000)
    expects_answer = models.BooleanField(_("offer a space to write an answer"), default=True)

    class Meta:
        ordering = ["topic", "position", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.prompt[:60]


class ExerciseAnswer(models.Model):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exercise_answers"
    )
    text = models.TextField(_("your answer"), max_length=10_000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["exercise", "user"], name="one_answer_per_exercise")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.exercise_id}"


class Media(models.Model):
    """A video or recording. A module can't be published while one lacks captions or transcript."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="media")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(
        _("kind"), max_length=5, choices=MediaKind.choices, default=MediaKind.VIDEO
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="learning/media/", blank=True)
    captions = models.FileField(
        _("captions file (WebVTT)"), upload_to="learning/captions/", blank=True
    )
    captions_language = models.CharField(_("captions language"), max_length=35, default="en")
    transcript = models.TextField(_("transcript"), max_length=200_000, blank=True)

    class Meta:
        ordering = ["topic", "position", "pk"]
        verbose_name = _("media")
        verbose_name_plural = _("media")

    def __str__(self) -> str:
        return self.title

    @property
    def is_accessible(self) -> bool:
        return bool(self.captions) and bool(self.transcript.strip())


class Resource(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="resources")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="learning/resources/", blank=True)

    class Meta:
        ordering = ["topic", "position", "pk"]
        verbose_name = _("related resource")
        verbose_name_plural = _("related resources")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.TextField(_("question"), max_length=2000)
    feedback = models.TextField(
        _("feedback after answering"),
        max_length=2000,
        blank=True,
        help_text=_("Shown once the learner has answered, whatever they chose."),
    )

    class Meta:
        ordering = ["module", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_scored(self) -> bool:
        return self.kind != QuestionKind.REFLECTION


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("answer"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback = models.TextField(_("feedback for this answer"), max_length=1000, blank=True)

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("answer choice")
        verbose_name_plural = _("answer choices")

    def __str__(self) -> str:
        return self.text


class Enrolment(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    last_topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version_major_seen = models.PositiveSmallIntegerField(default=1)
    best_score = models.PositiveSmallIntegerField(_("best score (per cent)"), null=True, blank=True)
    passed_at = models.DateTimeField(_("passed"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True, db_index=True)
    certificate_code = models.CharField(
        max_length=32, unique=True, null=True, blank=True, editable=False
    )
    share_with_managers = models.BooleanField(
        _("share my score with my managers"),
        default=False,
        help_text=_("Otherwise managers see only totals for the team, never your answers."),
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["module", "user"], name="one_enrolment_per_module")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.module}"

    @property
    def needs_review(self) -> bool:
        return self.version_major_seen < self.module.version_major

    @staticmethod
    def new_certificate_code() -> str:
        return _certificate_code()


class TopicProgress(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "topic"], name="one_progress_per_topic")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.topic_id}"


class Attempt(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    submitted_at = models.DateTimeField(auto_now_add=True)
    score = models.PositiveSmallIntegerField(_("score (per cent)"))
    passed = models.BooleanField(_("passed"))

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.score}%"


class AttemptAnswer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    choices = models.ManyToManyField(Choice, related_name="+", blank=True)
    text = models.TextField(max_length=5000, blank=True)
    correct = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}: {self.question_id}"


class Kit(models.Model):
    """A "train the trainer" kit: everything needed to run a workshop or course of one's own."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="kits", verbose_name=_("organisation")
    )
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose (Markdown)"), max_length=10_000)
    audience = models.CharField(_("audience"), max_length=300)
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=120)
    language = models.CharField(_("language"), max_length=35, default="en")
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY
    )
    credits = models.CharField(_("credits"), max_length=500, blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("training kit")
        verbose_name_plural = _("training kits")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:kit", args=[self.slug])


class KitSession(models.Model):
    """One session of a kit's outline, with its timing and outcomes."""

    kit = models.ForeignKey(Kit, on_delete=models.CASCADE, related_name="outline")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=60)
    outcomes = models.TextField(
        _("learning outcomes"), max_length=3000, blank=True, help_text=_("One per line.")
    )
    plan = models.TextField(_("plan (Markdown)"), max_length=20_000, blank=True)

    class Meta:
        ordering = ["kit", "position", "pk"]
        verbose_name = _("outline session")
        verbose_name_plural = _("outline sessions")

    def __str__(self) -> str:
        return self.title


class KitPart(models.Model):
    kit = models.ForeignKey(Kit, on_delete=models.CASCADE, related_name="parts")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=KitPartKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"), max_length=50_000, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="learning/kits/", blank=True)

    class Meta:
        ordering = ["kit", "position", "pk"]
        verbose_name = _("kit part")
        verbose_name_plural = _("kit parts")

    def __str__(self) -> str:
        return self.title


class KitWorkshop(models.Model):
    """A kit scheduled as a workshop: the event session it created."""

    kit = models.ForeignKey(Kit, on_delete=models.CASCADE, related_name="workshops")
    session = models.OneToOneField(
        "events.Session", on_delete=models.CASCADE, related_name="kit_workshop"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.kit} → {self.session_id}"
