"""Pages cost the same number of queries for 13 competencies as for 120."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atheneum.competencies.enums import CompetencyKind, RatingKind
from atheneum.competencies.models import CompetencyText

from ..factories import UserFactory, add_to_team
from .factories import ActivityFactory, CompetencyFactory, FrameworkFactory, RatingFactory, share


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.fixture
def grow(organisation, member):
    """Adds competencies (in areas, with a Swedish text, rated by the member, with evidence)."""
    framework = FrameworkFactory(organisation=organisation, slug="growing")

    def make(count):
        area = CompetencyFactory(framework=framework, kind=CompetencyKind.AREA)
        for _ in range(count):
            competency = CompetencyFactory(framework=framework, parent=area)
            CompetencyText.objects.create(competency=competency, language="sv", title="Svensk")
            RatingFactory(user=member, competency=competency, kind=RatingKind.CURRENT, level=1)
            RatingFactory(user=member, competency=competency, kind=RatingKind.TARGET, level=3)
            activity = ActivityFactory(owner=member)
            activity.competencies.add(competency)
            rating = RatingFactory(user=member, competency=competency, level=2, note="n")
            rating.evidence_links.create(activity=activity)

    return framework, make


@pytest.mark.parametrize(
    "url_name",
    [
        "competencies:framework_detail",
        "competencies:self_assessment",
        "competencies:framework_gaps",
    ],
)
def test_framework_pages_query_count_constant(client_as, grow, url_name):
    framework, make = grow
    client = client_as("member")
    url = reverse(url_name, args=[framework.slug])
    client.get(url)
    make(13)
    small = count_queries(client, url)
    make(107)
    large = count_queries(client, url)
    assert small == large


def test_my_gaps_query_count_constant(client_as, grow):
    _framework, make = grow
    client = client_as("member")
    url = reverse("competencies:my_gaps")
    client.get(url)
    make(13)
    small = count_queries(client, url)
    make(107)
    assert count_queries(client, url) == small


def test_person_page_query_count_constant(client_as, grow, member):
    framework, make = grow
    framework.uses_manager_ratings = True
    framework.save()
    share(member)
    client = client_as("manager")
    url = reverse("competencies:person_ratings", args=[member.pk, framework.slug])
    client.get(url)
    make(13)
    small = count_queries(client, url)
    make(107)
    assert count_queries(client, url) == small


@pytest.mark.parametrize("url_name", ["competencies:framework_list", "competencies:my_assessment"])
def test_framework_lists_query_count_constant(client_as, organisation, member, url_name):
    def make(count):
        for _ in range(count):
            framework = FrameworkFactory(organisation=organisation)
            competency = CompetencyFactory(framework=framework)
            RatingFactory(user=member, competency=competency)
            FrameworkFactory(organisation=None, is_published=True)

    client = client_as("member")
    url = reverse(url_name)
    client.get(url)
    make(3)
    small = count_queries(client, url)
    make(27)
    assert count_queries(client, url) == small


def test_team_page_query_count_constant(client_as, team, manager):
    def make(count):
        for _ in range(count):
            person = UserFactory()
            add_to_team(person, team)
            share(person)
            FrameworkFactory(organisation=team.organisation)

    client = client_as("manager")
    url = reverse("competencies:team")
    client.get(url)
    make(3)
    small = count_queries(client, url)
    make(27)
    assert count_queries(client, url) == small
