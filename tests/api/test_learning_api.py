"""The learning API: the public catalogue and outlines, and each learner's own progress."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from atheneum.learning.enums import Level, ModuleStatus
from atheneum.learning.models import Attempt, Enrolment, TopicProgress
from tests.competencies.factories import CompetencyFactory, FrameworkFactory
from tests.conftest import ROLES
from tests.factories import UserFactory
from tests.learning.factories import EnrolmentFactory, ModuleFactory, TopicFactory, make_course

pytestmark = pytest.mark.django_db

BASE = "/api/v1/learning"
SIGNED_IN = [role for role in ROLES if role != "anonymous"]


@pytest.fixture
def course(organisation):
    framework = FrameworkFactory(organisation=organisation)
    module = make_course(
        organisation,
        slug="reference-interviews",
        title="Reference interviews",
        credits="Adapted from the Riverside handbook",
    )
    module.competencies.add(CompetencyFactory(framework=framework))
    return module


@pytest.fixture
def draft(organisation):
    return ModuleFactory(
        organisation=organisation, slug="unfinished", title="Unfinished", status="draft"
    )


def _client(api_client, role_user, role, scopes=None):
    user = role_user(role)
    if scopes is None:
        return api_client(user)
    return api_client(user, scopes=scopes)


def _slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["items"]]


def count_queries(client, url) -> int:
    # The first call of a token marks it used: one more query that has nothing to do with data.
    client.get("/api/v1/me")
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(context)


def _no_answer_key(text: str) -> None:
    """Nothing that tells which self-assessment answer is right, or what the choices are."""
    for secret in ("is_correct", "correct", "Choice 1", "Feedback for", "Which question is open"):
        assert secret not in text, secret


# --- Catalogue -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_catalogue_lists_published_modules_for_every_role(
    role, api_client, role_user, course, draft
):
    ModuleFactory(organisation=course.organisation, slug="old", status=ModuleStatus.ARCHIVED)
    response = _client(api_client, role_user, role).get(f"{BASE}/modules")
    assert response.status_code == 200
    body = response.json()
    assert _slugs(response) == ["reference-interviews"]
    item = body["items"][0]
    assert item["title"] == "Reference interviews"
    assert item["licence"] == "CC-BY-4.0"
    assert item["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert item["organisation"] == {"slug": "riverside", "name": "Riverside Library"}
    assert item["version"] == "1.0"
    _no_answer_key(response.content.decode())


def test_catalogue_filters_like_the_page(api_client, organisation, course):
    ModuleFactory(
        organisation=organisation,
        slug="catalogar",
        title="Catalogar libros",
        language="es",
        level=Level.ADVANCED,
        estimated_minutes=120,
    )
    client = api_client(None)
    url = f"{BASE}/modules"
    assert _slugs(client.get(url, {"language": "es"})) == ["catalogar"]
    assert _slugs(client.get(url, {"level": "advanced"})) == ["catalogar"]
    assert _slugs(client.get(url, {"length": "medium"})) == ["reference-interviews"]
    assert _slugs(client.get(url, {"q": "  reference   interviews "})) == ["reference-interviews"]
    competency = course.competencies.get()
    assert _slugs(client.get(url, {"competency": competency.pk})) == ["reference-interviews"]


@pytest.mark.parametrize(
    ("query", "field"),
    [({"level": "expert"}, "level"), ({"length": "forever"}, "length"), ({"page": 0}, "page")],
)
def test_catalogue_rejects_bad_filters_naming_the_field(query, field, api_client):
    response = api_client(None).get(f"{BASE}/modules", query)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_catalogue_pages_are_stable_in_title_then_id_order(api_client, organisation):
    made = [ModuleFactory(organisation=organisation, title="Same title").slug for _ in range(5)]
    client = api_client(None)
    seen = []
    for page in (1, 2, 3):
        body = client.get(f"{BASE}/modules", {"page": page, "page_size": 2}).json()
        assert body["count"] == 5
        seen += [item["slug"] for item in body["items"]]
    assert seen == made


def test_catalogue_query_count_is_constant(api_client, member, organisation):
    client = api_client(member)

    def grow(count):
        for _ in range(count):
            TopicFactory(module=ModuleFactory(organisation=organisation))

    grow(3)
    small = count_queries(client, f"{BASE}/modules")
    grow(27)
    assert count_queries(client, f"{BASE}/modules") == small


# --- One module ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_module_detail_outline_for_every_role_without_answers(role, api_client, role_user, course):
    response = _client(api_client, role_user, role).get(f"{BASE}/modules/reference-interviews")
    assert response.status_code == 200
    body = response.json()
    assert [topic["title"] for topic in body["topics"]] == ["Topic 1", "Topic 2"]
    assert body["objectives"] == ["Ask open questions", "Check the answer with the reader"]
    assert body["has_self_assessment"] is True
    assert body["credits"] == "Adapted from the Riverside handbook"
    assert [c["id"] for c in body["competencies"]] == [course.competencies.get().pk]
    assert body["status"] == "published"
    _no_answer_key(response.content.decode())


@pytest.mark.parametrize("role", ROLES)
def test_draft_module_is_found_only_by_those_who_edit_it(role, api_client, role_user, draft):
    response = _client(api_client, role_user, role).get(f"{BASE}/modules/unfinished")
    if role in {"organiser", "admin"}:
        assert response.status_code == 200
        assert response.json()["status"] == "draft"
    else:
        assert response.status_code == 404
        assert "Unfinished" not in response.content.decode()


def test_draft_module_is_found_by_its_author(api_client, member, draft):
    draft.authors.add(member)
    assert api_client(member).get(f"{BASE}/modules/unfinished").status_code == 200


def test_module_detail_lists_published_translations(api_client, organisation, course):
    ModuleFactory(
        organisation=organisation,
        slug="entrevistas",
        title="Entrevistas",
        language="es",
        translation_group=course.translation_group,
    )
    body = api_client(None).get(f"{BASE}/modules/reference-interviews").json()
    assert body["translations"] == [
        {"slug": "entrevistas", "title": "Entrevistas", "language": "es"}
    ]


# --- Scopes --------------------------------------------------------------------------------------


def test_every_read_needs_the_learning_scope(api_client, member, course):
    EnrolmentFactory(module=course, user=member)
    urls = [
        f"{BASE}/modules",
        f"{BASE}/modules/reference-interviews",
        f"{BASE}/progress",
        f"{BASE}/modules/reference-interviews/progress",
    ]
    client = api_client(member, scopes=["events:write"])
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403, url
        assert response.json()["scope"] == "learning:read"
    reader = api_client(member, scopes=["learning:read"])
    for url in urls:
        assert reader.get(url).status_code == 200, url


def test_starting_needs_the_learning_write_scope(api_client, member, course):
    response = api_client(member, scopes=["learning:read"]).post(
        f"{BASE}/modules/reference-interviews/start"
    )
    assert response.status_code == 403
    assert response.json()["scope"] == "learning:write"
    assert not Enrolment.objects.exists()


# --- Starting ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", SIGNED_IN)
def test_every_signed_in_role_starts_a_published_module(role, api_client, role_user, course):
    user = role_user(role)
    client = api_client(user)
    response = client.post(f"{BASE}/modules/reference-interviews/start")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["module"]["slug"] == "reference-interviews"
    assert body["topics_done"] == 0 and body["topics_total"] == 2
    assert body["attempts"] == [] and body["best_score"] is None
    again = client.post(f"{BASE}/modules/reference-interviews/start")
    assert again.status_code == 200
    assert Enrolment.objects.filter(user=user, module=course).count() == 1


def test_anonymous_cannot_start(api_client, course):
    assert api_client(None).post(f"{BASE}/modules/reference-interviews/start").status_code == 401
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("role", SIGNED_IN)
def test_nobody_starts_a_draft(role, api_client, role_user, draft):
    response = api_client(role_user(role)).post(f"{BASE}/modules/unfinished/start")
    assert response.status_code == (403 if role in {"organiser", "admin"} else 404)
    assert not Enrolment.objects.exists()


# --- My progress ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", SIGNED_IN)
def test_my_progress_is_only_mine(role, api_client, role_user, course, organisation):
    user = role_user(role)
    someone = UserFactory(email="someone@example.org")
    theirs = EnrolmentFactory(module=course, user=someone, best_score=37)
    Attempt.objects.create(enrolment=theirs, score=37, passed=False)
    other_module = ModuleFactory(organisation=organisation, slug="mine")
    EnrolmentFactory(module=other_module, user=user)
    client = api_client(user)
    response = client.get(f"{BASE}/progress")
    assert response.status_code == 200
    body = response.json()
    assert [item["module"]["slug"] for item in body["items"]] == ["mine"]
    assert [item["best_score"] for item in body["items"]] == [None]
    assert "someone@example.org" not in response.content.decode()
    assert client.get(f"{BASE}/modules/reference-interviews/progress").status_code == 404


def test_my_progress_needs_signing_in(api_client, course):
    assert api_client(None).get(f"{BASE}/progress").status_code == 401
    assert api_client(None).get(f"{BASE}/modules/reference-interviews/progress").status_code == 401


def test_module_progress_shows_topics_done_scores_and_attempts(api_client, member, course):
    enrolment = EnrolmentFactory(
        module=course, user=member, best_score=80, passed_at=timezone.now()
    )
    first = course.topics.order_by("position").first()
    TopicProgress.objects.create(enrolment=enrolment, topic=first)
    Attempt.objects.create(enrolment=enrolment, score=80, passed=True)
    response = api_client(member).get(f"{BASE}/modules/reference-interviews/progress")
    assert response.status_code == 200
    body = response.json()
    assert body["topics_done"] == 1 and body["topics_total"] == 2
    assert body["done_topics"] == [first.pk]
    assert body["best_score"] == 80
    assert [(a["score"], a["passed"]) for a in body["attempts"]] == [(80, True)]
    assert body["can_finish"] is False
    assert body["needs_review"] is False
    _no_answer_key(response.content.decode())


def test_my_progress_query_count_is_constant(api_client, member, organisation):
    client = api_client(member)

    def grow(count):
        for _ in range(count):
            module = ModuleFactory(organisation=organisation)
            topic = TopicFactory(module=module)
            enrolment = EnrolmentFactory(module=module, user=member)
            TopicProgress.objects.create(enrolment=enrolment, topic=topic)

    grow(3)
    small = count_queries(client, f"{BASE}/progress")
    grow(27)
    assert count_queries(client, f"{BASE}/progress") == small
