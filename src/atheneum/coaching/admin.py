from django.contrib import admin
from django.db import models

from .models import (
    Availability,
    Booking,
    Coach,
    CoachApplication,
    CoachingRequest,
    PreparationGuide,
    Programme,
    Round,
    Slot,
)

# Meeting links typed without a scheme are read as https (Django 6's default).
HTTPS_LINKS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title", "slug"]
    filter_horizontal = ["partners"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "coaching_starts", "is_published"]
    list_select_related = ["programme"]


@admin.register(PreparationGuide)
class PreparationGuideAdmin(admin.ModelAdmin):
    list_display = ["programme", "language", "title"]
    list_select_related = ["programme"]


@admin.register(CoachApplication)
class CoachApplicationAdmin(admin.ModelAdmin):
    list_display = ["user", "programme", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["user", "programme"]
    raw_id_fields = ["user", "decided_by"]


@admin.register(Coach)
class CoachAdmin(admin.ModelAdmin):
    list_display = ["user", "programme", "status", "time_zone"]
    list_filter = ["status"]
    list_select_related = ["user", "programme"]
    raw_id_fields = ["user", "application"]
    formfield_overrides = HTTPS_LINKS


@admin.register(CoachingRequest)
class CoachingRequestAdmin(admin.ModelAdmin):
    list_display = ["round", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["coachee", "handled_by"]
    exclude = ["message"]  # what a coachee wrote is for the organisers' page, not the admin


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Bookings are listed for support; goals, comments and notes stay out of the admin."""

    list_display = ["round", "coach", "start", "status"]
    list_filter = ["status"]
    list_select_related = ["round", "coach__user"]
    exclude = ["goals", "coachee_comment", "coach_notes"]
    raw_id_fields = ["slot", "coachee", "coach", "cancelled_by", "rescheduled_from"]
    formfield_overrides = HTTPS_LINKS


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    list_display = ["coach", "round", "start", "end"]
    list_select_related = ["coach__user", "round"]
    raw_id_fields = ["coach", "round"]


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ["coach", "round", "start", "is_withdrawn"]
    list_filter = ["is_withdrawn"]
    list_select_related = ["coach__user", "round"]
    raw_id_fields = ["coach", "round", "availability"]
