from django.urls import path

from . import authoring_views as views

urlpatterns = [
    path("", views.module_list, name="authoring"),
    path("new/", views.module_create, name="authoring_create"),
    path("import/", views.module_import, name="authoring_import"),
    path("<slug:slug>/", views.module_detail, name="authoring_module"),
    path("<slug:slug>/details/", views.module_edit, name="authoring_edit"),
    path("<slug:slug>/publish/", views.module_publish, name="authoring_publish"),
    path("<slug:slug>/status/", views.module_status, name="authoring_status"),
    path("<slug:slug>/version/", views.module_version, name="authoring_version"),
    path("<slug:slug>/duplicate/", views.module_duplicate, name="authoring_duplicate"),
    path("<slug:slug>/export/", views.module_export, name="authoring_export"),
    path("<slug:slug>/topics/new/", views.topic_create, name="authoring_topic_create"),
    path("<slug:slug>/topics/<int:pk>/", views.topic_edit, name="authoring_topic"),
    path("<slug:slug>/topics/<int:pk>/move/", views.topic_move, name="authoring_topic_move"),
    path("<slug:slug>/topics/<int:pk>/delete/", views.topic_delete, name="authoring_topic_delete"),
    path(
        "<slug:slug>/topics/<int:pk>/activities/",
        views.exercise_add,
        name="authoring_exercise_add",
    ),
    path("<slug:slug>/topics/<int:pk>/media/", views.media_add, name="authoring_media_add"),
    path(
        "<slug:slug>/topics/<int:pk>/resources/",
        views.resource_add,
        name="authoring_resource_add",
    ),
    path("<slug:slug>/media/<int:pk>/", views.media_edit, name="authoring_media"),
    path("<slug:slug>/questions/new/", views.question_create, name="authoring_question_create"),
    path("<slug:slug>/questions/<int:pk>/", views.question_edit, name="authoring_question"),
    path(
        "<slug:slug>/questions/<int:pk>/move/",
        views.question_move,
        name="authoring_question_move",
    ),
    path(
        "<slug:slug>/questions/<int:pk>/delete/",
        views.question_delete,
        name="authoring_question_delete",
    ),
    path(
        "<slug:slug>/<str:kind>/<int:pk>/delete/",
        views.part_delete,
        name="authoring_part_delete",
    ),
]
