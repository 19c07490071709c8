"""The coaching API: programmes, coaches, free times and bookings, for every role and scope."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from atheneum.coaching import slots as slot_services
from atheneum.coaching.enums import BookingStatus, CoachStatus
from atheneum.coaching.models import Booking, Slot

from ..coaching.factories import (
    BookingFactory,
    CoachFactory,
    PreparationGuideFactory,
    ProgrammeFactory,
    RoundFactory,
    SlotFactory,
)
from ..conftest import ROLES
from ..factories import UserFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/coaching"
SIGNED_IN = [role for role in ROLES if role != "anonymous"]
SECRET_GOALS = "I want to talk about my secret plan to leave."
SECRET_NOTES = "Coachee seemed unsure; follow up on confidence."


@pytest.fixture
def programme(organisation):
    return ProgrammeFactory(organisation=organisation, slug="career", title="Career coaching")


@pytest.fixture
def draft(organisation):
    return ProgrammeFactory(
        organisation=organisation, slug="draft", title="Draft coaching", is_published=False
    )


@pytest.fixture
def coach_user():
    return UserFactory(display_name="Cora Coach", email="cora@example.org")


@pytest.fixture
def coach(programme, coach_user):
    return CoachFactory(
        programme=programme,
        user=coach_user,
        meeting_url="https://meet.example.org/cora-private-room",
    )


@pytest.fixture
def round_(programme):
    return RoundFactory(programme=programme)


def slot_at(coach, round_, hours: int) -> Slot:
    start = round_.coaching_starts + datetime.timedelta(hours=hours)
    return SlotFactory(coach=coach, round=round_, start=start)


@pytest.fixture
def slot(coach, round_):
    return slot_at(coach, round_, 0)


@pytest.fixture
def booking(coach, round_, member):
    return BookingFactory(
        slot=slot_at(coach, round_, 1),
        coachee=member,
        goals=SECRET_GOALS,
        coach_notes=SECRET_NOTES,
    )


@pytest.fixture
def as_role(api_client, role_user):
    """`as_role(role, scopes=None)`: an API client for the role (all scopes unless given)."""

    def make(role, scopes=None):
        user = role_user(role)
        return api_client(user) if scopes is None else api_client(user, scopes)

    return make


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(context)


# --- Programmes --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_programme_list_for_role(as_role, role, programme, draft):
    response = as_role(role).get(f"{BASE}/programmes")
    assert response.status_code == 200
    slugs = [item["slug"] for item in response.json()["items"]]
    if role in ("organiser", "admin"):
        assert slugs == ["career", "draft"]
    else:
        assert slugs == ["career"]


@pytest.mark.usefixtures("programme", "draft")
@pytest.mark.parametrize("role", ROLES)
def test_programme_detail_for_role(as_role, role, round_):
    client = as_role(role)
    response = client.get(f"{BASE}/programmes/career")
    assert response.status_code == 200
    body = response.json()
    assert body["organisation"] == {"slug": "riverside", "name": "Riverside Library"}
    assert [r["id"] for r in body["rounds"]] == [round_.pk]
    assert body["rounds"][0]["booking_open"] is True
    expected = 200 if role in ("organiser", "admin") else 404
    response = client.get(f"{BASE}/programmes/draft")
    assert response.status_code == expected
    if expected == 404:
        assert response["Content-Type"] == "application/problem+json"


def test_programme_detail_hides_unpublished_round(api_client, member, programme, round_):
    hidden = RoundFactory(programme=programme, is_published=False)
    body = api_client(member).get(f"{BASE}/programmes/career").json()
    assert [r["id"] for r in body["rounds"]] == [round_.pk]
    assert hidden.pk not in [r["id"] for r in body["rounds"]]


def test_programme_missing_is_404(api_client, member):
    response = api_client(member).get(f"{BASE}/programmes/nope")
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_programme_list_pagination_is_stable(api_client, member, organisation):
    for n in (3, 1, 2, 5, 4):
        ProgrammeFactory(organisation=organisation, title="Same title", slug=f"same-{n}")
    client = api_client(member)
    seen = []
    for page in (1, 2, 3):
        body = client.get(f"{BASE}/programmes?page_size=2&page={page}").json()
        assert body["count"] == 5
        assert body["pages"] == 3
        seen += [item["slug"] for item in body["items"]]
    assert len(seen) == len(set(seen)) == 5
    again = [
        item["slug"]
        for page in (1, 2, 3)
        for item in client.get(f"{BASE}/programmes?page_size=2&page={page}").json()["items"]
    ]
    assert again == seen


def test_programme_list_page_size_is_validated(api_client, member):
    response = api_client(member).get(f"{BASE}/programmes?page_size=1000")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "page_size"


def test_programme_list_query_count_constant(api_client, member, organisation):
    client = api_client(member)
    client.get(f"{BASE}/programmes")
    for _ in range(3):
        ProgrammeFactory(organisation=organisation)
    small = count_queries(client, f"{BASE}/programmes")
    for _ in range(30):
        ProgrammeFactory(organisation=organisation)
    assert count_queries(client, f"{BASE}/programmes") == small


# --- Coaches -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_programme_coaches_for_role(as_role, role, coach, booking):
    CoachFactory(programme=coach.programme, status=CoachStatus.PAUSED)
    response = as_role(role).get(f"{BASE}/programmes/career/coaches")
    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body["items"]] == [coach.pk]
    item = body["items"][0]
    assert item["name"] == "Cora Coach"
    assert item["languages"] == ["en"]
    assert item["language_names"] == ["English"]
    assert "<p>" in item["bio_html"]
    text = response.content.decode()
    assert "cora-private-room" not in text
    assert "cora@example.org" not in text
    assert SECRET_GOALS not in text


@pytest.mark.parametrize("role", ROLES)
def test_draft_programme_coaches_for_role(as_role, role, draft):
    CoachFactory(programme=draft)
    response = as_role(role).get(f"{BASE}/programmes/draft/coaches")
    assert response.status_code == (200 if role in ("organiser", "admin") else 404)


def test_programme_coaches_query_count_constant(api_client, member, programme):
    client = api_client(member)
    url = f"{BASE}/programmes/career/coaches"
    client.get(url)
    for _ in range(2):
        CoachFactory(programme=programme)
    small = count_queries(client, url)
    for _ in range(20):
        CoachFactory(programme=programme)
    assert count_queries(client, url) == small


# --- Free slots --------------------------------------------------------------------------------


@pytest.mark.usefixtures("booking")
@pytest.mark.parametrize("role", ROLES)
def test_coach_slots_for_role(as_role, role, coach, round_, slot):
    withdrawn = slot_at(coach, round_, 2)
    withdrawn.is_withdrawn = True
    withdrawn.save()
    response = as_role(role).get(f"{BASE}/coaches/{coach.pk}/slots")
    assert response.status_code == 200
    items = response.json()["items"]
    # The booked time and the withdrawn one are not free.
    assert [item["id"] for item in items] == [slot.pk]
    assert items[0]["start"].replace("Z", "+00:00") == slot.start.isoformat()
    assert items[0]["coach_time_zone"] == "Europe/Stockholm"
    assert SECRET_GOALS not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_coach_slots_of_draft_programme_for_role(as_role, role, draft):
    hidden = CoachFactory(programme=draft)
    SlotFactory(coach=hidden, round=RoundFactory(programme=draft))
    response = as_role(role).get(f"{BASE}/coaches/{hidden.pk}/slots")
    assert response.status_code == (200 if role in ("organiser", "admin") else 404)


def test_coach_slots_unknown_coach_is_404(api_client, member):
    assert api_client(member).get(f"{BASE}/coaches/999999/slots").status_code == 404


def test_coach_slots_empty_when_closed_and_gone_when_paused(api_client, member, coach, slot):
    round_ = slot.round
    round_.booking_closes = timezone.now() - datetime.timedelta(minutes=1)
    round_.booking_opens = timezone.now() - datetime.timedelta(days=2)
    round_.save()
    client = api_client(member)
    assert client.get(f"{BASE}/coaches/{coach.pk}/slots").json()["items"] == []
    round_.booking_closes = timezone.now() + datetime.timedelta(days=3)
    round_.save()
    assert len(client.get(f"{BASE}/coaches/{coach.pk}/slots").json()["items"]) == 1
    coach.status = CoachStatus.PAUSED
    coach.save()
    # A paused coach is not listed, as on the coach's page.
    assert client.get(f"{BASE}/coaches/{coach.pk}/slots").status_code == 404


def test_coach_slots_overlapping_live_booking_is_not_free(api_client, member, coach, round_):
    """A slot overlapping a live booking of the coach (cut from another period) is taken."""
    first = slot_at(coach, round_, 0)
    overlapping = SlotFactory(
        coach=coach, round=round_, start=first.start + datetime.timedelta(minutes=30)
    )
    BookingFactory(slot=first, coachee=member)
    items = api_client(member).get(f"{BASE}/coaches/{coach.pk}/slots").json()["items"]
    assert overlapping.pk not in [item["id"] for item in items]


def test_coach_slots_from_to_filter(api_client, member, coach, round_):
    slots = [slot_at(coach, round_, hours) for hours in (0, 1, 2, 3)]
    client = api_client(member)
    start = slots[1].start.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = slots[3].start.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S")  # naive: UTC
    response = client.get(f"{BASE}/coaches/{coach.pk}/slots", {"from": start, "to": end})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [slots[1].pk, slots[2].pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2030-01-02T00:00:00Z", "to": "2030-01-01T00:00:00Z"}, "to"),
        ({"from": "2030-01-01T00:00:00Z", "to": "2030-06-01T00:00:00Z"}, "to"),
        ({"to": "2099-01-01T00:00:00Z"}, "to"),
        ({"from": "yesterday"}, "from"),
        ({"to": "not a time"}, "to"),
    ],
)
@pytest.mark.usefixtures("slot")
def test_coach_slots_bad_window_names_the_field(api_client, member, coach, params, field):
    response = api_client(member).get(f"{BASE}/coaches/{coach.pk}/slots", params)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert [error["field"] for error in response.json()["errors"]] == [field]


def _next_stockholm_spring_forward() -> datetime.date:
    """The next last Sunday of March (Europe's clocks go forward), at least a week ahead."""
    soon = timezone.now().date() + datetime.timedelta(days=7)
    year = soon.year
    while True:
        day = datetime.date(year, 3, 31)
        day -= datetime.timedelta(days=(day.weekday() - 6) % 7)
        if day > soon:
            return day
        year += 1


def test_coach_slots_across_daylight_saving_change(api_client, member, coach, programme):
    """01:00–05:00 on the night Stockholm skips 02:00–03:00 is three real hours: three
    sessions, shown in UTC and on the coach's wall clock with the offset of each instant."""
    day = _next_stockholm_spring_forward()
    stockholm = zoneinfo.ZoneInfo("Europe/Stockholm")
    round_ = RoundFactory(
        programme=programme,
        booking_closes=datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC),
        coaching_starts=datetime.datetime.combine(
            day - datetime.timedelta(days=1), datetime.time(), tzinfo=datetime.UTC
        ),
        coaching_ends=datetime.datetime.combine(
            day + datetime.timedelta(days=1), datetime.time(), tzinfo=datetime.UTC
        ),
        session_minutes=45,
        buffer_minutes=15,
    )
    slot_services.availability_add(
        coach=coach,
        round_=round_,
        day=day,
        start_time=datetime.time(1),
        end_time=datetime.time(5),
        acting_user=coach.user,
    )
    items = api_client(member).get(f"{BASE}/coaches/{coach.pk}/slots").json()["items"]
    starts = [
        datetime.datetime.fromisoformat(item["start"].replace("Z", "+00:00")) for item in items
    ]
    midnight = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
    assert starts == [midnight + datetime.timedelta(hours=h) for h in (0, 1, 2)]
    local = [datetime.datetime.fromisoformat(item["coach_local_start"]) for item in items]
    assert [(t.hour, t.utcoffset()) for t in local] == [
        (1, datetime.timedelta(hours=1)),
        (3, datetime.timedelta(hours=2)),
        (4, datetime.timedelta(hours=2)),
    ]
    assert all(t.astimezone(stockholm) == s for t, s in zip(local, starts, strict=True))


