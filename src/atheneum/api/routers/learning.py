"""Self-paced modules and my progress in them: `/api/v1/learning/…`.

The catalogue and a module's outline are public, like their pages; progress is the caller's
own, read through `atheneum.learning.selectors` and started through its services. The API never
carries a self-assessment's questions, choices or which answers are right, nor anyone else's
enrolment, attempts or answers.
"""

import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from atheneum.learning import selectors, services
from atheneum.learning.enums import LICENCE_URLS, Level
from atheneum.learning.selectors import LENGTHS, CatalogueFilter
from atheneum.portfolio.selectors import competency_label

from ..auth import PUBLIC, require_scope
from ..pagination import Pagination

router = Router(tags=["learning"])
AREA = "learning"


# --- Schemas -------------------------------------------------------------------------------------


class OrganisationRef(Schema):
    slug: str
    name: str


class ModuleRef(Schema):
    slug: str
    title: str
    language: str


class ModuleOut(Schema):
    slug: str
    title: str
    summary: str
    language: str
    level: str
    estimated_minutes: int
    licence: str
    licence_url: str | None
    organisation: OrganisationRef
    is_partner: bool
    version: str
    published_at: dt.datetime | None

    @staticmethod
    def resolve_licence_url(obj) -> str | None:
        return LICENCE_URLS.get(obj.licence) or None


class TopicOutline(Schema):
    id: int
    position: int
    title: str


class CompetencyRef(Schema):
    id: int
    title: str


class ModuleDetailOut(ModuleOut):
    status: str
    introduction: str = Field(description="Markdown.")
    objectives: list[str]
    credits: str
    competencies: list[CompetencyRef]
    topics: list[TopicOutline]
    has_self_assessment: bool = Field(description="Whether the module ends with scored questions.")
    pass_mark: int = Field(description="Per cent of the self-assessment's points needed to pass.")
    translations: list[ModuleRef]

    @staticmethod
    def resolve_objectives(obj) -> list[str]:
        return [line.strip() for line in obj.objectives.splitlines() if line.strip()]

    @staticmethod
    def resolve_competencies(obj) -> list[dict]:
        return [{"id": c.pk, "title": competency_label(c)} for c in obj.competencies.all()]

    @staticmethod
    def resolve_topics(obj) -> list:
        return obj._api_topics

    @staticmethod
    def resolve_has_self_assessment(obj) -> bool:
        return obj._api_scored > 0

    @staticmethod
    def resolve_translations(obj) -> list:
        return obj._api_translations


class ProgressOut(Schema):
    module: ModuleRef
    started_at: dt.datetime
    completed_at: dt.datetime | None
    passed_at: dt.datetime | None
    best_score: int | None = Field(description="My best self-assessment score, in per cent.")
    topics_done: int
    topics_total: int
    needs_review: bool = Field(description="The module changed in a major way since I started.")
    share_with_managers: bool

    @staticmethod
    def resolve_topics_done(obj) -> int:
        return obj.done_count

    @staticmethod
    def resolve_topics_total(obj) -> int:
        return obj.topic_count


class AttemptOut(Schema):
    submitted_at: dt.datetime
    score: int
    passed: bool


class ProgressDetailOut(ProgressOut):
    done_topics: list[int] = Field(description="Ids of the topics I marked as done.")
    attempts: list[AttemptOut] = Field(description="My self-assessment attempts, newest first.")
    can_finish: bool

    @staticmethod
    def resolve_attempts(obj) -> list:
        return obj.attempts_list


class CatalogueFilters(Schema):
    q: str = Field("", max_length=200, description="Search titles and summaries.")
    competency: int | None = None
    language: str = Field("", max_length=35)
    level: Literal[tuple(Level.values)] | None = None  # type: ignore[valid-type]
    length: Literal[tuple(LENGTHS)] | None = None  # type: ignore[valid-type]


# --- Helpers -------------------------------------------------------------------------------------


def _progress_detail(*, enrolment, module):
    topics = selectors.module_topics(module=module)
    done = selectors.done_topic_ids(enrolment=enrolment)
    enrolment.done_count = len(done & {topic.pk for topic in topics})
    enrolment.topic_count = len(topics)
    enrolment.done_topics = [topic.pk for topic in topics if topic.pk in done]
    enrolment.attempts_list = selectors.attempts_of(enrolment=enrolment)
    enrolment.can_finish = enrolment.completed_at is None and not selectors.finish_blockers(
        enrolment=enrolment
    )
    return enrolment


# --- Catalogue and modules -----------------------------------------------------------------------


@router.get("/modules", response=list[ModuleOut], auth=PUBLIC, summary="The module catalogue")
@paginate(Pagination)
def module_list(request, filters: Query[CatalogueFilters]):
    """Published modules by title (then id), filtered like the catalogue page."""
    require_scope(request, AREA)
    return selectors.module_catalogue(
        filters=CatalogueFilter(
            text=" ".join(filters.q.split()),
            competency_id=filters.competency,
            language=filters.language,
            level=filters.level or "",
            length=filters.length or "",
        )
    )


@router.get("/modules/{slug}", response=ModuleDetailOut, auth=PUBLIC, summary="One module")
def module_detail(request, slug: str):
    """The module's description and outline; never its self-assessment's questions or answers."""
    require_scope(request, AREA)
    module = selectors.module_get_for_user(user=request.user, slug=slug)
    module._api_topics = selectors.module_topics(module=module)
    module._api_scored = selectors.scored_question_count(module=module)
    module._api_translations = selectors.module_translations(module=module)
    return module


# --- My progress ---------------------------------------------------------------------------------


@router.get("/progress", response=list[ProgressOut], summary="My progress in modules")
@paginate(Pagination)
def my_progress(request):
    """Unfinished modules first, then by when I started them."""
    require_scope(request, AREA)
    return selectors.my_enrolments(user=request.user)


@router.get(
    "/modules/{slug}/progress", response=ProgressDetailOut, summary="My progress in a module"
)
def module_progress(request, slug: str):
    require_scope(request, AREA)
    module = selectors.module_get_for_user(user=request.user, slug=slug)
    enrolment = selectors.enrolment_get_for_user(user=request.user, module=module)
    return _progress_detail(enrolment=enrolment, module=module)


@router.post(
    "/modules/{slug}/start",
    response={200: ProgressDetailOut, 201: ProgressDetailOut},
    summary="Start a module",
)
def module_start(request, slug: str):
    """Enrols me in a published module (201); starting again returns my progress (200)."""
    require_scope(request, AREA, write=True)
    module = selectors.module_get_for_user(user=request.user, slug=slug)
    enrolment = selectors.enrolment_of(user=request.user, module=module)
    status = 200
    if enrolment is None:
        enrolment = services.enrolment_start(module=module, acting_user=request.user)
        status = 201
    enrolment.module = module
    return Status(status, _progress_detail(enrolment=enrolment, module=module))
