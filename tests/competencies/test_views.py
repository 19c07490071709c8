"""Every page for every role, with exact status codes."""

import pytest
from django.urls import reverse

from atheneum.competencies.enums import RatingKind, RatingSource
from atheneum.competencies.models import Framework, Rating, RatingSharing

from .conftest import ROLES
from .factories import RatingFactory, share

ANON = 302


def by_role(role, **codes):
    return codes[role]


SEES_FRAMEWORK = {
    "anonymous": 404,
    "member": 200,
    "other_member": 200,
    "manager": 200,
    "other_org_manager": 404,
    "organiser": 200,
    "admin": 200,
}
AUTHOR_PAGE = {
    "anonymous": ANON,
    "member": 403,
    "other_member": 403,
    "manager": 403,
    "other_org_manager": 404,
    "organiser": 200,
    "admin": 200,
}
SIGNED_IN_FRAMEWORK = {**SEES_FRAMEWORK, "anonymous": ANON}
ORGANISER_ONLY = {
    "anonymous": ANON,
    "member": 403,
    "other_member": 403,
    "manager": 403,
    "other_org_manager": 403,
    "organiser": 200,
    "admin": 200,
}
EVERY_SIGNED_IN = dict.fromkeys(ROLES, 200) | {"anonymous": ANON}


def one_h1(response):
    assert response.content.count(b"<h1") == 1


@pytest.mark.parametrize("role", ROLES)
def test_framework_list_for_role(client_as, role, framework, published_framework, other_framework):
    response = client_as(role).get(reverse("competencies:framework_list"))
    assert response.status_code == 200
    one_h1(response)
    assert b"Library work" in response.content
    assert (b"Riverside core" in response.content) is (SEES_FRAMEWORK[role] == 200)
    assert (b"Hill Town secret" in response.content) is (role in {"other_org_manager", "admin"})


@pytest.mark.parametrize("role", ROLES)
def test_framework_detail_for_role(client_as, role, framework):
    response = client_as(role).get(reverse("competencies:framework_detail", args=[framework.slug]))
    assert response.status_code == SEES_FRAMEWORK[role]
    if response.status_code == 200:
        one_h1(response)
        assert b"Customer focus" in response.content
        assert (b"Edit the framework" in response.content) is (role in {"organiser", "admin"})


@pytest.mark.parametrize("role", ROLES)
def test_published_framework_detail_for_role(client_as, role, published_framework):
    url = reverse("competencies:framework_detail", args=[published_framework.slug])
    assert client_as(role).get(url).status_code == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["export_csv", "export_case"])
def test_exports_for_role(client_as, role, name, framework):
    response = client_as(role).get(reverse(f"competencies:{name}", args=[framework.slug]))
    assert response.status_code == SEES_FRAMEWORK[role]
    if response.status_code == 200:
        assert "attachment" in response["Content-Disposition"]
        assert b"Customer focus" in response.content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["framework_edit", "level_list", "competency_create"])
def test_authoring_pages_for_role(client_as, role, name, framework):
    response = client_as(role).get(reverse(f"competencies:{name}", args=[framework.slug]))
    assert response.status_code == AUTHOR_PAGE[role]
    if response.status_code == 200:
        one_h1(response)
        assert b"novalidate" in response.content


@pytest.mark.parametrize("role", ROLES)
def test_competency_edit_page_for_role(client_as, role, framework, competency):
    url = reverse("competencies:competency_edit", args=[framework.slug, competency.pk])
    assert client_as(role).get(url).status_code == AUTHOR_PAGE[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["framework_create", "framework_import"])
def test_create_and_import_pages_for_role(client_as, role, name, organisation):
    response = client_as(role).get(reverse(f"competencies:{name}"))
    assert response.status_code == ORGANISER_ONLY[role]


@pytest.mark.parametrize("role", ROLES)
def test_publish_for_role(client_as, role, framework):
    response = client_as(role).post(
        reverse("competencies:framework_publish", args=[framework.slug]), {"publish": "yes"}
    )
    assert response.status_code == {**AUTHOR_PAGE, "organiser": 302, "admin": 302}[role]
    framework.refresh_from_db()
    assert framework.is_published is (role in {"organiser", "admin"})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["my_assessment", "my_gaps"])
def test_my_pages_for_role(client_as, role, name, framework):
    response = client_as(role).get(reverse(f"competencies:{name}"))
    assert response.status_code == EVERY_SIGNED_IN[role]
    if response.status_code == 200:
        one_h1(response)


@pytest.mark.parametrize("role", ROLES)
def test_self_assessment_page_for_role(client_as, role, framework):
    response = client_as(role).get(reverse("competencies:self_assessment", args=[framework.slug]))
    assert response.status_code == SIGNED_IN_FRAMEWORK[role]
    if response.status_code == 200:
        one_h1(response)
        assert b'type="radio"' in response.content
        assert b"<legend" in response.content


@pytest.mark.parametrize("role", ROLES)
def test_framework_gaps_page_for_role(client_as, role, framework):
    response = client_as(role).get(reverse("competencies:framework_gaps", args=[framework.slug]))
    assert response.status_code == SIGNED_IN_FRAMEWORK[role]


