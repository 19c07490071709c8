"""The competencies API: frameworks for those who may see them, authoring for their organisers,
and each member's own self-assessment (never anyone else's ratings)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atheneum.competencies.enums import CompetencyKind, RatingKind, RatingSource
from atheneum.competencies.models import Competency, CompetencyText, Framework, Rating
from atheneum.organisations.enums import OrganisationRole

from ..competencies.factories import (
    ActivityFactory,
    CompetencyFactory,
    FrameworkFactory,
    RatingFactory,
    share,
)
from ..factories import UserFactory, add_member, give_totp

pytestmark = pytest.mark.django_db

BASE = "/api/v1/competencies"
JSON = "application/json"
SECRET_NOTE = "I still panic when the catalogue breaks"
MANAGER_NOTE = "Maja thinks Mira needs more practice"
ROLES = [
    "member",
    "other_member",
    "manager",
    "other_org_manager",
    "organiser",
    "other_org_organiser",
    "admin",
]


@pytest.fixture
def other_org_organiser(other_organisation):
    user = UserFactory(email="other-organiser@example.org", display_name="Otto Organiser")
    add_member(user, other_organisation, role=OrganisationRole.ORGANISER)
    give_totp(user)
    return user


@pytest.fixture
def framework(organisation):
    """Riverside's own unpublished framework: its members see it."""
    framework = FrameworkFactory(
        organisation=organisation,
        title="Riverside core",
        slug="riverside-core",
        uses_manager_ratings=True,
    )
    area = CompetencyFactory(
        framework=framework, kind=CompetencyKind.AREA, code="A", position=0, title="Serving people"
    )
    CompetencyFactory(
        framework=framework, parent=area, code="A1", position=0, title="Customer focus"
    )
    CompetencyFactory(framework=framework, parent=area, code="A2", position=1, title="Flexibility")
    return framework


@pytest.fixture
def area(framework):
    return framework.competencies.get(code="A")


@pytest.fixture
def competency(framework):
    return framework.competencies.get(code="A1")


@pytest.fixture
def published_framework(db):
    framework = FrameworkFactory(
        organisation=None, title="Library work", slug="library-work", is_published=True
    )
    CompetencyFactory(framework=framework, code="L1", title="Metadata")
    return framework


@pytest.fixture
def other_framework(other_organisation):
    framework = FrameworkFactory(
        organisation=other_organisation, title="Hill Town secret", slug="hilltown-secret"
    )
    CompetencyFactory(framework=framework, code="H1", title="Hill skills")
    return framework


def send(client, method, url, body=None):
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, content_type=JSON)


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == status
    return response.json()


def fields_of(response) -> set[str]:
    return {error["field"] for error in assert_problem(response, 422)["errors"]}


def framework_body(**overrides):
    body = {"organisation": "riverside", "title": "Reading promotion", "slug": "reading-promotion"}
    body.update(overrides)
    return body


def endpoints(framework, competency):
    """(method, path, body, writes) for every competencies endpoint."""
    slug = framework.slug
    return [
        ("get", f"{BASE}/frameworks", None, False),
        ("get", f"{BASE}/frameworks/{slug}", None, False),
        ("post", f"{BASE}/frameworks", framework_body(), True),
        ("patch", f"{BASE}/frameworks/{slug}", {"title": "Changed"}, True),
        (
            "post",
            f"{BASE}/frameworks/{slug}/competencies",
            {"language": "en", "title": "Outreach"},
            True,
        ),
        (
            "patch",
            f"{BASE}/frameworks/{slug}/competencies/{competency.pk}",
            {"code": "Z9"},
            True,
        ),
        ("delete", f"{BASE}/frameworks/{slug}/competencies/{competency.pk}", None, True),
        ("put", f"{BASE}/frameworks/{slug}/levels/5", {"label": "Master"}, True),
        ("delete", f"{BASE}/frameworks/{slug}/levels/4", None, True),
        ("get", f"{BASE}/frameworks/{slug}/ratings", None, False),
        ("put", f"{BASE}/frameworks/{slug}/ratings/{competency.pk}", {"current": 1}, True),
    ]


