"""Every authoring page for every role, the main POSTs, and query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atheneum.learning import porting
from atheneum.learning.enums import ModuleStatus
from atheneum.learning.models import Module, Question, Topic
from tests.factories import UserFactory, add_member
from tests.learning.factories import (
    MediaFactory,
    ModuleFactory,
    ResourceFactory,
    TopicFactory,
    make_question,
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
EDITORS = {"organiser", "admin"}


@pytest.fixture
def draft(organisation):
    module = ModuleFactory(
        organisation=organisation,
        status=ModuleStatus.DRAFT,
        published_at=None,
        slug="accessible-events",
        title="Accessible events",
    )
    topic = TopicFactory(module=module, title="Rooms and routes")
    MediaFactory(topic=topic, title="Walkthrough")
    make_question(module, text="Which room works?")
    return module


def expected(role):
    if role == "anonymous":
        return 302
    return 200 if role in EDITORS else 404


@pytest.mark.parametrize("role", ROLES)
def test_authoring_list_for_role(client_as, role, draft):
    response = client_as(role).get(reverse("learning:authoring"))
    assert response.status_code == (302 if role == "anonymous" else 200)
    if role != "anonymous":
        assert response.content.count(b"<h1") == 1
        assert (b"Accessible events" in response.content) is (role in EDITORS)
        assert (b"New module" in response.content) is (role in EDITORS)


@pytest.mark.parametrize("role", ROLES)
def test_module_pages_for_role(client_as, role, draft):
    topic = draft.topics.get()
    client = client_as(role)
    for name, args in [
        ("authoring_module", [draft.slug]),
        ("authoring_edit", [draft.slug]),
        ("authoring_topic", [draft.slug, topic.pk]),
        ("authoring_question_create", [draft.slug]),
        ("authoring_question", [draft.slug, draft.questions.get().pk]),
        ("authoring_topic_create", [draft.slug]),
        ("authoring_media", [draft.slug, topic.media.get().pk]),
        ("authoring_export", [draft.slug]),
    ]:
        response = client.get(reverse(f"learning:{name}", args=args))
        assert response.status_code == expected(role), name
        if response.status_code == 200 and name != "authoring_export":
            assert response.content.count(b"<h1") == 1
        if response.status_code != 200:
            assert b"Rooms and routes" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_create_and_import_pages_for_role(client_as, role, organisation):
    client = client_as(role)
    for page in ["authoring_create", "authoring_import"]:
        response = client.get(reverse(f"learning:{page}"))
        assert response.status_code == {"anonymous": 302}.get(role, 200 if role in EDITORS else 403)


@pytest.mark.parametrize("role", ROLES)
def test_publish_for_role(client_as, role, draft):
    draft.topics.get().media.update(captions="learning/captions/walk.vtt")
    response = client_as(role).post(reverse("learning:authoring_publish", args=[draft.slug]))
    assert response.status_code == (302 if role in EDITORS | {"anonymous"} else 404)
    draft.refresh_from_db()
    assert (draft.status == ModuleStatus.PUBLISHED) is (role in EDITORS)


def test_author_who_is_a_plain_member_edits_but_cannot_publish(client_as, member, draft):
    draft.authors.set([member])
    client = client_as("member")
    assert client.get(reverse("learning:authoring_module", args=[draft.slug])).status_code == 200
    response = client.post(
        reverse("learning:authoring_topic", args=[draft.slug, draft.topics.get().pk]),
        {"title": "Rooms, routes and toilets", "body": "", "examples": ""},
    )
    assert response.status_code == 302
    assert draft.topics.get().title == "Rooms, routes and toilets"
    response = client.post(reverse("learning:authoring_publish", args=[draft.slug]))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == ModuleStatus.DRAFT


def test_publish_refusal_is_shown_and_nothing_changes(client_as, draft):
    response = client_as("organiser").post(
        reverse("learning:authoring_publish", args=[draft.slug]), follow=True
    )
    assert "The media “Walkthrough” in the topic “Rooms and routes” has no captions file." in (
        response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.status == ModuleStatus.DRAFT


def test_module_create_refuses_reserved_slug(client_as, organisation):
    response = client_as("organiser").post(
        reverse("learning:authoring_create"),
        {
            "organisation": organisation.pk,
            "title": "My learning",
            "slug": "my",
            "summary": "x",
            "estimated_minutes": 30,
            "level": "introductory",
            "language": "en",
            "licence": "CC-BY-4.0",
            "pass_mark": 70,
        },
    )
    assert response.status_code == 400
    assert "is used by the site" in response.content.decode()
    assert Module.objects.count() == 0


def test_module_create_with_authors_by_email(client_as, organisation, member):
    response = client_as("organiser").post(
        reverse("learning:authoring_create"),
        {
            "organisation": organisation.pk,
            "title": "Quiet hours",
            "slug": "quiet-hours",
            "summary": "Running a quiet hour.",
            "estimated_minutes": 30,
            "level": "introductory",
            "language": "fr-ca",
            "licence": "CC-BY-4.0",
            "author_emails": "member@example.org",
            "pass_mark": 70,
        },
    )
    assert response.status_code == 302
    module = Module.objects.get()
    assert (module.language, list(module.authors.all())) == ("fr-CA", [member])


def test_topic_move_and_version_buttons(client_as, draft):
    second = TopicFactory(module=draft, position=5, title="Signs")
    client = client_as("organiser")
    client.post(
        reverse("learning:authoring_topic_move", args=[draft.slug, second.pk]),
        {"direction": "up"},
    )
    assert list(draft.topics.order_by("position").values_list("title", flat=True)) == [
        "Signs",
        "Rooms and routes",
    ]
    client.post(reverse("learning:authoring_version", args=[draft.slug]), {"change": "major"})
    draft.refresh_from_db()
    assert draft.version == "2.0"


def test_question_create_with_choices(client_as, draft):
    response = client_as("organiser").post(
        reverse("learning:authoring_question_create", args=[draft.slug]),
        {
            "kind": "true_false",
            "text": "Loops need checking.",
            "choice_0_text": "True",
            "choice_0_correct": "on",
            "choice_0_feedback": "Yes, weekly.",
            "choice_1_text": "False",
        },
    )
    assert response.status_code == 302
    question = Question.objects.get(text="Loops need checking.")
    assert list(question.choices.values_list("text", "is_correct", "feedback")) == [
        ("True", True, "Yes, weekly."),
        ("False", False, ""),
    ]


def test_media_add_needs_webvtt_captions(client_as, draft):
    topic = draft.topics.get()
    url = reverse("learning:authoring_media_add", args=[draft.slug, topic.pk])
    data = {
        "media-title": "Tour",
        "media-kind": "video",
        "media-captions_language": "en",
        "media-transcript": "We walk in.",
        "media-file": SimpleUploadedFile("tour.webm", b"\x1a\x45\xdf\xa3" + b"\x00" * 20),
    }
    client = client_as("organiser")
    response = client.post(
        url, {**data, "media-captions": SimpleUploadedFile("tour.vtt", b"Hello")}
    )
    assert response.status_code == 400
    assert "must start with WEBVTT" in response.content.decode()
    assert topic.media.count() == 1
    data["media-file"].seek(0)
    response = client.post(
        url, {**data, "media-captions": SimpleUploadedFile("tour.vtt", b"WEBVTT\n")}
    )
    assert response.status_code == 302
    assert topic.media.get(title="Tour").is_accessible


def test_duplicate_published_module_into_own_organisation(
    client_as, organisation, other_organisation, other_org_manager
):
    original = ModuleFactory(organisation=other_organisation, slug="original")
    add_member(UserFactory(), organisation)
    response = client_as("organiser").post(
        reverse("learning:authoring_duplicate", args=[original.slug]),
        {"organisation": organisation.pk, "slug": "our-copy", "language": ""},
    )
    assert response.status_code == 302
    copy = Module.objects.get(slug="our-copy")
    assert (copy.organisation, copy.derived_from) == (organisation, original)
    assert (
        client_as("member")
        .get(reverse("learning:authoring_duplicate", args=[original.slug]))
        .status_code
        == 403
    )


def test_import_and_export_pages_round_trip(client_as, organisation, draft):
    client = client_as("organiser")
    response = client.get(reverse("learning:authoring_export", args=[draft.slug]))
    assert response["Content-Type"] == "application/zip"
    first = porting.canonical(draft)
    archive = response.content
    draft.delete()
    response = client.post(
        reverse("learning:authoring_import"),
        {"organisation": organisation.pk, "archive": SimpleUploadedFile("m.zip", archive)},
    )
    assert response.status_code == 302
    assert porting.canonical(Module.objects.get(slug="accessible-events")) == first


def test_import_page_lists_problems_and_imports_nothing(client_as, organisation):
    response = client_as("organiser").post(
        reverse("learning:authoring_import"),
        {"organisation": organisation.pk, "archive": SimpleUploadedFile("m.zip", b"not a zip")},
    )
    assert response.status_code == 400
    assert "The file is not a zip archive." in response.content.decode()
    assert Module.objects.count() == 0


def _grow(module, count):
    for index in range(count):
        topic = TopicFactory(module=module, title=f"Extra {index}")
        MediaFactory(topic=topic)
        ResourceFactory(topic=topic)
        make_question(module)


def test_authoring_list_query_count_is_constant(client_as, organisation, draft):
    client = client_as("organiser")
    url = reverse("learning:authoring")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(4):
        _grow(ModuleFactory(organisation=organisation), 1)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.content.count(b"<tr>") == 6
    assert len(large) == len(small)


@pytest.mark.parametrize("page", ["authoring_module", "authoring_topic"])
def test_module_pages_query_count_is_constant(client_as, draft, page):
    client = client_as("organiser")
    topic = draft.topics.get()
    args = [draft.slug] if page == "authoring_module" else [draft.slug, topic.pk]
    url = reverse(f"learning:{page}", args=args)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _grow(draft, 4)
    for _ in range(3):
        MediaFactory(topic=topic)
        ResourceFactory(topic=topic)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert Topic.objects.filter(module=draft).count() == 5
    assert len(large) == len(small)
