"""The signed-in member's CPD record: activities, their evidence (metadata only) and reflections.

Everything here is the caller's own: another member's activity or reflection answers 404, whoever
asks (managers and site administrators included), exactly as the record pages do. Reads go
through `atheneum.portfolio.selectors`, writes through `atheneum.portfolio.services`.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AwareDatetime

from atheneum.competencies.models import competency_title
from atheneum.portfolio import selectors, services
from atheneum.portfolio.enums import ActivityKind, IdeaApplied, LearningMode, ReflectionTemplate

from ..auth import require_scope
from ..pagination import Pagination
from ..schemas import Id, InputSchema, UtcDatetime

router = Router(tags=["portfolio"])

AREA = "portfolio"


# --- Schemas --------------------------------------------------------------------------------


class CompetencyRefOut(Schema):
    id: int
    code: str
    title: str
    framework: str = Field(description="The framework's slug.")

    @staticmethod
    def resolve_title(obj) -> str:
        return competency_title(obj, translation.get_language() or "en")

    @staticmethod
    def resolve_framework(obj) -> str:
        return obj.framework.slug


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    uploaded_at: UtcDatetime

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.original_name


class ActivityOut(Schema):
    id: int
    title: str
    kind: ActivityKind
    mode: LearningMode
    provider: str
    start: UtcDatetime
    end: UtcDatetime
    hours: float
    link: str
    language: str
    description: str
    source_key: str | None = Field(
        description="Set when another part of Atheneum recorded the activity."
    )
    reflection_requested: bool
    has_reflection: bool
    competencies: list[CompetencyRefOut]
    evidence: list[EvidenceOut]
    created_at: UtcDatetime
    updated_at: UtcDatetime

    @staticmethod
    def resolve_has_reflection(obj) -> bool:
        annotated = getattr(obj, "has_reflection", None)
        if annotated is not None:
            return bool(annotated)
        return bool(obj.reflections.all())

    @staticmethod
    def resolve_competencies(obj) -> list:
        return list(obj.competencies.all())

    @staticmethod
    def resolve_evidence(obj) -> list:
        return list(obj.evidence.all())


class ReflectionOut(Schema):
    id: int
    activity_id: int
    template: ReflectionTemplate
    part_1: str
    part_2: str
    part_3: str
    follow_up_due: datetime.date | None
    idea_applied: IdeaApplied | None = Field(
        description="For a 3-2-1 reflection: whether the one idea was applied (null: not said)."
    )
    idea_applied_note: str
    created_at: UtcDatetime
    updated_at: UtcDatetime

    @staticmethod
    def resolve_idea_applied(obj) -> str | None:
        return obj.idea_applied or None


class ActivityDetailOut(ActivityOut):
    reflections: list[ReflectionOut]

    @staticmethod
    def resolve_reflections(obj) -> list:
        return list(obj.reflections.all())


class SummaryOut(Schema):
    hours_this_year: float = Field(description="Hours recorded this calendar year (my time zone).")
    awaiting_reflection: int = Field(
        description="Automatic entries that ask for a reflection and have none yet."
    )


class ActivityFilters(InputSchema):
    period_start: datetime.date | None = Field(None, description="From this day (my time zone).")
    period_end: datetime.date | None = Field(None, description="Until this day, inclusive.")
    kind: ActivityKind | None = None
    competency: Id | None = Field(None, description="Only activities that developed it.")
    q: str = Field("", max_length=200, description="Words in the title, provider or notes.")


class ReflectionFilters(InputSchema):
    activity: Id | None = Field(None, description="Only the reflections on this activity.")


class ActivityIn(InputSchema):
    title: str = Field(min_length=1, max_length=300)
    kind: ActivityKind
    mode: LearningMode | None = Field(
        None, description="Left out or null: the usual mode for the kind of activity."
    )
    provider: str = Field("", max_length=200)
    start: AwareDatetime
    end: AwareDatetime
    hours: Decimal = Field(gt=0, max_digits=6, decimal_places=2)
    link: str = Field("", max_length=500)
    language: str = Field("", max_length=35)
    description: str = Field("", max_length=5000)
    competencies: list[Id] = Field(
        default_factory=list, max_length=200, description="Ids of competencies developed."
    )


class ActivityPatch(InputSchema):
    """Only the fields sent change; `competencies`, when sent, replaces the whole list."""

    title: str = Field(None, min_length=1, max_length=300)
    kind: ActivityKind = None
    mode: LearningMode = None
    provider: str = Field(None, max_length=200)
    start: AwareDatetime = None
    end: AwareDatetime = None
    hours: Decimal = Field(None, gt=0, max_digits=6, decimal_places=2)
    link: str = Field(None, max_length=500)
    language: str = Field(None, max_length=35)
    description: str = Field(None, max_length=5000)
    competencies: list[Id] = Field(None, max_length=200)


class ReflectionIn(InputSchema):
    template: ReflectionTemplate
    part_1: str = Field(max_length=10_000)
    part_2: str = Field("", max_length=10_000)
    part_3: str = Field("", max_length=10_000)


class ReflectionPatch(InputSchema):
    """Only the fields sent change. `idea_applied` answers a 3-2-1 reflection's follow-up."""

    part_1: str = Field(None, max_length=10_000)
    part_2: str = Field(None, max_length=10_000)
    part_3: str = Field(None, max_length=10_000)
    idea_applied: IdeaApplied = None
    idea_applied_note: str = Field(None, max_length=5000)


# --- Activities -----------------------------------------------------------------------------


@router.get("/summary", response=SummaryOut, summary="My record at a glance")
def summary(request):
    require_scope(request, AREA)
    return selectors.record_summary(owner=request.user)


