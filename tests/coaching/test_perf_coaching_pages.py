# ruff: noqa: F811 - the fixtures are imported by name from test_booking_support
"""The free-slots page and the programme page stay cheap: the slots page reads one page of
slots without counting them all, formats each time once, and the programme page keeps rendered
coach bios in the cache under a digest of their Markdown."""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from atheneum.coaching import booking_selectors, caching, programme_selectors, programme_views
from atheneum.coaching.enums import CoachStatus
from atheneum.coaching.templatetags.coaching_bookings import in_zone
from atheneum.common import fragments

from ..competencies.factories import CompetencyFactory
from ..factories import UserFactory
from .factories import BookingFactory, CoachFactory
from .test_booking_support import (  # noqa: F401 (fixtures)
    coach,
    coach_user,
    programme,
    round_,
    slot,
    slot_at,
)

PER_PAGE = booking_selectors.SLOTS_PER_PAGE


def slots_url(round_):
    return reverse("coaching:round_slots", args=[round_.programme.slug, round_.pk])


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _slots(round_, coach, count, start_hour=0):
    return [slot_at(round_, coach, hours=start_hour + i) for i in range(count)]


def test_round_slots_page_does_not_count_the_free_slots(client, member, round_, coach):
    _slots(round_, coach, 3)
    client.force_login(member)
    with CaptureQueriesContext(connection) as context:
        response = client.get(slots_url(round_))
    assert response.status_code == 200
    assert not [q["sql"] for q in context.captured_queries if "COUNT(" in q["sql"].upper()]


def _stale(round_):
    fragments.bump(caching.programme_tag(round_.programme_id), caching.round_slots_tag(round_.pk))


def test_round_slots_query_count_is_constant_over_pages_and_data(client, member, round_, coach):
    _slots(round_, coach, 2)
    client.force_login(member)
    client.get(slots_url(round_))
    _stale(round_)
    with CaptureQueriesContext(connection) as small:
        client.get(slots_url(round_))
    others = [
        CoachFactory(programme=round_.programme, user=UserFactory(time_zone="Asia/Tokyo"))
        for _ in range(3)
    ]
    for index, other in enumerate(others):
        _slots(round_, other, 40, start_hour=index * 100)
    with CaptureQueriesContext(connection) as large:
        client.get(slots_url(round_))
    with CaptureQueriesContext(connection) as second_page:
        client.get(slots_url(round_), {"page": 2})
    assert len(large) == len(small)
    # A later page also asks when the first free slot begins (when the list goes out of date).
    assert len(second_page) == len(small) + 1


def test_round_slots_pager_without_total(client, member, round_, coach):
    slots = _slots(round_, coach, PER_PAGE + 1)
    client.force_login(member)

    first = client.get(slots_url(round_))
    assert [row.slot.pk for _day, rows in first.context["days"] for row in rows] == [
        s.pk for s in slots[:PER_PAGE]
    ]
    html = first.content.decode()
    assert 'href="?page=2" rel="next"' in html
    assert 'rel="prev"' not in html
    assert "Page 1</li>" in html

    second = client.get(slots_url(round_), {"page": 2})
    assert [row.slot.pk for _day, rows in second.context["days"] for row in rows] == [
        slots[PER_PAGE].pk
    ]
    html = second.content.decode()
    assert 'href="?page=1" rel="prev"' in html
    assert 'rel="next"' not in html


@pytest.mark.parametrize("page", ["0", "-3", "abc", "", "99", "153722867280912932", "9" * 40])
def test_round_slots_odd_page_numbers_answer(client, member, round_, coach, page):
    _slots(round_, coach, 2)
    client.force_login(member)
    response = client.get(slots_url(round_), {"page": page})
    assert response.status_code == 200
    shown = [row for _day, rows in response.context["days"] for row in rows]
    assert len(shown) == (2 if page in {"0", "-3", "abc", ""} else 0)


def test_round_slots_exactly_one_page_has_no_pager(client, member, round_, coach):
    _slots(round_, coach, PER_PAGE)
    client.force_login(member)
    response = client.get(slots_url(round_))
    assert b'class="pagination"' not in response.content


def test_round_slots_booked_slot_leaves_the_page(client, member, round_, coach):
    first, second = _slots(round_, coach, 2)
    BookingFactory(slot=first, coachee=UserFactory())
    client.force_login(member)
    response = client.get(slots_url(round_))
    assert [row.slot.pk for _day, rows in response.context["days"] for row in rows] == [second.pk]


def test_group_by_day_markup_matches_the_zone_tag(coach, round_, member):
    slots = _slots(round_, coach, 2)
    for slot_ in slots:
        slot_.coach = coach
    days = booking_selectors.group_by_day(slots=slots, viewer=member, zone_name="America/New_York")
    rows = [row for _day, day_rows in days for row in day_rows]
    for row in rows:
        assert row.coach_start_html == in_zone(row.slot.start, coach.time_zone, "TIME_FORMAT")
        assert row.local_start_html == in_zone(row.slot.start, "America/New_York", "TIME_FORMAT")
        assert "(America/New York)" in row.local_start_html
        assert "(Europe/Stockholm)" in row.coach_start_html


