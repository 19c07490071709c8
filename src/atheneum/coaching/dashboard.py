"""The organisers' view of a round: totals and averages only.

Nothing here reads a coachee's goals, a comment, a coach's notes or who booked: only counts
grouped by day, language and status. A fixed number of queries, however large the round.
"""

import csv
import datetime
import io
import zoneinfo
from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from atheneum.common.spreadsheet import spreadsheet_safe

from .enums import BookingStatus, CoachStatus, SessionOutcome
from .models import LIVE_BOOKING, Booking, Coach, Round, Slot
from .programme_selectors import base_language, language_name


@dataclass
class Dashboard:
    coaches_by_status: list[tuple[str, int]]
    days: list[tuple[datetime.date, int, int]]  # day in the round's zone, offered, booked
    languages: list[tuple[str, str, int, int]]  # code, name, offered, booked
    bookings_live: int
    cancellations: int
    no_shows: int
    feedback_count: int
    usefulness_average: float | None


def dashboard_for(*, round_: Round, language: str) -> Dashboard:
    zone = zoneinfo.ZoneInfo(round_.time_zone)
    status_counts = dict(
        Coach.objects.filter(programme_id=round_.programme_id)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    coaches_by_status = [
        (str(label), status_counts.get(value, 0)) for value, label in CoachStatus.choices
    ]

    live = Booking.objects.filter(LIVE_BOOKING, slot=OuterRef("pk"))
    slots = Slot.objects.filter(round=round_, is_withdrawn=False).annotate(booked=Exists(live))
    per_day = (
        slots.annotate(day=TruncDate("start", tzinfo=zone))
        .values("day")
        .annotate(offered=Count("pk"), taken=Count("pk", filter=Q(booked=True)))
        .order_by("day")
    )
    days = [(row["day"], row["offered"], row["taken"]) for row in per_day]

    per_coach = (
        slots.values("coach_id")
        .annotate(offered=Count("pk"), taken=Count("pk", filter=Q(booked=True)))
        .order_by()
    )
    coach_counts = {row["coach_id"]: (row["offered"], row["taken"]) for row in per_coach}
    by_language: dict[str, list[int]] = {}
    for coach_id, languages in Coach.objects.filter(pk__in=list(coach_counts)).values_list(
        "pk", "languages"
    ):
        offered, taken = coach_counts[coach_id]
        for code in {base_language(code) for code in languages or []}:
            counts = by_language.setdefault(code, [0, 0])
            counts[0] += offered
            counts[1] += taken
    languages = sorted(
        (
            (code, language_name(code, language), counts[0], counts[1])
            for code, counts in by_language.items()
        ),
        key=lambda row: row[1].lower(),
    )

    totals = Booking.objects.filter(round=round_).aggregate(
        live=Count("pk", filter=LIVE_BOOKING),
        cancelled=Count("pk", filter=Q(status=BookingStatus.CANCELLED)),
        no_shows=Count(
            "pk",
            filter=Q(status=BookingStatus.NO_SHOW) | Q(coach_outcome=SessionOutcome.NO_SHOW),
        ),
        feedback=Count("pk", filter=Q(coachee_usefulness__isnull=False)),
        usefulness=Avg("coachee_usefulness"),
    )
    average = totals["usefulness"]
    return Dashboard(
        coaches_by_status=coaches_by_status,
        days=days,
        languages=languages,
        bookings_live=totals["live"],
        cancellations=totals["cancelled"],
        no_shows=totals["no_shows"],
        feedback_count=totals["feedback"],
        usefulness_average=round(float(average), 2) if average is not None else None,
    )


def dashboard_csv(*, round_: Round, dashboard: Dashboard) -> str:
    """The dashboard as CSV rows of (section, item, offered, booked or value)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def row(*cells) -> None:
        writer.writerow([spreadsheet_safe(cell) for cell in cells])

    row(_("Section"), _("Item"), _("Slots offered"), _("Slots booked"))
    for day, offered, taken in dashboard.days:
        row(_("Day"), day.isoformat(), offered, taken)
    for code, _name, offered, taken in dashboard.languages:
        row(_("Language"), code, offered, taken)
    for label, count in dashboard.coaches_by_status:
        row(_("Coaches"), label, count, "")
    row(_("Bookings"), _("Live bookings"), dashboard.bookings_live, "")
    row(_("Bookings"), _("Cancellations"), dashboard.cancellations, "")
    row(_("Bookings"), _("No-shows"), dashboard.no_shows, "")
    row(_("Feedback"), _("Answers"), dashboard.feedback_count, "")
    row(
        _("Feedback"),
        _("Average usefulness (1–5)"),
        "" if dashboard.usefulness_average is None else dashboard.usefulness_average,
        "",
    )
    return buffer.getvalue()