def assert_unchanged(framework, competency):
    fresh = Framework.objects.get(pk=framework.pk)
    assert fresh.title == "Riverside core"
    assert not Framework.objects.filter(slug="reading-promotion").exists()
    assert Competency.objects.get(pk=competency.pk).code == "A1"
    assert Competency.objects.filter(framework=framework).count() == 3
    assert not Rating.objects.exists()
    assert list(fresh.levels.values_list("value", flat=True)) == [0, 1, 2, 3, 4]


# --- Authentication and scopes ---------------------------------------------------------------


def test_every_endpoint_needs_authentication(client, framework, competency):
    for method, url, body, _writes in endpoints(framework, competency):
        assert_problem(send(client, method, url, body), 401)
    assert_unchanged(framework, competency)


def test_token_without_competencies_scope_is_refused(admin, api_client, framework, competency):
    client = api_client(admin, ["portfolio:write", "profile:write"])
    for method, url, body, writes in endpoints(framework, competency):
        problem = assert_problem(send(client, method, url, body), 403)
        assert problem["scope"] == ("competencies:write" if writes else "competencies:read")
    assert_unchanged(framework, competency)


def test_read_scope_reads_but_does_not_write(admin, api_client, framework, competency):
    client = api_client(admin, ["competencies:read"])
    for method, url, body, writes in endpoints(framework, competency):
        response = send(client, method, url, body)
        if writes:
            assert assert_problem(response, 403)["scope"] == "competencies:write"
        else:
            assert response.status_code == 200, url
    assert_unchanged(framework, competency)


# --- Frameworks: reading ---------------------------------------------------------------------

