import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from atheneum.learning import authoring_services as services
from atheneum.learning.enums import ModuleStatus, QuestionKind
from atheneum.learning.models import Choice, Exercise, Media, Module, Question, Resource, Topic
from tests.learning.factories import (
    EnrolmentFactory,
    ExerciseFactory,
    MediaFactory,
    ModuleFactory,
    ResourceFactory,
    TopicFactory,
    make_question,
)

FIELDS = {
    "title": "Plain language at the desk",
    "slug": "plain-language",
    "summary": "Short words, short sentences.",
    "introduction": "",
    "objectives": "",
    "estimated_minutes": 30,
    "level": "introductory",
    "language": "en-gb",
    "licence": "CC-BY-4.0",
    "credits": "",
    "is_partner": False,
    "pass_mark": 70,
}


@pytest.fixture
def draft(organisation, member):
    return ModuleFactory(
        organisation=organisation, status=ModuleStatus.DRAFT, published_at=None, authors=[member]
    )


def test_module_create_normalises_language_and_makes_creator_author(organisation, organiser):
    module = services.module_create(organisation=organisation, acting_user=organiser, **FIELDS)
    assert (module.status, module.language, module.version) == (ModuleStatus.DRAFT, "en-GB", "1.0")
    assert list(module.authors.all()) == [organiser]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slug": "authoring"}, "slug"),
        ({"slug": "import"}, "slug"),
        ({"language": "english please"}, "language"),
        ({"pass_mark": 101}, "pass_mark"),
    ],
)
def test_module_create_refuses_bad_fields(organisation, organiser, changes, field):
    with pytest.raises(ValidationError) as caught:
        services.module_create(
            organisation=organisation, acting_user=organiser, **{**FIELDS, **changes}
        )
    assert list(caught.value.message_dict) == [field]
    assert Module.objects.count() == 0


def test_module_create_refuses_member(organisation, member):
    with pytest.raises(PermissionDenied):
        services.module_create(organisation=organisation, acting_user=member, **FIELDS)
    assert Module.objects.count() == 0


def test_module_publish_names_every_problem(draft, organiser):
    with pytest.raises(ValidationError) as caught:
        services.module_publish(module=draft, acting_user=organiser)
    assert caught.value.messages == ["The module has no topics yet. Add at least one topic."]
    topic = TopicFactory(module=draft, title="Greeting")
    MediaFactory(topic=topic, title="Hello", transcript="")
    make_question(draft, correct=(), text="Which is open?")
    with pytest.raises(ValidationError) as caught:
        services.module_publish(module=draft, acting_user=organiser)
    assert caught.value.messages == [
        "The media “Hello” in the topic “Greeting” has no captions file.",
        "The media “Hello” in the topic “Greeting” has no transcript.",
        "The question “Which is open?” has no correct answer.",
    ]
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == (ModuleStatus.DRAFT, None)


def test_module_publish_by_organiser_not_by_author(draft, organiser, member):
    TopicFactory(module=draft)
    with pytest.raises(PermissionDenied):
        services.module_publish(module=draft, acting_user=member)
    services.module_publish(module=draft, acting_user=organiser)
    draft.refresh_from_db()
    assert draft.status == ModuleStatus.PUBLISHED
    assert draft.published_at is not None


def test_module_new_version_minor_then_major_keeps_progress(organisation, member, organiser):
    module = ModuleFactory(organisation=organisation, authors=[member])
    enrolment = EnrolmentFactory(module=module, user=organiser)
    module = services.module_new_version(module=module, major=False, acting_user=member)
    module = services.module_new_version(module=module, major=False, acting_user=member)
    assert module.version == "1.2"
    enrolment.refresh_from_db()
    assert not enrolment.needs_review
    module = services.module_new_version(module=module, major=True, acting_user=member)
    assert module.version == "2.0"
    enrolment.refresh_from_db()
    assert enrolment.needs_review


def test_topic_move_swaps_neighbours_and_ignores_the_edge(draft, member):
    first, second, third = (TopicFactory(module=draft, position=0) for _ in range(3))
    services.topic_move(topic=third, direction="up", acting_user=member)
    assert list(draft.topics.order_by("position")) == [first, third, second]
    services.topic_move(topic=first, direction="up", acting_user=member)
    assert list(draft.topics.order_by("position")) == [first, third, second]
    services.topic_move(topic=first, direction="down", acting_user=member)
    assert list(draft.topics.order_by("position").values_list("pk", flat=True)) == [
        third.pk,
        first.pk,
        second.pk,
    ]


@pytest.mark.parametrize(
    ("kind", "correct", "count"),
    [
        (QuestionKind.SINGLE, (0, 1), 3),
        (QuestionKind.SINGLE, (), 3),
        (QuestionKind.TRUE_FALSE, (0,), 3),
        (QuestionKind.MULTIPLE, (), 3),
        (QuestionKind.REFLECTION, (), 2),
        (QuestionKind.SINGLE, (0,), 1),
    ],
)
def test_question_save_refuses_wrong_choices(draft, member, kind, correct, count):
    choices = [{"text": f"Answer {i}", "is_correct": i in correct} for i in range(count)]
    with pytest.raises(ValidationError):
        services.question_save(
            module=draft, kind=kind, text="Why?", choices=choices, acting_user=member
        )
    assert Question.objects.count() == 0


