"""Competency frameworks (read; their organisers write) and the caller's self-assessments.

A framework is visible as on its pages: published ones to everyone, an organisation's own to its
members and organisers, all of them to site administrators. Authoring asks the same rule as the
edit pages (`competencies.change_framework`): 404 for a framework the caller cannot see, 403 for
one they can see but not change. Ratings are only ever the caller's own self-assessment; nobody
reads another person's ratings here, managers and administrators included.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import paginate

from atheneum.competencies import selectors, services
from atheneum.competencies.enums import CompetencyKind, RatingKind
from atheneum.competencies.rules import can
from atheneum.organisations.selectors import organisation_list

from ..auth import require_scope
from ..pagination import Pagination
from ..schemas import Id, InputSchema, UtcDatetime

router = Router(tags=["competencies"])

AREA = "competencies"
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


def _language() -> str:
    return translation.get_language() or "en"


# --- Schemas --------------------------------------------------------------------------------


class OrganisationRefOut(Schema):
    slug: str
    name: str


class LevelOut(Schema):
    value: int
    label: str
    description: str


class FrameworkOut(Schema):
    id: int
    slug: str
    title: str
    description: str
    language: str
    version: str
    publisher: str
    organisation: OrganisationRefOut | None = Field(
        description="The owner organisation; null for a framework published for everyone."
    )
    is_published: bool
    uses_manager_ratings: bool
    created_at: UtcDatetime
    updated_at: UtcDatetime


class FrameworkListItemOut(FrameworkOut):
    competency_count: int = Field(description="How many competencies (not areas or indicators).")


class CompetencyNodeOut(Schema):
    id: int
    kind: CompetencyKind
    code: str
    position: int
    parent_id: int | None
    title: str = Field(description="In the caller's language when there is such a text.")
    description: str
    language: str = Field(description="The language of `title` and `description`.")
    children: list["CompetencyNodeOut"]

    @staticmethod
    def resolve_id(node) -> int:
        return node.competency.pk

    @staticmethod
    def resolve_kind(node) -> str:
        return node.competency.kind

    @staticmethod
    def resolve_code(node) -> str:
        return node.competency.code

    @staticmethod
    def resolve_position(node) -> int:
        return node.competency.position

    @staticmethod
    def resolve_parent_id(node) -> int | None:
        return node.competency.parent_id

    @staticmethod
    def resolve_title(node) -> str:
        return node.text.title

    @staticmethod
    def resolve_description(node) -> str:
        return node.text.description

    @staticmethod
    def resolve_language(node) -> str:
        return node.text.language


CompetencyNodeOut.model_rebuild()


class FrameworkDetailOut(FrameworkOut):
    levels: list[LevelOut] = Field(description="The proficiency scale, lowest first.")
    competencies: list[CompetencyNodeOut] = Field(
        description="Top-level areas and competencies, each with its parts, in order."
    )
    can_change: bool = Field(description="Whether the caller may change the framework.")
    can_rate: bool = Field(description="Whether the caller may rate themselves on it.")


class CompetencyTextOut(Schema):
    language: str
    title: str
    description: str


class CompetencyOut(Schema):
    id: int
    framework: str = Field(description="The framework's slug.")
    kind: CompetencyKind
    code: str
    position: int
    parent_id: int | None
    texts: list[CompetencyTextOut] = Field(description="Its name in each language, by language.")

    @staticmethod
    def resolve_framework(obj) -> str:
        return obj.framework.slug

    @staticmethod
    def resolve_texts(obj) -> list:
        return sorted(obj.texts.all(), key=lambda text: text.language)


class RatingOut(Schema):
    competency_id: int
    code: str
    title: str
    current: int | None = Field(description="My latest current level; null if not rated yet.")
    target: int | None = Field(description="My latest target level; null if not set yet.")
    note: str = Field(description="The note with my latest current level.")
    evidence: list[int] = Field(description="Ids of my portfolio activities offered as evidence.")
    current_rated_at: UtcDatetime | None
    target_rated_at: UtcDatetime | None


class FrameworkIn(InputSchema):
    organisation: str | None = Field(
        None,
        description="Slug of the owner organisation; null (site administrators only) for a "
        "framework published for everyone.",
    )
    title: str = Field(min_length=1, max_length=200)
    slug: str = Field(min_length=1, max_length=100, pattern=SLUG_PATTERN)
    description: str = Field("", max_length=10_000)
    language: str = Field("en", min_length=1, max_length=35)
    version: str = Field("", max_length=40)
    publisher: str = Field("", max_length=200)
    uses_manager_ratings: bool = False


class FrameworkPatch(InputSchema):
    """Only the fields sent change. `is_published` publishes or withdraws the framework."""

    title: str = Field(None, min_length=1, max_length=200)
    slug: str = Field(None, min_length=1, max_length=100, pattern=SLUG_PATTERN)
    description: str = Field(None, max_length=10_000)
    language: str = Field(None, min_length=1, max_length=35)
    version: str = Field(None, max_length=40)
    publisher: str = Field(None, max_length=200)
    uses_manager_ratings: bool = None
    is_published: bool = None


class LevelIn(InputSchema):
    label: str = Field(min_length=1, max_length=80)
    description: str = Field("", max_length=2000)


class CompetencyIn(InputSchema):
    kind: CompetencyKind = CompetencyKind.COMPETENCY
    parent_id: Id | None = Field(None, description="The area or competency it is part of.")
    code: str = Field("", max_length=40)
    position: int | None = Field(
        None, ge=0, le=2_147_483_647, description="Left out: last among its siblings."
    )
    language: str = Field(min_length=1, max_length=35)
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=5000)


class CompetencyPatch(InputSchema):
    """Only the fields sent change. A `title` or `description` is written in `language`
    (the framework's language when left out), adding a translation if there was none."""

    kind: CompetencyKind = None
    parent_id: Id | None = None
    code: str = Field(None, max_length=40)
    position: int = Field(None, ge=0, le=2_147_483_647)
    language: str = Field(None, min_length=1, max_length=35)
    title: str = Field(None, min_length=1, max_length=300)
    description: str = Field(None, max_length=5000)


class RatingIn(InputSchema):
    current: int | None = Field(None, ge=0, le=32767, description="Null: leave it as it is.")
    target: int | None = Field(None, ge=0, le=32767, description="Null: leave it as it is.")
    note: str = Field("", max_length=2000)
    evidence: list[Id] = Field(
        default_factory=list, max_length=50, description="Ids of my own portfolio activities."
    )


# --- Frameworks -----------------------------------------------------------------------------


def _checked_slug(slug: str) -> str:
    # An address no framework can have; some databases refuse NUL characters outright.
    if "\x00" in slug or len(slug) > 100:
        raise Http404
    return slug


def _visible(request, slug: str):
    return selectors.framework_get_for_user(user=request.user, slug=_checked_slug(slug))


def _authored(request, slug: str):
    return selectors.framework_get_for_author(user=request.user, slug=_checked_slug(slug))


def _detail(request, framework) -> dict:
    tree = selectors.framework_tree(framework=framework, language=_language())
    return {
        **{name: getattr(framework, name) for name in FrameworkOut.model_fields},
        "levels": list(framework.levels.all()),
        "competencies": tree,
        "can_change": can(request.user, "competencies.change_framework", framework),
        "can_rate": can(request.user, "competencies.rate_self", framework),
    }


@router.get("/frameworks", response=list[FrameworkListItemOut], summary="Frameworks I can see")
@paginate(Pagination)
def framework_list(request):
    """Published frameworks and those of my organisations, by title."""
    require_scope(request, AREA)
    return selectors.frameworks_visible_to(user=request.user)


@router.get("/frameworks/{slug}", response=FrameworkDetailOut, summary="A framework as a tree")
def framework_detail(request, slug: str):
    require_scope(request, AREA)
    framework = _visible(request, slug)
    return _detail(request, framework)


def _authoring_organisation(user, slug: str | None):
    """The owner organisation named in a new framework, as the framework form offers it."""
    organisations = selectors.organisations_for_authoring(user=user)
    if not user.is_superuser and not organisations.exists():
        raise PermissionDenied
    if slug is None:
        if not user.is_superuser:
            raise ValidationError(
                {"organisation": [_("Please choose the organisation that owns the framework.")]}
            )
        return None
    organisation = organisations.filter(slug=slug).first()
    if organisation is not None:
        return organisation
    if organisation_list().filter(slug=slug).exists():
        raise PermissionDenied
    raise ValidationError({"organisation": [_("There is no organisation with that address.")]})


@router.post(
    "/frameworks", response={201: FrameworkDetailOut}, summary="Create a framework (organisers)"
)
def framework_create(request, payload: FrameworkIn):
    """A new unpublished framework with the default 0–4 scale."""
    require_scope(request, AREA, write=True)
    data = payload.dict()
    organisation = _authoring_organisation(request.user, data.pop("organisation"))
    framework = services.framework_create(
        organisation=organisation, acting_user=request.user, **data
    )
    framework = selectors.framework_get_for_user(user=request.user, slug=framework.slug)
    return Status(201, _detail(request, framework))


@router.patch(
    "/frameworks/{slug}", response=FrameworkDetailOut, summary="Change a framework (organisers)"
)
def framework_update(request, slug: str, payload: FrameworkPatch):
    require_scope(request, AREA, write=True)
    framework = _authored(request, slug)
    changes = payload.dict(exclude_unset=True)
    is_published = changes.pop("is_published", None)
    with transaction.atomic():
        if changes:
            services.framework_update(
                framework=framework,
                acting_user=request.user,
                **{
                    name: changes.get(name, getattr(framework, name))
                    for name in (
                        "title",
                        "slug",
                        "description",
                        "language",
                        "version",
                        "publisher",
                        "uses_manager_ratings",
                    )
                },
            )
        if is_published is not None:
            services.framework_set_published(
                framework=framework, is_published=is_published, acting_user=request.user
            )
    framework = selectors.framework_get_for_user(user=request.user, slug=framework.slug)
    return _detail(request, framework)


# --- The proficiency scale -------------------------------------------------------------------


@router.put(
    "/frameworks/{slug}/levels/{value}",
    response=LevelOut,
    summary="Add or rename a proficiency level (organisers)",
)
def level_save(request, slug: str, payload: LevelIn, value: int = Path(..., ge=0, le=100)):
    require_scope(request, AREA, write=True)
    framework = _authored(request, slug)
    return services.level_save(
        framework=framework,
        value=value,
        label=payload.label,
        description=payload.description,
        acting_user=request.user,
    )


@router.delete(
    "/frameworks/{slug}/levels/{value}",
    response={204: None},
    summary="Remove a proficiency level no rating uses (organisers)",
)
def level_delete(request, slug: str, value: int = Path(..., ge=0, le=100)):
    require_scope(request, AREA, write=True)
    framework = _authored(request, slug)
    level = next((level for level in framework.levels.all() if level.value == value), None)
    if level is None:
        raise Http404
    services.level_delete(level=level, acting_user=request.user)
    return Status(204, None)


# --- Competencies in a framework -------------------------------------------------------------


def _parent(framework, parent_id: int | None):
    if parent_id is None:
        return None
    try:
        return selectors.competency_get_in_framework(framework=framework, pk=parent_id)
    except Http404:
        raise ValidationError(
            {"parent_id": [_("The parent must belong to the same framework.")]}
        ) from None


def _competency_out(framework, pk: int):
    return selectors.competency_get_in_framework(framework=framework, pk=pk)


def _rename_parent_error(error: ValidationError) -> ValidationError:
    """The services name the field `parent`; the API calls it `parent_id`."""
    if hasattr(error, "error_dict") and "parent" in error.error_dict:
        error.error_dict["parent_id"] = error.error_dict.pop("parent")
    return error


@router.post(
    "/frameworks/{slug}/competencies",
    response={201: CompetencyOut},
    summary="Add an area, competency or indicator (organisers)",
)
def competency_create(request, slug: str, payload: CompetencyIn):
    require_scope(request, AREA, write=True)
    framework = _authored(request, slug)
    data = payload.dict()
    parent = _parent(framework, data.pop("parent_id"))
    try:
        competency = services.competency_create(
            framework=framework, parent=parent, acting_user=request.user, **data
        )
    except ValidationError as error:
        raise _rename_parent_error(error) from None
    return Status(201, _competency_out(framework, competency.pk))


@router.patch(
    "/frameworks/{slug}/competencies/{competency_id}",
    response=CompetencyOut,
    summary="Change a competency (organisers)",
)
def competency_update(request, slug: str, competency_id: int, payload: CompetencyPatch):
    require_scope(request, AREA, write=True)
    framework = _authored(request, slug)
    competency = selectors.competency_get_in_framework(framework=framework, pk=competency_id)
    changes = payload.dict(exclude_unset=True)
    parent = (
        _parent(framework, changes["parent_id"]) if "parent_id" in changes else competency.parent
    )
    texts = {text.language: text for text in competency.texts.all()}
    if "language" in changes:
        language = changes["language"]
    elif framework.language in texts or not texts:
        language = framework.language
    else:
        language = min(texts)
    text = texts.get(language)
    title = changes.get("title", text.title if text else "")
    if not title:
        raise ValidationError({"title": [_("Please give the competency a name in this language.")]})
    try:
        services.competency_update(
            competency=competency,
            kind=changes.get("kind", competency.kind),
            parent=parent,
            code=changes.get("code", competency.code),
            position=changes.get("position", competency.position),
            language=language,
            title=title,
            description=changes.get("description", text.description if text else ""),
            acting_user=request.user,
        )
    except ValidationError as error:
        raise _rename_parent_error(error) from None
    return _competency_out(framework, competency.pk)


@router.delete(
    "/frameworks/{slug}/competencies/{competency_id}",
    response={204: None},
    summary="Remove a competency nobody has rated and that holds nothing (organisers)",
)
def competency_delete(request, slug: str, competency_id: int):
    require_scope(request, AREA, write=True)
    framework = _authored(request, slug)
    competency = selectors.competency_get_in_framework(framework=framework, pk=competency_id)
    services.competency_delete(competency=competency, acting_user=request.user)
    return Status(204, None)


# --- My self-assessment ----------------------------------------------------------------------


def _rateable_framework(request, slug: str):
    framework = _visible(request, slug)
    if not can(request.user, "competencies.rate_self", framework):
        raise PermissionDenied
    return framework


def _ratings(*, person, framework, only: int | None = None) -> list[dict]:
    nodes = selectors.ratable_nodes(
        selectors.framework_tree(framework=framework, language=_language())
    )
    latest = selectors.latest_rating_rows(person=person, framework=framework)
    rows = []
    for node in nodes:
        if only is not None and node.pk != only:
            continue
        current = latest.get((node.pk, RatingKind.CURRENT))
        target = latest.get((node.pk, RatingKind.TARGET))
        rows.append(
            {
                "competency_id": node.pk,
                "code": node.competency.code,
                "title": node.text.title,
                "current": current.level if current else None,
                "target": target.level if target else None,
                "note": current.note if current else "",
                "evidence": sorted(link.activity_id for link in current.evidence_links.all())
                if current
                else [],
                "current_rated_at": current.created_at if current else None,
                "target_rated_at": target.created_at if target else None,
            }
        )
    return rows


@router.get(
    "/frameworks/{slug}/ratings",
    response=list[RatingOut],
    summary="My latest self-assessment on a framework",
)
def rating_list(request, slug: str):
    """One row per competency I can rate, in the framework's order (not paged: a framework's
    competencies are one list)."""
    require_scope(request, AREA)
    framework = _rateable_framework(request, slug)
    return _ratings(person=request.user, framework=framework)


@router.put(
    "/frameworks/{slug}/ratings/{competency_id}",
    response=RatingOut,
    summary="Rate myself on one competency",
)
def rating_set(request, slug: str, competency_id: int, payload: RatingIn):
    """Adds dated ratings for what changed (the history keeps every one). A null level leaves
    that level as it is; the note and evidence belong to the current level."""
    require_scope(request, AREA, write=True)
    framework = _rateable_framework(request, slug)
    competency = selectors.competency_get_in_framework(framework=framework, pk=competency_id)
    if competency.kind != CompetencyKind.COMPETENCY:
        raise Http404
    scale = {level.value for level in framework.levels.all()}
    errors = {
        name: [_("Level %(level)s is not on this framework's scale.") % {"level": value}]
        for name, value in (("current", payload.current), ("target", payload.target))
        if value is not None and value not in scale
    }
    if payload.current is None and (payload.note.strip() or payload.evidence):
        errors["current"] = [
            _("Please choose your current level before adding a note or evidence.")
        ]
    if errors:
        raise ValidationError(errors)
    try:
        services.self_assessment_save(
            person=request.user,
            framework=framework,
            entries=[
                services.RatingEntry(
                    competency_id=competency.pk,
                    current=payload.current,
                    target=payload.target,
                    note=payload.note,
                    evidence_ids=payload.evidence,
                )
            ],
            acting_user=request.user,
        )
    except ValidationError as error:
        if payload.evidence and not hasattr(error, "error_dict"):
            raise ValidationError({"evidence": error.messages}) from None
        raise
    return _ratings(person=request.user, framework=framework, only=competency.pk)[0]