VISIBLE = {
    "member": {"library-work", "riverside-core"},
    "other_member": {"library-work", "riverside-core"},
    "manager": {"library-work", "riverside-core"},
    "other_org_manager": {"library-work", "hilltown-secret"},
    "organiser": {"library-work", "riverside-core"},
    "other_org_organiser": {"library-work", "hilltown-secret"},
    "admin": {"library-work", "riverside-core", "hilltown-secret"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.usefixtures("framework", "published_framework", "other_framework")
def test_framework_list_shows_what_the_caller_may_see(role, role_user, api_client):
    body = api_client(role_user(role)).get(f"{BASE}/frameworks").json()
    assert {item["slug"] for item in body["items"]} == VISIBLE[role]
    assert body["count"] == len(VISIBLE[role])
    titles = [item["title"] for item in body["items"]]
    assert titles == sorted(titles)
    counts = {item["slug"]: item["competency_count"] for item in body["items"]}
    if "riverside-core" in counts:
        assert counts["riverside-core"] == 2


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.usefixtures("framework", "published_framework", "other_framework")
def test_framework_detail_follows_the_view_rule(role, role_user, api_client):
    client = api_client(role_user(role))
    for slug in ("riverside-core", "library-work", "hilltown-secret"):
        response = client.get(f"{BASE}/frameworks/{slug}")
        if slug in VISIBLE[role]:
            assert response.status_code == 200, (slug, response.content)
        else:
            assert_problem(response, 404)
            assert "Hill skills" not in response.content.decode()


def test_framework_detail_is_a_tree_with_the_scale(member, api_client, framework):
    body = api_client(member).get(f"{BASE}/frameworks/riverside-core").json()
    assert body["organisation"] == {"slug": "riverside", "name": "Riverside Library"}
    assert [level["value"] for level in body["levels"]] == [0, 1, 2, 3, 4]
    assert body["levels"][1]["label"] == "Aware"
    (area,) = body["competencies"]
    assert (area["kind"], area["code"], area["title"], area["parent_id"]) == (
        "area",
        "A",
        "Serving people",
        None,
    )
    assert [(c["code"], c["title"], c["parent_id"]) for c in area["children"]] == [
        ("A1", "Customer focus", area["id"]),
        ("A2", "Flexibility", area["id"]),
    ]
    assert body["can_change"] is False
    assert body["can_rate"] is True
    assert body["created_at"].endswith("Z")


def test_framework_detail_reads_in_the_callers_language(member, api_client, competency):
    CompetencyText.objects.create(competency=competency, language="sv", title="Kundfokus")
    client = api_client(member)
    response = client.get(f"{BASE}/frameworks/riverside-core", HTTP_ACCEPT_LANGUAGE="sv")
    child = response.json()["competencies"][0]["children"][0]
    assert (child["title"], child["language"]) == ("Kundfokus", "sv")


def test_unknown_framework_is_404(member, api_client):
    assert_problem(api_client(member).get(f"{BASE}/frameworks/nothing-here"), 404)


def test_framework_pages_are_stable(member, api_client):
    for number in range(5):
        FrameworkFactory(title="Same title", slug=f"same-{number}", is_published=True)
    client = api_client(member)
    seen = []
    for page in (1, 2, 3):
        body = client.get(f"{BASE}/frameworks?page_size=2&page={page}").json()
        seen += [item["slug"] for item in body["items"]]
    expected = list(
        Framework.objects.filter(title="Same title").order_by("pk").values_list("slug", flat=True)
    )
    assert seen == expected


# --- Frameworks: writing ---------------------------------------------------------------------

MAY_AUTHOR_RIVERSIDE = {"organiser", "admin"}


@pytest.mark.parametrize("role", ROLES)
def test_only_organisers_create_frameworks(role, role_user, api_client, organisation):
    response = api_client(role_user(role)).post(
        f"{BASE}/frameworks", framework_body(), content_type=JSON
    )
    if role in MAY_AUTHOR_RIVERSIDE:
        assert response.status_code == 201, response.content
        created = Framework.objects.get(slug="reading-promotion")
        assert created.organisation == organisation
        assert created.is_published is False
        body = response.json()
        assert body["slug"] == "reading-promotion"
        assert [level["value"] for level in body["levels"]] == [0, 1, 2, 3, 4]
        assert body["competencies"] == []
        assert body["can_change"] is True
    else:
        assert_problem(response, 403)
        assert not Framework.objects.filter(slug="reading-promotion").exists()


def test_admin_creates_a_framework_for_everyone(admin, api_client):
    response = api_client(admin).post(
        f"{BASE}/frameworks", framework_body(organisation=None), content_type=JSON
    )
    assert response.status_code == 201
    assert response.json()["organisation"] is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"organisation": None}, "organisation"),
        ({"organisation": "nowhere"}, "organisation"),
        ({"title": ""}, "title"),
        ({"slug": "has spaces"}, "slug"),
        ({"slug": "new"}, "slug"),
        ({"slug": "riverside-core"}, "slug"),
        ({"language": ""}, "language"),
        ({"uses_manager_ratings": "perhaps"}, "uses_manager_ratings"),
    ],
)
def test_bad_framework_is_422_and_creates_nothing(
    organiser, api_client, framework, overrides, field
):
    before = Framework.objects.count()
    response = api_client(organiser).post(
        f"{BASE}/frameworks", framework_body(**overrides), content_type=JSON
    )
    assert field in fields_of(response)
    assert Framework.objects.count() == before


def test_organiser_may_not_create_for_another_organisation(
    other_org_organiser, api_client, organisation
):
    response = api_client(other_org_organiser).post(
        f"{BASE}/frameworks", framework_body(), content_type=JSON
    )
    assert_problem(response, 403)
    assert not Framework.objects.filter(slug="reading-promotion").exists()


def _status_for_author(role):
    if role in MAY_AUTHOR_RIVERSIDE:
        return 200
    if role in {"other_org_manager", "other_org_organiser"}:
        return 404
    return 403


