"""The xAPI statement resource (for learning tools) and the pages that manage it."""

from django.urls import include, path

app_name = "xapi"

urlpatterns = [
    path("", include("atheneum.xapi.urls_in")),
    path("", include("atheneum.xapi.urls_out")),
]
