"""Coaching: programmes, coach recruitment, preparation guides, slots and bookings."""

from django.urls import include, path

app_name = "coaching"

urlpatterns = [
    path("", include("atheneum.coaching.programme_urls")),
    path("", include("atheneum.coaching.booking_urls")),
]
