"""Learning: the catalogue and learners' pages, authoring, and training kits."""

from django.urls import include, path

app_name = "learning"

urlpatterns = [
    path("", include("atheneum.learning.module_urls")),
    path("authoring/", include("atheneum.learning.authoring_urls")),
    path("kits/", include("atheneum.learning.kit_urls")),
]