@pytest.mark.parametrize("role", ROLES)
def test_own_history_page_for_role(client_as, role, competency):
    response = client_as(role).get(reverse("competencies:competency_history", args=[competency.pk]))
    assert response.status_code == SIGNED_IN_FRAMEWORK[role]


@pytest.mark.parametrize("role", ROLES)
def test_team_page_for_role(client_as, role, member):
    share(member)
    response = client_as(role).get(reverse("competencies:team"))
    expected = {
        "anonymous": ANON,
        "member": 403,
        "other_member": 403,
        "manager": 200,
        "other_org_manager": 200,
        "organiser": 403,
        "admin": 403,
    }
    assert response.status_code == expected[role]
    if role == "manager":
        assert member.display_name.encode() in response.content
    if role == "other_org_manager":
        assert member.display_name.encode() not in response.content


PERSON_PAGE = {
    "anonymous": ANON,
    "member": 200,
    "other_member": 404,
    "manager": 200,
    "other_org_manager": 404,
    "organiser": 404,
    "admin": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_person_ratings_page_for_role(client_as, role, member, framework):
    share(member)
    url = reverse("competencies:person_ratings", args=[member.pk, framework.slug])
    response = client_as(role).get(url)
    assert response.status_code == PERSON_PAGE[role]
    if response.status_code == 200:
        one_h1(response)
        assert (b"Your rating" in response.content) is (role == "manager")


@pytest.mark.parametrize("role", ROLES)
def test_person_history_page_for_role(client_as, role, member, competency):
    share(member)
    url = reverse("competencies:person_competency_history", args=[member.pk, competency.pk])
    assert client_as(role).get(url).status_code == PERSON_PAGE[role]


def test_person_page_not_shared_is_404_for_manager(client_as, member, framework):
    url = reverse("competencies:person_ratings", args=[member.pk, framework.slug])
    assert client_as("manager").get(url).status_code == 404


def test_unknown_framework_is_404(client_as, organiser):
    assert client_as("organiser").get("/competencies/no-such/").status_code == 404
    assert client_as("organiser").get("/competencies/no-such/edit/").status_code == 404
    assert client_as("organiser").get("/competencies/me/no-such/").status_code == 404


# --- Writing through the pages -----------------------------------------------------------------


def test_self_assessment_post_adds_ratings_and_redirects(client_as, member, framework, competency):
    response = client_as("member").post(
        reverse("competencies:self_assessment", args=[framework.slug]),
        {f"c{competency.pk}-current": "1", f"c{competency.pk}-target": "3"},
    )
    assert response.status_code == 302
    assert sorted(Rating.objects.filter(user=member).values_list("kind", "level", "source")) == [
        ("current", 1, "self"),
        ("target", 3, "self"),
    ]


def test_self_assessment_post_with_level_off_scale_changes_nothing(
    client_as, member, framework, competency
):
    response = client_as("member").post(
        reverse("competencies:self_assessment", args=[framework.slug]),
        {f"c{competency.pk}-current": "9", f"c{competency.pk}-target": "3"},
    )
    assert response.status_code == 400
    assert b"Select a valid choice. 9 is not one of the available choices." in response.content
    assert Rating.objects.count() == 0


def test_self_assessment_post_with_overlong_note_changes_nothing(
    client_as, member, framework, competency
):
    response = client_as("member").post(
        reverse("competencies:self_assessment", args=[framework.slug]),
        {f"c{competency.pk}-current": "2", f"c{competency.pk}-note": "x" * 2001},
    )
    assert response.status_code == 400
    assert b"Ensure this value has at most 2000 characters (it has 2001)." in response.content
    assert Rating.objects.count() == 0


def test_manager_rating_post_saves_beside_self(client_as, member, manager, framework, competency):
    share(member)
    RatingFactory(user=member, competency=competency, level=1)
    response = client_as("manager").post(
        reverse("competencies:person_ratings", args=[member.pk, framework.slug]),
        {f"c{competency.pk}-current": "3", f"c{competency.pk}-note": "Strong at the desk"},
    )
    assert response.status_code == 302
    assert sorted(
        Rating.objects.filter(user=member).values_list("source", "level", "rater_id")
    ) == [("manager", 3, manager.pk), ("self", 1, member.pk)]


def test_manager_rating_post_forbidden_without_manager_ratings(
    client_as, member, framework, competency
):
    share(member)
    Framework.objects.filter(pk=framework.pk).update(uses_manager_ratings=False)
    response = client_as("manager").post(
        reverse("competencies:person_ratings", args=[member.pk, framework.slug]),
        {f"c{competency.pk}-current": "3"},
    )
    assert response.status_code == 403
    assert Rating.objects.count() == 0


def test_member_cannot_post_manager_rating_on_self(client_as, member, framework, competency):
    share(member)
    response = client_as("member").post(
        reverse("competencies:person_ratings", args=[member.pk, framework.slug]),
        {f"c{competency.pk}-current": "4"},
    )
    assert response.status_code == 403
    assert Rating.objects.count() == 0


def test_sharing_toggle(client_as, member):
    response = client_as("member").post(reverse("competencies:sharing_set"), {"share": "yes"})
    assert response.status_code == 302
    assert RatingSharing.objects.get(user=member).share_with_managers is True
    client_as("member").post(reverse("competencies:sharing_set"), {"share": "no"})
    assert RatingSharing.objects.get(user=member).share_with_managers is False


def test_sharing_toggle_needs_sign_in(client, member):
    assert client.post(reverse("competencies:sharing_set"), {"share": "yes"}).status_code == 302
    assert RatingSharing.objects.count() == 0


def test_framework_create_by_organiser(client_as, organisation):
    response = client_as("organiser").post(
        reverse("competencies:framework_create"),
        {"organisation": organisation.pk, "title": "New", "slug": "new-one", "language": "en"},
    )
    assert response.status_code == 302
    framework = Framework.objects.get(slug="new-one")
    assert framework.organisation == organisation
    assert list(framework.levels.values_list("value", flat=True)) == [0, 1, 2, 3, 4]


def test_framework_create_with_reserved_slug_changes_nothing(client_as, organisation):
    response = client_as("organiser").post(
        reverse("competencies:framework_create"),
        {"organisation": organisation.pk, "title": "Me", "slug": "me", "language": "en"},
    )
    assert response.status_code == 400
    assert "“me” is reserved; please choose another.".encode() in response.content
    assert Framework.objects.count() == 0


def test_framework_create_for_other_organisation_is_refused(client_as, other_organisation):
    response = client_as("organiser").post(
        reverse("competencies:framework_create"),
        {"organisation": other_organisation.pk, "title": "X", "slug": "x", "language": "en"},
    )
    assert response.status_code == 400
    assert Framework.objects.count() == 0


def test_competency_create_through_page(client_as, framework):
    area = framework.competencies.get(code="A")
    response = client_as("organiser").post(
        reverse("competencies:competency_create", args=[framework.slug]),
        {
            "kind": "competency",
            "parent": area.pk,
            "code": "A3",
            "language": "en",
            "title": "Patience",
            "description": "Stays calm.",
        },
    )
    assert response.status_code == 302
    created = framework.competencies.get(code="A3")
    assert created.parent == area
    assert created.position == 2


def test_competency_create_indicator_at_top_changes_nothing(client_as, framework):
    before = framework.competencies.count()
    response = client_as("organiser").post(
        reverse("competencies:competency_create", args=[framework.slug]),
        {"kind": "indicator", "parent": "", "code": "I", "language": "en", "title": "Lost"},
    )
    assert response.status_code == 400
    assert b"An indicator must belong to a competency." in response.content
    assert framework.competencies.count() == before


def test_competency_edit_adds_translation_with_fallback_note(client_as, framework, competency):
    response = client_as("organiser").post(
        reverse("competencies:competency_edit", args=[framework.slug, competency.pk]),
        {
            "kind": "competency",
            "parent": competency.parent_id,
            "code": "A1",
            "position": 0,
            "language": "sv",
            "title": "Kundfokus",
        },
    )
    assert response.status_code == 302
    client = client_as("member")
    client.cookies["atheneum_language"] = "sv"
    page = client.get(reverse("competencies:framework_detail", args=[framework.slug]))
    assert b"Kundfokus" in page.content
    assert b'class="notice"' in page.content


def test_framework_detail_has_no_fallback_note_in_source_language(client_as, framework):
    page = client_as("member").get(reverse("competencies:framework_detail", args=[framework.slug]))
    assert b'class="notice"' not in page.content


def test_competency_move_reorders(client_as, framework):
    second = framework.competencies.get(code="A2")
    response = client_as("organiser").post(
        reverse("competencies:competency_move", args=[framework.slug, second.pk]),
        {"direction": "up"},
    )
    assert response.status_code == 302
    area = framework.competencies.get(code="A")
    assert list(area.children.order_by("position").values_list("code", flat=True)) == [
        "A2",
        "A1",
    ]


def test_gap_page_shows_chart_table_and_activities(client_as, member, competency):
    from .factories import ActivityFactory

    RatingFactory(user=member, competency=competency, kind=RatingKind.CURRENT, level=1)
    RatingFactory(user=member, competency=competency, kind=RatingKind.TARGET, level=4)
    activity = ActivityFactory(owner=member, title="Desk skills course")
    activity.competencies.add(competency)
    response = client_as("member").get(reverse("competencies:my_gaps"))
    assert response.status_code == 200
    assert b'role="img"' in response.content
    assert b'<title id="gap-chart-title">' in response.content
    assert b"<caption>Gaps between current and target level</caption>" in response.content
    assert b"Desk skills course" in response.content
    assert b"<td>1</td><td>4</td>" in response.content


def test_history_shows_both_sources(client_as, member, manager, competency):
    RatingFactory(user=member, competency=competency, level=1, note="first")
    RatingFactory(
        user=member, competency=competency, level=3, source=RatingSource.MANAGER, rater=manager
    )
    response = client_as("member").get(
        reverse("competencies:competency_history", args=[competency.pk])
    )
    assert b"Self-assessment" in response.content
    assert b"Manager&#x27;s rating (Maja Manager)" in response.content
