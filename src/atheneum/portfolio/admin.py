"""Site administrators see rules and shares, never the text of anyone's reflections."""

from django.contrib import admin

from .models import Requirement, RequirementQuota


class RequirementQuotaInline(admin.TabularInline):
    model = RequirementQuota
    extra = 0


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "owner", "cycle_years", "total_hours"]
    list_select_related = ["organisation", "owner"]
    search_fields = ["name"]
    inlines = [RequirementQuotaInline]