def test_question_save_replaces_choices_in_order(draft, member):
    question = services.question_save(
        module=draft,
        kind=QuestionKind.MULTIPLE,
        text="Which help?",
        choices=[
            {"text": "Ask", "is_correct": True, "feedback": "Yes."},
            {"text": "Guess", "is_correct": False, "feedback": "No."},
            {"text": "", "is_correct": True},
        ],
        acting_user=member,
    )
    kept = question.choices.get(text="Ask")
    services.question_save(
        module=draft,
        question=question,
        kind=QuestionKind.SINGLE,
        text="Which helps most?",
        choices=[{"text": "Ask first", "is_correct": True}, {"text": "Wait"}],
        acting_user=member,
    )
    assert list(question.choices.values_list("pk", "text", "is_correct")) == [
        (kept.pk, "Ask first", True),
        (kept.pk + 1, "Wait", False),
    ]


def test_media_create_refuses_captions_that_are_not_webvtt(draft, member):
    topic = TopicFactory(module=draft)
    with pytest.raises(ValidationError) as caught:
        services.media_create(
            topic=topic,
            title="Welcome",
            kind="video",
            url="https://video.example.org/1",
            captions=SimpleUploadedFile("c.vtt", b"1\n00:00:00.000 --> 00:00:01.000\nHi"),
            transcript="Hi",
            acting_user=member,
        )
    assert list(caught.value.message_dict) == ["captions"]
    media = services.media_create(
        topic=topic,
        title="Welcome",
        kind="video",
        url="https://video.example.org/1",
        captions=SimpleUploadedFile("c.vtt", b"\xef\xbb\xbfWEBVTT\n\n00:00.000 --> 00:01.000\nHi"),
        transcript="Hi",
        acting_user=member,
    )
    assert media.is_accessible


def test_resource_create_checks_the_file_content(draft, member):
    topic = TopicFactory(module=draft)
    with pytest.raises(ValidationError) as caught:
        services.resource_create(
            topic=topic,
            title="Checklist",
            file=SimpleUploadedFile("list.pdf", b"<script>not a pdf</script>"),
            acting_user=member,
        )
    assert list(caught.value.message_dict) == ["file"]
    assert Resource.objects.count() == 0
    resource = services.resource_create(
        topic=topic,
        title="Checklist",
        file=SimpleUploadedFile("list.pdf", b"%PDF-1.4 a real enough pdf"),
        acting_user=member,
    )
    assert resource.file.name.startswith("learning/resources/")


def test_module_duplicate_copies_everything_but_learners(organisation, organiser, other_member):
    original = ModuleFactory(organisation=organisation, credits="Photos by Kim.")
    topic = TopicFactory(module=original, title="Greeting")
    ExerciseFactory(topic=topic)
    MediaFactory(topic=topic, captions="learning/captions/a.vtt")
    ResourceFactory(topic=topic)
    make_question(original, correct=(1,))
    EnrolmentFactory(module=original, user=other_member)

    copy = services.module_duplicate(
        module=original, organisation=organisation, slug="greeting-copy", acting_user=organiser
    )
    assert (copy.status, copy.derived_from, copy.version) == (ModuleStatus.DRAFT, original, "1.0")
    assert copy.translation_group != original.translation_group
    assert copy.credits == (
        f"Adapted from “{original.title}” by {organisation.name}. Photos by Kim."
    )
    assert list(copy.authors.all()) == [organiser]
    assert copy.enrolments.count() == 0
    assert Topic.objects.filter(module=copy, title="Greeting").count() == 1
    assert Exercise.objects.filter(topic__module=copy).count() == 1
    assert Media.objects.get(topic__module=copy).captions.name == "learning/captions/a.vtt"
    assert Resource.objects.filter(topic__module=copy).count() == 1
    assert list(Choice.objects.filter(question__module=copy).values_list("text", "is_correct")) == [
        ("Choice 1", False),
        ("Choice 2", True),
        ("Choice 3", False),
    ]


def test_module_duplicate_to_another_language_is_a_translation(organisation, organiser):
    original = ModuleFactory(organisation=organisation)
    copy = services.module_duplicate(
        module=original,
        organisation=organisation,
        slug="en-francais",
        language="fr",
        acting_user=organiser,
    )
    assert (copy.language, copy.translation_group) == ("fr", original.translation_group)
    assert copy.credits.startswith("Translated from")


def test_module_duplicate_refuses_organisation_without_rights(
    organisation, other_organisation, organiser
):
    original = ModuleFactory(organisation=organisation)
    with pytest.raises(PermissionDenied):
        services.module_duplicate(
            module=original, organisation=other_organisation, slug="x", acting_user=organiser
        )
    assert Module.objects.count() == 1
