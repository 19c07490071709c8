from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("data/", views.data_export, name="data_export"),
    path("delete/", views.account_delete, name="account_delete"),
    path("two-factor-required/", views.mfa_required, name="mfa_required"),
    path("people/<int:pk>/", views.profile_detail, name="profile_detail"),
]
