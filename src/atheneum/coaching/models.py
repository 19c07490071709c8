"""Coaching programmes, rounds, volunteer coaches, their slots, and coachees' bookings.

Times are stored in UTC; every coach and round keeps its IANA time zone so slots are cut and
shown in local time. A booking copies its slot's coach, start and end so the database itself can
refuse two live bookings of one slot (a partial unique constraint, everywhere) and two
overlapping live bookings of one coach (a PostgreSQL exclusion constraint, added in migration
0002 on PostgreSQL only).
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from atheneum.competencies.models import Competency
from atheneum.organisations.models import Organisation

from .enums import (
    ApplicationStatus,
    BookingStatus,
    CoachStatus,
    LinkMode,
    RequestStatus,
    SessionOutcome,
)

LIVE_BOOKING = ~models.Q(status=BookingStatus.CANCELLED)


class Programme(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="coaching_programmes",
        verbose_name=_("organisation"),
    )
    partners = models.ManyToManyField(
        Organisation,
        related_name="partner_coaching_programmes",
        blank=True,
        verbose_name=_("partner organisations"),
    )
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description (Markdown)"), max_length=20_000, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("coaching programme")
        verbose_name_plural = _("coaching programmes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coaching:programme", args=[self.slug])


class PreparationGuide(models.Model):
    """The coachee preparation guide in one language; one row per language."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="guides")
    language = models.CharField(_("language"), max_length=35)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"), max_length=50_000)
    steps = models.TextField(
        _("preparation steps"),
        max_length=3000,
        blank=True,
        help_text=_("One step per line; coachees tick the ones they did when they book."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "language"]
        verbose_name = _("preparation guide")
        verbose_name_plural = _("preparation guides")
        constraints = [
            models.UniqueConstraint(fields=["programme", "language"], name="one_guide_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.programme} ({self.language})"


class Round(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(_("title"), max_length=200)
    time_zone = models.CharField(_("time zone of the round"), max_length=64, default="UTC")
    booking_opens = models.DateTimeField(_("booking opens"))
    booking_closes = models.DateTimeField(_("booking closes"))
    coaching_starts = models.DateTimeField(_("sessions from"))
    coaching_ends = models.DateTimeField(_("sessions until"))
    session_minutes = models.PositiveSmallIntegerField(_("session length in minutes"), default=45)
    buffer_minutes = models.PositiveSmallIntegerField(
        _("break between sessions in minutes"), default=15
    )
    max_bookings_per_coachee = models.PositiveSmallIntegerField(
        _("sessions a coachee may book"), default=1
    )
    link_mode = models.CharField(
        _("meeting links"), max_length=7, choices=LinkMode.choices, default=LinkMode.PER_COACH
    )
    cancel_cutoff_hours = models.PositiveSmallIntegerField(
        _("cancel or reschedule up to (hours before)"), default=24
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-coaching_starts"]
        verbose_name = _("coaching round")
        verbose_name_plural = _("coaching rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(booking_closes__gt=models.F("booking_opens")),
                name="round_booking_window_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(coaching_ends__gt=models.F("coaching_starts")),
                name="round_coaching_window_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(session_minutes__gte=10), name="round_session_at_least_10_min"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coaching:round", args=[self.programme.slug, self.pk])


class CoachApplication(models.Model):
    """An expression of interest in becoming a coach."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="applications")
    round = models.ForeignKey(
        Round, on_delete=models.SET_NULL, null=True, blank=True, related_name="applications"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_applications"
    )
    experience = models.TextField(_("your coaching or mentoring experience"), max_length=5000)
    approach = models.TextField(_("how you coach"), max_length=5000)
    languages = models.JSONField(_("languages you can coach in"), default=list)
    topics = models.CharField(_("topics you can help with"), max_length=500)
    time_zone = models.CharField(_("your time zone"), max_length=64)
    availability = models.TextField(
        _("when you could coach during the round"), max_length=2000, blank=True
    )
    consent = models.BooleanField(_("consent"), default=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
    )
    decision_message = models.TextField(_("message to the applicant"), max_length=3000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("coach application")
        verbose_name_plural = _("coach applications")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user"],
                condition=models.Q(status="pending"),
                name="one_pending_application_per_programme",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.programme}"


class Coach(models.Model):
    """An approved coach's profile in one programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="coaches")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_profiles"
    )
    application = models.OneToOneField(
        CoachApplication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coach",
    )
    bio = models.TextField(_("about you (Markdown)"), max_length=5000, blank=True)
    photo = models.ImageField(_("photo"), upload_to="coaching/coaches/", blank=True)
    photo_alt = models.CharField(_("photo text alternative"), max_length=200, blank=True)
    languages = models.JSONField(_("coaching languages"), default=list)
    topics = models.JSONField(_("topics"), default=list)
    competencies = models.ManyToManyField(
        Competency, related_name="coaches", blank=True, verbose_name=_("competencies")
    )
    time_zone = models.CharField(_("time zone"), max_length=64)
    meeting_url = models.URLField(_("meeting link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=6, choices=CoachStatus.choices, default=CoachStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "pk"]
        verbose_name = _("coach")
        verbose_name_plural = _("coaches")
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="one_coach_per_programme")
        ]

    def __str__(self) -> str:
        return str(self.user)


class Availability(models.Model):
    """A period a coach offered, entered in their own time zone and stored in UTC."""

    coach = models.ForeignKey(Coach, on_delete=models.CASCADE, related_name="availabilities")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="availabilities")
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("availability")
        verbose_name_plural = _("availabilities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="availability_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.coach}: {self.start:%Y-%m-%d %H:%M}"


class Slot(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="slots")
    coach = models.ForeignKey(Coach, on_delete=models.CASCADE, related_name="slots")
    availability = models.ForeignKey(
        Availability, on_delete=models.CASCADE, null=True, blank=True, related_name="slots"
    )
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    is_withdrawn = models.BooleanField(_("withdrawn"), default=False)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        constraints = [
            models.UniqueConstraint(fields=["coach", "start"], name="one_slot_per_coach_start"),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="slot_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.coach}: {self.start:%Y-%m-%d %H:%M}"


class Booking(models.Model):
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="bookings")
    coach = models.ForeignKey(Coach, on_delete=models.CASCADE, related_name="bookings")
    coachee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_bookings"
    )
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=BookingStatus.choices,
        default=BookingStatus.CONFIRMED,
    )
    goals = models.TextField(_("what you want to work on"), max_length=3000)
    preparation_done = models.JSONField(_("preparation steps done"), default=list, blank=True)
    meeting_url = models.URLField(_("meeting link"), max_length=500, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    rescheduled_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.CharField(_("reason"), max_length=500, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    coachee_usefulness = models.PositiveSmallIntegerField(_("how useful was it?"), null=True)
    coachee_comment = models.TextField(_("comment"), max_length=3000, blank=True)
    coachee_feedback_at = models.DateTimeField(null=True, blank=True)
    coach_outcome = models.CharField(
        _("what happened"), max_length=7, choices=SessionOutcome.choices, blank=True
    )
    coach_notes = models.TextField(
        _("your private notes"),
        max_length=5000,
        blank=True,
        help_text=_("Only you, the coach, can read these."),
    )
    coach_feedback_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["slot"], condition=LIVE_BOOKING, name="one_live_booking_per_slot"
            ),
            models.CheckConstraint(
                condition=models.Q(coachee_usefulness__isnull=True)
                | models.Q(coachee_usefulness__gte=1, coachee_usefulness__lte=5),
                name="booking_usefulness_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="booking_ordered"
            ),
        ]
        # The free-slot search asks, per slot, for a coach's bookings overlapping it.
        indexes = [
            models.Index(fields=["coach", "start", "end"], name="coaching_booking_coach_time")
        ]

    def __str__(self) -> str:
        return f"{self.coachee} ↔ {self.coach} {self.start:%Y-%m-%d %H:%M}"


class CoachingRequest(models.Model):
    """A coachee asks the organisers to suggest a coach."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="requests")
    coachee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_requests"
    )
    languages = models.JSONField(_("languages"), default=list)
    topics = models.CharField(_("topics"), max_length=500)
    message = models.TextField(_("anything else the organisers should know"), max_length=3000)
    status = models.CharField(
        _("status"), max_length=7, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    offered_slots = models.ManyToManyField(Slot, related_name="offers", blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("request for a coach")
        verbose_name_plural = _("requests for a coach")

    def __str__(self) -> str:
        return f"{self.coachee} ({self.round})"
