"""Learners' writes: enrolling, progress, grading, finishing, reviews and sharing."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from atheneum.learning import services
from atheneum.learning.enums import ModuleStatus, QuestionKind
from atheneum.learning.models import (
    Attempt,
    AttemptAnswer,
    Enrolment,
    ExerciseAnswer,
    TopicProgress,
)
from atheneum.portfolio.enums import ActivityKind
from atheneum.portfolio.models import Activity

from .factories import ExerciseFactory, make_course, make_question


@pytest.fixture
def course(organisation):
    return make_course(organisation, estimated_minutes=50, pass_mark=50)


@pytest.fixture
def enrolment(course, member):
    return services.enrolment_start(module=course, acting_user=member)


def _questions(module):
    return list(module.questions.order_by("position").prefetch_related("choices"))


def _choices(question):
    return [choice.pk for choice in question.choices.order_by("position")]


def _all_right(module):
    single, multiple, reflection = _questions(module)
    return {
        single.pk: [_choices(single)[0]],
        multiple.pk: _choices(multiple)[:2],
        reflection.pk: "I will ask more open questions.",
    }


def _finishable(enrolment, member):
    for topic in enrolment.module.topics.all():
        services.topic_mark_done(enrolment=enrolment, topic=topic, acting_user=member)
    services.attempt_submit(
        enrolment=enrolment, answers=_all_right(enrolment.module), acting_user=member
    )


def test_enrolment_start_is_idempotent(course, member):
    first = services.enrolment_start(module=course, acting_user=member)
    second = services.enrolment_start(module=course, acting_user=member)
    assert first.pk == second.pk
    assert Enrolment.objects.filter(module=course, user=member).count() == 1
    assert first.version_major_seen == course.version_major


def test_enrolment_start_refuses_draft(course, member):
    course.status = ModuleStatus.DRAFT
    course.save()
    with pytest.raises(PermissionDenied):
        services.enrolment_start(module=course, acting_user=member)
    assert not Enrolment.objects.exists()


def test_topic_mark_done_twice_keeps_one_row_and_sets_last_topic(enrolment, member):
    topic = enrolment.module.topics.first()
    services.topic_mark_done(enrolment=enrolment, topic=topic, acting_user=member)
    services.topic_mark_done(enrolment=enrolment, topic=topic, acting_user=member)
    assert TopicProgress.objects.filter(enrolment=enrolment).count() == 1
    enrolment.refresh_from_db()
    assert enrolment.last_topic_id == topic.pk


def test_topic_mark_done_refuses_other_persons_enrolment(enrolment, other_member):
    topic = enrolment.module.topics.first()
    with pytest.raises(PermissionDenied):
        services.topic_mark_done(enrolment=enrolment, topic=topic, acting_user=other_member)
    assert not TopicProgress.objects.exists()


def test_exercise_answer_save_updates_and_empty_removes(course, member):
    exercise = ExerciseFactory(topic=course.topics.first())
    services.exercise_answer_save(exercise=exercise, text=" First ", acting_user=member)
    services.exercise_answer_save(exercise=exercise, text="Second", acting_user=member)
    assert list(ExerciseAnswer.objects.values_list("text", flat=True)) == ["Second"]
    services.exercise_answer_save(exercise=exercise, text="  ", acting_user=member)
    assert not ExerciseAnswer.objects.exists()


def test_exercise_answer_save_refuses_exercise_without_answer_space(course, member):
    exercise = ExerciseFactory(topic=course.topics.first(), expects_answer=False)
    with pytest.raises(ValidationError):
        services.exercise_answer_save(exercise=exercise, text="Hello", acting_user=member)
    assert not ExerciseAnswer.objects.exists()


def test_attempt_submit_all_right_scores_100_and_passes(enrolment, member):
    attempt = services.attempt_submit(
        enrolment=enrolment, answers=_all_right(enrolment.module), acting_user=member
    )
    assert (attempt.score, attempt.passed) == (100, True)
    enrolment.refresh_from_db()
    assert enrolment.best_score == 100
    assert enrolment.passed_at is not None
    reflection = AttemptAnswer.objects.get(attempt=attempt, question__kind="reflection")
    assert (reflection.text, reflection.correct) == ("I will ask more open questions.", None)


def test_attempt_submit_multiple_needs_exact_set(enrolment, member):
    single, multiple, _reflection = _questions(enrolment.module)
    choices = _choices(multiple)
    subset = {single.pk: [_choices(single)[0]], multiple.pk: choices[:1]}
    superset = {single.pk: [_choices(single)[0]], multiple.pk: choices}
    for answers in (subset, superset):
        attempt = services.attempt_submit(enrolment=enrolment, answers=answers, acting_user=member)
        assert attempt.score == 50
    answer = AttemptAnswer.objects.filter(question=multiple).order_by("pk").last()
    assert answer.correct is False
    assert set(answer.choices.values_list("pk", flat=True)) == set(choices)


def test_attempt_submit_unanswered_counts_wrong_and_fails(enrolment, member):
    attempt = services.attempt_submit(enrolment=enrolment, answers={}, acting_user=member)
    assert (attempt.score, attempt.passed) == (0, False)
    enrolment.refresh_from_db()
    assert (enrolment.best_score, enrolment.passed_at) == (0, None)


def test_attempt_submit_keeps_best_score_and_first_pass(enrolment, member):
    services.attempt_submit(
        enrolment=enrolment, answers=_all_right(enrolment.module), acting_user=member
    )
    enrolment.refresh_from_db()
    passed_at = enrolment.passed_at
    later = services.attempt_submit(enrolment=enrolment, answers={}, acting_user=member)
    assert later.score == 0
    enrolment.refresh_from_db()
    assert (enrolment.best_score, enrolment.passed_at) == (100, passed_at)
    assert Attempt.objects.filter(enrolment=enrolment).count() == 2


def test_attempt_submit_rejects_foreign_choice_and_second_single_choice(
    enrolment, member, organisation
):
    single, multiple, _reflection = _questions(enrolment.module)
    with pytest.raises(ValidationError):
        services.attempt_submit(
            enrolment=enrolment,
            answers={single.pk: [_choices(multiple)[0]]},
            acting_user=member,
        )
    with pytest.raises(ValidationError):
        services.attempt_submit(
            enrolment=enrolment, answers={single.pk: _choices(single)[:2]}, acting_user=member
        )
    other = make_question(make_course(organisation, topics=0))
    with pytest.raises(ValidationError):
        services.attempt_submit(
            enrolment=enrolment, answers={other.pk: _choices(other)[:1]}, acting_user=member
        )
    assert not Attempt.objects.exists()
    assert not AttemptAnswer.objects.exists()


def test_attempt_submit_true_false(organisation, member):
    module = make_course(organisation, topics=0)
    module.questions.all().delete()
    question = make_question(module, kind=QuestionKind.TRUE_FALSE, correct=(1,))
    enrolment = services.enrolment_start(module=module, acting_user=member)
    false = _choices(question)[1]
    attempt = services.attempt_submit(
        enrolment=enrolment, answers={question.pk: str(false)}, acting_user=member
    )
    assert attempt.score == 100


def test_attempt_submit_refuses_other_persons_enrolment(enrolment, other_member):
    with pytest.raises(PermissionDenied):
        services.attempt_submit(enrolment=enrolment, answers={}, acting_user=other_member)
    assert not Attempt.objects.exists()


def test_enrolment_finish_refused_before_topics_done(enrolment, member):
    services.attempt_submit(
        enrolment=enrolment, answers=_all_right(enrolment.module), acting_user=member
    )
    with pytest.raises(ValidationError):
        services.enrolment_finish(enrolment=enrolment, acting_user=member)
    enrolment.refresh_from_db()
    assert (enrolment.completed_at, enrolment.certificate_code) == (None, None)
    assert not Activity.objects.exists()


def test_enrolment_finish_refused_before_passing(enrolment, member):
    for topic in enrolment.module.topics.all():
        services.topic_mark_done(enrolment=enrolment, topic=topic, acting_user=member)
    services.attempt_submit(enrolment=enrolment, answers={}, acting_user=member)
    with pytest.raises(ValidationError):
        services.enrolment_finish(enrolment=enrolment, acting_user=member)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    assert not Activity.objects.exists()


def test_enrolment_finish_without_scored_questions_needs_only_topics(organisation, member):
    module = make_course(organisation, topics=1)
    module.questions.exclude(kind=QuestionKind.REFLECTION).delete()
    enrolment = services.enrolment_start(module=module, acting_user=member)
    services.topic_mark_done(enrolment=enrolment, topic=module.topics.get(), acting_user=member)
    finished, _activity = services.enrolment_finish(enrolment=enrolment, acting_user=member)
    assert finished.completed_at is not None


def test_enrolment_finish_records_one_activity_even_twice(enrolment, member, course):
    _finishable(enrolment, member)
    first, activity = services.enrolment_finish(enrolment=enrolment, acting_user=member)
    second, again = services.enrolment_finish(enrolment=enrolment, acting_user=member)
    assert activity.pk == again.pk
    assert (first.completed_at, first.certificate_code) == (
        second.completed_at,
        second.certificate_code,
    )
    assert first.certificate_code
    assert Activity.objects.filter(owner=member).count() == 1
    assert activity.source_key == f"learning:module:{course.pk}"
    assert activity.kind == ActivityKind.COURSE
    assert activity.hours == Decimal("0.83")
    assert activity.provider == "Riverside Library"
    assert activity.link == settings.SITE_URL.rstrip("/") + f"/learning/{course.slug}/"
    assert activity.title == course.title
    assert activity.end == first.completed_at
    assert isinstance(activity.start, datetime.datetime)


def test_enrolment_finish_refuses_other_person(enrolment, member, other_member):
    _finishable(enrolment, member)
    with pytest.raises(PermissionDenied):
        services.enrolment_finish(enrolment=enrolment, acting_user=other_member)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None


def test_enrolment_mark_reviewed_sets_seen_version(enrolment, member, course):
    course.version_major = 2
    course.save()
    enrolment.refresh_from_db()
    assert enrolment.needs_review
    services.enrolment_mark_reviewed(enrolment=enrolment, acting_user=member)
    enrolment.refresh_from_db()
    assert enrolment.version_major_seen == 2
    assert not enrolment.needs_review


def test_enrolment_set_sharing(enrolment, member, other_member):
    services.enrolment_set_sharing(enrolment=enrolment, share=True, acting_user=member)
    enrolment.refresh_from_db()
    assert enrolment.share_with_managers is True
    with pytest.raises(PermissionDenied):
        services.enrolment_set_sharing(enrolment=enrolment, share=False, acting_user=other_member)
    enrolment.refresh_from_db()
    assert enrolment.share_with_managers is True
