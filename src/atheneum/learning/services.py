"""Writes for learners: enrolling, progress, private exercise answers, self-assessment attempts,
finishing a module (with its certificate and portfolio entry), reviews and sharing."""

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atheneum.common import fragments
from atheneum.organisations.rules import can
from atheneum.portfolio.enums import ActivityKind
from atheneum.portfolio.services import record_activity

from . import selectors
from .enums import QuestionKind
from .models import (
    Attempt,
    AttemptAnswer,
    Enrolment,
    Exercise,
    ExerciseAnswer,
    Module,
    Topic,
    TopicProgress,
)

if TYPE_CHECKING:
    from atheneum.portfolio.models import Activity

ANSWER_MAX = ExerciseAnswer._meta.get_field("text").max_length
REFLECTION_MAX = AttemptAnswer._meta.get_field("text").max_length


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def module_hours(minutes: int) -> Decimal:
    """A module's estimated time in hours, to two decimals."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _check_may_take(*, module: Module, acting_user) -> None:
    if not can(acting_user, "learning.take_module", module):
        raise PermissionDenied


def _check_own(*, enrolment: Enrolment, acting_user) -> None:
    if not acting_user or not acting_user.is_authenticated or enrolment.user_id != acting_user.pk:
        raise PermissionDenied


@transaction.atomic
def enrolment_start(*, module: Module, acting_user) -> Enrolment:
    """Enrols the learner in a published module; starting twice returns the same enrolment."""
    _check_may_take(module=module, acting_user=acting_user)
    existing = Enrolment.objects.filter(module=module, user=acting_user).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Enrolment.objects.create(
                module=module, user=acting_user, version_major_seen=module.version_major
            )
    except IntegrityError:
        return Enrolment.objects.get(module=module, user=acting_user)


@transaction.atomic
def enrolment_visit_topic(*, enrolment: Enrolment, topic: Topic, acting_user) -> None:
    """Remembers the topic as where the learner left off (for "Resume")."""
    _check_own(enrolment=enrolment, acting_user=acting_user)
    if topic.module_id != enrolment.module_id:
        raise ValidationError(_("This topic belongs to another module."))
    if enrolment.last_topic_id != topic.pk:
        enrolment.last_topic = topic
        Enrolment.objects.filter(pk=enrolment.pk).update(last_topic=topic)


@transaction.atomic
def topic_mark_done(*, enrolment: Enrolment, topic: Topic, acting_user) -> TopicProgress:
    """Marks a topic done for the learner (once; marking again changes nothing)."""
    _check_own(enrolment=enrolment, acting_user=acting_user)
    if topic.module_id != enrolment.module_id:
        raise ValidationError(_("This topic belongs to another module."))
    progress, created = TopicProgress.objects.get_or_create(enrolment=enrolment, topic=topic)
    if created:
        fragments.bump(selectors.learner_tag(enrolment.user_id))
    if enrolment.last_topic_id != topic.pk:
        enrolment.last_topic = topic
        Enrolment.objects.filter(pk=enrolment.pk).update(last_topic=topic)
    return progress


@transaction.atomic
def exercise_answer_save(*, exercise: Exercise, text: str, acting_user) -> ExerciseAnswer | None:
    """Saves the learner's private answer; an empty answer removes the saved one."""
    _check_may_take(module=exercise.topic.module, acting_user=acting_user)
    if not exercise.expects_answer:
        raise ValidationError(_("This activity has no space for an answer."))
    text = (text or "").strip()
    if len(text) > ANSWER_MAX:
        raise ValidationError(
            {"text": [_("Keep your answer under %(count)s characters.") % {"count": ANSWER_MAX}]}
        )
    if not text:
        ExerciseAnswer.objects.filter(exercise=exercise, user=acting_user).delete()
        return None
    answer, _created = ExerciseAnswer.objects.update_or_create(
        exercise=exercise, user=acting_user, defaults={"text": text}
    )
    return answer


def _choice_ids(value) -> set[int]:
    if not value:
        return set()
    values = [value] if isinstance(value, str | int) else list(value)
    try:
        return {int(item) for item in values}
    except (TypeError, ValueError) as error:
        raise ValidationError(_("Choose among the answers offered.")) from error


