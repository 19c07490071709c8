"""Background work for coaching bookings: the booking mails and the day-before reminders."""

from smtplib import SMTPException

from celery import shared_task

from .models import Booking


@shared_task(
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def send_booking_mails(booking_id: int, kind: str, message_id: str | None = None) -> int:
    """Mails coachee and coach about a booking (kind: confirmed or cancelled). A message
    delivered twice (same `message_id`) mails once."""
    from atheneum.common.tasks import once

    from .emails import booking_messages

    booking = (
        Booking.objects.filter(pk=booking_id)
        .select_related("coach__user", "coachee", "round__programme__organisation")
        .first()
    )
    if booking is None:
        return 0
    with once(f"coaching:booking-mail:{message_id}") as todo:
        if not todo:
            return 0
        messages = booking_messages(booking=booking, kind=kind)
        for message in messages:
            message.send()
    return len(messages)


@shared_task(
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def send_booking_reminders() -> int:
    """Safe to run as often as you like: each booking is reminded once."""
    from .booking_services import booking_reminders_send

    return booking_reminders_send()
