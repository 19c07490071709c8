"""Reads for learners: the catalogue, a module and its topics, one's own progress and attempts,
certificates, and the totals organisers and managers see.

Selectors own every select_related / prefetch_related, so the catalogue, a module page and a
topic page cost the same number of queries however many modules, topics and questions exist.
A learner's answers, attempts and exercise answers are fetched only for that learner.
"""

from dataclasses import astuple, dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from atheneum.common import fragments
from atheneum.competencies.models import Competency
from atheneum.organisations.models import Team, TeamMembership
from atheneum.organisations.rules import can
from atheneum.organisations.selectors import roles_for

from .enums import ModuleStatus, QuestionKind
from .models import (
    Attempt,
    AttemptAnswer,
    Choice,
    Enrolment,
    Exercise,
    ExerciseAnswer,
    Module,
    Question,
    Topic,
    TopicProgress,
)

# Catalogue length filter: key -> (minimum minutes inclusive, maximum minutes exclusive).
LENGTHS = {
    "short": (0, 30),
    "medium": (30, 91),
    "long": (91, None),
}


# What the catalogue shows: published modules, their organisations and the competencies they
# develop. Bumped whenever one of those changes (see `catalogue_tags`, `LearningConfig.ready`).
CATALOGUE_TAG = "learning:catalogue"


# A module's topics (how many there are shows on learners' pages).
TOPICS_TAG = "learning:topics"


def learner_tag(user_id: int) -> str:
    """One learner's enrolments and the topics they marked done."""
    return f"learning:learner:{user_id}"


def catalogue_tags(instance) -> list[str]:
    return [CATALOGUE_TAG]


def topic_tags(instance) -> list[str]:
    return [TOPICS_TAG]


def enrolment_tags(instance) -> list[str]:
    return [learner_tag(instance.user_id)] if isinstance(instance, Enrolment) else []


def _published() -> QuerySet[Module]:
    return Module.objects.filter(status=ModuleStatus.PUBLISHED)


# --- Catalogue ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueFilter:
    text: str = ""
    competency_id: int | None = None
    language: str = ""
    level: str = ""
    length: str = ""


def module_catalogue(*, filters: CatalogueFilter | None = None) -> QuerySet[Module]:
    """Published modules, newest first within the title order, filtered as asked."""
    filters = filters or CatalogueFilter()
    queryset = _published().select_related("organisation")
    if filters.text:
        queryset = queryset.filter(
            Q(title__icontains=filters.text) | Q(summary__icontains=filters.text)
        )
    if filters.competency_id:
        # A subquery rather than a join, so that no module comes twice and no DISTINCT is needed
        # (a DISTINCT over every column costs a sort, for the page and again for its count).
        queryset = queryset.filter(
            pk__in=Module.competencies.through.objects.filter(
                competency_id=filters.competency_id
            ).values("module_id")
        )
    if filters.language:
        queryset = queryset.filter(language=filters.language)
    if filters.level:
        queryset = queryset.filter(level=filters.level)
    if filters.length in LENGTHS:
        low, high = LENGTHS[filters.length]
        queryset = queryset.filter(estimated_minutes__gte=low)
        if high is not None:
            queryset = queryset.filter(estimated_minutes__lt=high)
    return queryset.order_by("title", "pk")


def catalogue_count(*, filters: CatalogueFilter) -> int:
    """How many published modules match (cached until the catalogue changes)."""
    return fragments.cached(
        ["learning:catalogue:count", *astuple(filters)],
        tags=[CATALOGUE_TAG],
        build=module_catalogue(filters=filters).count,
    )


def catalogue_modules(*, filters: CatalogueFilter, number: int, per_page: int) -> list[Module]:
    """The matching modules on page `number` (counted from 1)."""
    start = (number - 1) * per_page
    return list(module_catalogue(filters=filters)[start : start + per_page])


def catalogue_competencies() -> QuerySet[Competency]:
    """Competencies developed by at least one published module, with their texts."""
    developed = Module.competencies.through.objects.filter(
        module__status=ModuleStatus.PUBLISHED
    ).values("competency_id")
    return (
        Competency.objects.filter(pk__in=developed)
        .select_related("framework")
        .prefetch_related("texts")
        .order_by("framework_id", "position", "pk")
    )


