"""Exports: the PDF statement (shaped Arabic, Chinese glyphs), CSV and JSON."""

import csv
import datetime
import io
import json
import re
from decimal import Decimal

import pypdf
from django.urls import reverse

from atheneum.portfolio import exports, selectors

from .conftest import SECRET
from .factories import ActivityFactory, ReflectionFactory

ARABIC = "ورشة القراءة للأطفال"
CHINESE = "图书馆员数字素养培训"


def _pdf_text_and_fonts(data: bytes) -> tuple[str, set[str]]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    # pypdf decodes the subset fonts' two-byte codes with stray control characters beside
    # the letters; the letters themselves come out right.
    text = re.sub(r"[\x00-\x09\x0b-\x1f]", "", "".join(p.extract_text() for p in reader.pages))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return text, fonts


def test_pdf_statement_has_arabic_and_chinese_with_their_fonts(client_as, member):
    start = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
    arabic = ActivityFactory(owner=member, title=ARABIC, start=start, hours=Decimal("2"))
    ReflectionFactory(activity=arabic, part_1=SECRET)
    ActivityFactory(owner=member, title=CHINESE, start=start, kind="reading", hours=Decimal("1.5"))
    ActivityFactory(owner=member, title="Outside", start=start - datetime.timedelta(days=90))
    response = client_as("member").get(
        reverse("portfolio:export"),
        {"format": "pdf", "period_start": "2026-03-01", "period_end": "2026-03-31"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, fonts = _pdf_text_and_fonts(response.content)
    compact = text.replace(" ", "")
    for word in ARABIC.split():
        assert word in text
    assert CHINESE in compact
    assert "CPDrecordofMiraMember" in compact
    assert "3.50hours" in compact
    assert "Outside" not in text
    assert SECRET.replace(" ", "") not in compact
    assert fonts == {"NotoSansCJKTCRegular", "NotoSansArabic"}


def test_pdf_includes_reflections_only_when_ticked(member):
    activity = ActivityFactory(owner=member, title="Webinar")
    ReflectionFactory(activity=activity, template="free", part_1="Reflective sentence here")
    for include in (False, True):
        activities = selectors.activities_for_statement(
            owner=member, period_start=None, period_end=None, include_reflections=include
        )
        data = exports.as_pdf(
            owner=member,
            activities=activities,
            period_start=None,
            period_end=None,
            include_reflections=include,
        )
        text, _fonts = _pdf_text_and_fonts(data)
        assert ("Reflectivesentencehere" in text.replace(" ", "")) is include


def test_csv_export_columns_and_formula_guard(client_as, member, competency):
    ActivityFactory(owner=member, title="=HYPERLINK(1)", competencies=[competency])
    response = client_as("member").get(reverse("portfolio:export"), {"format": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="cpd-record-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:7] == ["title", "type", "mode", "provider", "start", "end", "hours"]
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert rows[1][10] == "A1 Storytelling"
    assert "reflections" not in rows[0]


def test_json_export_with_reflections(client_as, member, activity):
    response = client_as("member").get(
        reverse("portfolio:export"), {"format": "json", "include_reflections": "on"}
    )
    document = json.loads(response.content)
    assert document["member"] == "Mira Member"
    assert document["total_hours"] == "2.00"
    [row] = document["activities"]
    assert row["title"] == "Storytelling workshop"
    assert row["competencies"] == ["A1 Storytelling"]
    assert row["evidence_files"] == ["certificate.pdf"]
    assert row["reflections"][0]["parts"][0] == {
        "label": "Three insights you gained",
        "text": SECRET,
    }


def test_shared_link_pdf_export(client_as, member):
    from .factories import ShareLinkFactory

    ActivityFactory(owner=member, title="Shared course")
    link = ShareLinkFactory(owner=member)
    response = client_as("anonymous").get(
        reverse("portfolio:shared_link_export", args=[link.token]) + "?format=pdf"
    )
    assert response.status_code == 200
    text, _fonts = _pdf_text_and_fonts(response.content)
    assert "Sharedcourse" in text.replace(" ", "")
