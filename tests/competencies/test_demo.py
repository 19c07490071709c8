from atheneum.competencies import demo
from atheneum.competencies.enums import CompetencyKind, RatingSource
from atheneum.competencies.models import Competency, CompetencyText, Framework, Rating
from atheneum.organisations.enums import OrganisationKind, TeamRole

from ..factories import OrganisationFactory, TeamFactory, UserFactory, add_to_team


def load_demo():
    organisations = {
        "association": OrganisationFactory(
            name="International Library Learning Association",
            slug="illa",
            kind=OrganisationKind.ASSOCIATION,
        ),
        "riverside": OrganisationFactory(name="Riverside Public Library", slug="riverside"),
        "hilltown": OrganisationFactory(name="Hilltown University Library", slug="hilltown"),
    }
    users = {key: UserFactory() for key in ["member", "manager", "organiser", "admin"]}
    children = TeamFactory(organisation=organisations["riverside"], slug="children")
    add_to_team(users["member"], children)
    add_to_team(users["manager"], children, role=TeamRole.MANAGER)
    demo.load(organisations=organisations, users=users)
    return organisations, users


def counts():
    return [
        Framework.objects.count(),
        Competency.objects.count(),
        CompetencyText.objects.count(),
        Rating.objects.count(),
    ]


def test_demo_load_creates_both_frameworks(db):
    _organisations, users = load_demo()
    riverside = Framework.objects.get(slug="riverside-core")
    broad = Framework.objects.get(slug="library-information-competencies")
    assert riverside.competencies.count() == 13
    assert riverside.uses_manager_ratings is True
    assert riverside.levels.count() == 5
    assert broad.competencies.filter(kind=CompetencyKind.AREA).count() == 7
    assert broad.competencies.filter(kind=CompetencyKind.COMPETENCY).count() == 42
    assert set(
        CompetencyText.objects.filter(competency__framework=broad).values_list(
            "language", flat=True
        )
    ) == {"en", "fr", "es", "ar"}
    assert Rating.objects.filter(source=RatingSource.MANAGER, rater=users["manager"]).count() == 1
    assert Rating.objects.filter(user=users["member"], source=RatingSource.SELF).count() == 14
    assert len(set(Rating.objects.values_list("created_at__date", flat=True))) == 4


def test_demo_load_twice_changes_nothing(db):
    organisations, users = load_demo()
    before = counts()
    demo.load(organisations=organisations, users=users)
    assert counts() == before


def test_demo_pages_render(client, db):
    _organisations, users = load_demo()
    client.force_login(users["member"])
    for url in [
        "/competencies/",
        "/competencies/me/",
        "/competencies/me/gaps/",
        "/competencies/riverside-core/",
        "/competencies/me/riverside-core/",
        "/competencies/library-information-competencies/",
    ]:
        assert client.get(url).status_code == 200
    client.force_login(users["manager"])
    assert (
        client.get(f"/competencies/people/{users['member'].pk}/riverside-core/").status_code == 200
    )
