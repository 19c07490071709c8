from django.urls import path

from . import views

app_name = "meetups"

urlpatterns = [
    path("", views.series_list, name="series_list"),
    path("new/", views.series_create, name="series_create"),
    path("<slug:slug>/", views.series_detail, name="series_detail"),
    path("<slug:slug>/edit/", views.series_edit, name="series_edit"),
    path("<slug:slug>/invitations/", views.series_invitations, name="series_invitations"),
    path("<slug:slug>/hosts/", views.series_hosts, name="series_hosts"),
    path("<slug:slug>/open/", views.series_open, name="series_open"),
    path("<slug:slug>/calendar.ics", views.series_ics, name="series_ics"),
    path("<slug:slug>/<str:key>/", views.occurrence_detail, name="occurrence_detail"),
    path("<slug:slug>/<str:key>/rsvp/", views.occurrence_rsvp, name="occurrence_rsvp"),
    path("<slug:slug>/<str:key>/notes/", views.occurrence_notes, name="occurrence_notes"),
    path("<slug:slug>/<str:key>/cancel/", views.occurrence_cancel, name="occurrence_cancel"),
]
