"""Event URLs. Conference pages live in core_urls, registration and attendance in
registration_urls, the call for speakers in cfp_urls; all share the `events` namespace."""

from django.urls import include, path

app_name = "events"

urlpatterns = [
    path("", include("atheneum.events.registration_urls")),
    path("", include("atheneum.events.cfp_urls")),
    path("", include("atheneum.events.core_urls")),
]
