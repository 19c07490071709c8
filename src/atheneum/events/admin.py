from django.contrib import admin

from .models import (
    Event,
    EventPartner,
    EventText,
    FaqEntry,
    Recording,
    Session,
    SessionText,
    Speaker,
    Track,
)


class EventTextInline(admin.StackedInline):
    model = EventText
    extra = 0


class SessionTextInline(admin.StackedInline):
    model = SessionText
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["slug", "organisation", "start", "status"]
    list_filter = ["status", "mode"]
    search_fields = ["slug", "texts__title"]
    inlines = [EventTextInline]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["uid", "event", "kind", "start", "is_published"]
    list_filter = ["kind", "is_published"]
    list_select_related = ["event"]
    raw_id_fields = ["speakers", "competencies"]
    inlines = [SessionTextInline]


admin.site.register([EventPartner, FaqEntry, Track, Speaker, Recording])
