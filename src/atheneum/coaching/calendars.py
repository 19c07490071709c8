"""iCalendar (RFC 5545/5546) files for coaching bookings.

One VEVENT per booking, its UID `<booking.uid>@<site host>` and SEQUENCE from the booking, so a
cancellation or a re-download replaces the entry rather than adding one. Times are UTC. Each
party gets their own copy: the coachee's goals go only into the coach's, and each copy names
only its recipient as ATTENDEE, so neither party's address reaches the other.
"""

from urllib.parse import urlparse

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Booking
from .slots import UTC

PRODID = "-//Atheneum//Coaching//EN"


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def site_host() -> str:
    return urlparse(settings.SITE_URL).hostname or "atheneum"


def from_address() -> str:
    sender = settings.DEFAULT_FROM_EMAIL
    return sender.split("<", 1)[1].rstrip(">") if "<" in sender else sender


def booking_uid(booking: Booking) -> str:
    return f"{booking.uid}@{site_host()}"


def booking_calendar(*, booking: Booking, method: str, for_coach: bool) -> bytes:
    """The calendar for one party: `method` is REQUEST, CANCEL or PUBLISH.

    Needs the booking's coach with user, coachee and round with programme and organisation."""
    other = booking.coachee if for_coach else booking.coach.user
    recipient = booking.coach.user if for_coach else booking.coachee
    summary = _("Coaching session with %(name)s") % {"name": other.public_name}
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", booking_uid(booking))
    event.add("sequence", booking.sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC).replace(microsecond=0))
    event.add("dtstart", booking.start.astimezone(UTC))
    event.add("dtend", booking.end.astimezone(UTC))
    event.add("summary", summary)
    url = absolute_url(reverse("coaching:booking", args=[booking.uid]))
    lines = [booking.round.programme.title]
    if booking.meeting_url:
        lines.append(_("Meeting link: %(url)s") % {"url": booking.meeting_url})
    if for_coach and booking.goals:
        lines.append(_("What the coachee wants to work on:") + "\n" + booking.goals)
    lines.append(url)
    event.add("description", "\n\n".join(lines))
    event.add("url", url)
    if booking.meeting_url:
        event.add("location", booking.meeting_url)
    cancelled = method == "CANCEL" or booking.status == "cancelled"
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = icalendar.vCalAddress(f"mailto:{from_address()}")
    organizer.params["CN"] = booking.round.programme.organisation.name
    event.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{recipient.email}")
    attendee.params.update(
        {
            "CN": recipient.public_name,
            "ROLE": "REQ-PARTICIPANT",
            "PARTSTAT": "ACCEPTED",
            "RSVP": "FALSE",
        }
    )
    event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical()
