# ruff: noqa: F811 - the fixtures are imported by name from test_registration_support
"""Attendance by an organiser, from a report, or by check-in code; the portfolio entry; the
certificate of attendance."""

import datetime
import io
import re
import zoneinfo
from decimal import Decimal

import pypdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from atheneum.events import attendance, certificates
from atheneum.events.models import Attendance
from atheneum.portfolio.models import Activity

from .test_registration_support import (  # noqa: F401
    CHECK_IN_CODE,
    RegistrationFactory,
    SessionFactory,
    event,
    form_en,
    registration,
    session,
)


@pytest.fixture
def past_session(event):
    start = (timezone.now() - datetime.timedelta(hours=3)).replace(second=0, microsecond=0)
    return SessionFactory(event=event, start=start, end=start + datetime.timedelta(hours=2),
                          title="Cataloguing in the open")  # fmt: skip


def test_attendance_mark_records_portfolio_once(registration, past_session, organiser, member):
    assert (
        attendance.attendance_mark(
            session=past_session, user_ids=[member.pk], acting_user=organiser
        )
        == 1
    )
    assert (
        attendance.attendance_mark(
            session=past_session, user_ids=[member.pk], acting_user=organiser
        )
        == 0
    )
    activity = Activity.objects.get(owner=member)
    assert activity.source_key == f"events:session:{past_session.uid}"
    assert activity.kind == "conference_session"
    assert activity.hours == Decimal("2.00")
    assert activity.title == "Cataloguing in the open"
    assert activity.provider == "Open Shelves"
    assert activity.reflection_requested is True
    assert Attendance.objects.get().source == "organiser"


def test_attendance_mark_rejects_unregistered_people(
    registration, past_session, organiser, other_member
):
    with pytest.raises(ValidationError):
        attendance.attendance_mark(
            session=past_session, user_ids=[other_member.pk], acting_user=organiser
        )
    assert Attendance.objects.count() == 0
    assert Activity.objects.count() == 0


def test_attendance_mark_by_member_is_forbidden(registration, past_session, member):
    with pytest.raises(PermissionDenied):
        attendance.attendance_mark(session=past_session, user_ids=[member.pk], acting_user=member)
    assert Attendance.objects.count() == 0


def _report(past_session, rows: list[tuple[str, datetime.datetime, datetime.datetime]]) -> bytes:
    lines = ["Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)"]
    for email, joined, left in rows:
        lines.append(
            f"Someone,{email},{joined.strftime('%m/%d/%Y %I:%M:%S %p')},"
            f"{left.strftime('%m/%d/%Y %I:%M:%S %p')},0"
        )
    return ("\n".join(lines) + "\n").encode()


def test_report_import_sums_rows_and_applies_minimum_share(event, past_session, organiser, member):
    RegistrationFactory(event=event, user=member)
    brief = RegistrationFactory(event=event).user
    # The report gives local times in the event's zone, as video platforms do.
    start = past_session.start.astimezone(zoneinfo.ZoneInfo(event.time_zone))
    rows = [
        # Mira: 40 + 30 minutes of the 120 (two rows, one overlapping the other by 10).
        ("MEMBER@example.org", start, start + datetime.timedelta(minutes=40)),
        (
            "member@example.org",
            start + datetime.timedelta(minutes=30),
            start + datetime.timedelta(minutes=70),
        ),
        # 20 minutes only.
        (brief.email, start, start + datetime.timedelta(minutes=20)),
        ("stranger@example.org", start, start + datetime.timedelta(minutes=120)),
    ]
    result = attendance.attendance_import_report(
        session=past_session, data=_report(past_session, rows), min_share=50, acting_user=organiser
    )
    assert (result.attended, result.already, result.too_short, result.unknown) == (1, 0, 1, 1)
    record = Attendance.objects.get()
    assert (record.user_id, record.source, record.minutes) == (member.pk, "report", 70)
    assert Activity.objects.filter(owner=member).count() == 1


def test_report_import_bad_row_names_it_and_changes_nothing(event, past_session, organiser, member):
    RegistrationFactory(event=event, user=member)
    data = (
        "email,join time,leave time\n"
        f"member@example.org,{past_session.start.isoformat()},{past_session.end.isoformat()}\n"
        "other@example.org,yesterday-ish,later\n"
    ).encode()
    with pytest.raises(ValidationError) as raised:
        attendance.attendance_import_report(session=past_session, data=data, acting_user=organiser)
    assert raised.value.messages == ["Row 3 has a join or leave time that cannot be read."]
    assert Attendance.objects.count() == 0
    assert Activity.objects.count() == 0


def test_report_import_without_columns_is_refused(past_session, organiser):
    with pytest.raises(ValidationError) as raised:
        attendance.attendance_import_report(
            session=past_session, data=b"a,b\n1,2\n", acting_user=organiser
        )
    assert raised.value.messages == [
        "The first row must name the columns: email, join time and leave time."
    ]


