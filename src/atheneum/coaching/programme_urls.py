from django.urls import path

from . import programme_views as views

urlpatterns = [
    path("", views.programmes, name="programmes"),
    path("new/", views.programme_create, name="programme_create"),
    path("my/", views.my_coaching, name="my_coaching"),
    path("<slug:slug>/", views.programme_detail, name="programme"),
    path("<slug:slug>/edit/", views.programme_edit, name="programme_edit"),
    path("<slug:slug>/rounds/new/", views.round_create, name="round_create"),
    path("<slug:slug>/rounds/<int:pk>/", views.round_detail, name="round"),
    path("<slug:slug>/rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("<slug:slug>/rounds/<int:pk>/ask/", views.request_create, name="request_create"),
    path("<slug:slug>/rounds/<int:pk>/requests/", views.requests_list, name="requests"),
    path(
        "<slug:slug>/rounds/<int:pk>/requests/<int:request_pk>/offer/",
        views.request_offer,
        name="request_offer",
    ),
    path("<slug:slug>/rounds/<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path("<slug:slug>/rounds/<int:pk>/dashboard.csv", views.dashboard_csv, name="dashboard_csv"),
    path("<slug:slug>/become-a-coach/", views.become_coach, name="become_coach"),
    path("<slug:slug>/become-a-coach/apply/", views.application_create, name="application_create"),
    path("<slug:slug>/applications/", views.applications, name="applications"),
    path(
        "<slug:slug>/applications/<int:pk>/",
        views.application_detail,
        name="application_detail",
    ),
    path("<slug:slug>/coaches/<int:pk>/", views.coach_detail, name="coach"),
    path("<slug:slug>/coaches/<int:pk>/edit/", views.coach_edit, name="coach_edit"),
    path("<slug:slug>/coaches/<int:pk>/pause/", views.coach_pause, name="coach_pause"),
    path("<slug:slug>/guide/", views.guide, name="guide"),
    path("<slug:slug>/guide/<str:lang>/edit/", views.guide_edit, name="guide_edit"),
]
