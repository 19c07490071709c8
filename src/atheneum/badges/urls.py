from django.urls import path

from . import views

app_name = "badges"

urlpatterns = [
    path("my/", views.my_badges, name="my"),
    path("verify/", views.verify, name="verify"),
    path("issuers/<slug:slug>/", views.issuer, name="issuer"),
    path("issuers/<slug:slug>/jwks.json", views.jwks, name="jwks"),
    path("issuers/<slug:slug>/keys/<str:kid>", views.key, name="key"),
    path("issuers/<slug:slug>/revocations.json", views.revocations, name="revocations"),
    path("organisations/<slug:slug>/", views.organisation_badges, name="organisation"),
    path("<uuid:pk>/", views.credential_detail, name="detail"),
    path("<uuid:pk>/credential.json", views.credential_json, name="json"),
    path("<uuid:pk>/credential.jwt", views.credential_jwt, name="jwt"),
    path("<uuid:pk>/badge.png", views.badge_png, name="png"),
    path("<uuid:pk>/image.png", views.image, name="image"),
    path("<uuid:pk>/status.json", views.credential_status, name="status"),
    path("<uuid:pk>/revoke/", views.revoke, name="revoke"),
]