def catalogue_languages() -> list[str]:
    return list(_published().order_by("language").values_list("language", flat=True).distinct())


# --- One module --------------------------------------------------------------------------------


def _competency_prefetch() -> Prefetch:
    return Prefetch(
        "competencies",
        queryset=Competency.objects.select_related("framework")
        .prefetch_related("texts")
        .order_by("framework_id", "position", "pk"),
    )


def module_get_for_user(*, user, slug: str) -> Module:
    """The module at `slug` if the viewer may see it (published, or a draft they edit); 404
    otherwise, so nobody learns a draft exists."""
    module = (
        Module.objects.filter(slug=slug)
        .select_related("organisation")
        .prefetch_related("authors", _competency_prefetch())
        .first()
    )
    if module is None:
        raise Http404
    module._author_ids = {author.pk for author in module.authors.all()}
    if not can(user, "learning.view_module", module):
        raise Http404
    return module


def module_topics(*, module: Module) -> list[Topic]:
    return list(module.topics.order_by("position", "pk"))


def module_translations(*, module: Module) -> list[Module]:
    """Published modules that translate this one, in language order."""
    return list(
        _published()
        .filter(translation_group=module.translation_group)
        .exclude(pk=module.pk)
        .order_by("language", "pk")
    )


def scored_question_count(*, module: Module) -> int:
    return module.questions.exclude(kind=QuestionKind.REFLECTION).count()


def enrolment_of(*, user, module: Module) -> Enrolment | None:
    if not user or not user.is_authenticated:
        return None
    enrolment = Enrolment.objects.filter(user=user, module=module).first()
    if enrolment is not None:
        enrolment.module = module
    return enrolment


def enrolment_get_for_user(*, user, module: Module) -> Enrolment:
    """The viewer's own enrolment in `module`; 404 when they have none."""
    enrolment = enrolment_of(user=user, module=module)
    if enrolment is None:
        raise Http404
    return enrolment


def done_topic_ids(*, enrolment: Enrolment | None) -> set[int]:
    if enrolment is None:
        return set()
    return set(enrolment.progress.values_list("topic_id", flat=True))


def resume_topic(
    *, enrolment: Enrolment | None, topics: list[Topic], done: set[int]
) -> Topic | None:
    """Where to carry on: the last topic visited, else the first not done, else the first."""
    if not topics:
        return None
    if enrolment is not None and enrolment.last_topic_id:
        for topic in topics:
            if topic.pk == enrolment.last_topic_id:
                return topic
    return next((topic for topic in topics if topic.pk not in done), topics[0])


def finish_blockers(*, enrolment: Enrolment) -> list[str]:
    """Why the learner cannot finish yet (empty when they can)."""
    module = enrolment.module
    reasons = []
    topic_ids = set(module.topics.values_list("pk", flat=True))
    done = set(enrolment.progress.values_list("topic_id", flat=True))
    if not topic_ids <= done:
        reasons.append(_("Mark every topic as done first."))
    has_scored = module.questions.exclude(kind=QuestionKind.REFLECTION).exists()
    if has_scored and enrolment.passed_at is None:
        reasons.append(_("Pass the self-assessment first."))
    return reasons


# --- Topics and exercises ----------------------------------------------------------------------


def topic_get_for_module(*, module: Module, pk: int) -> Topic:
    """A topic of `module` (already checked for the viewer) with its exercises, media and
    resources."""
    topic = (
        Topic.objects.filter(module=module, pk=pk)
        .prefetch_related("exercises", "media", "resources")
        .first()
    )
    if topic is None:
        raise Http404
    topic.module = module
    return topic


def exercise_answers_of(*, user, topic: Topic) -> dict[int, ExerciseAnswer]:
    """The viewer's own answers to the topic's exercises, by exercise id."""
    if not user or not user.is_authenticated:
        return {}
    return {
        answer.exercise_id: answer
        for answer in ExerciseAnswer.objects.filter(user=user, exercise__topic=topic)
    }