@transaction.atomic
def attempt_submit(
    *, enrolment: Enrolment, answers: Mapping[int, Iterable | str], acting_user
) -> Attempt:
    """Grades one try at the self-assessment and keeps it.

    `answers` maps question ids to chosen choice ids (or the text of a reflection). The score is
    the per cent of scored questions answered exactly right (a multiple-choice question needs
    exactly the correct set); unanswered questions count as wrong. The best score is kept, and
    the first pass is remembered. Tries are unlimited.
    """
    _check_own(enrolment=enrolment, acting_user=acting_user)
    module = enrolment.module
    _check_may_take(module=module, acting_user=acting_user)
    questions = list(module.questions.prefetch_related("choices").order_by("position", "pk"))
    known = {question.pk for question in questions}
    if any(int(question_id) not in known for question_id in answers):
        raise ValidationError(_("An answer was given to a question of another module."))
    graded = []
    right = scored = 0
    for question in questions:
        value = answers.get(question.pk)
        if question.kind == QuestionKind.REFLECTION:
            text = (value if isinstance(value, str) else "").strip()
            if len(text) > REFLECTION_MAX:
                raise ValidationError(
                    _("Keep each reflection under %(count)s characters.")
                    % {"count": REFLECTION_MAX}
                )
            graded.append((question, set(), text, None))
            continue
        chosen = _choice_ids(value)
        choices = {choice.pk: choice for choice in question.choices.all()}
        if not chosen <= set(choices):
            raise ValidationError(_("Choose among the answers offered."))
        if question.kind != QuestionKind.MULTIPLE and len(chosen) > 1:
            raise ValidationError(_("Choose one answer only for this question."))
        correct = {pk for pk, choice in choices.items() if choice.is_correct}
        is_right = bool(chosen) and chosen == correct
        scored += 1
        right += is_right
        graded.append((question, chosen, "", is_right))
    score = round(100 * right / scored) if scored else 100
    passed = score >= module.pass_mark
    attempt = Attempt.objects.create(enrolment=enrolment, score=score, passed=passed)
    for question, chosen, text, is_right in graded:
        answer = AttemptAnswer.objects.create(
            attempt=attempt, question=question, text=text, correct=is_right
        )
        if chosen:
            answer.choices.set(chosen)
    changes = {}
    if enrolment.best_score is None or score > enrolment.best_score:
        changes["best_score"] = score
    if passed and enrolment.passed_at is None:
        changes["passed_at"] = timezone.now()
    if changes:
        for field, value in changes.items():
            setattr(enrolment, field, value)
        enrolment.save(update_fields=list(changes))
    return attempt


@transaction.atomic
def enrolment_finish(*, enrolment: Enrolment, acting_user) -> tuple[Enrolment, "Activity"]:
    """Completes the module: a certificate code and one portfolio activity (finishing again
    changes nothing and returns the same activity)."""
    _check_own(enrolment=enrolment, acting_user=acting_user)
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("module__organisation")
        .get(pk=enrolment.pk)
    )
    module = enrolment.module
    if enrolment.completed_at is None:
        reasons = selectors.finish_blockers(enrolment=enrolment)
        if reasons:
            raise ValidationError(reasons)
        enrolment.completed_at = timezone.now()
        enrolment.certificate_code = Enrolment.new_certificate_code()
        enrolment.save(update_fields=["completed_at", "certificate_code"])
    activity, _created = record_activity(
        owner=acting_user,
        source_key=f"learning:module:{module.pk}",
        title=module.title,
        kind=ActivityKind.COURSE,
        start=enrolment.started_at,
        end=enrolment.completed_at,
        hours=module_hours(module.estimated_minutes),
        provider=module.organisation.name,
        link=absolute_url(module.get_absolute_url()),
        language=module.language,
        competency_ids=list(module.competencies.values_list("pk", flat=True)),
    )
    return enrolment, activity


@transaction.atomic
def enrolment_mark_reviewed(*, enrolment: Enrolment, acting_user) -> Enrolment:
    """The learner has looked at the module's new major version."""
    _check_own(enrolment=enrolment, acting_user=acting_user)
    major = enrolment.module.version_major
    if enrolment.version_major_seen != major:
        enrolment.version_major_seen = major
        enrolment.save(update_fields=["version_major_seen"])
    return enrolment


@transaction.atomic
def enrolment_set_sharing(*, enrolment: Enrolment, share: bool, acting_user) -> Enrolment:
    """Whether the learner's managers may see their progress and best score for this module."""
    _check_own(enrolment=enrolment, acting_user=acting_user)
    if enrolment.share_with_managers != bool(share):
        enrolment.share_with_managers = bool(share)
        enrolment.save(update_fields=["share_with_managers"])
    return enrolment