def test_round_slots_show_viewer_and_coach_times(client, round_, coach):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    start = start.replace(hour=12, minute=0, second=0)
    slot_ = slot_at(round_, coach, hours=(start - round_.coaching_starts).total_seconds() / 3600)
    viewer = UserFactory(time_zone="Asia/Tokyo")
    client.force_login(viewer)
    html = client.get(slots_url(round_)).content.decode()
    assert f'<time datetime="{slot_.start.isoformat()}">' in html
    assert "(Asia/Tokyo)" in html
    assert "(Europe/Stockholm)" in html


# --- Programme page: coach bios ----------------------------------------------------------------


def programme_url(programme):
    return reverse("coaching:programme", args=[programme.slug])


def test_programme_bios_rendered_once_then_cached(client, member, programme):
    for index in range(3):
        CoachFactory(programme=programme, bio=f"I coach **team {index}**.")
    client.force_login(member)
    first = client.get(programme_url(programme))
    assert first.status_code == 200
    assert "I coach <strong>team 2</strong>." in first.content.decode()
    with mock.patch.object(
        programme_selectors, "render_markdown", side_effect=AssertionError("rendered again")
    ):
        again = client.get(programme_url(programme))
    assert again.content.decode().count("I coach <strong>team") == 3


def test_programme_edited_bio_shows_at_once(client, member, programme):
    coach_ = CoachFactory(programme=programme, bio="Old **bio**.")
    client.force_login(member)
    assert "Old <strong>bio</strong>." in client.get(programme_url(programme)).content.decode()
    coach_.bio = "New *bio*."
    coach_.save()
    html = client.get(programme_url(programme)).content.decode()
    assert "New <em>bio</em>." in html
    assert "Old <strong>bio</strong>" not in html


def test_programme_bio_markup_is_still_cleaned_when_cached(client, member, programme):
    CoachFactory(programme=programme, bio="Hi <script>alert(1)</script> **there**")
    client.force_login(member)
    for _ in range(2):
        html = client.get(programme_url(programme)).content.decode()
        assert "<script>alert(1)" not in html
        assert "<strong>there</strong>" in html


def test_bios_html_empty_bio_and_empty_rendering():
    result = programme_selectors.bios_html(["", "<script>x</script>"])
    assert "" not in result
    again = programme_selectors.bios_html(["<script>x</script>"])
    assert again == result
    assert "<script>" not in again["<script>x</script>"]


def test_programme_query_count_is_constant(client, member, programme):
    CoachFactory(programme=programme)
    client.force_login(member)
    client.get(programme_url(programme))
    fragments.bump(caching.programme_tag(programme.pk))
    with CaptureQueriesContext(connection) as small:
        client.get(programme_url(programme))
    for _ in range(10):
        CoachFactory(programme=programme, bio="Another **bio**.")
    with CaptureQueriesContext(connection) as large:
        client.get(programme_url(programme))
    assert len(large) == len(small)


# --- Programme page: coach cards ---------------------------------------------------------------


def test_programme_coach_cards_rendered_once_then_cached(client, member, programme):
    for index in range(3):
        CoachFactory(programme=programme, user=UserFactory(display_name=f"Coach Number {index}"))
    client.force_login(member)
    first = client.get(programme_url(programme)).content.decode()
    with mock.patch.object(
        programme_views, "render_to_string", side_effect=AssertionError("rendered again")
    ):
        again = client.get(programme_url(programme)).content.decode()
    for index in range(3):
        assert f"Coach Number {index}" in again
    assert _cards(first) == _cards(again)


def _cards(html: str) -> str:
    return html[html.index("Our coaches") :]


def test_programme_coach_card_follows_changes(client, member, programme):
    competency = CompetencyFactory()
    coach_ = CoachFactory(
        programme=programme,
        user=UserFactory(display_name="Ada Before"),
        topics=["listening"],
        languages=["en"],
    )
    client.force_login(member)
    html = client.get(programme_url(programme)).content.decode()
    assert "Ada Before" in html
    assert "listening" in html

    coach_.user.display_name = "Ada After"
    coach_.user.save()
    coach_.topics = ["negotiation"]
    coach_.languages = ["en", "fr"]
    coach_.save()
    coach_.competencies.add(competency)
    html = client.get(programme_url(programme)).content.decode()
    assert "Ada After" in html
    assert "Ada Before" not in html
    assert "negotiation" in html
    assert "listening" not in html
    assert "French" in html
    assert "Competencies:" in html


def test_programme_coach_leaving_disappears(client, member, programme):
    coach_ = CoachFactory(programme=programme, user=UserFactory(display_name="Gone Soon"))
    client.force_login(member)
    assert "Gone Soon" in client.get(programme_url(programme)).content.decode()
    coach_.status = CoachStatus.PAUSED
    coach_.save()
    assert "Gone Soon" not in client.get(programme_url(programme)).content.decode()


def test_programme_coach_card_key_depends_on_language(programme):
    coach_ = programme_selectors.coaches_listed(programme=programme, language="en")
    assert coach_ == []
    CoachFactory(programme=programme)
    (listed,) = programme_selectors.coaches_listed(programme=programme, language="en")
    assert programme_views._coach_card_key(
        programme, listed, "en"
    ) != programme_views._coach_card_key(programme, listed, "ar")
