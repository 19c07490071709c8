from django.urls import path

from . import booking_views as views

urlpatterns = [
    path(
        "<slug:slug>/rounds/<int:pk>/availability/",
        views.coach_availability,
        name="coach_availability",
    ),
    path(
        "<slug:slug>/rounds/<int:pk>/availability/<int:availability_id>/delete/",
        views.availability_delete,
        name="availability_delete",
    ),
    path("<slug:slug>/rounds/<int:pk>/slots/", views.round_slots, name="round_slots"),
    path(
        "<slug:slug>/rounds/<int:pk>/slots/<int:slot_id>/book/",
        views.booking_create,
        name="booking_create",
    ),
    path("bookings/<uuid:uid>/", views.booking_detail, name="booking"),
    path("bookings/<uuid:uid>/calendar.ics", views.booking_ics, name="booking_ics"),
    path("bookings/<uuid:uid>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("bookings/<uuid:uid>/reschedule/", views.booking_reschedule, name="booking_reschedule"),
    path("bookings/<uuid:uid>/feedback/", views.booking_feedback, name="booking_feedback"),
]
