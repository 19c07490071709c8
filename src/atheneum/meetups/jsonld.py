"""schema.org EventSeries data for a meetup series page (search engines, calendars)."""

from django.conf import settings
from django.urls import reverse

from atheneum.events.exports import jsonld_script_body

from .models import MeetupSeries


def series_jsonld(*, series: MeetupSeries, dates: list) -> str:
    """The series and its coming dates as JSON safe inside a <script> element.

    Only the series page's address is given as the virtual location: the meeting link stays
    on the page, for the people allowed to see it.
    """
    url = settings.SITE_URL.rstrip("/") + reverse("meetups:series_detail", args=[series.slug])
    data = {
        "@context": "https://schema.org",
        "@type": "EventSeries",
        "@id": url,
        "name": series.title,
        "url": url,
        "inLanguage": series.language,
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "location": {"@type": "VirtualLocation", "url": url},
        "organizer": {"@type": "Organization", "name": series.organisation.name},
        "isAccessibleForFree": True,
        "offers": {"@type": "Offer", "price": "0", "priceCurrency": "EUR", "url": url},
        "subEvent": [
            {
                "@type": "Event",
                "name": series.title,
                "startDate": date.start.isoformat(),
                "endDate": date.end.isoformat(),
                "eventStatus": "https://schema.org/EventCancelled"
                if date.cancelled
                else "https://schema.org/EventScheduled",
                "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
                "location": {"@type": "VirtualLocation", "url": url},
            }
            for date in dates
        ],
    }
    return jsonld_script_body(data)
