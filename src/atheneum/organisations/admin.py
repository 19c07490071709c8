from django.contrib import admin

from .models import Invitation, Membership, Organisation, Team, TeamMembership


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0
    fields = ["name", "slug", "join_policy"]
    show_change_link = True


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "joined_at"]
    readonly_fields = ["joined_at"]
    raw_id_fields = ["user"]


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    fields = ["user", "role", "joined_at"]
    readonly_fields = ["joined_at"]
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "country", "join_policy"]
    list_filter = ["kind", "join_policy"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TeamInline, MembershipInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "slug", "join_policy"]
    list_filter = ["join_policy"]
    list_select_related = ["organisation"]
    search_fields = ["name", "organisation__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TeamMembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "organisation",
        "team",
        "role",
        "created_at",
        "expires_at",
        "accepted_at",
    ]
    list_filter = ["role"]
    list_select_related = ["organisation", "team"]
    search_fields = ["email", "organisation__name"]
    raw_id_fields = ["invited_by", "accepted_by"]
    readonly_fields = ["token", "created_at", "accepted_at", "accepted_by"]