@pytest.mark.parametrize("role", ROLES)
def test_only_the_frameworks_organisers_change_it(role, role_user, api_client, framework):
    response = api_client(role_user(role)).patch(
        f"{BASE}/frameworks/riverside-core",
        {"title": "Riverside essentials", "version": "2"},
        content_type=JSON,
    )
    expected = _status_for_author(role)
    framework.refresh_from_db()
    if expected == 200:
        assert response.status_code == 200, response.content
        assert (framework.title, framework.version) == ("Riverside essentials", "2")
        assert framework.slug == "riverside-core"
        assert response.json()["title"] == "Riverside essentials"
    else:
        assert_problem(response, expected)
        assert framework.title == "Riverside core"


@pytest.mark.parametrize(("role", "status"), [("organiser", 403), ("admin", 200)])
def test_published_framework_for_everyone_is_the_admins(
    role, status, role_user, api_client, published_framework
):
    response = api_client(role_user(role)).patch(
        f"{BASE}/frameworks/library-work", {"title": "Library work 2"}, content_type=JSON
    )
    assert response.status_code == status


def test_organiser_publishes_and_renames(organiser, api_client, framework):
    response = api_client(organiser).patch(
        f"{BASE}/frameworks/riverside-core",
        {"is_published": True, "slug": "riverside-2026"},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    framework.refresh_from_db()
    assert (framework.is_published, framework.slug) == (True, "riverside-2026")


def test_publishing_an_empty_framework_changes_nothing(organiser, api_client, organisation):
    empty = FrameworkFactory(organisation=organisation, slug="empty", title="Empty")
    response = api_client(organiser).patch(
        f"{BASE}/frameworks/empty", {"title": "Renamed", "is_published": True}, content_type=JSON
    )
    assert_problem(response, 422)
    empty.refresh_from_db()
    assert (empty.title, empty.is_published) == ("Empty", False)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"slug": "library-work"}, "slug"),
        ({"slug": "me"}, "slug"),
        ({"slug": "a/b"}, "slug"),
        ({"title": None}, "title"),
        ({"title": ""}, "title"),
        ({"is_published": "soon"}, "is_published"),
    ],
)
@pytest.mark.usefixtures("published_framework")
def test_bad_framework_patch_is_422_and_changes_nothing(
    organiser, api_client, framework, body, field
):
    response = api_client(organiser).patch(
        f"{BASE}/frameworks/riverside-core", body, content_type=JSON
    )
    assert field in fields_of(response)
    framework.refresh_from_db()
    assert (framework.title, framework.slug) == ("Riverside core", "riverside-core")


# --- Competencies in a framework -------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_organisers_add_competencies(role, role_user, api_client, framework, area):
    response = api_client(role_user(role)).post(
        f"{BASE}/frameworks/riverside-core/competencies",
        {"parent_id": area.pk, "code": "A3", "language": "en", "title": "Outreach"},
        content_type=JSON,
    )
    expected = _status_for_author(role)
    if expected == 200:
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["kind"], body["code"], body["parent_id"], body["position"]) == (
            "competency",
            "A3",
            area.pk,
            2,
        )
        assert body["texts"] == [{"language": "en", "title": "Outreach", "description": ""}]
        assert body["framework"] == "riverside-core"
    else:
        assert_problem(response, expected)
        assert not framework.competencies.filter(code="A3").exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_organisers_change_competencies(role, role_user, api_client, competency):
    response = api_client(role_user(role)).patch(
        f"{BASE}/frameworks/riverside-core/competencies/{competency.pk}",
        {"code": "A1.1", "language": "sv", "title": "Kundfokus"},
        content_type=JSON,
    )
    expected = _status_for_author(role)
    competency.refresh_from_db()
    if expected == 200:
        assert response.status_code == 200, response.content
        assert competency.code == "A1.1"
        assert {t["language"]: t["title"] for t in response.json()["texts"]} == {
            "en": "Customer focus",
            "sv": "Kundfokus",
        }
    else:
        assert_problem(response, expected)
        assert competency.code == "A1"
        assert competency.texts.count() == 1


