from django.urls import path

from . import views

app_name = "portfolio"

urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("activities/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("activities/<int:pk>/reflections/new/", views.reflection_create, name="reflection_create"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("reflections/<int:pk>/edit/", views.reflection_edit, name="reflection_edit"),
    path("reflections/<int:pk>/delete/", views.reflection_delete, name="reflection_delete"),
    path(
        "reflections/<int:pk>/follow-up/",
        views.reflection_follow_up,
        name="reflection_follow_up",
    ),
    path("requirements/", views.requirement_list, name="requirement_list"),
    path("requirements/new/", views.requirement_create, name="requirement_create"),
    path("requirements/<int:pk>/", views.requirement_detail, name="requirement_detail"),
    path("requirements/<int:pk>/edit/", views.requirement_edit, name="requirement_edit"),
    path("requirements/<int:pk>/delete/", views.requirement_delete, name="requirement_delete"),
    path("requirements/<int:pk>/quotas/", views.quota_add, name="quota_add"),
    path("quotas/<int:pk>/delete/", views.quota_delete, name="quota_delete"),
    path(
        "organisations/<slug:slug>/requirements/",
        views.organisation_requirements,
        name="organisation_requirements",
    ),
    path(
        "organisations/<slug:slug>/requirements/new/",
        views.organisation_requirement_create,
        name="organisation_requirement_create",
    ),
    path("export/", views.export, name="export"),
    path("sharing/", views.sharing, name="sharing"),
    path("sharing/managers/", views.manager_share_set, name="manager_share_set"),
    path("sharing/managers/revoke/", views.manager_share_revoke, name="manager_share_revoke"),
    path("sharing/links/", views.share_link_create, name="share_link_create"),
    path("sharing/links/<int:pk>/revoke/", views.share_link_revoke, name="share_link_revoke"),
    path("people/", views.people_list, name="people_list"),
    path("people/<int:user_id>/", views.person_record, name="person_record"),
    path("people/<int:user_id>/export/", views.person_export, name="person_export"),
    path("people/<int:user_id>/evidence/<int:pk>/", views.person_evidence, name="person_evidence"),
    path("shared/<str:token>/", views.shared_link, name="shared_link"),
    path("shared/<str:token>/export/", views.shared_link_export, name="shared_link_export"),
    path(
        "shared/<str:token>/evidence/<int:pk>/",
        views.shared_link_evidence,
        name="shared_link_evidence",
    ),
]
