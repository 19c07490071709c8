from django.urls import path

from . import views

app_name = "competencies"

urlpatterns = [
    path("", views.framework_list, name="framework_list"),
    path("new/", views.framework_create, name="framework_create"),
    path("import/", views.framework_import, name="framework_import"),
    path("me/", views.my_assessment, name="my_assessment"),
    path("me/sharing/", views.sharing_set, name="sharing_set"),
    path("me/gaps/", views.my_gaps, name="my_gaps"),
    path("me/history/<int:pk>/", views.competency_history, name="competency_history"),
    path("me/<slug:slug>/", views.self_assessment, name="self_assessment"),
    path("me/<slug:slug>/gaps/", views.framework_gaps, name="framework_gaps"),
    path("team/", views.team, name="team"),
    path("people/<int:user_pk>/<slug:slug>/", views.person_ratings, name="person_ratings"),
    path(
        "people/<int:user_pk>/history/<int:pk>/",
        views.person_competency_history,
        name="person_competency_history",
    ),
    path("<slug:slug>/", views.framework_detail, name="framework_detail"),
    path("<slug:slug>/edit/", views.framework_edit, name="framework_edit"),
    path("<slug:slug>/publish/", views.framework_publish, name="framework_publish"),
    path("<slug:slug>/levels/", views.level_list, name="level_list"),
    path("<slug:slug>/levels/<int:value>/delete/", views.level_delete, name="level_delete"),
    path("<slug:slug>/competencies/new/", views.competency_create, name="competency_create"),
    path("<slug:slug>/competencies/<int:pk>/", views.competency_edit, name="competency_edit"),
    path("<slug:slug>/competencies/<int:pk>/move/", views.competency_move, name="competency_move"),
    path(
        "<slug:slug>/competencies/<int:pk>/delete/",
        views.competency_delete,
        name="competency_delete",
    ),
    path(
        "<slug:slug>/competencies/<int:pk>/texts/delete/",
        views.competency_text_delete,
        name="competency_text_delete",
    ),
    path("<slug:slug>/export.csv", views.framework_export_csv, name="export_csv"),
    path("<slug:slug>/case.json", views.framework_export_case, name="export_case"),
]