def test_coach_slots_query_count_constant(api_client, member, coach, round_):
    client = api_client(member)
    url = f"{BASE}/coaches/{coach.pk}/slots"
    client.get(url)
    for hours in range(3):
        slot_at(coach, round_, hours)
    small = count_queries(client, url)
    second_round = RoundFactory(programme=coach.programme)
    for hours in range(3, 33):
        slot_at(coach, round_, hours)
        SlotFactory(
            coach=coach,
            round=second_round,
            start=second_round.coaching_starts + datetime.timedelta(hours=hours + 40),
        )
    RoundFactory(programme=coach.programme)
    assert count_queries(client, url) == small


# --- Bookings: reading -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_booking_list_for_role(as_role, role, booking):
    response = as_role(role).get(f"{BASE}/bookings")
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    items = response.json()["items"]
    text = response.content.decode()
    assert SECRET_NOTES not in text
    if role == "member":
        assert len(items) == 1
        item = items[0]
        assert item["id"] == str(booking.uid)
        assert item["role"] == "coachee"
        assert item["goals"] == SECRET_GOALS
        assert item["coach"] == {"name": "Cora Coach"}
        assert item["meeting_url"] == "https://meet.example.org/cora-private-room"
        assert item["programme"] == {"slug": "career", "title": "Career coaching"}
    else:
        # Managers, organisers and the site admin see nobody else's bookings.
        assert items == []
        assert SECRET_GOALS not in text