def test_patch_keeps_the_text_when_only_the_place_changes(organiser, api_client, competency):
    response = api_client(organiser).patch(
        f"{BASE}/frameworks/riverside-core/competencies/{competency.pk}",
        {"position": 5},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    competency.refresh_from_db()
    assert competency.position == 5
    assert competency.texts.get().title == "Customer focus"


@pytest.mark.parametrize("role", ROLES)
def test_only_organisers_delete_competencies(role, role_user, api_client, framework):
    spare = framework.competencies.get(code="A2")
    response = api_client(role_user(role)).delete(
        f"{BASE}/frameworks/riverside-core/competencies/{spare.pk}"
    )
    expected = _status_for_author(role)
    if expected == 200:
        assert response.status_code == 204
        assert not Competency.objects.filter(pk=spare.pk).exists()
    else:
        assert_problem(response, expected)
        assert Competency.objects.filter(pk=spare.pk).exists()


def test_rated_or_parent_competency_is_not_deleted(organiser, member, api_client, area, competency):
    RatingFactory(user=member, competency=competency)
    client = api_client(organiser)
    for target in (area, competency):
        response = client.delete(f"{BASE}/frameworks/riverside-core/competencies/{target.pk}")
        assert_problem(response, 422)
    assert Competency.objects.filter(pk__in=[area.pk, competency.pk]).count() == 2


def test_competency_of_another_framework_is_404(
    organiser, api_client, framework, published_framework
):
    elsewhere = published_framework.competencies.get()
    response = api_client(organiser).patch(
        f"{BASE}/frameworks/riverside-core/competencies/{elsewhere.pk}",
        {"code": "X"},
        content_type=JSON,
    )
    assert_problem(response, 404)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "indicator", "language": "en", "title": "Loose"}, "parent_id"),
        ({"kind": "widget", "language": "en", "title": "Odd"}, "kind"),
        ({"language": "en", "title": ""}, "title"),
        ({"language": "", "title": "No language"}, "language"),
        ({"title": "No language"}, "language"),
        ({"language": "en", "title": "Far", "parent_id": "OTHER"}, "parent_id"),
        ({"language": "en", "title": "Nowhere", "parent_id": 999999}, "parent_id"),
        ({"language": "en", "title": "Below", "position": -1}, "position"),
    ],
)
@pytest.mark.usefixtures("framework")
def test_bad_competency_is_422_and_adds_nothing(
    organiser, api_client, published_framework, body, field
):
    framework = Framework.objects.get(slug="riverside-core")
    if body.get("parent_id") == "OTHER":
        body = {**body, "parent_id": published_framework.competencies.get().pk}
    response = api_client(organiser).post(
        f"{BASE}/frameworks/riverside-core/competencies", body, content_type=JSON
    )
    assert field in fields_of(response)
    assert framework.competencies.count() == 3


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"parent_id": "SELF"}, "parent_id"),
        ({"kind": "indicator", "parent_id": None}, "parent_id"),
        ({"language": "fr"}, "title"),
        ({"title": ""}, "title"),
        ({"position": None}, "position"),
    ],
)
def test_bad_competency_patch_is_422_and_changes_nothing(
    organiser, api_client, competency, body, field
):
    area = competency.parent
    if body.get("parent_id") == "SELF":
        body = {"parent_id": area.pk, "kind": "area"}
        target = area
    else:
        target = competency
    response = api_client(organiser).patch(
        f"{BASE}/frameworks/riverside-core/competencies/{target.pk}", body, content_type=JSON
    )
    assert field in fields_of(response)
    competency.refresh_from_db()
    area.refresh_from_db()
    assert (competency.kind, competency.parent_id, competency.code) == ("competency", area.pk, "A1")
    assert area.parent_id is None
    assert competency.texts.count() == 1


