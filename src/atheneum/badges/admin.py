"""Read-only views for site administrators: credentials are signed, so nothing is edited here
(revoking goes through the organisation's badge page so it is recorded with a reason)."""

from django.contrib import admin

from .models import Credential, IssuerKey


@admin.register(IssuerKey)
class IssuerKeyAdmin(admin.ModelAdmin):
    list_display = ["organisation", "kid", "created_at"]
    fields = ["organisation", "kid", "public_key_pem", "created_at"]  # never the private key
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):
    list_display = ["achievement_name", "organisation", "recipient", "issued_at", "revoked_at"]
    list_select_related = ["organisation", "recipient"]
    list_filter = ["organisation"]
    search_fields = ["achievement_name", "achievement_key"]
    readonly_fields = [field.name for field in Credential._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
