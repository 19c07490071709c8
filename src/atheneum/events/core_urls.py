"""Conference pages, exports and the organisers' pages (namespace `events`)."""

from django.urls import path

from . import feeds, views

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("feed/atom/", feeds.UpcomingAtomFeed(), name="feed_atom"),
    path("feed/rss/", feeds.UpcomingFeed(), name="feed_rss"),
    path("organisations/<slug:org>/", views.organisation_event_list, name="organisation_events"),
    path(
        "organisations/<slug:org>/feed/atom/",
        feeds.OrganisationAtomFeed(),
        name="organisation_feed_atom",
    ),
    path(
        "organisations/<slug:org>/feed/rss/",
        feeds.OrganisationFeed(),
        name="organisation_feed_rss",
    ),
    path("organisations/<slug:org>/new/", views.event_create, name="event_create"),
    path("<slug:slug>/", views.event_detail, name="event_detail"),
    path("<slug:slug>/edit/", views.event_edit, name="event_edit"),
    path("<slug:slug>/manage/", views.event_manage, name="event_manage"),
    path("<slug:slug>/texts/<str:language>/", views.event_text_edit, name="event_text_edit"),
    path("<slug:slug>/schedule/", views.schedule, name="schedule"),
    path("<slug:slug>/schedule.xml", views.schedule_xml, name="schedule_xml"),
    path("<slug:slug>/schedule.json", views.schedule_json, name="schedule_json"),
    path("<slug:slug>/sessions.json", views.sessions_json, name="sessions_json"),
    path("<slug:slug>/event.jsonld", views.event_jsonld, name="event_jsonld"),
    path("<slug:slug>/calendar.ics", views.event_calendar, name="event_calendar"),
    path("<slug:slug>/sessions/new/", views.session_create, name="session_create"),
    path("<slug:slug>/sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("<slug:slug>/sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path(
        "<slug:slug>/sessions/<int:pk>/calendar.ics",
        views.session_calendar,
        name="session_calendar",
    ),
    path(
        "<slug:slug>/sessions/<int:pk>/recording/",
        views.recording_detail,
        name="recording_detail",
    ),
    path(
        "<slug:slug>/sessions/<int:pk>/recording/edit/",
        views.recording_edit,
        name="recording_edit",
    ),
    path(
        "<slug:slug>/sessions/<int:pk>/recording/<str:which>/",
        views.recording_file,
        name="recording_file",
    ),
    path("<slug:slug>/<str:kind>/new/", views.item_edit, name="item_create"),
    path("<slug:slug>/<str:kind>/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("<slug:slug>/<str:kind>/<int:pk>/delete/", views.item_delete, name="item_delete"),
]
