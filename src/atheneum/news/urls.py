from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.post_list, name="post_list"),
    path("feed/atom/", feeds.PostAtomFeed(), name="feed_atom"),
    path("feed/rss/", feeds.PostFeed(), name="feed_rss"),
    path("tags/", views.tag_list, name="tag_list"),
    path("tags/<str:slug>/", views.tag_detail, name="tag_detail"),
    path("tags/<str:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("tags/<str:slug>/feed/rss/", feeds.TagFeed(), name="tag_feed_rss"),
    path("authors/<int:pk>/", views.author_detail, name="author_detail"),
    path("write/", views.post_create, name="post_create"),
    path("manage/", views.manage, name="manage"),
    path("organisations/<slug:slug>/moderation/", views.moderation_queue, name="moderation_queue"),
    path("comments/<int:pk>/moderate/", views.comment_moderate, name="comment_moderate"),
    path("organisations/<slug:slug>/newsletters/", views.issue_list, name="issue_list"),
    path("organisations/<slug:slug>/newsletters/new/", views.issue_create, name="issue_create"),
    path("newsletters/<int:pk>/", views.issue_detail, name="issue_detail"),
    path("newsletters/<int:pk>/edit/", views.issue_edit, name="issue_edit"),
    path("newsletters/<int:pk>/send/", views.issue_send, name="issue_send"),
    path("subscription/", views.subscription, name="subscription"),
    path(
        "subscription/confirm/<str:token>/",
        views.subscription_confirm,
        name="subscription_confirm",
    ),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<str:slug>/", views.post_detail, name="post_detail"),
    path("<str:slug>/edit/", views.post_edit, name="post_edit"),
    path("<str:slug>/comments/", views.comment_create, name="comment_create"),
]