def exercise_get_for_module(*, module: Module, pk: int) -> Exercise:
    exercise = Exercise.objects.filter(topic__module=module, pk=pk).select_related("topic").first()
    if exercise is None:
        raise Http404
    exercise.topic.module = module
    return exercise


# --- Self-assessment ---------------------------------------------------------------------------


def module_questions(*, module: Module) -> list[Question]:
    return list(
        module.questions.order_by("position", "pk").prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"))
        )
    )


def attempt_get_for_user(*, user, module: Module, pk: int) -> Attempt:
    """One of the viewer's own attempts, with its answers; 404 for anyone else's, whoever asks."""
    if not user or not user.is_authenticated:
        raise Http404
    attempt = (
        Attempt.objects.filter(pk=pk, enrolment__module=module, enrolment__user=user)
        .select_related("enrolment")
        .prefetch_related(
            Prefetch("answers", queryset=AttemptAnswer.objects.prefetch_related("choices"))
        )
        .first()
    )
    if attempt is None:
        raise Http404
    return attempt


def attempts_of(*, enrolment: Enrolment | None) -> list[Attempt]:
    if enrolment is None:
        return []
    return list(enrolment.attempts.order_by("-submitted_at", "-pk"))


# --- The learner's own page --------------------------------------------------------------------


def my_enrolments(*, user) -> list[Enrolment]:
    """The viewer's enrolments, each with `done_count` and `topic_count`."""
    return list(
        Enrolment.objects.filter(user=user)
        .select_related("module", "module__organisation")
        .annotate(
            done_count=Count("progress", distinct=True),
            topic_count=Count("module__topics", distinct=True),
        )
        .order_by("completed_at", "-started_at", "pk")
    )


def my_enrolments_cached(*, user) -> list[Enrolment]:
    """`my_enrolments`, kept until the learner's enrolments or progress, a module or the
    number of its topics change."""
    return fragments.cached(
        ["learning:my-enrolments", user.pk],
        tags=[learner_tag(user.pk), CATALOGUE_TAG, TOPICS_TAG],
        build=lambda: my_enrolments(user=user),
    )