@router.get("/activities", response=list[ActivityOut], summary="My activities")
@paginate(Pagination)
def activity_list(request, filters: Query[ActivityFilters]):
    """Newest start first. Dates are whole days in my time zone, both inclusive; `q` searches
    the title, provider and notes."""
    require_scope(request, AREA)
    if filters.period_start and filters.period_end and filters.period_end < filters.period_start:
        raise ValidationError(
            {"period_end": [_("The end of the period must not be before its start.")]}
        )
    record_filter = selectors.RecordFilter(
        period_start=filters.period_start,
        period_end=filters.period_end,
        kind=filters.kind or "",
        competency_id=filters.competency,
        text=filters.q.strip(),
    )
    return selectors.activity_list_for_owner(owner=request.user, filters=record_filter)


@router.post("/activities", response={201: ActivityDetailOut}, summary="Record an activity")
def activity_create(request, payload: ActivityIn):
    require_scope(request, AREA, write=True)
    data = payload.dict()
    activity = services.activity_create(
        owner=request.user,
        acting_user=request.user,
        title=data["title"],
        kind=data["kind"],
        mode=data["mode"] or "",
        provider=data["provider"],
        start=data["start"],
        end=data["end"],
        hours=data["hours"],
        link=data["link"],
        language=data["language"],
        description=data["description"],
        competency_ids=data["competencies"],
    )
    return Status(201, selectors.activity_get_for_user(user=request.user, pk=activity.pk))


@router.get("/activities/{activity_id}", response=ActivityDetailOut, summary="One activity")
def activity_detail(request, activity_id: int):
    require_scope(request, AREA)
    return selectors.activity_get_for_user(user=request.user, pk=activity_id)


@router.patch("/activities/{activity_id}", response=ActivityDetailOut, summary="Change an activity")
def activity_update(request, activity_id: int, payload: ActivityPatch):
    require_scope(request, AREA, write=True)
    activity = selectors.activity_get_for_user(user=request.user, pk=activity_id)
    changes = payload.dict(exclude_unset=True)
    competency_ids = changes.pop("competencies", None)
    if competency_ids is None:
        competency_ids = [competency.pk for competency in activity.competencies.all()]
    fields = {
        name: changes.get(name, getattr(activity, name))
        for name in (
            "title",
            "kind",
            "mode",
            "provider",
            "start",
            "end",
            "hours",
            "link",
            "language",
            "description",
        )
    }
    services.activity_update(
        activity=activity, acting_user=request.user, competency_ids=competency_ids, **fields
    )
    return selectors.activity_get_for_user(user=request.user, pk=activity.pk)


@router.delete(
    "/activities/{activity_id}",
    response={204: None},
    summary="Delete an activity with its reflections and evidence",
)
def activity_delete(request, activity_id: int):
    require_scope(request, AREA, write=True)
    activity = selectors.activity_get_for_user(user=request.user, pk=activity_id)
    services.activity_delete(activity=activity, acting_user=request.user)
    return Status(204, None)


# --- Reflections ----------------------------------------------------------------------------


@router.get("/reflections", response=list[ReflectionOut], summary="My reflections")
@paginate(Pagination)
def reflection_list(request, filters: Query[ReflectionFilters]):
    """Newest first; `activity` keeps the reflections on one of my activities."""
    require_scope(request, AREA)
    return selectors.reflection_list_for_owner(owner=request.user, activity_id=filters.activity)


@router.post(
    "/activities/{activity_id}/reflections",
    response={201: ReflectionOut},
    summary="Reflect on an activity",
)
def reflection_create(request, activity_id: int, payload: ReflectionIn):
    require_scope(request, AREA, write=True)
    activity = selectors.activity_get_for_user(user=request.user, pk=activity_id)
    reflection = services.reflection_create(
        activity=activity, acting_user=request.user, **payload.dict()
    )
    return Status(201, selectors.reflection_get_for_user(user=request.user, pk=reflection.pk))


@router.get("/reflections/{reflection_id}", response=ReflectionOut, summary="One reflection")
def reflection_detail(request, reflection_id: int):
    require_scope(request, AREA)
    return selectors.reflection_get_for_user(user=request.user, pk=reflection_id)


@router.patch("/reflections/{reflection_id}", response=ReflectionOut, summary="Change a reflection")
def reflection_update(request, reflection_id: int, payload: ReflectionPatch):
    require_scope(request, AREA, write=True)
    reflection = selectors.reflection_get_for_user(user=request.user, pk=reflection_id)
    changes = payload.dict(exclude_unset=True)
    with transaction.atomic():
        if {"part_1", "part_2", "part_3"} & changes.keys():
            services.reflection_update(
                reflection=reflection,
                acting_user=request.user,
                part_1=changes.get("part_1", reflection.part_1),
                part_2=changes.get("part_2", reflection.part_2),
                part_3=changes.get("part_3", reflection.part_3),
            )
        if "idea_applied" in changes:
            services.reflection_follow_up_answer(
                reflection=reflection,
                acting_user=request.user,
                idea_applied=changes["idea_applied"],
                note=changes.get("idea_applied_note", reflection.idea_applied_note),
            )
        elif "idea_applied_note" in changes:
            raise ValidationError({"idea_applied": [_("Please say whether you applied the idea.")]})
    if not changes:
        return reflection
    return selectors.reflection_get_for_user(user=request.user, pk=reflection.pk)


@router.delete("/reflections/{reflection_id}", response={204: None}, summary="Delete a reflection")
def reflection_delete(request, reflection_id: int):
    require_scope(request, AREA, write=True)
    reflection = selectors.reflection_get_for_user(user=request.user, pk=reflection_id)
    services.reflection_delete(reflection=reflection, acting_user=request.user)
    return Status(204, None)
