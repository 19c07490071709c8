"""Certificates of completion: a PDF with the learner, the module, the date, the hours, the
module's licence and a line that lets anyone holding the certificate check it on the site."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from atheneum.portfolio.exports import font_files
from atheneum.portfolio.selectors import zone_of

from .models import Enrolment
from .services import absolute_url, module_hours


def verification_url(*, enrolment: Enrolment) -> str:
    return absolute_url(reverse("learning:verify", args=[enrolment.certificate_code]))


def certificate_pdf(*, enrolment: Enrolment) -> bytes:
    """The certificate of a completed enrolment (`user` and `module.organisation` loaded)."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    module = enrolment.module
    user = enrolment.user
    completed = enrolment.completed_at.astimezone(zone_of(user))
    pdf = FPDF(format="A4")
    pdf.set_title(_("Certificate of completion"))
    pdf.set_author(module.organisation.name)
    pdf.set_creator("Atheneum")
    for family, path in font_files().items():
        pdf.add_font(family, fname=path)
    pdf.set_font("NotoSansCJK", size=11)
    pdf.set_fallback_fonts(["NotoSansArabic"])
    pdf.set_text_shaping(True)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.epw

    def line(text: str, *, size: float = 11, height: float = 7, gap: float = 0) -> None:
        pdf.set_font_size(size)
        pdf.multi_cell(width, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if gap:
            pdf.ln(gap)

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
