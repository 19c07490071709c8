"""Conferences: events, their multilingual texts, sessions, registration, attendance, proposals."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from atheneum.competencies.models import Competency
from atheneum.organisations.models import Organisation

from .enums import (
    AttendanceMode,
    AttendanceSource,
    EventStatus,
    ProposalStatus,
    QuestionKind,
    RecordingVisibility,
    RegistrationStatus,
    SessionKind,
)


def _token() -> str:
    return secrets.token_urlsafe(32)


class Event(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="events", verbose_name=_("organiser")
    )
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    default_language = models.CharField(_("main language"), max_length=10, default="en")
    languages = models.JSONField(
        _("languages offered"), default=list, help_text=_("Language codes, e.g. en, es.")
    )
    time_zone = models.CharField(_("time zone of the event"), max_length=64, default="UTC")
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    mode = models.CharField(
        _("format"), max_length=12, choices=AttendanceMode.choices, default=AttendanceMode.ONLINE
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    status = models.CharField(
        _("status"), max_length=14, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    code_of_conduct_url = models.URLField(_("code of conduct"), blank=True)
    recordings_visibility = models.CharField(
        _("who may watch recordings"),
        max_length=12,
        choices=RecordingVisibility.choices,
        default=RecordingVisibility.MEMBERS,
    )
    meeting_link_minutes_before = models.PositiveSmallIntegerField(
        _("show meeting links this many minutes before a session"), default=15
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="event_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.slug


class EventText(models.Model):
    """An event's title, summary and description in one language (one row per language)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    description = models.TextField(_("description (Markdown)"), max_length=20_000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "language"], name="one_event_text_per_language"
            )
        ]

    def __str__(self) -> str:
        return self.title


class EventPartner(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="event-partners/", blank=True)
    logo_alt = models.CharField(_("logo text alternative"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class FaqEntry(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="faq")
    language = models.CharField(_("language"), max_length=10)
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer (Markdown)"), max_length=5000)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.question


class Track(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Speaker(models.Model):
    """A speaker's public profile; linked to an account when the speaker has one."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="speakers",
        help_text=_("The event whose organisers look after this profile."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speaker_profiles",
    )
    name = models.CharField(_("name"), max_length=150)
    bio = models.TextField(_("bio"), max_length=3000, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    photo = models.ImageField(_("photo"), upload_to="speakers/", blank=True)
    photo_alt = models.CharField(_("photo text alternative"), max_length=200, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    track = models.ForeignKey(
        Track, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    kind = models.CharField(_("type"), max_length=10, choices=SessionKind.choices)
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    room = models.CharField(_("room or channel"), max_length=100, blank=True)
    languages = models.JSONField(_("given in"), default=list)
    interpreted_into = models.JSONField(_("interpreted into"), default=list, blank=True)
    meeting_url = models.URLField(_("meeting link"), max_length=500, blank=True)
    speakers = models.ManyToManyField(Speaker, related_name="sessions", blank=True)
    competencies = models.ManyToManyField(Competency, related_name="event_sessions", blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    check_in_code = models.CharField(_("check-in code"), max_length=12, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="session_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return str(self.uid)


class SessionText(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(_("title"), max_length=300)
    abstract = models.TextField(_("abstract (Markdown)"), max_length=10_000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "language"], name="one_session_text_per_language"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Recording(models.Model):
    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="recording")
    url = models.URLField(_("video link"), max_length=500)
    captions = models.FileField(_("captions file (WebVTT)"), upload_to="captions/", blank=True)
    transcript = models.TextField(_("transcript"), max_length=200_000, blank=True)
    transcript_file = models.FileField(_("transcript file"), upload_to="transcripts/", blank=True)
    published_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.url


class RegistrationForm(models.Model):
    """The registration form in one language; an event has one per language it offers."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registration_forms")
    language = models.CharField(_("language"), max_length=10)
    introduction = models.TextField(_("introduction"), max_length=5000, blank=True)
    is_open = models.BooleanField(_("open"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "language"], name="one_form_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.event} ({self.language})"


class Question(models.Model):
    form = models.ForeignKey(RegistrationForm, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    form = models.ForeignKey(RegistrationForm, on_delete=models.PROTECT, related_name="+")
    follow_language = models.CharField(_("I will follow sessions in"), max_length=10)
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices)
    answers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~models.Q(status="cancelled"),
                name="one_active_registration_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.event} ({self.status})"


class AgendaItem(models.Model):
    """A session an attendee plans to attend ("my agenda")."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="agenda")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"], name="one_agenda_item")
        ]

    def __str__(self) -> str:
        return f"{self.registration} → {self.session}"


class CalendarFeedToken(models.Model):
    """The secret in a member's subscribable "my agenda" feed URL; revocable."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.token[:8]


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_attendances"
    )
    source = models.CharField(_("source"), max_length=10, choices=AttendanceSource.choices)
    minutes = models.PositiveIntegerField(_("minutes attended"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_attendance_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.user} attended {self.session}"


class Proposal(models.Model):
    """A proposal sent to an event's call for speakers."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="proposals")
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_proposals"
    )
    title = models.CharField(_("title"), max_length=300)
    abstract = models.TextField(_("abstract (Markdown)"), max_length=10_000)
    language = models.CharField(_("language"), max_length=10)
    kind = models.CharField(_("session type"), max_length=10, choices=SessionKind.choices)
    competencies = models.ManyToManyField(Competency, related_name="+", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    session = models.OneToOneField(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return self.title


class Review(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_reviews"
    )
    score = models.PositiveSmallIntegerField(_("score (1–5)"))
    comment = models.TextField(_("comment"), max_length=5000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reviewer"], name="one_review_per_reviewer"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.score}"
