"""Factories for the learning app, shared by the learner, authoring and kit tests."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from atheneum.learning.enums import Level, Licence, MediaKind, ModuleStatus, QuestionKind
from atheneum.learning.models import (
    Choice,
    Enrolment,
    Exercise,
    Media,
    Module,
    Question,
    Resource,
    Topic,
)
from tests.factories import OrganisationFactory, UserFactory


class ModuleFactory(DjangoModelFactory):
    """A published module by default; pass `status=ModuleStatus.DRAFT` for a draft."""

    class Meta:
        model = Module
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    slug = factory.Sequence(lambda n: f"module-{n}")
    title = factory.Sequence(lambda n: f"Reference interviews, part {n}")
    summary = "How to find out what a reader is really looking for."
    introduction = "Most questions at the desk are **not** the first question asked."
    objectives = "Ask open questions\nCheck the answer with the reader"
    estimated_minutes = 45
    level = Level.INTRODUCTORY
    language = "en"
    licence = Licence.CC_BY
    status = ModuleStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    pass_mark = 50

    @factory.post_generation
    def competencies(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.competencies.set(extracted)

    @factory.post_generation
    def authors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.authors.set(extracted)


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic

    module = factory.SubFactory(ModuleFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Topic {n}")
    body = "Listen first, then **ask**."
    examples = "A reader asks for *a book about birds*."


class ExerciseFactory(DjangoModelFactory):
    class Meta:
        model = Exercise

    topic = factory.SubFactory(TopicFactory)
    position = factory.Sequence(lambda n: n)
    prompt = "Think of the last question you were asked at the desk. What was really wanted?"
    expects_answer = True


class MediaFactory(DjangoModelFactory):
    """A linked video with a transcript; pass `file=`/`captions=` for uploaded files."""

    class Meta:
        model = Media

    topic = factory.SubFactory(TopicFactory)
    position = factory.Sequence(lambda n: n)
    kind = MediaKind.VIDEO
    title = factory.Sequence(lambda n: f"Video {n}")
    url = "https://video.example.org/watch/reference-interview"
    captions_language = "en"
    transcript = "Librarian: Good morning, how can I help? Reader: I need a book about birds."


class ResourceFactory(DjangoModelFactory):
    class Meta:
        model = Resource

    topic = factory.SubFactory(TopicFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Further reading {n}")
    description = "A short article about open questions."
    url = "https://example.org/open-questions"


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    module = factory.SubFactory(ModuleFactory)
    position = factory.Sequence(lambda n: n)
    kind = QuestionKind.SINGLE
    text = factory.Sequence(lambda n: f"Question {n}: which is an open question?")
    feedback = "Open questions cannot be answered with yes or no."


class ChoiceFactory(DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Answer {n}")
    is_correct = False
    feedback = ""


class EnrolmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrolment

    module = factory.SubFactory(ModuleFactory)
    user = factory.SubFactory(UserFactory)


def make_question(module, kind=QuestionKind.SINGLE, correct=(0,), choices=3, **extra):
    """A question with `choices` choices; those at the indexes in `correct` are right.

    True/false questions get the two choices "True" and "False".
    """
    question = QuestionFactory(module=module, kind=kind, **extra)
    if kind == QuestionKind.REFLECTION:
        return question
    texts = (
        ["True", "False"]
        if kind == QuestionKind.TRUE_FALSE
        else [f"Choice {index + 1}" for index in range(choices)]
    )
    for index, text in enumerate(texts):
        ChoiceFactory(
            question=question,
            position=index,
            text=text,
            is_correct=index in correct,
            feedback=f"Feedback for {text.lower()}",
        )
    return question


def make_course(organisation, *, topics=2, **extra):
    """A published module with `topics` topics and a self-assessment of one single-choice
    question (first choice right), one multiple-choice question (first two right) and one
    reflection."""
    module = ModuleFactory(organisation=organisation, **extra)
    for index in range(topics):
        TopicFactory(module=module, position=index, title=f"Topic {index + 1}")
    make_question(module, position=0, text="Which question is open?")
    make_question(
        module, kind=QuestionKind.MULTIPLE, correct=(0, 1), position=1, text="Which help?"
    )
    make_question(module, kind=QuestionKind.REFLECTION, position=2, text="What will you try?")
    return module
