# ruff: noqa: F811 - the fixtures are imported by name from test_booking_support
"""Every booking page for every role, privacy, and query counts."""

import datetime

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from atheneum.coaching import caching
from atheneum.coaching.enums import BookingStatus
from atheneum.coaching.models import Booking
from atheneum.common import fragments

from ..baseline import signed_in_queries
from ..factories import UserFactory
from .factories import BookingFactory, CoachFactory, PreparationGuideFactory, SlotFactory
from .test_booking_support import (  # noqa: F401 (fixtures)
    coach,
    coach_user,
    ics_events,
    programme,
    round_,
    slot,
    slot_at,
)

ROLES = [
    "anonymous",
    "member",
    "other_member",
    "manager",
    "other_org_manager",
    "organiser",
    "admin",
]
GOALS = "I want to practise saying no to extra projects."


@pytest.fixture
def booking(slot, member):
    return BookingFactory(slot=slot, coachee=member, goals=GOALS, coach_notes="Seems tired.")


def slots_url(round_):
    return reverse("coaching:round_slots", args=[round_.programme.slug, round_.pk])


@pytest.mark.parametrize("role", ROLES)
def test_round_slots_for_role(client_as, role, slot):
    response = client_as(role).get(slots_url(slot.round))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1
    assert b"Cora Coach" in response.content
    book_url = reverse("coaching:booking_create", args=["career-coaching", slot.round.pk, slot.pk])
    assert (book_url.encode() in response.content) is (role != "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_round_slots_unpublished_round_for_role(client_as, role, slot):
    slot.round.is_published = False
    slot.round.save()
    response = client_as(role).get(slots_url(slot.round))
    assert response.status_code == (200 if role in {"organiser", "admin"} else 404)


def test_round_slots_hides_taken_own_and_past(client, round_, coach, coach_user, member):
    taken = slot_at(round_, coach, hours=1)
    BookingFactory(slot=taken, coachee=UserFactory())
    overlapping = slot_at(round_, coach, hours=1.5)
    free = slot_at(round_, coach, hours=3)
    past_start = timezone.now() - datetime.timedelta(hours=1)
    past = SlotFactory(
        round=round_, coach=coach, start=past_start, end=past_start + datetime.timedelta(minutes=45)
    )
    client.force_login(member)
    days = client.get(slots_url(round_)).context["days"]
    shown = {row.slot.pk for _day, rows in days for row in rows}
    assert shown == {free.pk}
    assert not {taken.pk, overlapping.pk, past.pk} & shown
    client.force_login(coach_user)
    response = client.get(slots_url(round_))
    assert b"Your own time" in response.content
    assert (
        reverse("coaching:booking_create", args=["career-coaching", round_.pk, free.pk]).encode()
        not in response.content
    )


def test_round_slots_filters_language_and_topic(client, round_, coach, programme, member):
    other = CoachFactory(programme=programme, languages=["fr"], topics=["digital skills"])
    mine = slot_at(round_, coach)
    theirs = slot_at(round_, other)
    client.force_login(member)

    def shown(query):
        days = client.get(slots_url(round_), query).context["days"]
        return {row.slot.pk for _day, rows in days for row in rows}

    assert shown({}) == {mine.pk, theirs.pk}
    assert shown({"language": "fr"}) == {theirs.pk}
    assert shown({"topic": "leadership"}) == {mine.pk}
    assert shown({"language": "fr", "topic": "leadership"}) == set()


def test_round_slots_closed_window(client, slot, member):
    slot.round.booking_opens = timezone.now() + datetime.timedelta(days=1)
    slot.round.save()
    client.force_login(member)
    response = client.get(slots_url(slot.round))
    assert b"Booking for this round is not open now." in response.content


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def _cold_count(client, url, round_) -> int:
    """The count when the cached lists and filter choices are out of date."""
    fragments.bump(caching.programme_tag(round_.programme_id), caching.round_slots_tag(round_.pk))
    return _count(client, url)


def test_round_slots_query_count_constant(client, round_, coach, programme, member):
    client.force_login(member)
    slot_at(round_, coach)
    url = slots_url(round_)
    client.get(url)
    small_cold = _cold_count(client, url, round_)
    small_warm = _count(client, url)
    for index in range(4):
        extra = CoachFactory(programme=programme, languages=["en", "de"])
        for hour in range(3):
            slot_at(round_, extra, hours=hour + index)
    assert _cold_count(client, url, round_) == small_cold
    assert _count(client, url) == small_warm


@pytest.mark.parametrize("role", ROLES)
def test_booking_create_page_for_role(client_as, role, slot):
    url = reverse("coaching:booking_create", args=["career-coaching", slot.round.pk, slot.pk])
    response = client_as(role).get(url)
    assert response.status_code == (302 if role == "anonymous" else 200)


def test_booking_create_page_books(client, slot, member, programme):
    PreparationGuideFactory(programme=programme, language="en", steps="Pick a goal\nList questions")
    client.force_login(member)
    url = reverse("coaching:booking_create", args=["career-coaching", slot.round.pk, slot.pk])
    page = client.get(url)
    assert b"Pick a goal" in page.content
    assert client.post(url, {"goals": ""}).status_code == 400
    response = client.post(url, {"goals": GOALS, "preparation_done": ["Pick a goal"]})
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("coaching:booking", args=[booking.uid])
    assert (booking.coachee, booking.preparation_done) == (member, ["Pick a goal"])
    other = UserFactory()
    client.force_login(other)
    taken = client.post(url, {"goals": GOALS})
    assert taken.status_code == 400
    assert b"That time was just taken. Please choose another slot." in taken.content
    assert Booking.objects.count() == 1


DETAIL_STATUS = {"anonymous": 302, "member": 200}


@pytest.mark.parametrize("role", ROLES)
def test_booking_detail_for_role(client_as, role, booking):
    response = client_as(role).get(reverse("coaching:booking", args=[booking.uid]))
    assert response.status_code == DETAIL_STATUS.get(role, 404)
    if response.status_code == 200:
        assert response.content.count(b"<h1") == 1
        assert GOALS.encode() in response.content
        assert b"Seems tired." not in response.content  # the coach's notes
        assert b"Europe/Stockholm" in response.content  # the coach's zone
    else:
        assert GOALS.encode() not in response.content


def test_booking_detail_for_coach_shows_notes(client, booking, coach_user):
    client.force_login(coach_user)
    response = client.get(reverse("coaching:booking", args=[booking.uid]))
    assert response.status_code == 200
    assert b"Seems tired." in response.content
    assert GOALS.encode() in response.content


@pytest.mark.parametrize("role", ROLES)
def test_booking_ics_for_role(client_as, role, booking):
    response = client_as(role).get(reverse("coaching:booking_ics", args=[booking.uid]))
    assert response.status_code == DETAIL_STATUS.get(role, 404)
    if response.status_code == 200:
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        calendar, (event,) = ics_events(response.content)
        assert str(calendar["METHOD"]) == "PUBLISH"
        assert event.decoded("DTSTART") == booking.start
        assert GOALS not in response.content.decode()  # goals only in the coach's copy


@pytest.mark.parametrize("role", ROLES)
def test_booking_cancel_for_role(client_as, role, booking):
    response = client_as(role).post(reverse("coaching:booking_cancel", args=[booking.uid]))
    assert response.status_code == {"anonymous": 302, "member": 302}.get(role, 404)
    booking.refresh_from_db()
    expected = BookingStatus.CANCELLED if role == "member" else BookingStatus.CONFIRMED
    assert booking.status == expected


def test_booking_cancel_by_coach_after_cutoff_refused(client, booking, coach_user):
    Booking.objects.filter(pk=booking.pk).update(
        start=timezone.now() + datetime.timedelta(hours=2),
        end=timezone.now() + datetime.timedelta(hours=3),
    )
    client.force_login(coach_user)
    response = client.post(reverse("coaching:booking_cancel", args=[booking.uid]), follow=True)
    assert b"only until 24 hours before they start" in response.content
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


@pytest.mark.parametrize("role", ROLES)
def test_booking_reschedule_for_role(client_as, role, booking):
    other = slot_at(booking.round, booking.coach, hours=2)
    url = reverse("coaching:booking_reschedule", args=[booking.uid])
    response = client_as(role).get(url)
    assert response.status_code == DETAIL_STATUS.get(role, 404)
    if response.status_code == 200:
        assert response.content.count(b"<h1") == 1
    moved = client_as(role).post(url, {"slot": other.pk})
    assert moved.status_code == {"anonymous": 302, "member": 302}.get(role, 404)
    booking.refresh_from_db()
    expected = BookingStatus.CANCELLED if role == "member" else BookingStatus.CONFIRMED
    assert booking.status == expected
    assert Booking.objects.filter(slot=other).exists() is (role == "member")


def test_booking_reschedule_after_cutoff_redirects(client, booking, member):
    Booking.objects.filter(pk=booking.pk).update(
        start=timezone.now() + datetime.timedelta(hours=2),
        end=timezone.now() + datetime.timedelta(hours=3),
    )
    client.force_login(member)
    url = reverse("coaching:booking_reschedule", args=[booking.uid])
    response = client.get(url, follow=True)
    assert b"This booking can no longer be moved." in response.content
    other = slot_at(booking.round, booking.coach, hours=2)
    client.post(url, {"slot": other.pk})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert not Booking.objects.filter(slot=other).exists()


def test_booking_reschedule_by_coach_offers_only_their_times(
    client, booking, coach, coach_user, round_
):
    mine = slot_at(round_, coach, hours=3)
    theirs = slot_at(round_, CoachFactory(programme=coach.programme), hours=4)
    client.force_login(coach_user)
    url = reverse("coaching:booking_reschedule", args=[booking.uid])
    page = client.get(url)
    assert page.status_code == 200
    assert f'value="{mine.pk}"' in page.content.decode()
    assert f'value="{theirs.pk}"' not in page.content.decode()
    response = client.post(url, {"slot": mine.pk})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    moved = Booking.objects.get(slot=mine)
    assert response["Location"] == reverse("coaching:booking", args=[moved.uid])
    assert moved.coachee == booking.coachee


@pytest.fixture
def ended(round_, coach, member):
    start = timezone.now() - datetime.timedelta(hours=2)
    past = SlotFactory(
        round=round_, coach=coach, start=start, end=start + datetime.timedelta(minutes=45)
    )
    return BookingFactory(slot=past, coachee=member, goals=GOALS)


@pytest.mark.parametrize("role", ROLES)
def test_booking_feedback_for_role(client_as, role, ended):
    url = reverse("coaching:booking_feedback", args=[ended.uid])
    response = client_as(role).get(url)
    assert response.status_code == DETAIL_STATUS.get(role, 404)
    if response.status_code == 200:
        assert response.content.count(b"<h1") == 1
        assert b"<legend>How useful was the session?</legend>" in response.content
    posted = client_as(role).post(url, {"usefulness": "5", "comment": "Clear next steps."})
    assert posted.status_code == {"anonymous": 302, "member": 302}.get(role, 404)
    ended.refresh_from_db()
    assert ended.coachee_usefulness == (5 if role == "member" else None)


def test_booking_feedback_coach_marks_held(client, ended, coach_user):
    client.force_login(coach_user)
    url = reverse("coaching:booking_feedback", args=[ended.uid])
    assert b"<legend>What happened?</legend>" in client.get(url).content
    response = client.post(url, {"outcome": "held", "notes": "Next time: delegation."})
    assert response.status_code == 302
    ended.refresh_from_db()
    assert (ended.status, ended.coach_notes) == (BookingStatus.HELD, "Next time: delegation.")
    client.force_login(ended.coachee)
    page = client.get(reverse("coaching:booking", args=[ended.uid]))
    assert b"Next time: delegation." not in page.content


def test_booking_feedback_before_end_not_open(client, booking, member):
    client.force_login(member)
    url = reverse("coaching:booking_feedback", args=[booking.uid])
    assert b"Feedback opens when the session has ended." in client.get(url).content
    assert client.post(url, {"usefulness": "5"}).status_code == 404
    booking.refresh_from_db()
    assert booking.coachee_usefulness is None


def _render_my_bookings(user) -> tuple[str, int]:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% include 'coaching/_my_bookings.html' %}")
    with CaptureQueriesContext(connection) as context:
        html = template.render(Context({"request": request, "user": user, "timezone_name": "UTC"}))
    return html, len(context)


