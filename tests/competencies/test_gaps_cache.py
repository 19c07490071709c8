"""The gap analysis is cached per person: every change shows at once, nobody sees another's."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atheneum.competencies import services
from atheneum.competencies.enums import RatingKind
from atheneum.competencies.models import CompetencyText

from .factories import ActivityFactory, CompetencyFactory, RatingFactory

URL = "/competencies/me/gaps/"


def _page(client, url: str = URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _rows(html: str) -> list[str]:
    """Each row's competency and its cells, as text."""
    rows = re.findall(r"<tr><th scope=\"row\".*?</tr>", html, flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]


def _rate(person, competency, current: int, target: int) -> None:
    RatingFactory(user=person, competency=competency, kind=RatingKind.CURRENT, level=current)
    RatingFactory(user=person, competency=competency, kind=RatingKind.TARGET, level=target)


def test_gaps_with_a_warm_cache_read_nothing_of_ratings_or_records(client_as, member, competency):
    _rate(member, competency, 1, 3)
    ActivityFactory(owner=member).competencies.add(competency)
    client = client_as("member")

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as context:
            client.get(URL)
        return [
            q["sql"] for q in context if '"competencies_' in q["sql"] or '"portfolio_' in q["sql"]
        ]

    # Cold: ratings, competencies, their texts, the levels, the activities.
    assert len(queries()) == 5
    assert queries() == []


def test_gaps_show_ratings_saved_through_the_service_and_the_model(
    client_as, member, framework, competency
):
    client = client_as("member")
    assert _rows(_page(client)) == []

    services.self_assessment_save(
        person=member,
        framework=framework,
        entries=[services.RatingEntry(competency_id=competency.pk, current=1, target=3)],
        acting_user=member,
    )
    assert _rows(_page(client)) == ["Customer focus Riverside core 1 3 2 None yet"]

    RatingFactory(user=member, competency=competency, kind=RatingKind.CURRENT, level=3)
    assert _rows(_page(client)) == ["Customer focus Riverside core 3 3 Reached"]


def test_gaps_show_activities_logged_and_catalogue_changes(
    client_as, member, organiser, framework, competency
):
    _rate(member, competency, 1, 3)
    flexibility = framework.competencies.get(code="A2")
    _rate(member, flexibility, 1, 3)
    client = client_as("member")
    assert [row.split(" Riverside")[0] for row in _rows(_page(client))] == [
        "Customer focus",
        "Flexibility",
    ]

    ActivityFactory(owner=member, title="Desk skills").competencies.add(competency)
    assert "Desk skills" in _page(client)

    services.competency_move(competency=flexibility, direction="up", acting_user=organiser)
    assert [row.split(" Riverside")[0] for row in _rows(_page(client))] == [
        "Flexibility",
        "Customer focus",
    ]

    text = CompetencyText.objects.get(competency=competency)
    text.title = "Serving customers"
    text.save()
    assert "Serving customers" in _page(client)


def test_gaps_are_private_to_each_person(client_as, member, other_member, competency):
    _rate(member, competency, 1, 3)
    _rate(other_member, competency, 2, 2)
    ActivityFactory(owner=member, title="Mira's course").competencies.add(competency)

    assert _rows(_page(client_as("member"))) == [
        "Customer focus Riverside core 1 3 2 Mira&#x27;s course"
    ]
    assert _rows(_page(client_as("other_member"))) == ["Customer focus Riverside core 2 2 Reached"]
    assert "Mira" not in _page(client_as("other_member")).split("<main", 1)[-1]


def test_gaps_follow_the_language(client_as, member, competency):
    CompetencyText.objects.create(competency=competency, language="sv", title="Kundfokus")
    _rate(member, competency, 1, 3)
    client = client_as("member")
    assert "Customer focus" in _page(client)

    member.interface_language = "sv"
    member.save()
    swedish = _page(client)
    assert "Kundfokus" in swedish
    assert "Customer focus" not in swedish


def test_framework_gaps_are_cached_apart_from_all_gaps(
    client_as, member, framework, published_framework
):
    metadata = published_framework.competencies.get()
    _rate(member, framework.competencies.get(code="A1"), 1, 3)
    _rate(member, metadata, 0, 2)
    client = client_as("member")

    assert len(_rows(_page(client))) == 2
    only = _page(client, reverse("competencies:framework_gaps", args=[published_framework.slug]))
    assert _rows(only) == ["Metadata 0 2 2 None yet"]
    assert len(_rows(_page(client))) == 2


def test_gaps_drop_a_framework_once_the_person_may_no_longer_see_it(
    client_as, member, other_organisation
):
    from atheneum.organisations.models import Membership

    from ..factories import add_member
    from .factories import FrameworkFactory

    hill = FrameworkFactory(organisation=other_organisation, title="Hill", slug="hill")
    skill = CompetencyFactory(framework=hill, code="H1", title="Hill skills")
    add_member(member, other_organisation)
    _rate(member, skill, 1, 3)
    client = client_as("member")
    assert "Hill skills" in _page(client)

    Membership.objects.filter(user=member, organisation=other_organisation).delete()
    assert "Hill skills" not in _page(client)
