"""Certificates of attendance: a PDF listing the sessions attended, with hours and a line that
lets anyone holding the certificate check it on the site."""

from decimal import Decimal

from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from atheneum.common.pdf import Document
from atheneum.portfolio.selectors import zone_of

from . import registration_selectors as selectors
from .attendance import session_hours
from .models import Event

SALT = "atheneum.events.certificate"


def verification_code(*, event: Event, user) -> str:
    """A code that names the event and the person and cannot be forged."""
    return signing.Signer(salt=SALT, sep=".").sign(f"{event.pk}-{user.pk}")


def verification_parse(code: str) -> tuple[int, int] | None:
    """(event id, user id) behind a genuine code, else None."""
    try:
        value = signing.Signer(salt=SALT, sep=".").unsign(code)
    except signing.BadSignature:
        return None
    event_id, _sep, user_id = value.partition("-")
    if not (event_id.isdigit() and user_id.isdigit()):
        return None
    return int(event_id), int(user_id)


def verification_url(*, event: Event, user) -> str:
    from .registration_services import absolute_url

    return absolute_url(
        reverse("events:certificate_verify", args=[verification_code(event=event, user=user)])
    )


def certificate_pdf(*, event: Event, user, attended: list, language: str) -> bytes:
    """The certificate for `user`; `attended` is (session, attendance) pairs from a selector."""
    zone = zone_of(user)
    title = selectors.event_title(event, language)
    total = sum((session_hours(session) for session, _attendance in attended), Decimal("0"))
    document = Document(
        title=_("Certificate of attendance"),
        author=event.organisation.name,
        size=11,
        line_height=7,
    )
    pdf = document.pdf
    line = document.line

    line(_("Certificate of attendance"), size=20, height=12, gap=4)
    line(_("This certifies that"))
    line(user.public_name, size=16, height=10)
    line(_("attended the following sessions of %(event)s, organised by %(organiser)s:")
         % {"event": title, "organiser": event.organisation.name}, gap=3)  # fmt: skip
    for session, _attendance in attended:
        start = session.start.astimezone(zone)
        line(selectors.session_title(session, language), size=12, height=7)
        line(
            _("%(date)s · %(hours)s hours")
            % {"date": date_format(start, "DATETIME_FORMAT"), "hours": session_hours(session)},
            size=10,
            height=6,
            gap=1,
        )
    pdf.ln(3)
    line(_("Total: %(hours)s hours") % {"hours": total}, size=13, height=8, gap=4)
    line(
        _("Issued on %(date)s.")
        % {"date": date_format(timezone.now().astimezone(zone).date(), "DATE_FORMAT")},
        size=10,
        height=6,
    )
    line(
        _("Verification: %(url)s") % {"url": verification_url(event=event, user=user)},
        size=9,
        height=5,
    )
    return bytes(pdf.output())