def teams_reported_to(*, user) -> QuerySet[Team]:
    """Teams whose learning report the viewer may open from their own page: those they manage
    and the teams of the organisations they organise."""
    roles = roles_for(user)
    organising = [org_id for org_id in roles.org_roles if roles.is_organiser(org_id)]
    managed = roles.managed_team_ids()
    if not managed and not organising:
        return Team.objects.none()  # most learners: no query to build
    return (
        Team.objects.filter(Q(pk__in=managed) | Q(organisation_id__in=organising))
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def organisation_teams(*, module: Module) -> QuerySet[Team]:
    return Team.objects.filter(organisation_id=module.organisation_id).order_by("name")


# --- Certificates ------------------------------------------------------------------------------


def completed_enrolment_for_user(*, user, slug: str) -> Enrolment:
    """The viewer's own completed enrolment in the module at `slug`; 404 otherwise. Works even
    after the module was archived: a certificate stays the learner's."""
    if not user or not user.is_authenticated:
        raise Http404
    enrolment = (
        Enrolment.objects.filter(
            user=user,
            module__slug=slug,
            completed_at__isnull=False,
            certificate_code__isnull=False,
        )
        .select_related("module", "module__organisation")
        .first()
    )
    if enrolment is None:
        raise Http404
    enrolment.user = user
    return enrolment


def enrolment_by_certificate_code(*, code: str) -> Enrolment:
    enrolment = (
        Enrolment.objects.filter(certificate_code=code, completed_at__isnull=False)
        .select_related("user", "module", "module__organisation")
        .first()
    )
    if enrolment is None or not code:
        raise Http404
    return enrolment


# --- Reports: totals, and only the scores people chose to share --------------------------------


@dataclass(frozen=True)
class ModuleTotals:
    enrolled: int
    completed: int
    passed: int
    average_best_score: float | None


def module_report(*, module: Module) -> tuple[ModuleTotals, list[tuple[Topic, int]]]:
    """Totals for the module and, per topic, how many learners marked it done."""
    row = Enrolment.objects.filter(module=module).aggregate(
        enrolled=Count("pk"),
        completed=Count("pk", filter=Q(completed_at__isnull=False)),
        passed=Count("pk", filter=Q(passed_at__isnull=False)),
        average=Avg("best_score"),
    )
    totals = ModuleTotals(row["enrolled"], row["completed"], row["passed"], row["average"])
    done = dict(
        TopicProgress.objects.filter(topic__module=module)
        .values("topic_id")
        .annotate(count=Count("pk"))
        .values_list("topic_id", "count")
    )
    return totals, [(topic, done.get(topic.pk, 0)) for topic in module_topics(module=module)]


# A team's average score is shown only when at least this many members have a score, so that
# a manager cannot read one person's result off the "average" of a group of one or two.
TEAM_AVERAGE_MIN_SCORES = 3


@dataclass(frozen=True)
class TeamModuleRow:
    module: Module
    enrolled: int
    completed: int
    average_best_score: float | None
    shared: list[Enrolment]


def team_get_for_report(*, user, team_id: int) -> Team:
    """The team at `team_id` if the viewer may see its learning report; 404 if there is no such
    team, 403 when the viewer may not."""
    team = Team.objects.select_related("organisation").filter(pk=team_id).first()
    if team is None:
        raise Http404
    if not can(user, "learning.view_team_report", team):
        raise PermissionDenied
    return team


def team_report(*, team: Team) -> list[TeamModuleRow]:
    """Per module, the team members' totals; individuals only where they shared their score."""
    member_ids = TeamMembership.objects.filter(team=team).values("user_id")
    enrolments = Enrolment.objects.filter(user_id__in=member_ids)
    rows = {
        row["module_id"]: row
        for row in enrolments.values("module_id").annotate(
            enrolled=Count("pk"),
            completed=Count("pk", filter=Q(completed_at__isnull=False)),
            average=Avg("best_score"),
            scored=Count("best_score"),
        )
    }
    shared: dict[int, list[Enrolment]] = {}
    for enrolment in (
        enrolments.filter(share_with_managers=True)
        .select_related("user")
        .order_by("user__display_name", "user_id")
    ):
        shared.setdefault(enrolment.module_id, []).append(enrolment)
    modules = Module.objects.filter(pk__in=list(rows)).order_by("title", "pk")
    return [
        TeamModuleRow(
            module=module,
            enrolled=rows[module.pk]["enrolled"],
            completed=rows[module.pk]["completed"],
            average_best_score=(
                rows[module.pk]["average"]
                if rows[module.pk]["scored"] >= TEAM_AVERAGE_MIN_SCORES
                else None
            ),
            shared=shared.get(module.pk, []),
        )
        for module in modules
    ]


def learning_data_for_user(*, user) -> dict:
    """A person's own learning data (progress, attempts, private answers) for their download."""
    from .models import AttemptAnswer, ExerciseAnswer

    enrolments = Enrolment.objects.filter(user=user).select_related("module")
    answers = AttemptAnswer.objects.filter(attempt__enrolment__user=user).select_related(
        "attempt__enrolment__module", "question"
    )
    return {
        "learning_enrolments": [
            {
                "module": e.module.title,
                "started": e.started_at.isoformat(),
                "completed": e.completed_at.isoformat() if e.completed_at else None,
                "best_score": e.best_score,
                "certificate_code": e.certificate_code,
                "shared_with_managers": e.share_with_managers,
            }
            for e in enrolments
        ],
        "learning_assessment_answers": [
            {
                "module": a.attempt.enrolment.module.title,
                "submitted": a.attempt.submitted_at.isoformat(),
                "question": a.question.text,
                "text": a.text,
                "correct": a.correct,
            }
            for a in answers
        ],
        "learning_activity_answers": [
            {"prompt": a.exercise.prompt, "answer": a.text, "updated": a.updated_at.isoformat()}
            for a in ExerciseAnswer.objects.filter(user=user).select_related("exercise")
        ],
    }
