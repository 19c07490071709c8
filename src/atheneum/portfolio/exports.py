"""A member's record as a file: a printable PDF statement, CSV and JSON.

Every export is built from a list that a selector already limited to what the viewer may see;
reflections are only in it when asked for.
"""

import csv
import datetime
import io
import json

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from atheneum.common.pdf import Document
from atheneum.common.spreadsheet import spreadsheet_safe

from .enums import ActivityKind, LearningMode, ReflectionTemplate
from .selectors import competency_label, totals_for, zone_of
from .templates_text import reflection_parts


def _local(moment: datetime.datetime, zone) -> datetime.datetime:
    return moment.astimezone(zone)


def activity_rows(*, owner, activities, include_reflections: bool) -> list[dict]:
    zone = zone_of(owner)
    rows = []
    for activity in activities:
        row = {
            "title": activity.title,
            "type": activity.kind,
            "type_label": str(ActivityKind(activity.kind).label),
            "mode": activity.mode,
            "mode_label": str(LearningMode(activity.mode).label),
            "provider": activity.provider,
            "start": _local(activity.start, zone).isoformat(),
            "end": _local(activity.end, zone).isoformat(),
            "hours": str(activity.hours),
            "link": activity.link,
            "language": activity.language,
            "notes": activity.description,
            "competencies": [competency_label(c) for c in activity.competencies.all()],
            "evidence_files": [e.original_name for e in activity.evidence.all()],
        }
        if include_reflections:
            row["reflections"] = [
                {
                    "template": reflection.template,
                    "written": reflection.created_at.isoformat(),
                    "parts": [
                        {"label": str(label), "text": text}
                        for label, text in reflection_parts(reflection)
                    ],
                    "idea_applied": reflection.idea_applied,
                    "idea_applied_note": reflection.idea_applied_note,
                }
                for reflection in activity.reflections.all()
            ]
        rows.append(row)
    return rows


def _period_dict(period_start, period_end) -> dict:
    return {
        "from": period_start.isoformat() if period_start else None,
        "until": period_end.isoformat() if period_end else None,
    }


def as_json(*, owner, activities, period_start, period_end, include_reflections: bool) -> str:
    totals = totals_for(activities)
    document = {
        "member": owner.public_name,
        "period": _period_dict(period_start, period_end),
        "generated": timezone.now().isoformat(),
        "total_hours": str(totals["total"]),
        "activities": activity_rows(
            owner=owner, activities=activities, include_reflections=include_reflections
        ),
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def as_csv(*, owner, activities, include_reflections: bool) -> str:
    rows = activity_rows(
        owner=owner, activities=activities, include_reflections=include_reflections
    )
    header = [
        "title", "type", "mode", "provider", "start", "end", "hours", "link", "language",
        "notes", "competencies", "evidence_files",
    ]  # fmt: skip
    if include_reflections:
        header.append("reflections")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        values = [
            row["title"], row["type"], row["mode"], row["provider"], row["start"], row["end"],
            row["hours"], row["link"], row["language"], row["notes"],
            "; ".join(row["competencies"]), "; ".join(row["evidence_files"]),
        ]  # fmt: skip
        if include_reflections:
            values.append(
                "\n\n".join(
                    "\n".join(f"{part['label']}: {part['text']}" for part in reflection["parts"])
                    for reflection in row["reflections"]
                )
            )
        writer.writerow([spreadsheet_safe(value) for value in values])
    return "\ufeff" + buffer.getvalue()  # the mark lets spreadsheet programs read UTF-8


# --- PDF ----------------------------------------------------------------------------------------


def _date(day) -> str:
    return date_format(day, "DATE_FORMAT") if day else ""


def as_pdf(*, owner, activities, period_start, period_end, include_reflections: bool) -> bytes:
    """A clean printable statement. Text shaping lays out Arabic right to left with joined
    letters; Chinese comes from the CJK font."""
    zone = zone_of(owner)
    totals = totals_for(activities)
    document = Document(
        title=_("CPD record of %(name)s") % {"name": owner.public_name},
        author=owner.public_name,
        size=10,
        line_height=6,
    )
    pdf = document.pdf
    line = document.line

    line(_("CPD record of %(name)s") % {"name": owner.public_name}, size=16, height=9)
    if period_start or period_end:
        period = _("Period: %(start)s – %(end)s") % {
            "start": _date(period_start) or "…",
            "end": _date(period_end) or "…",
        }
    else:
        period = _("Period: the whole record")
    line(period)
    line(
        _("Produced on %(date)s") % {"date": _date(timezone.now().astimezone(zone).date())},
        gap=3,
    )

    line(_("Totals"), size=13, height=8)
    line(
        _("%(count)d activities, %(hours)s hours")
        % {"count": totals["count"], "hours": totals["total"]}
    )
    for label, hours in totals["by_kind"]:
        line(_("%(label)s: %(hours)s hours") % {"label": label, "hours": hours})
    for label, hours in totals["by_mode"]:
        line(_("%(label)s: %(hours)s hours") % {"label": label, "hours": hours})
    pdf.ln(3)

    line(_("Activities"), size=13, height=8)
    if not activities:
        line(_("No activities in this period."))
    for activity in activities:
        _pdf_activity(pdf, line, activity, zone=zone, include_reflections=include_reflections)
    return bytes(pdf.output())


def _pdf_activity(pdf, line, activity, *, zone, include_reflections: bool) -> None:
    start = _local(activity.start, zone)
    pdf.set_draw_color(200, 200, 200)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
    pdf.ln(1)
    line(activity.title, size=11, height=7)
    details = [
        _date(start.date()),
        str(ActivityKind(activity.kind).label),
        str(LearningMode(activity.mode).label),
        _("%(hours)s hours") % {"hours": activity.hours},
    ]
    if activity.provider:
        details.append(activity.provider)
    line(" · ".join(details), size=9, height=5)
    competencies = [competency_label(c) for c in activity.competencies.all()]
    if competencies:
        line(_("Competencies: %(list)s") % {"list": "; ".join(competencies)}, size=9, height=5)
    if include_reflections:
        for reflection in activity.reflections.all():
            line(
                _("Reflection (%(template)s)")
                % {"template": ReflectionTemplate(reflection.template).label},
                size=9,
                height=5,
            )
            for label, text in reflection_parts(reflection):
                line(f"{label}: {text}", size=9, height=5)
    pdf.ln(2)
