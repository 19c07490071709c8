from django.urls import path

from . import views

app_name = "organisations"

team = "<slug:slug>/teams/<slug:team_slug>/"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("invitations/<str:token>/", views.invitation_detail, name="invitation"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/join/", views.organisation_join, name="join"),
    path("<slug:slug>/leave/", views.organisation_leave, name="leave"),
    path("<slug:slug>/edit/", views.organisation_edit, name="edit"),
    path("<slug:slug>/invitations/", views.invitation_create, name="invite"),
    path("<slug:slug>/members/<int:pk>/", views.membership_detail, name="membership"),
    path(
        "<slug:slug>/members/<int:pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("<slug:slug>/teams/new/", views.team_create, name="team_create"),
    path(team, views.team_detail, name="team_detail"),
    path(team + "edit/", views.team_edit, name="team_edit"),
    path(team + "join/", views.team_join, name="team_join"),
    path(team + "leave/", views.team_leave, name="team_leave"),
    path(team + "invitations/", views.team_invitation_create, name="team_invite"),
    path(team + "members/<int:pk>/", views.team_membership_detail, name="team_membership"),
    path(
        team + "members/<int:pk>/remove/",
        views.team_membership_remove,
        name="team_membership_remove",
    ),
]
