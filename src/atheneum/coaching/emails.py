"""The mails bookings send: confirmation, cancellation and reminder, to coachee and coach.

Each mail is written in its recipient's interface language and states the time in both
parties' zones; confirmations carry a METHOD:REQUEST invite, cancellations a METHOD:CANCEL one.
The coachee's goals appear only in the coach's mail.
"""

from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .calendars import absolute_url, booking_calendar
from .models import Booking
from .slots import zone_for

CONFIRMED = "confirmed"
CANCELLED = "cancelled"
REMINDER = "reminder"
METHODS = {CONFIRMED: "REQUEST", CANCELLED: "CANCEL"}


def _times(booking: Booking, zone_name: str) -> dict:
    zone = zone_for(zone_name)
    # Naive wall-clock times, so the template does not convert them to the recipient's zone.
    return {
        "start": booking.start.astimezone(zone).replace(tzinfo=None),
        "end": booking.end.astimezone(zone).replace(tzinfo=None),
        "zone": zone_name.replace("_", " ") or "UTC",
    }


def booking_message(*, booking: Booking, kind: str, for_coach: bool) -> EmailMessage:
    """One party's mail about `booking` (kind: confirmed, cancelled or reminder)."""
    recipient = booking.coach.user if for_coach else booking.coachee
    other = booking.coachee if for_coach else booking.coach.user
    recipient_zone = booking.coach.time_zone if for_coach else recipient.time_zone
    other_zone = other.time_zone if for_coach else booking.coach.time_zone
    language = recipient.interface_language or settings.LANGUAGE_CODE
    round_ = booking.round
    with translation.override(language), timezone.override(zone_for(recipient_zone)):
        context = {
            "booking": booking,
            "kind": kind,
            "for_coach": for_coach,
            "recipient": recipient,
            "other_name": other.public_name,
            "programme": round_.programme,
            "mine": _times(booking, recipient_zone or "UTC"),
            "theirs": _times(booking, other_zone or "UTC"),
            "url": absolute_url(reverse("coaching:booking", args=[booking.uid])),
            "rebook_url": absolute_url(
                reverse("coaching:round_slots", args=[round_.programme.slug, round_.pk])
            ),
        }
        subject = render_to_string("coaching/email/booking_subject.txt", context)
        body = render_to_string("coaching/email/booking_body.txt", context)
    message = EmailMessage(subject=" ".join(subject.split()), body=body, to=[recipient.email])
    method = METHODS.get(kind)
    if method:
        with translation.override(language):
            ics = booking_calendar(booking=booking, method=method, for_coach=for_coach)
        part = MIMEText(ics.decode(), "calendar", "utf-8")
        part.set_param("method", method)
        part.add_header("Content-Disposition", "attachment", filename="invite.ics")
        message.attach(part)
    return message


def booking_messages(*, booking: Booking, kind: str) -> list[EmailMessage]:
    return [
        booking_message(booking=booking, kind=kind, for_coach=False),
        booking_message(booking=booking, kind=kind, for_coach=True),
    ]
