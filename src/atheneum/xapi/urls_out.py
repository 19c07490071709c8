"""Outbound xAPI: an organisation's learning record stores and activity maps, and a member's
reflections as statements. Included by `urls.py` under the `xapi` namespace."""

from django.urls import path

from . import views_out

ORG = "organisations/<slug:slug>/"

urlpatterns = [
    path(ORG + "destinations/", views_out.destination_list, name="destination_list"),
    path(ORG + "destinations/new/", views_out.destination_create, name="destination_create"),
    path(
        ORG + "destinations/<int:pk>/edit/",
        views_out.destination_edit,
        name="destination_edit",
    ),
    path(
        ORG + "destinations/<int:pk>/delete/",
        views_out.destination_delete,
        name="destination_delete",
    ),
    path(
        ORG + "destinations/<int:pk>/test/",
        views_out.destination_test,
        name="destination_test",
    ),
    path(ORG + "activity-maps/", views_out.map_list, name="map_list"),
    path(ORG + "activity-maps/new/", views_out.map_create, name="map_create"),
    path(ORG + "activity-maps/<int:pk>/edit/", views_out.map_edit, name="map_edit"),
    path(ORG + "activity-maps/<int:pk>/delete/", views_out.map_delete, name="map_delete"),
    path("my/reflections.json", views_out.my_reflections, name="my_reflections"),
]
