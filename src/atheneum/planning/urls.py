from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.index, name="index"),
    path(
        "organisations/<slug:slug>/",
        views.organisation_overview,
        name="organisation_overview",
    ),
    path(
        "organisations/<slug:slug>/export.csv",
        views.organisation_overview_csv,
        name="organisation_overview_csv",
    ),
    path("organisations/<slug:slug>/cycles/new/", views.cycle_create, name="cycle_create"),
    path(
        "organisations/<slug:slug>/priorities/new/",
        views.organisation_priority_create,
        name="organisation_priority_create",
    ),
    path("teams/<int:team_id>/", views.team_overview, name="team_overview"),
    path("teams/<int:team_id>/export.csv", views.team_overview_csv, name="team_overview_csv"),
    path(
        "teams/<int:team_id>/priorities/new/",
        views.team_priority_create,
        name="team_priority_create",
    ),
    path("teams/<int:team_id>/plans/new/", views.plan_create, name="plan_create"),
    path("priorities/<int:pk>/edit/", views.priority_edit, name="priority_edit"),
    path("priorities/<int:pk>/delete/", views.priority_delete, name="priority_delete"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/goals/new/", views.goal_create, name="goal_create"),
    path("plans/<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("plans/<int:pk>/review/", views.plan_review, name="plan_review"),
    path("plans/<int:pk>/comment/", views.plan_comment, name="plan_comment"),
    path("plans/<int:pk>/complete/", views.plan_complete, name="plan_complete"),
    path("plans/<int:pk>/reopen/", views.plan_reopen, name="plan_reopen"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    path("goals/<int:pk>/activities/", views.goal_activities, name="goal_activities"),
]