def test_booking_list_shows_coach_side(api_client, booking, coach_user, member):
    cancelled = BookingFactory(
        slot=slot_at(booking.coach, booking.round, 3),
        coachee=member,
        status=BookingStatus.CANCELLED,
    )
    items = api_client(coach_user).get(f"{BASE}/bookings").json()["items"]
    assert [(item["id"], item["role"]) for item in items] == [(str(booking.uid), "coach")]
    assert items[0]["coachee"] == {"name": "Mira Member"}
    assert str(cancelled.uid) not in str(items)


def test_booking_list_query_count_constant(api_client, member, coach, round_):
    round_.max_bookings_per_coachee = 100
    round_.save()
    client = api_client(member)
    client.get(f"{BASE}/bookings")
    for hours in range(2):
        BookingFactory(slot=slot_at(coach, round_, hours), coachee=member)
    small = count_queries(client, f"{BASE}/bookings")
    for hours in range(2, 22):
        other_coach = CoachFactory(programme=coach.programme)
        BookingFactory(slot=slot_at(other_coach, round_, hours), coachee=member)
    assert count_queries(client, f"{BASE}/bookings") == small


# --- Bookings: booking -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_booking_create_for_role(as_role, role_user, role, slot):
    response = as_role(role).post(
        f"{BASE}/bookings",
        {"slot_id": slot.pk, "goals": "Plan my next step."},
        content_type="application/json",
    )
    if role == "anonymous":
        assert response.status_code == 401
        assert not Booking.objects.exists()
        return
    assert response.status_code == 201, response.content
    body = response.json()
    created = Booking.objects.get()
    assert created.coachee == role_user(role)
    assert body["id"] == str(created.uid)
    assert body["role"] == "coachee"
    assert body["status"] == "confirmed"
    assert body["goals"] == "Plan my next step."
    assert created.slot == slot


