"""The mails meetups send: the reminder to a date's host."""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import MeetupSeries


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def host_reminder_message(*, series: MeetupSeries, start: datetime.datetime, host) -> EmailMessage:
    """The reminder, in the host's interface language and with the time in their zone."""
    from .selectors import occurrence_key

    language = host.interface_language or settings.LANGUAGE_CODE
    zone_name = host.time_zone or "UTC"
    with translation.override(language), timezone.override(zone_name):
        context = {
            "series": series,
            "host": host,
            "start": timezone.localtime(start),
            "zone": zone_name.replace("_", " "),
            "url": absolute_url(
                reverse("meetups:occurrence_detail", args=[series.slug, occurrence_key(start)])
            ),
        }
        subject = render_to_string("meetups/email/host_reminder_subject.txt", context).strip()
        body = render_to_string("meetups/email/host_reminder.txt", context)
    return EmailMessage(subject=subject, body=body, to=[host.email])