# --- The proficiency scale -------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_organisers_change_the_scale(role, role_user, api_client, framework):
    client = api_client(role_user(role))
    renamed = client.put(
        f"{BASE}/frameworks/riverside-core/levels/1",
        {"label": "Beginner", "description": "Has started."},
        content_type=JSON,
    )
    added = client.put(
        f"{BASE}/frameworks/riverside-core/levels/5", {"label": "Master"}, content_type=JSON
    )
    removed = client.delete(f"{BASE}/frameworks/riverside-core/levels/0")
    expected = _status_for_author(role)
    levels = dict(framework.levels.values_list("value", "label"))
    if expected == 200:
        assert renamed.json() == {"value": 1, "label": "Beginner", "description": "Has started."}
        assert added.status_code == 200
        assert removed.status_code == 204
        assert levels == {1: "Beginner", 2: "Practising", 3: "Proficient", 4: "Expert", 5: "Master"}
    else:
        for response in (renamed, added, removed):
            assert_problem(response, expected)
        assert levels == {0: "None", 1: "Aware", 2: "Practising", 3: "Proficient", 4: "Expert"}


@pytest.mark.parametrize(
    ("value", "body", "field"),
    [
        (1, {"label": ""}, "label"),
        (1, {"label": "   "}, "label"),
        (1, {}, "label"),
        (101, {"label": "Too high"}, "value"),
        (-1, {"label": "Too low"}, "value"),
    ],
)
@pytest.mark.usefixtures("framework")
def test_bad_level_is_422_and_changes_nothing(organiser, api_client, value, body, field):
    framework = Framework.objects.get(slug="riverside-core")
    response = api_client(organiser).put(
        f"{BASE}/frameworks/riverside-core/levels/{value}", body, content_type=JSON
    )
    assert field in fields_of(response)
    assert dict(framework.levels.values_list("value", "label")) == {
        0: "None",
        1: "Aware",
        2: "Practising",
        3: "Proficient",
        4: "Expert",
    }


def test_level_in_use_or_missing_is_not_removed(organiser, member, api_client, competency):
    RatingFactory(user=member, competency=competency, level=2)
    client = api_client(organiser)
    assert_problem(client.delete(f"{BASE}/frameworks/riverside-core/levels/2"), 422)
    assert_problem(client.delete(f"{BASE}/frameworks/riverside-core/levels/9"), 404)
    assert competency.framework.levels.count() == 5


# --- My self-assessment ----------------------------------------------------------------------

MAY_SEE_RIVERSIDE = {"member", "other_member", "manager", "organiser", "admin"}


@pytest.mark.parametrize("role", ROLES)
def test_ratings_are_only_ever_the_callers_own(role, role_user, api_client, member, competency):
    share(member)
    RatingFactory(user=member, competency=competency, level=3, note=SECRET_NOTE)
    RatingFactory(user=member, competency=competency, kind=RatingKind.TARGET, level=4)
    user = role_user(role)
    response = api_client(user).get(f"{BASE}/frameworks/riverside-core/ratings")
    if role not in MAY_SEE_RIVERSIDE:
        assert_problem(response, 404)
        return
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()}
    assert list(rows) == ["A1", "A2"]
    if role == "member":
        assert (rows["A1"]["current"], rows["A1"]["target"]) == (3, 4)
        assert rows["A1"]["note"] == SECRET_NOTE
        assert rows["A1"]["current_rated_at"].endswith("Z")
    else:
        assert rows["A1"] == {
            "competency_id": competency.pk,
            "code": "A1",
            "title": "Customer focus",
            "current": None,
            "target": None,
            "note": "",
            "evidence": [],
            "current_rated_at": None,
            "target_rated_at": None,
        }
        assert SECRET_NOTE not in response.content.decode()


