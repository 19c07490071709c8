"""Certificates of completion: a PDF with the learner, the module, the date, the hours, the
module's licence and a line that lets anyone holding the certificate check it on the site."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from atheneum.common.pdf import Document
from atheneum.portfolio.selectors import zone_of

from .models import Enrolment
from .services import absolute_url, module_hours


def verification_url(*, enrolment: Enrolment) -> str:
    return absolute_url(reverse("learning:verify", args=[enrolment.certificate_code]))


def certificate_pdf(*, enrolment: Enrolment) -> bytes:
    """The certificate of a completed enrolment (`user` and `module.organisation` loaded)."""
    module = enrolment.module
    user = enrolment.user
    completed = enrolment.completed_at.astimezone(zone_of(user))
    document = Document(
        title=_("Certificate of completion"),
        author=module.organisation.name,
        size=11,
        line_height=7,
    )
    pdf = document.pdf
    line = document.line

    line(_("Certificate of completion"), size=20, height=12, gap=4)
    line(_("This certifies that"))
    line(user.public_name, size=16, height=10, gap=2)
    line(_("completed the self-paced module"))
    line(module.title, size=15, height=9, gap=2)
    line(_("offered by %(organisation)s.") % {"organisation": module.organisation.name}, gap=3)
    line(
        _("Completed on %(date)s · %(hours)s hours")
        % {
            "date": date_format(completed.date(), "DATE_FORMAT"),
            "hours": module_hours(module.estimated_minutes),
        },
        size=12,
        height=8,
        gap=3,
    )
    line(
        _("The module is shared under this licence: %(licence)s")
        % {"licence": module.get_licence_display()},
        size=10,
        height=6,
        gap=3,
    )
    line(
        _("Verification: %(url)s (code %(code)s)")
        % {"url": verification_url(enrolment=enrolment), "code": enrolment.certificate_code},
        size=9,
        height=5,
    )
    return bytes(pdf.output())
