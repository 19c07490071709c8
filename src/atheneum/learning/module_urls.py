"""Learners' pages, mounted at /learning/ after the authoring and kit prefixes."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("my/", views.my_learning, name="my_learning"),
    path("certificates/<str:code>/", views.verify, name="verify"),
    path("teams/<int:team_id>/report/", views.team_report, name="team_report"),
    path("<slug:slug>/", views.module_detail, name="module"),
    path("<slug:slug>/start/", views.module_start, name="start"),
    path("<slug:slug>/reviewed/", views.mark_reviewed, name="mark_reviewed"),
    path("<slug:slug>/sharing/", views.share_toggle, name="share_toggle"),
    path("<slug:slug>/topics/<int:pk>/", views.topic_detail, name="topic"),
    path("<slug:slug>/topics/<int:pk>/done/", views.topic_done, name="topic_done"),
    path("<slug:slug>/exercises/<int:pk>/", views.exercise_answer, name="exercise_answer"),
    path("<slug:slug>/assessment/", views.assessment, name="assessment"),
    path("<slug:slug>/assessment/attempts/<int:pk>/", views.attempt_detail, name="attempt"),
    path("<slug:slug>/finish/", views.finish, name="finish"),
    path("<slug:slug>/completed/", views.completed, name="completed"),
    path("<slug:slug>/certificate.pdf", views.certificate, name="certificate"),
    path("<slug:slug>/report/", views.module_report, name="module_report"),
]