def test_a_managers_rating_is_not_shown_as_mine_nor_to_the_manager(
    member, manager, api_client, competency
):
    share(member)
    RatingFactory(user=member, competency=competency, level=1, note="My own view")
    RatingFactory(
        user=member,
        competency=competency,
        source=RatingSource.MANAGER,
        rater=manager,
        level=4,
        note=MANAGER_NOTE,
    )
    mine = api_client(member).get(f"{BASE}/frameworks/riverside-core/ratings").json()
    assert (mine[0]["current"], mine[0]["note"]) == (1, "My own view")
    for user in (member, manager):
        response = api_client(user).get(f"{BASE}/frameworks/riverside-core/ratings")
        assert MANAGER_NOTE not in response.content.decode()
        assert "My own view" not in response.content.decode() or user == member


@pytest.mark.parametrize("role", ROLES)
def test_every_member_who_sees_the_framework_rates_themselves(
    role, role_user, api_client, competency
):
    user = role_user(role)
    response = api_client(user).put(
        f"{BASE}/frameworks/riverside-core/ratings/{competency.pk}",
        {"current": 2, "target": 3, "note": "Getting there"},
        content_type=JSON,
    )
    if role not in MAY_SEE_RIVERSIDE:
        assert_problem(response, 404)
        assert not Rating.objects.exists()
        return
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["current"], body["target"], body["note"]) == (2, 3, "Getting there")
    ratings = Rating.objects.filter(competency=competency)
    assert {(r.user_id, r.kind, r.level, r.source) for r in ratings} == {
        (user.pk, RatingKind.CURRENT, 2, RatingSource.SELF),
        (user.pk, RatingKind.TARGET, 3, RatingSource.SELF),
    }


def test_rating_again_adds_history_only_for_what_changed(member, api_client, competency):
    client = api_client(member)
    url = f"{BASE}/frameworks/riverside-core/ratings/{competency.pk}"
    client.put(url, {"current": 1, "target": 3}, content_type=JSON)
    client.put(url, {"current": 1, "target": 3}, content_type=JSON)
    assert Rating.objects.count() == 2
    response = client.put(url, {"current": 2}, content_type=JSON)
    assert (response.json()["current"], response.json()["target"]) == (2, 3)
    assert Rating.objects.count() == 3


def test_rating_with_own_activity_as_evidence(member, api_client, competency):
    activity = ActivityFactory(owner=member)
    response = api_client(member).put(
        f"{BASE}/frameworks/riverside-core/ratings/{competency.pk}",
        {"current": 2, "evidence": [activity.pk]},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    assert response.json()["evidence"] == [activity.pk]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"current": 9}, "current"),
        ({"target": 7}, "target"),
        ({"current": -1}, "current"),
        ({"current": "high"}, "current"),
        ({"note": "Without a level"}, "current"),
        ({"current": 2, "note": "x" * 2001}, "note"),
        ({"current": 2, "evidence": ["OTHER"]}, "evidence"),
        ({"current": 2, "evidence": ["abc"]}, "evidence.0"),
    ],
)
def test_bad_rating_is_422_and_saves_nothing(member, api_client, competency, body, field):
    if body.get("evidence") == ["OTHER"]:
        body = {**body, "evidence": [ActivityFactory(owner=UserFactory()).pk]}
    response = api_client(member).put(
        f"{BASE}/frameworks/riverside-core/ratings/{competency.pk}", body, content_type=JSON
    )
    assert field in fields_of(response)
    assert not Rating.objects.exists()


def test_only_competencies_of_the_framework_are_rated(
    member, api_client, area, published_framework
):
    client = api_client(member)
    elsewhere = published_framework.competencies.get()
    for pk in (area.pk, elsewhere.pk, 999999):
        response = client.put(
            f"{BASE}/frameworks/riverside-core/ratings/{pk}", {"current": 1}, content_type=JSON
        )
        assert_problem(response, 404)
    assert not Rating.objects.exists()


