"""Training kits, under /learning/kits/ (namespace `learning`, names prefixed `kit`)."""

from django.urls import path

from . import kit_views as views

urlpatterns = [
    path("", views.kit_list, name="kits"),
    path("new/", views.kit_create, name="kit_create"),
    path("<slug:slug>/", views.kit_detail, name="kit"),
    path("<slug:slug>/edit/", views.kit_edit, name="kit_edit"),
    path("<slug:slug>/publish/", views.kit_publish, name="kit_publish"),
    path("<slug:slug>/copy/", views.kit_copy, name="kit_copy"),
    path("<slug:slug>/download.zip", views.kit_download, name="kit_download"),
    path("<slug:slug>/schedule/", views.kit_schedule, name="kit_schedule"),
    path("<slug:slug>/outline/new/", views.kit_session_edit, name="kit_session_create"),
    path("<slug:slug>/outline/<int:pk>/edit/", views.kit_session_edit, name="kit_session_edit"),
    path(
        "<slug:slug>/outline/<int:pk>/delete/", views.kit_session_delete, name="kit_session_delete"
    ),
    path("<slug:slug>/outline/<int:pk>/move/", views.kit_session_move, name="kit_session_move"),
    path("<slug:slug>/parts/new/", views.kit_part_edit, name="kit_part_create"),
    path("<slug:slug>/parts/<int:pk>/edit/", views.kit_part_edit, name="kit_part_edit"),
    path("<slug:slug>/parts/<int:pk>/delete/", views.kit_part_delete, name="kit_part_delete"),
    path("<slug:slug>/parts/<int:pk>/move/", views.kit_part_move, name="kit_part_move"),
    path("<slug:slug>/parts/<int:pk>/file/", views.kit_part_file, name="kit_part_file"),
]
