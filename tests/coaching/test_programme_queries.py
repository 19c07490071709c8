"""The number of SQL queries of each list page does not grow with its data."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atheneum.coaching import caching
from atheneum.coaching.enums import BookingStatus
from atheneum.common import fragments

from ..competencies.factories import CompetencyFactory, FrameworkFactory
from .factories import (
    BookingFactory,
    CoachApplicationFactory,
    CoachFactory,
    CoachingRequestFactory,
    PreparationGuideFactory,
    ProgrammeFactory,
    RoundFactory,
    SlotFactory,
)

GUIDE_LANGUAGES = ["en", "fr", "es", "sv", "ar", "de", "ru", "zh"]


@pytest.fixture
def setting(organisation, member):
    programme = ProgrammeFactory(organisation=organisation, slug="congress")
    round_ = RoundFactory(programme=programme)
    framework = FrameworkFactory(is_published=True, levels=False)
    return programme, round_, framework


def _grow(programme, round_, framework, member, *, count: int, offset: int) -> None:
    for index in range(count):
        coach = CoachFactory(
            programme=programme,
            languages=["en", "es"] if index % 2 else ["sv"],
            competencies=[CompetencyFactory(framework=framework)],
        )
        CoachApplicationFactory(programme=programme, round=round_)
        slot = SlotFactory(
            round=round_,
            coach=coach,
            start=round_.coaching_starts + datetime.timedelta(days=index % 3, hours=offset),
        )
        SlotFactory(
            round=round_,
            coach=coach,
            start=round_.coaching_starts + datetime.timedelta(days=index % 3, hours=offset + 1),
        )
        BookingFactory(
            slot=slot,
            coachee_usefulness=index % 5 + 1,
            status=BookingStatus.CANCELLED if index % 2 else BookingStatus.CONFIRMED,
        )
        CoachingRequestFactory(round=round_, coachee=member, languages=["es"])
        ProgrammeFactory(organisation=programme.organisation)
        PreparationGuideFactory(programme=programme, language=GUIDE_LANGUAGES[offset + index])


def _count(client, url: str, programme) -> int:
    # Content types are cached per process once read, and the coaching pages keep fragments:
    # start each count from the same state (fragments out of date).
    ContentType.objects.clear_cache()
    fragments.bump(caching.programme_tag(programme.pk))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "page",
    [
        "programmes",
        "programme",
        "round",
        "guide",
        "applications",
        "dashboard",
        "dashboard_csv",
        "requests",
        "my_coaching",
    ],
)
def test_page_query_count_is_constant(client_as, setting, member, page):
    programme, round_, framework = setting
    urls = {
        "programmes": reverse("coaching:programmes"),
        "round": reverse("coaching:round", args=[programme.slug, round_.pk]),
        "guide": reverse("coaching:guide", args=[programme.slug]),
        "programme": reverse("coaching:programme", args=[programme.slug]),
        "applications": reverse("coaching:applications", args=[programme.slug]),
        "dashboard": reverse("coaching:dashboard", args=[programme.slug, round_.pk]),
        "dashboard_csv": reverse("coaching:dashboard_csv", args=[programme.slug, round_.pk]),
        "requests": reverse("coaching:requests", args=[programme.slug, round_.pk]),
        "my_coaching": reverse("coaching:my_coaching"),
    }
    client = client_as("member" if page == "my_coaching" else "organiser")
    _grow(programme, round_, framework, member, count=1, offset=0)
    client.get(urls[page])  # what the viewer's requests keep (their roles) is kept from here on
    small = _count(client, urls[page], programme)
    _grow(programme, round_, framework, member, count=4, offset=3)
    assert _count(client, urls[page], programme) == small
