from django.contrib import admin

from .models import (
    Campaign,
    GlossaryTerm,
    GlossaryTranslation,
    LanguageReviewer,
    ReviewComment,
    Segment,
    SegmentTranslation,
    StateChange,
    TargetLanguage,
    Volunteer,
)


class SegmentInline(admin.TabularInline):
    model = Segment
    extra = 0


class TargetLanguageInline(admin.TabularInline):
    model = TargetLanguage
    extra = 0
    fields = ["language", "region", "state", "published_at"]
    readonly_fields = ["published_at"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "organisation", "is_published", "created_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "slug"]
    raw_id_fields = ["organisation", "created_by"]
    filter_horizontal = ["supporters", "coordinators"]
    inlines = [SegmentInline, TargetLanguageInline]


class GlossaryTranslationInline(admin.TabularInline):
    model = GlossaryTranslation
    extra = 0


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["term", "campaign"]
    search_fields = ["term"]
    inlines = [GlossaryTranslationInline]


class VolunteerInline(admin.TabularInline):
    model = Volunteer
    extra = 0
    raw_id_fields = ["user"]


@admin.register(TargetLanguage)
class TargetLanguageAdmin(admin.ModelAdmin):
    list_display = ["campaign", "language", "region", "state", "published_at"]
    list_filter = ["state", "region"]
    search_fields = ["campaign__title", "language"]
    raw_id_fields = ["approved_by"]
    inlines = [VolunteerInline]


@admin.register(LanguageReviewer)
class LanguageReviewerAdmin(admin.ModelAdmin):
    list_display = ["campaign", "language", "user"]
    raw_id_fields = ["user"]


@admin.register(SegmentTranslation)
class SegmentTranslationAdmin(admin.ModelAdmin):
    list_display = ["target", "segment", "version", "updated_at"]
    raw_id_fields = ["target", "segment", "updated_by"]


@admin.register(ReviewComment)
class ReviewCommentAdmin(admin.ModelAdmin):
    list_display = ["target", "author", "resolved", "created_at"]
    raw_id_fields = ["target", "segment", "author"]


@admin.register(StateChange)
class StateChangeAdmin(admin.ModelAdmin):
    list_display = ["target", "state", "changed_by", "changed_at"]
    list_filter = ["state"]
    raw_id_fields = ["target", "changed_by"]
