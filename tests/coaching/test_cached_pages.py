# ruff: noqa: F811 - the fixtures are imported by name from test_booking_support
"""The programme page and the free-slots page keep versioned fragments: what changes through a
service or a model shows on the next request, and nobody is shown another person's, language's
or time zone's fragment."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from atheneum.accounts.services import profile_update
from atheneum.coaching import booking_services, caching, programme_services, slots
from atheneum.coaching.enums import CoachStatus
from atheneum.coaching.models import Availability
from atheneum.common import fragments

from ..competencies.factories import CompetencyFactory
from ..factories import OrganisationFactory, UserFactory
from .factories import BookingFactory, CoachFactory, RoundFactory
from .test_booking_support import (  # noqa: F401 (fixtures)
    coach,
    coach_user,
    programme,
    round_,
    slot,
    slot_at,
)

GOALS = "I want to practise saying no to extra projects."


def programme_url(programme):
    return reverse("coaching:programme", args=[programme.slug])


def slots_url(round_):
    return reverse("coaching:round_slots", args=[round_.programme.slug, round_.pk])


def book_url(slot_):
    return reverse(
        "coaching:booking_create", args=[slot_.round.programme.slug, slot_.round_id, slot_.pk]
    )


def _html(client, url, **query) -> str:
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# --- Programme page ----------------------------------------------------------------------------


def test_programme_page_warm_cache_reads_only_the_programme(client, programme, round_, coach):
    CoachFactory(programme=programme, competencies=[CompetencyFactory()])
    url = programme_url(programme)
    cold = _count(client, url)
    # The programme, then (cold only) its coaches, their competencies and texts, the partners
    # and the rounds.
    assert _count(client, url) == 1
    assert cold > 1
    fragments.bump(caching.programme_tag(programme.pk))
    assert _count(client, url) == cold


def test_programme_page_follows_services(client, organisation, organiser, programme, coach):
    url = programme_url(programme)
    assert "Cora Coach" in _html(client, url)
    partner = OrganisationFactory(name="Hill Town Library")
    programme_services.programme_update(
        programme=programme,
        title=programme.title,
        description="Now with **mentors**.",
        partners=[partner],
        is_published=True,
        acting_user=organiser,
    )
    html = _html(client, url)
    assert "<strong>mentors</strong>" in html
    assert "Hill Town Library" in html

    programme_services.coach_update(
        coach=coach,
        bio="Ask me about *archives*.",
        photo=None,
        photo_alt="",
        languages=["en"],
        topics=["archives"],
        competencies=[],
        time_zone="Europe/Stockholm",
        meeting_url="",
        acting_user=coach.user,
    )
    html = _html(client, url)
    assert "Ask me about <em>archives</em>." in html

    profile_update(user=coach.user, acting_user=coach.user, data={"display_name": "Cora Renamed"})
    html = _html(client, url)
    assert "Cora Renamed" in html
    assert "Cora Coach" not in html

    programme_services.coach_set_paused(coach=coach, paused=True, acting_user=coach.user)
    assert "Cora Renamed" not in _html(client, url)


def test_programme_page_follows_rounds(client, organiser, programme):
    url = programme_url(programme)
    assert "Spring round" not in _html(client, url)
    start = timezone.now() + datetime.timedelta(days=20)
    round_ = programme_services.round_create(
        programme=programme,
        acting_user=organiser,
        title="Spring round",
        time_zone="UTC",
        booking_opens=start - datetime.timedelta(days=10),
        booking_closes=start - datetime.timedelta(days=1),
        coaching_starts=start,
        coaching_ends=start + datetime.timedelta(days=2),
        session_minutes=45,
        buffer_minutes=15,
        max_bookings_per_coachee=1,
        link_mode="coach",
        cancel_cutoff_hours=24,
        is_published=True,
    )
    assert "Spring round" in _html(client, url)
    round_.title = "Summer round"
    round_.save()
    html = _html(client, url)
    assert "Summer round" in html
    assert "Spring round" not in html


def test_programme_page_follows_models_of_other_apps(client, programme, coach):
    competency = CompetencyFactory(title="Active listening")
    coach.competencies.add(competency)
    partner = OrganisationFactory(name="Valley Library")
    partner.partner_coaching_programmes.add(programme)
    url = programme_url(programme)
    html = _html(client, url)
    assert "Active listening" in html
    assert "Valley Library" in html

    text = competency.texts.get()
    text.title = "Deep listening"
    text.save()
    partner.name = "Valley Libraries"
    partner.save()
    html = _html(client, url)
    assert "Deep listening" in html
    assert "Valley Libraries" in html

    competency.coaches.remove(coach)
    partner.partner_coaching_programmes.remove(programme)
    html = _html(client, url)
    assert "Deep listening" not in html
    assert "Valley Libraries" not in html


def test_programme_page_organiser_and_visitor_see_their_own_rounds(
    client, organiser, programme, round_
):
    hidden = RoundFactory(programme=programme, title="Draft round", is_published=False)
    over = RoundFactory(
        programme=programme,
        title="Past round",
        coaching_starts=timezone.now() - datetime.timedelta(days=3),
        coaching_ends=timezone.now() - datetime.timedelta(days=2),
    )
    url = programme_url(programme)
    client.force_login(organiser)
    html = _html(client, url)
    assert hidden.title in html
    assert "Edit the programme" in html
    assert over.title not in html
    client.logout()
    html = _html(client, url)
    assert round_.title in html
    assert hidden.title not in html
    assert "Edit the programme" not in html


def test_programme_page_round_leaves_when_it_ends_without_a_change(client, programme, round_):
    url = programme_url(programme)
    assert round_.title in _html(client, url)
    later = round_.coaching_ends + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert round_.title not in _html(client, url)


def test_programme_page_languages_do_not_mix(client, programme):
    CoachFactory(programme=programme, languages=["fr"])
    url = programme_url(programme)
    assert "French" in _html(client, url)
    client.cookies["atheneum_language"] = "sv"
    html = _html(client, url)
    assert "franska" in html
    assert "French" not in html
    client.cookies["atheneum_language"] = "en"
    assert "French" in _html(client, url)


# --- Free-slots page ---------------------------------------------------------------------------


def test_round_slots_warm_cache_reads_only_the_round(client, round_, coach):
    slot_at(round_, coach)
    url = slots_url(round_)
    assert _count(client, url) == 3  # the round, the active coaches, the page of slots
    assert _count(client, url) == 1
    BookingFactory(slot=slot_at(round_, coach, hours=2), coachee=UserFactory())
    assert _count(client, url) == 3


def test_round_slots_follow_booking_services(client, round_, coach, member, other_member):
    first = slot_at(round_, coach)
    second = slot_at(round_, coach, hours=2)
    url = slots_url(round_)
    client.force_login(member)
    html = _html(client, url)
    assert book_url(first) in html
    assert book_url(second) in html

    booking = booking_services.booking_create(
        slot=first, coachee=other_member, goals=GOALS, preparation_done=[], acting_user=other_member
    )
    html = _html(client, url)
    assert book_url(first) not in html
    assert book_url(second) in html

    moved = booking_services.booking_reschedule(
        booking=booking, slot=second, acting_user=other_member
    )
    html = _html(client, url)
    assert book_url(first) in html
    assert book_url(second) not in html

    booking_services.booking_cancel(booking=moved, acting_user=other_member)
    html = _html(client, url)
    assert book_url(first) in html
    assert book_url(second) in html


def test_round_slots_follow_availability_services(client, round_, coach, member):
    url = slots_url(round_)
    client.force_login(member)
    assert "No free sessions match" in _html(client, url)
    local = round_.coaching_starts.astimezone(slots.zone_for(coach.time_zone))
    availability = slots.availability_add(
        coach=coach,
        round_=round_,
        day=local.date(),
        start_time=local.time(),
        end_time=(local + datetime.timedelta(hours=2)).time(),
        acting_user=coach.user,
    )
    html = _html(client, url)
    assert html.count("/book/") == 2

    slots.availability_delete(availability=availability, acting_user=coach.user)
    assert not Availability.objects.exists()
    assert "No free sessions match" in _html(client, url)


def test_round_slots_follow_slot_and_coach_models(client, round_, coach, member):
    slot_ = slot_at(round_, coach)
    url = slots_url(round_)
    client.force_login(member)
    assert book_url(slot_) in _html(client, url)
    slot_.is_withdrawn = True
    slot_.save()
    assert book_url(slot_) not in _html(client, url)
    slot_.is_withdrawn = False
    slot_.save()
    assert book_url(slot_) in _html(client, url)

    coach.user.display_name = "Cora Renamed"
    coach.user.save()
    assert "Cora Renamed" in _html(client, url)
    coach.status = CoachStatus.PAUSED
    coach.save()
    assert book_url(slot_) not in _html(client, url)


def _shows(html: str, slot_) -> bool:
    return f'<time datetime="{slot_.start.isoformat()}">' in html


def test_round_slots_first_slot_leaves_when_it_begins(client, round_, coach):
    round_.booking_closes = round_.coaching_ends  # still open when the first session begins
    round_.save()
    first = slot_at(round_, coach)
    second = slot_at(round_, coach, hours=2)
    url = slots_url(round_)
    html = _html(client, url)
    assert _shows(html, first)
    assert _shows(html, second)
    with mock.patch("django.utils.timezone.now", return_value=first.start):
        html = _html(client, url)
    assert not _shows(html, first)
    assert _shows(html, second)


def test_round_slots_coach_member_and_visitor_see_their_own(
    client, round_, coach, coach_user, member
):
    slot_ = slot_at(round_, coach)
    url = slots_url(round_)
    client.force_login(member)
    assert book_url(slot_) in _html(client, url)
    client.force_login(coach_user)
    html = _html(client, url)
    assert "Your own time" in html
    assert book_url(slot_) not in html
    client.logout()
    html = _html(client, url)
    assert book_url(slot_) not in html
    assert "Your own time" not in html
    assert "Sign in to book a session." in html
    client.force_login(member)
    html = _html(client, url)
    assert book_url(slot_) in html
    assert "Your own time" not in html


def test_round_slots_zones_and_languages_do_not_mix(client, round_, coach):
    slot_at(round_, coach)
    url = slots_url(round_)
    tokyo = UserFactory(time_zone="Asia/Tokyo")
    swede = UserFactory(time_zone="UTC", interface_language="sv")
    client.force_login(tokyo)
    assert "(Asia/Tokyo)" in _html(client, url)
    client.force_login(swede)
    html = _html(client, url)
    assert "(Asia/Tokyo)" not in html
    assert "(UTC)" in html
    assert ">Boka<" in html
    client.force_login(tokyo)
    html = _html(client, url)
    assert "(Asia/Tokyo)" in html
    assert ">Book<" in html


def test_round_slots_filters_and_pages_are_kept_apart(client, round_, coach, programme, member):
    other = CoachFactory(programme=programme, languages=["fr"], topics=["digital skills"])
    mine = slot_at(round_, coach)
    theirs = slot_at(round_, other, hours=2)
    url = slots_url(round_)
    client.force_login(member)
    for _ in range(2):
        everything = _html(client, url)
        french = _html(client, url, language="fr")
        wrong = _html(client, url, language="xx")
        assert book_url(mine) in everything
        assert book_url(theirs) in everything
        assert book_url(mine) not in french
        assert book_url(theirs) in french
        # An unknown language shows every slot, and the form says what is wrong.
        assert book_url(mine) in wrong
        assert 'aria-invalid="true"' in wrong or "errorlist" in wrong
        assert 'value="fr" selected' in french
        assert 'value="fr" selected' not in everything


def test_round_slots_reschedule_list_is_never_shared(client, round_, coach, member):
    booked = slot_at(round_, coach)
    free = slot_at(round_, coach, hours=2)
    booking = BookingFactory(slot=booked, coachee=member, goals=GOALS)
    client.force_login(member)
    _html(client, slots_url(round_))
    url = reverse("coaching:booking_reschedule", args=[booking.uid])
    html = _html(client, url)
    assert "Move the session here" in html
    assert f'name="slot" value="{free.pk}"' in html
    assert "csrfmiddlewaretoken" in html
    assert "Move the session here" not in _html(client, slots_url(round_))


def test_unpublished_round_fragment_is_not_shown_to_visitors(client, organiser, round_, coach):
    slot_at(round_, coach)
    round_.is_published = False
    round_.save()
    client.force_login(organiser)
    assert "Cora Coach" in _html(client, slots_url(round_))
    client.logout()
    assert client.get(slots_url(round_)).status_code == 404


@pytest.mark.parametrize("page", ["1", "2"])
def test_round_slots_pages_each_show_their_slots(client, round_, coach, member, page):
    from atheneum.coaching.booking_selectors import SLOTS_PER_PAGE

    made = [slot_at(round_, coach, hours=i) for i in range(SLOTS_PER_PAGE + 1)]
    client.force_login(member)
    _html(client, slots_url(round_), page="1" if page == "2" else "2")
    html = _html(client, slots_url(round_), page=page)
    shown = made[:SLOTS_PER_PAGE] if page == "1" else made[SLOTS_PER_PAGE:]
    hidden = made[SLOTS_PER_PAGE:] if page == "1" else made[:SLOTS_PER_PAGE]
    assert all(book_url(s) in html for s in shown)
    assert not any(book_url(s) in html for s in hidden)
