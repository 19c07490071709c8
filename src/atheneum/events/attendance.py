"""Attendance: marked by an organiser, imported from a video platform's report, or checked in
with a code. Every new attendance records the session in the attendee's CPD portfolio once."""

import csv
import datetime
import io
import secrets
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from atheneum.organisations.rules import can
from atheneum.portfolio.enums import ActivityKind
from atheneum.portfolio.services import record_activity

from . import registration_selectors as selectors
from .enums import AttendanceSource, RegistrationStatus
from .models import Attendance, Registration, Session

CHECK_IN_MARGIN = datetime.timedelta(minutes=15)
DEFAULT_MIN_SHARE = 50
REPORT_MAX_BYTES = 2 * 1024 * 1024
REPORT_MAX_ROWS = 20_000
EMAIL_COLUMNS = ("email", "user email", "e-mail", "attendee email", "participant email")
JOIN_COLUMNS = ("join time", "join", "joined", "joined at", "first join")
LEAVE_COLUMNS = ("leave time", "leave", "left", "left at", "last leave")
TIME_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
)


def session_hours(session: Session) -> Decimal:
    seconds = Decimal((session.end - session.start).total_seconds())
    return (seconds / Decimal(3600)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _session_link(session: Session) -> str:
    from .registration_services import absolute_url

    try:
        path = reverse("events:session_detail", args=[session.event.slug, session.pk])
    except NoReverseMatch:
        path = reverse("events:my_agenda", args=[session.event.slug])
    return absolute_url(path)


def _record(*, session: Session, user, source: str, minutes: int | None) -> Attendance | None:
    """The attendance row and the portfolio entry, each at most once; None if already there."""
    attendance, created = Attendance.objects.get_or_create(
        session=session, user=user, defaults={"source": source, "minutes": minutes}
    )
    registration = (
        Registration.objects.filter(event_id=session.event_id, user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    language = registration.follow_language if registration else session.event.default_language
    record_activity(
        owner=user,
        source_key=f"events:session:{session.uid}",
        title=selectors.session_title(session, language),
        kind=ActivityKind.CONFERENCE_SESSION,
        start=session.start,
        end=session.end,
        hours=session_hours(session),
        provider=selectors.event_title(session.event, language),
        link=_session_link(session),
        language=language,
        competency_ids=[competency.pk for competency in session.competencies.all()],
    )
    return attendance if created else None


def _check_marker(*, session: Session, acting_user) -> None:
    if not can(acting_user, "events.mark_attendance", session.event):
        raise PermissionDenied


@transaction.atomic
def attendance_mark(*, session: Session, user_ids: list[int], acting_user) -> int:
    """Marks these confirmed registrants as having attended; returns how many were new."""
    _check_marker(session=session, acting_user=acting_user)
    registrations = list(
        Registration.objects.filter(
            event_id=session.event_id, status=RegistrationStatus.CONFIRMED, user_id__in=user_ids
        ).select_related("user")
    )
    if len(registrations) != len(set(user_ids)):
        raise ValidationError(
            _("Only people with a confirmed registration can be marked."), code="not_registered"
        )
    created = 0
    for registration in registrations:
        if _record(
            session=session, user=registration.user, source=AttendanceSource.ORGANISER, minutes=None
        ):
            created += 1
    return created


# --- Attendance reports --------------------------------------------------------------------------


@dataclass
class ReportResult:
    attended: int  # new attendances recorded
    already: int  # people who had an attendance already
    too_short: int  # people below the minimum share
    unknown: int  # e-mail addresses without a registration for the event


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    normalised = [" ".join(cell.strip().lower().replace("_", " ").split()) for cell in header]
    for index, cell in enumerate(normalised):
        if cell in names or cell.split(" (")[0] in names:
            return index
    return None


def _parse_time(value: str, zone: datetime.tzinfo) -> datetime.datetime | None:
    value = value.strip()
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        moment = None
        for fmt in TIME_FORMATS:
            try:
                moment = datetime.datetime.strptime(value, fmt)  # noqa: DTZ007 (zone added below)
                break
            except ValueError:
                continue
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment


def _covered_minutes(intervals: list[tuple[datetime.datetime, datetime.datetime]], session) -> int:
    """Minutes of the session covered by the join/leave intervals (overlaps counted once)."""
    clipped = sorted(
        (max(start, session.start), min(end, session.end))
        for start, end in intervals
        if min(end, session.end) > max(start, session.start)
    )
    total = datetime.timedelta()
    current_start, current_end = None, None
    for start, end in clipped:
        if current_end is None or start > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += current_end - current_start
    return int(total.total_seconds() // 60)


def parse_report(
    *, data: bytes, zone: datetime.tzinfo
) -> dict[str, list[tuple[datetime.datetime, datetime.datetime]]]:
    """Join/leave intervals per e-mail address from a report CSV; a bad file raises
    ValidationError naming the row at fault."""
    if len(data) > REPORT_MAX_BYTES:
        raise ValidationError(_("The file is too large (at most 2 MB)."), code="too_large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The file is not a CSV file in UTF-8."), code="encoding") from error
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise ValidationError(_("The file is empty."), code="empty")
    columns = [_column(header, names) for names in (EMAIL_COLUMNS, JOIN_COLUMNS, LEAVE_COLUMNS)]
    if None in columns:
        raise ValidationError(
            _("The first row must name the columns: email, join time and leave time."),
            code="header",
        )
    email_at, join_at, leave_at = columns
    intervals: dict[str, list] = {}
    for number, row in enumerate(reader, start=2):
        if number > REPORT_MAX_ROWS:
            raise ValidationError(_("The file has too many rows."), code="too_many_rows")
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(columns):
            raise ValidationError(
                _("Row %(row)d has too few columns.") % {"row": number}, code="row"
            )
        email = row[email_at].strip().lower()
        if "@" not in email:
            raise ValidationError(
                _("Row %(row)d has no valid e-mail address.") % {"row": number}, code="row"
            )
        joined, left = _parse_time(row[join_at], zone), _parse_time(row[leave_at], zone)
        if joined is None or left is None:
            raise ValidationError(
                _("Row %(row)d has a join or leave time that cannot be read.") % {"row": number},
                code="row",
            )
        if left < joined:
            raise ValidationError(
                _("Row %(row)d has a leave time before its join time.") % {"row": number},
                code="row",
            )
        intervals.setdefault(email, []).append((joined, left))
    return intervals


@transaction.atomic
def attendance_import_report(
    *, session: Session, data: bytes, min_share: int = DEFAULT_MIN_SHARE, acting_user
) -> ReportResult:
    """Records everyone whose summed time in the session reaches `min_share` per cent of it.

    The whole file is checked before anything is written: a bad row changes nothing.
    """
    _check_marker(session=session, acting_user=acting_user)
    if not 1 <= min_share <= 100:
        raise ValidationError(
            _("The minimum share must be between 1 and 100 per cent."), code="share"
        )
    zone = selectors.event_zone(session.event)
    intervals = parse_report(data=data, zone=zone)
    session_minutes = (session.end - session.start).total_seconds() / 60
    users = {
        user.email.lower(): user
        for user in get_user_model().objects.filter(
            event_registrations__event_id=session.event_id,
            event_registrations__status=RegistrationStatus.CONFIRMED,
        )
    }
    already_ids = selectors.attendance_user_ids(session=session)
    result = ReportResult(attended=0, already=0, too_short=0, unknown=0)
    for email, spans in intervals.items():
        user = users.get(email)
        if user is None:
            result.unknown += 1
            continue
        minutes = _covered_minutes(spans, session)
        if minutes * 100 < min_share * session_minutes:
            result.too_short += 1
            continue
        if user.pk in already_ids:
            result.already += 1
            continue
        _record(session=session, user=user, source=AttendanceSource.REPORT, minutes=minutes)
        result.attended += 1
    return result


# --- Check-in with a code ------------------------------------------------------------------------


def check_in_window_open(session: Session, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return session.start - CHECK_IN_MARGIN <= now <= session.end + CHECK_IN_MARGIN


@transaction.atomic
def attendance_check_in(
    *, session: Session, user, code: str, acting_user, now: datetime.datetime | None = None
) -> Attendance:
    """Checks a confirmed attendee in with the code announced during the session."""
    if acting_user is None or acting_user.pk != user.pk:
        raise PermissionDenied
    if not selectors.has_confirmed_registration(event=session.event, user=user):
        raise ValidationError(
            _("Only people with a confirmed registration can check in."), code="not_registered"
        )
    if not session.check_in_code:
        raise ValidationError(_("This session has no check-in code."), code="no_code")
    if not check_in_window_open(session, now):
        raise ValidationError(
            _("Check-in is open from 15 minutes before the session until 15 minutes after it."),
            code="window",
        )
    given = "".join(code.split()).upper()
    if not secrets.compare_digest(given.encode(), session.check_in_code.strip().upper().encode()):
        raise ValidationError({"code": _("That code is not right. Check it and try again.")})
    existing = Attendance.objects.filter(session=session, user=user).first()
    if existing is not None:
        return existing
    return _record(session=session, user=user, source=AttendanceSource.CHECK_IN, minutes=None)
