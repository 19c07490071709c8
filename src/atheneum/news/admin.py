from django.contrib import admin

from .models import Comment, NewsletterDelivery, NewsletterIssue, Post, Subscriber, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "language", "status", "published_at", "author"]
    list_filter = ["status", "language", "organisation"]
    search_fields = ["title", "slug", "body"]
    list_select_related = ["organisation", "author"]
    autocomplete_fields = ["tags"]
    raw_id_fields = ["author"]
    date_hierarchy = "published_at"


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["post", "author", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["post", "author"]
    raw_id_fields = ["post", "author", "moderated_by"]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "language", "confirmed_at", "unsubscribed_at"]
    list_filter = ["organisation", "language"]
    search_fields = ["email"]
    list_select_related = ["organisation"]
    raw_id_fields = ["user"]


class NewsletterDeliveryInline(admin.TabularInline):
    model = NewsletterDelivery
    raw_id_fields = ["subscriber"]
    extra = 0


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(admin.ModelAdmin):
    list_display = ["subject", "organisation", "status", "created_at", "sent_at"]
    list_filter = ["status", "organisation"]
    list_select_related = ["organisation"]
    filter_horizontal = ["posts"]
    inlines = [NewsletterDeliveryInline]