def test_report_import_view_shows_row_error(client_as, event, past_session):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "report.csv", b"email,join time,leave time\nnobody,x,y\n", "text/csv"
    )
    response = client_as("organiser").post(
        reverse("events:attendance_import", args=[event.slug, past_session.uid]),
        {"report": upload, "min_share": "50"},
    )
    assert response.status_code == 400
    assert b"Row 2 has no valid e-mail address." in response.content
    assert Attendance.objects.count() == 0


def test_mark_view_records_ticked_people(client_as, registration, past_session, member):
    response = client_as("organiser").post(
        reverse("events:attendance_session", args=[registration.event.slug, past_session.uid]),
        {"attended": [str(member.pk)]},
    )
    assert response.status_code == 302
    assert Attendance.objects.get().user_id == member.pk


def _live_session(event):
    start = timezone.now() - datetime.timedelta(minutes=10)
    return SessionFactory(event=event, start=start, end=start + datetime.timedelta(hours=1))


def test_check_in_with_right_code_records_once(registration, member):
    live = _live_session(registration.event)
    attendance.attendance_check_in(session=live, user=member, code=" libro7 ", acting_user=member)
    attendance.attendance_check_in(
        session=live, user=member, code=CHECK_IN_CODE, acting_user=member
    )
    assert Attendance.objects.get().source == "check_in"
    assert Activity.objects.filter(owner=member).count() == 1


def test_check_in_with_wrong_code_changes_nothing(registration, member):
    live = _live_session(registration.event)
    with pytest.raises(ValidationError) as raised:
        attendance.attendance_check_in(session=live, user=member, code="WRONG", acting_user=member)
    assert raised.value.message_dict == {
        "code": ["That code is not right. Check it and try again."]
    }
    assert Attendance.objects.count() == 0


def test_check_in_outside_the_session_is_refused(registration, session, member):
    with pytest.raises(ValidationError) as raised:
        attendance.attendance_check_in(
            session=session, user=member, code=CHECK_IN_CODE, acting_user=member
        )
    assert raised.value.messages == [
        "Check-in is open from 15 minutes before the session until 15 minutes after it."
    ]
    assert Attendance.objects.count() == 0


def test_check_in_window_edges(session):
    margin = datetime.timedelta(minutes=15)
    assert attendance.check_in_window_open(session, session.start - margin) is True
    assert attendance.check_in_window_open(session, session.end + margin) is True
    assert (
        attendance.check_in_window_open(
            session, session.start - margin - datetime.timedelta(seconds=1)
        )
        is False
    )


def test_check_in_by_waitlisted_person_is_refused(event, member):
    RegistrationFactory(event=event, user=member, status="waitlisted")
    live = _live_session(event)
    with pytest.raises(ValidationError):
        attendance.attendance_check_in(
            session=live, user=member, code=CHECK_IN_CODE, acting_user=member
        )
    assert Attendance.objects.count() == 0


def test_check_in_view_with_wrong_code_shows_message(client_as, registration):
    live = _live_session(registration.event)
    response = client_as("member").post(
        reverse("events:check_in", args=[registration.event.slug]),
        {"session": str(live.uid), "code": "nope"},
    )
    assert response.status_code == 400
    assert b"That code is not right. Check it and try again." in response.content


ARABIC = "ورشة القراءة للأطفال"
CHINESE = "图书馆员数字素养培训"


def test_certificate_lists_sessions_hours_and_verification(event, member, organiser):
    RegistrationFactory(event=event, user=member)
    start = timezone.now() - datetime.timedelta(days=1)
    arabic = SessionFactory(
        event=event, title=ARABIC, start=start, end=start + datetime.timedelta(hours=1)
    )
    chinese = SessionFactory(event=event, title=CHINESE, start=start + datetime.timedelta(hours=2),
                             end=start + datetime.timedelta(hours=3, minutes=30))  # fmt: skip
    SessionFactory(event=event, title="Not attended")
    attendance.attendance_mark(session=arabic, user_ids=[member.pk], acting_user=organiser)
    attendance.attendance_mark(session=chinese, user_ids=[member.pk], acting_user=organiser)
    from atheneum.events import registration_selectors

    data = certificates.certificate_pdf(
        event=event, user=member,
        attended=registration_selectors.attended_sessions(event=event, user=member), language="en",
    )  # fmt: skip
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = re.sub(r"[\x00-\x09\x0b-\x1f]", "", "".join(p.extract_text() for p in reader.pages))
    compact = text.replace(" ", "")
    for word in ARABIC.split():
        assert word in text
    assert CHINESE in compact
    assert "MiraMember" in compact
    assert "Total:2.50hours" in compact
    assert "Notattended" not in compact
    code = certificates.verification_code(event=event, user=member)
    assert code in compact
    assert certificates.verification_parse(code) == (event.pk, member.pk)


@pytest.mark.usefixtures("other_member")
def test_certificate_of_other_person_never_leaks(client_as, event, member, organiser, past_session):
    RegistrationFactory(event=event, user=member)
    attendance.attendance_mark(session=past_session, user_ids=[member.pk], acting_user=organiser)
    response = client_as("other_member").get(reverse("events:certificate", args=[event.slug]))
    assert response.status_code == 404
