"""The statement resource for learning tools, the member's statements and the key pages."""

from django.urls import path

from . import views, views_statements

urlpatterns = [
    path("statements", views_statements.statements, name="statements"),
    path("about", views_statements.about, name="about"),
    path("my/", views.my_statements, name="my_statements"),
    path("keys/", views.personal_keys, name="keys"),
    path("keys/<int:pk>/revoke/", views.key_revoke, name="key_revoke"),
    path("organisations/<slug:slug>/keys/", views.organisation_keys, name="organisation_keys"),
    path(
        "organisations/<slug:slug>/keys/<int:pk>/revoke/",
        views.organisation_key_revoke,
        name="organisation_key_revoke",
    ),
]