# --- Query counts ----------------------------------------------------------------------------


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_framework_list_query_count_is_constant(member, api_client, organisation):
    def grow(count):
        for _ in range(count):
            framework = FrameworkFactory(organisation=organisation)
            CompetencyFactory(framework=framework)

    client = api_client(member)
    grow(2)
    client.get(f"{BASE}/frameworks")
    small = _count_queries(client, f"{BASE}/frameworks")
    grow(20)
    large = _count_queries(client, f"{BASE}/frameworks")
    assert small == large


@pytest.mark.parametrize("tail", ["", "/ratings"])
def test_framework_and_ratings_query_count_is_constant(member, api_client, organisation, tail):
    framework = FrameworkFactory(organisation=organisation, slug="growing")

    def grow(count):
        area = CompetencyFactory(framework=framework, kind=CompetencyKind.AREA)
        for _ in range(count):
            competency = CompetencyFactory(framework=framework, parent=area)
            CompetencyText.objects.create(competency=competency, language="sv", title="Svensk")
            rating = RatingFactory(user=member, competency=competency, level=2, note="n")
            rating.evidence_links.create(activity=ActivityFactory(owner=member))
            RatingFactory(user=member, competency=competency, kind=RatingKind.TARGET, level=3)

    client = api_client(member)
    url = f"{BASE}/frameworks/growing{tail}"
    grow(3)
    client.get(url)
    small = _count_queries(client, url)
    grow(30)
    large = _count_queries(client, url)
    assert small == large


# --- The schema ------------------------------------------------------------------------------


def test_schema_documents_the_competencies_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths[f"{BASE}/frameworks"]) == {"get", "post"}
    assert set(paths[f"{BASE}/frameworks/{{slug}}"]) == {"get", "patch"}
    assert set(paths[f"{BASE}/frameworks/{{slug}}/competencies/{{competency_id}}"]) == {
        "patch",
        "delete",
    }
    assert set(paths[f"{BASE}/frameworks/{{slug}}/ratings/{{competency_id}}"]) == {"put"}


# --- Hostile input ---------------------------------------------------------------------------


def test_nul_in_a_framework_address_is_404(admin, api_client):
    client = api_client(admin)
    assert_problem(client.get(f"{BASE}/frameworks/a%00b"), 404)
    assert_problem(client.get(f"{BASE}/frameworks/a%00b/ratings"), 404)
    response = client.patch(f"{BASE}/frameworks/a%00b", {"title": "x"}, content_type=JSON)
    assert_problem(response, 404)


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/frameworks", framework_body(title="a\x00b"), "title"),
        ("/frameworks/riverside-core/competencies", {"language": "en", "title": "a\x00"}, "title"),
        (
            "/frameworks/riverside-core/competencies",
            {"language": "en", "title": "Big", "parent_id": 2**70},
            "parent_id",
        ),
    ],
)
@pytest.mark.usefixtures("framework")
def test_hostile_authoring_input_is_422(organiser, api_client, path, body, field):
    before = (Framework.objects.count(), Competency.objects.count())
    response = api_client(organiser).post(BASE + path, body, content_type=JSON)
    assert field in fields_of(response)
    assert (Framework.objects.count(), Competency.objects.count()) == before


def test_hostile_rating_input_is_422(member, api_client, competency):
    response = api_client(member).put(
        f"{BASE}/frameworks/riverside-core/ratings/{competency.pk}",
        {"current": 1, "note": "a\x00b", "evidence": [2**70]},
        content_type=JSON,
    )
    assert fields_of(response) == {"note", "evidence.0"}
    assert not Rating.objects.exists()


def test_patch_keeps_a_text_that_is_not_in_the_frameworks_language(
    organiser, api_client, competency
):
    competency.texts.update(language="sv", title="Kundfokus")
    response = api_client(organiser).patch(
        f"{BASE}/frameworks/riverside-core/competencies/{competency.pk}",
        {"code": "A1-sv"},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    assert response.json()["texts"] == [
        {"language": "sv", "title": "Kundfokus", "description": "What A1 means."}
    ]