def test_booking_create_with_preparation_steps(api_client, member, slot, programme):
    PreparationGuideFactory(programme=programme, steps="Choose a goal\nWrite two questions")
    response = api_client(member).post(
        f"{BASE}/bookings",
        {"slot_id": slot.pk, "goals": "Grow.", "preparation_done": ["Choose a goal"]},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["preparation_done"] == ["Choose a goal"]


def test_booking_a_taken_slot_fails_cleanly(api_client, member, other_member, slot):
    BookingFactory(slot=slot, coachee=other_member, goals=SECRET_GOALS)
    response = api_client(member).post(
        f"{BASE}/bookings",
        {"slot_id": slot.pk, "goals": "Me too."},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert [error["field"] for error in errors] == ["slot_id"]
    assert "just taken" in errors[0]["detail"]
    assert SECRET_GOALS not in response.content.decode()
    assert Booking.objects.count() == 1
    assert not Booking.objects.filter(coachee=member).exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"goals": "No slot."}, "slot_id"),
        ({"slot_id": "abc", "goals": "x"}, "slot_id"),
        ({"slot_id": 0, "goals": "x"}, "slot_id"),
        ({"slot_id": 999999, "goals": "x"}, "slot_id"),
        ({"slot_id": "SLOT"}, "goals"),
        ({"slot_id": "SLOT", "goals": "   "}, "goals"),
        ({"slot_id": "SLOT", "goals": "x" * 3001}, "goals"),
        ({"slot_id": "SLOT", "goals": "x", "preparation_done": ["Invented"]}, "preparation_done"),
        ({"slot_id": "SLOT", "goals": "x", "preparation_done": "Choose"}, "preparation_done"),
    ],
)
def test_booking_create_bad_input_names_the_field(api_client, member, slot, payload, field):
    if payload.get("slot_id") == "SLOT":
        payload = {**payload, "slot_id": slot.pk}
    response = api_client(member).post(f"{BASE}/bookings", payload, content_type="application/json")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert not Booking.objects.exists()


