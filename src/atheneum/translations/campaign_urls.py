"""The organisers' and public pages; `feed/` and `new/` come before campaign slugs."""

from django.urls import path

from . import campaign_views as views
from .feeds import AllLanguagesFeed, CampaignFeed

LANGUAGE = "<slug:slug>/languages/<str:code>/"

urlpatterns = [
    path("", views.campaigns, name="campaigns"),
    path("feed/", AllLanguagesFeed(), name="feed"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("from-guide/<int:guide_id>/", views.campaign_from_guide, name="campaign_from_guide"),
    path("<slug:slug>/", views.campaign, name="campaign"),
    path("<slug:slug>/feed/", CampaignFeed(), name="campaign_feed"),
    path("<slug:slug>/template/", views.template_download, name="template_download"),
    path("<slug:slug>/preview.pdf", views.preview_download, name="preview_download"),
    path("<slug:slug>/edit/", views.campaign_edit, name="campaign_edit"),
    path("<slug:slug>/segments/", views.segment_list, name="segment_list"),
    path("<slug:slug>/segments/<int:segment_id>/", views.segment_edit, name="segment_edit"),
    path(
        "<slug:slug>/segments/<int:segment_id>/delete/",
        views.segment_delete,
        name="segment_delete",
    ),
    path("<slug:slug>/segments/<int:segment_id>/move/", views.segment_move, name="segment_move"),
    path("<slug:slug>/glossary/", views.glossary_manage, name="glossary_manage"),
    path(
        "<slug:slug>/glossary/<int:term_id>/translation/",
        views.glossary_translation,
        name="glossary_translation",
    ),
    path(
        "<slug:slug>/glossary/<int:term_id>/delete/", views.glossary_delete, name="glossary_delete"
    ),
    path("<slug:slug>/manage-languages/", views.campaign_languages, name="campaign_languages"),
    path(
        "<slug:slug>/reviewers/<int:reviewer_id>/remove/",
        views.reviewer_remove,
        name="reviewer_remove",
    ),
    path(LANGUAGE, views.language, name="language"),
    path(LANGUAGE + "file/", views.language_file, name="language_file"),
    path(LANGUAGE + "document.pdf", views.language_pdf, name="language_pdf"),
    path(LANGUAGE + "publish/", views.language_publish, name="language_publish"),
    path(LANGUAGE + "unpublish/", views.language_unpublish, name="language_unpublish"),
    path(LANGUAGE + "remove/", views.language_remove, name="language_remove"),
]
