"""Recurring meetups: a series with a recurrence rule, a host rota, RSVPs and notes."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from atheneum.organisations.models import Organisation, Team

from .enums import RsvpResponse, SeriesAccess


class MeetupSeries(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="meetup_series"
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetup_series",
        help_text=_("The section or team that runs it; its managers take turns as hosts."),
    )
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description (Markdown)"), max_length=10_000, blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    rrule = models.CharField(
        _("recurrence rule"),
        max_length=300,
        help_text=_("An iCalendar RRULE, e.g. FREQ=MONTHLY;BYDAY=1WE."),
    )
    first_start = models.DateTimeField(_("first meeting"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=60)
    meeting_url = models.URLField(_("meeting link"), max_length=500, blank=True)
    access = models.CharField(
        _("who may join"),
        max_length=12,
        choices=SeriesAccess.choices,
        default=SeriesAccess.INVITATION,
    )
    rotate_hosts = models.BooleanField(
        _("rotate hosts automatically"),
        default=True,
        help_text=_("Dates without an assigned host go in turn to the team's managers."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("meetup series")
        verbose_name_plural = _("meetup series")

    def __str__(self) -> str:
        return self.title


class SeriesInvitation(models.Model):
    series = models.ForeignKey(MeetupSeries, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetup_invitations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "user"], name="one_invitation_per_series")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.series}"


class Occurrence(models.Model):
    """One date of a series, stored once it has a host, RSVPs or notes."""

    series = models.ForeignKey(MeetupSeries, on_delete=models.CASCADE, related_name="occurrences")
    start = models.DateTimeField(_("start"), db_index=True)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_meetups",
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    notes = models.TextField(_("notes after the meeting (Markdown)"), max_length=20_000, blank=True)
    host_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["series", "start"], name="one_occurrence_per_start")
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.start:%Y-%m-%d}"


class Rsvp(models.Model):
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetup_rsvps"
    )
    response = models.CharField(_("answer"), max_length=6, choices=RsvpResponse.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "user"], name="one_rsvp_per_occurrence")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.response}"
