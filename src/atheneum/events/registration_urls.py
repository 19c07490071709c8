"""Registration, "my agenda", calendar feeds, attendance, certificates and the organiser
dashboard. Included first by urls.py, so every pattern here has a segment of its own after the
event's slug and never shadows a conference page."""

from django.urls import path

from . import registration_views as views

urlpatterns = [
    path("my-agenda/feeds/", views.feed_tokens, name="feed_tokens"),
    path("my-agenda/feeds/new/", views.feed_token_create, name="feed_token_create"),
    path("my-agenda/feeds/<int:pk>/revoke/", views.feed_token_revoke, name="feed_token_revoke"),
    path("my-agenda/feed/<str:token>.ics", views.agenda_feed, name="agenda_feed"),
    path("certificates/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/register/cancel/", views.registration_cancel, name="registration_cancel"),
    path("<slug:slug>/my-agenda/", views.my_agenda, name="my_agenda"),
    path("<slug:slug>/my-agenda/change/", views.agenda_change, name="agenda_change"),
    path("<slug:slug>/my-agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("<slug:slug>/check-in/", views.check_in, name="check_in"),
    path("<slug:slug>/certificate.pdf", views.certificate, name="certificate"),
    path(
        "<slug:slug>/organise/registration/", views.registration_manage, name="registration_manage"
    ),
    path(
        "<slug:slug>/organise/registration/forms/<int:pk>/",
        views.registration_form_edit,
        name="registration_form_edit",
    ),
    path(
        "<slug:slug>/organise/registration/questions/<int:pk>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("<slug:slug>/organise/attendees/", views.attendee_list, name="attendee_list"),
    path("<slug:slug>/organise/attendees.csv", views.registrations_csv, name="registrations_csv"),
    path(
        "<slug:slug>/organise/dashboard/",
        views.registration_dashboard,
        name="registration_dashboard",
    ),
    path(
        "<slug:slug>/organise/attendance/<uuid:uid>/",
        views.attendance_session,
        name="attendance_session",
    ),
    path(
        "<slug:slug>/organise/attendance/<uuid:uid>/report/",
        views.attendance_import,
        name="attendance_import",
    ),
]