def test_my_bookings_lists_both_sides(booking, member, coach_user, other_member):
    html, _queries = _render_my_bookings(member)
    assert "Sessions you booked" in html and "with Cora Coach" in html
    assert "Sessions you give as a coach" not in html
    html, _queries = _render_my_bookings(coach_user)
    assert "with Mira Member" in html and "Sessions you give as a coach" in html
    availability = reverse(
        "coaching:coach_availability", args=[booking.round.programme.slug, booking.round.pk]
    )
    assert availability in html
    html, _queries = _render_my_bookings(other_member)
    assert "You have not booked a session." in html and "Cora Coach" not in html


def test_my_bookings_query_count_constant(round_, coach, member, programme):
    BookingFactory(slot=slot_at(round_, coach), coachee=member)
    _html, small = _render_my_bookings(member)
    for hour in range(1, 5):
        other = CoachFactory(programme=programme)
        BookingFactory(slot=slot_at(round_, other, hours=hour), coachee=member)
    html, large = _render_my_bookings(member)
    assert html.count("<li>") == 5
    assert large == small


def _booking_post_queries(client, slot) -> int:
    url = reverse(
        "coaching:booking_create", args=[slot.round.programme.slug, slot.round.pk, slot.pk]
    )
    with CaptureQueriesContext(connection) as context:
        response = client.post(url, {"goals": GOALS})
    assert response.status_code == 302, response.content[-600:]
    return len(context)


def test_booking_post_query_count_constant(client, round_, coach, member, programme):
    """Booking reads the same rows however many bookings the round, the coach and the person
    already have: one lock each on the coach and the person, one read of the slot, one count of
    the bookings it could clash with, one insert."""
    round_.max_bookings_per_coachee = 50
    round_.save()
    client.force_login(member)
    first = slot_at(round_, coach, hours=0)
    client.get(reverse("coaching:booking_create", args=[programme.slug, round_.pk, first.pk]))
    small = _booking_post_queries(client, first)
    for hours in range(1, 6):
        BookingFactory(slot=slot_at(round_, coach, hours=hours), coachee=member)
    for _ in range(5):
        other = CoachFactory(programme=programme, user=UserFactory())
        BookingFactory(slot=slot_at(round_, other, hours=8), coachee=UserFactory())
    large = _booking_post_queries(client, slot_at(round_, coach, hours=10))
    assert Booking.objects.filter(coachee=member).count() == 7  # noqa: PLR2004
    assert large == small
    # The page's reads (round, slot, preparation steps), the transaction's seven (savepoint,
    # two locks, slot, count, insert, release) and the session saving the message (up to three).
    assert small <= signed_in_queries() + 13  # noqa: PLR2004