def test_booking_create_own_time_refused(api_client, coach_user, slot):
    response = api_client(coach_user).post(
        f"{BASE}/bookings", {"slot_id": slot.pk, "goals": "x"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "slot_id"
    assert not Booking.objects.exists()


@pytest.mark.parametrize("role", SIGNED_IN)
def test_booking_slot_of_draft_programme_for_role(as_role, role, draft):
    hidden = SlotFactory(coach=CoachFactory(programme=draft), round=RoundFactory(programme=draft))
    response = as_role(role).post(
        f"{BASE}/bookings", {"slot_id": hidden.pk, "goals": "x"}, content_type="application/json"
    )
    if role in ("organiser", "admin"):
        # Organisers see the draft but nobody may book it until it is published.
        assert response.status_code == 403
    else:
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "slot_id"
    assert not Booking.objects.exists()


# --- Bookings: cancelling ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_booking_cancel_for_role(as_role, role, booking):
    response = as_role(role).delete(f"{BASE}/bookings/{booking.uid}")
    booking.refresh_from_db()
    if role == "member":
        assert response.status_code == 200
        assert response.json()["status"] == "cancelled"
        assert response.json()["meeting_url"] is None
        assert booking.status == BookingStatus.CANCELLED
        return
    assert response.status_code == (401 if role == "anonymous" else 404)
    assert booking.status == BookingStatus.CONFIRMED
    assert SECRET_GOALS not in response.content.decode()


def test_booking_cancel_by_coach_frees_the_slot(api_client, booking, coach_user, member):
    response = api_client(coach_user).delete(
        f"{BASE}/bookings/{booking.uid}", QUERY_STRING="reason=Ill"
    )
    assert response.status_code == 200
    assert response.json()["role"] == "coach"
    booking.refresh_from_db()
    assert (booking.status, booking.cancel_reason, booking.cancelled_by) == (
        BookingStatus.CANCELLED,
        "Ill",
        coach_user,
    )
    items = api_client(member).get(f"{BASE}/coaches/{booking.coach_id}/slots").json()["items"]
    assert booking.slot_id in [item["id"] for item in items]


def test_booking_cancel_twice_or_after_cutoff_refused(api_client, booking, member):
    client = api_client(member)
    assert client.delete(f"{BASE}/bookings/{booking.uid}").status_code == 200
    response = client.delete(f"{BASE}/bookings/{booking.uid}")
    assert response.status_code == 422
    soon = BookingFactory(
        slot=SlotFactory(
            coach=booking.coach,
            round=booking.round,
            start=timezone.now() + datetime.timedelta(hours=2),
        ),
        coachee=member,
    )
    response = client.delete(f"{BASE}/bookings/{soon.uid}")
    assert response.status_code == 422
    soon.refresh_from_db()
    assert soon.status == BookingStatus.CONFIRMED


def test_booking_cancel_bad_input_names_the_field(api_client, member, booking):
    client = api_client(member)
    response = client.delete(f"{BASE}/bookings/not-a-uuid")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "booking_id"
    response = client.delete(f"{BASE}/bookings/{booking.uid}", QUERY_STRING="reason=" + "x" * 501)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reason"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


# --- Scopes and sessions -----------------------------------------------------------------------

READS = [
    "/programmes",
    "/programmes/career",
    "/programmes/career/coaches",
    "/coaches/{coach}/slots",
    "/bookings",
]


@pytest.mark.parametrize("path", READS)
@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.usefixtures("slot")
def test_reads_need_the_coaching_scope(as_role, role, path, coach):
    url = BASE + path.format(coach=coach.pk)
    response = as_role(role, ["profile:read"]).get(url)
    assert response.status_code == 403
    assert response.json()["scope"] == "coaching:read"
    response = as_role(role, ["coaching:read"]).get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("role", SIGNED_IN)
def test_writes_need_the_coaching_write_scope(as_role, role, slot, booking):
    client = as_role(role, ["coaching:read"])
    response = client.post(
        f"{BASE}/bookings", {"slot_id": slot.pk, "goals": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["scope"] == "coaching:write"
    response = client.delete(f"{BASE}/bookings/{booking.uid}")
    assert response.status_code == 403
    assert response.json()["scope"] == "coaching:write"
    assert Booking.objects.count() == 1
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_session_caller_has_every_scope(client, member, booking):
    client.force_login(member)
    response = client.get(f"{BASE}/bookings")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 1
