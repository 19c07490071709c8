"""Writes to frameworks, competencies and ratings: keyword-only, atomic, and checked against
`rules.py` for the acting user. Bad input raises ValidationError and changes nothing."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atheneum.common import fragments
from atheneum.organisations.models import Organisation

from .caching import CATALOGUE
from .enums import CompetencyKind, RatingKind, RatingSource
from .models import (
    Competency,
    CompetencyText,
    Framework,
    ProficiencyLevel,
    Rating,
    RatingEvidence,
    RatingSharing,
)
from .rules import RatingTarget, can

# Framework addresses that would clash with the app's own pages.
RESERVED_SLUGS = frozenset({"me", "new", "import", "team", "people"})

DEFAULT_LEVELS = [
    (0, gettext_lazy("None"), gettext_lazy("No experience yet.")),
    (1, gettext_lazy("Aware"), gettext_lazy("Knows what it is and why it matters.")),
    (2, gettext_lazy("Practising"), gettext_lazy("Does it with some support.")),
    (3, gettext_lazy("Proficient"), gettext_lazy("Does it independently and well.")),
    (4, gettext_lazy("Expert"), gettext_lazy("Leads, teaches and improves how it is done.")),
]

# Which kinds may sit under which parent kind (None: top level).
ALLOWED_PARENTS = {
    CompetencyKind.AREA: {None, CompetencyKind.AREA},
    CompetencyKind.COMPETENCY: {None, CompetencyKind.AREA},
    CompetencyKind.INDICATOR: {CompetencyKind.COMPETENCY},
}


def _require(user, perm: str, obj) -> None:
    if not can(user, perm, obj):
        raise PermissionDenied


def unique_slug(title: str, *, wanted: str = "") -> str:
    """A framework slug that is free and not reserved, from `wanted` or the title."""
    base = slugify(wanted or title)[:90] or "framework"
    slug, number = base, 2
    while slug in RESERVED_SLUGS or Framework.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _check_slug(slug: str, *, framework: Framework | None = None) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            {"slug": _("“%(slug)s” is reserved; please choose another.") % {"slug": slug}}
        )
    taken = Framework.objects.filter(slug=slug)
    if framework is not None:
        taken = taken.exclude(pk=framework.pk)
    if taken.exists():
        raise ValidationError(
            {"slug": _("Another framework already uses “%(slug)s”.") % {"slug": slug}}
        )


# --- Frameworks --------------------------------------------------------------------------------


@transaction.atomic
def framework_create(
    *,
    organisation: Organisation | None,
    title: str,
    slug: str,
    description: str = "",
    language: str = "en",
    version: str = "",
    publisher: str = "",
    uses_manager_ratings: bool = False,
    with_default_levels: bool = True,
    acting_user,
) -> Framework:
    """A new, unpublished framework, with the default 0–4 scale unless asked otherwise."""
    _require(acting_user, "competencies.add_framework", organisation)
    _check_slug(slug)
    framework = Framework.objects.create(
        organisation=organisation,
        title=title,
        slug=slug,
        description=description,
        language=language,
        version=version,
        publisher=publisher,
        uses_manager_ratings=uses_manager_ratings,
    )
    if with_default_levels:
        ProficiencyLevel.objects.bulk_create(
            ProficiencyLevel(framework=framework, value=value, label=str(label), description=str(d))
            for value, label, d in DEFAULT_LEVELS
        )
        fragments.bump(CATALOGUE)  # bulk_create sends no signals
    return framework


@transaction.atomic
def framework_update(
    *,
    framework: Framework,
    title: str,
    slug: str,
    description: str,
    language: str,
    version: str,
    publisher: str,
    uses_manager_ratings: bool,
    acting_user,
) -> Framework:
    _require(acting_user, "competencies.change_framework", framework)
    _check_slug(slug, framework=framework)
    framework.title = title
    framework.slug = slug
    framework.description = description
    framework.language = language
    framework.version = version
    framework.publisher = publisher
    framework.uses_manager_ratings = uses_manager_ratings
    framework.save()
    return framework


@transaction.atomic
def framework_set_published(*, framework: Framework, is_published: bool, acting_user) -> Framework:
    _require(acting_user, "competencies.change_framework", framework)
    if is_published and not framework.competencies.exists():
        raise ValidationError(_("A framework needs at least one competency before publishing."))
    if is_published and not framework.levels.exists():
        raise ValidationError(_("A framework needs a proficiency scale before publishing."))
    framework.is_published = is_published
    framework.save(update_fields=["is_published", "updated_at"])
    return framework


@transaction.atomic
def framework_delete(*, framework: Framework, acting_user) -> None:
    _require(acting_user, "competencies.change_framework", framework)
    if Rating.objects.filter(competency__framework=framework).exists():
        raise ValidationError(
            _("People have rated themselves on this framework; unpublish it instead.")
        )
    framework.delete()


# --- Proficiency levels ------------------------------------------------------------------------


@transaction.atomic
def level_save(
    *, framework: Framework, value: int, label: str, description: str = "", acting_user
) -> ProficiencyLevel:
    """Adds the level with this value, or renames it if it exists."""
    _require(acting_user, "competencies.change_framework", framework)
    if not label.strip():
        raise ValidationError({"label": _("Please name the level.")})
    level, _created = ProficiencyLevel.objects.update_or_create(
        framework=framework,
        value=value,
        defaults={"label": label.strip(), "description": description.strip()},
    )
    return level


@transaction.atomic
def level_delete(*, level: ProficiencyLevel, acting_user) -> None:
    framework = level.framework
    _require(acting_user, "competencies.change_framework", framework)
    if Rating.objects.filter(competency__framework=framework, level=level.value).exists():
        raise ValidationError(
            _("Ratings use level %(value)s, so it cannot be removed; rename it instead.")
            % {"value": level.value}
        )
    if framework.levels.count() <= 2:
        raise ValidationError(_("A scale needs at least two levels."))
    level.delete()


# --- Competencies ------------------------------------------------------------------------------


def _check_parent(
    *, framework: Framework, kind: str, parent: Competency | None, competency=None
) -> None:
    if parent is not None and parent.framework_id != framework.pk:
        raise ValidationError({"parent": _("The parent must belong to the same framework.")})
    if (parent.kind if parent else None) not in ALLOWED_PARENTS[kind]:
        messages = {
            CompetencyKind.AREA: _("An area may only sit at the top or inside another area."),
            CompetencyKind.COMPETENCY: _("A competency may only sit at the top or in an area."),
            CompetencyKind.INDICATOR: _("An indicator must belong to a competency."),
        }
        raise ValidationError({"parent": messages[kind]})
    if competency is not None:
        ancestor = parent
        while ancestor is not None:
            if ancestor.pk == competency.pk:
                raise ValidationError({"parent": _("A competency cannot sit inside itself.")})
            ancestor = ancestor.parent
        if kind != competency.kind and any(
            kind not in ALLOWED_PARENTS[child.kind] for child in competency.children.all()
        ):
            raise ValidationError({"kind": _("Its parts would no longer fit; move them first.")})


def _check_text(*, language: str, title: str) -> None:
    if not language.strip():
        raise ValidationError({"language": _("Please choose the language of the text.")})
    if not title.strip():
        raise ValidationError({"title": _("Please give the competency a name.")})


@transaction.atomic
def competency_create(
    *,
    framework: Framework,
    kind: str,
    parent: Competency | None,
    code: str,
    language: str,
    title: str,
    description: str = "",
    position: int | None = None,
    acting_user,
) -> Competency:
    """A new competency with its text in one language, placed last among its siblings unless
    a position is given."""
    _require(acting_user, "competencies.change_framework", framework)
    _check_parent(framework=framework, kind=kind, parent=parent)
    _check_text(language=language, title=title)
    if position is None:
        last = Competency.objects.filter(framework=framework, parent=parent).aggregate(
            last=Max("position")
        )["last"]
        position = 0 if last is None else last + 1
    competency = Competency.objects.create(
        framework=framework, kind=kind, parent=parent, code=code.strip(), position=position
    )
    CompetencyText.objects.create(
        competency=competency,
        language=language.strip(),
        title=title.strip(),
        description=description.strip(),
    )
    Framework.objects.filter(pk=framework.pk).update(updated_at=timezone.now())
    return competency


@transaction.atomic
def competency_update(
    *,
    competency: Competency,
    kind: str,
    parent: Competency | None,
    code: str,
    position: int,
    language: str,
    title: str,
    description: str = "",
    acting_user,
) -> Competency:
    """Changes the competency's place and writes (or replaces) its text in `language`."""
    framework = competency.framework
    _require(acting_user, "competencies.change_framework", framework)
    _check_parent(framework=framework, kind=kind, parent=parent, competency=competency)
    _check_text(language=language, title=title)
    competency.kind = kind
    competency.parent = parent
    competency.code = code.strip()
    competency.position = position
    competency.save()
    CompetencyText.objects.update_or_create(
        competency=competency,
        language=language.strip(),
        defaults={"title": title.strip(), "description": description.strip()},
    )
    Framework.objects.filter(pk=framework.pk).update(updated_at=timezone.now())
    return competency


@transaction.atomic
def competency_text_delete(*, competency: Competency, language: str, acting_user) -> None:
    _require(acting_user, "competencies.change_framework", competency.framework)
    texts = CompetencyText.objects.filter(competency=competency)
    if not texts.filter(language=language).exists():
        raise ValidationError(_("There is no text in that language."))
    if texts.count() <= 1:
        raise ValidationError(_("A competency needs a name in at least one language."))
    texts.filter(language=language).delete()


@transaction.atomic
def competency_move(*, competency: Competency, direction: str, acting_user) -> None:
    """Moves the competency one place up or down among its siblings."""
    _require(acting_user, "competencies.change_framework", competency.framework)
    if direction not in {"up", "down"}:
        raise ValidationError(_("Please choose to move up or down."))
    siblings = list(
        Competency.objects.select_for_update()
        .filter(framework_id=competency.framework_id, parent_id=competency.parent_id)
        .order_by("position", "pk")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == competency.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    Competency.objects.bulk_update(siblings, ["position"])
    fragments.bump(CATALOGUE)  # bulk_update sends no signals


@transaction.atomic
def competency_delete(*, competency: Competency, acting_user) -> None:
    _require(acting_user, "competencies.change_framework", competency.framework)
    if competency.children.exists():
        raise ValidationError(_("Remove or move its parts first."))
    if competency.ratings.exists():
        raise ValidationError(_("People have rated themselves on this competency."))
    competency.delete()


# --- Ratings -----------------------------------------------------------------------------------


@dataclass
class RatingEntry:
    """What one person said about one competency in one save of a form."""

    competency_id: int
    current: int | None = None
    target: int | None = None
    note: str = ""
    evidence_ids: list[int] = field(default_factory=list)


def _check_entries(*, framework: Framework, entries: Iterable[RatingEntry]) -> list[RatingEntry]:
    entries = list(entries)
    ratable = set(
        Competency.objects.filter(framework=framework, kind=CompetencyKind.COMPETENCY).values_list(
            "pk", flat=True
        )
    )
    values = set(framework.levels.values_list("value", flat=True))
    for entry in entries:
        if entry.competency_id not in ratable:
            raise ValidationError(_("That competency is not part of this framework."))
        for level in (entry.current, entry.target):
            if level is not None and level not in values:
                raise ValidationError(
                    _("Level %(level)s is not on this framework's scale.") % {"level": level}
                )
        if len(entry.note) > Rating._meta.get_field("note").max_length:
            raise ValidationError(_("A note may have at most 2000 characters."))
    return entries


@transaction.atomic
def self_assessment_save(
    *, person, framework: Framework, entries: Iterable[RatingEntry], acting_user
) -> int:
    """Adds dated self-ratings for the values that changed; returns how many rows were added.

    The note and evidence belong to the current level: changing them adds a current rating.
    """
    if acting_user is None or acting_user.pk != person.pk:
        raise PermissionDenied
    _require(acting_user, "competencies.rate_self", framework)
    entries = _check_entries(framework=framework, entries=entries)
    from .selectors import latest_rating_rows, own_activities

    wanted_evidence = {pk for entry in entries for pk in entry.evidence_ids}
    owned = set(
        own_activities(owner=person).filter(pk__in=wanted_evidence).values_list("pk", flat=True)
    )
    if wanted_evidence - owned:
        raise ValidationError(_("Evidence must be activities from your own portfolio."))
    latest = latest_rating_rows(person=person, framework=framework)
    new_ratings: list[Rating] = []
    evidence: list[tuple[Rating, list[int]]] = []
    for entry in entries:
        old_current = latest.get((entry.competency_id, RatingKind.CURRENT))
        old_target = latest.get((entry.competency_id, RatingKind.TARGET))
        note = entry.note.strip()
        if entry.current is not None:
            old_evidence = (
                sorted(link.activity_id for link in old_current.evidence_links.all())
                if old_current
                else []
            )
            changed = (
                old_current is None
                or old_current.level != entry.current
                or old_current.note != note
                or old_evidence != sorted(set(entry.evidence_ids))
            )
            if changed:
                rating = Rating(
                    user=person,
                    competency_id=entry.competency_id,
                    kind=RatingKind.CURRENT,
                    source=RatingSource.SELF,
                    rater=acting_user,
                    level=entry.current,
                    note=note,
                )
                new_ratings.append(rating)
                evidence.append((rating, sorted(set(entry.evidence_ids))))
        elif note or entry.evidence_ids:
            raise ValidationError(
                _("Please choose your current level before adding a note or evidence.")
            )
        if entry.target is not None and (old_target is None or old_target.level != entry.target):
            new_ratings.append(
                Rating(
                    user=person,
                    competency_id=entry.competency_id,
                    kind=RatingKind.TARGET,
                    source=RatingSource.SELF,
                    rater=acting_user,
                    level=entry.target,
                )
            )
    for rating in new_ratings:
        rating.save()
    RatingEvidence.objects.bulk_create(
        RatingEvidence(rating=rating, activity_id=activity_id)
        for rating, activity_ids in evidence
        for activity_id in activity_ids
    )
    return len(new_ratings)


@transaction.atomic
def manager_rating_save(
    *, person, framework: Framework, entries: Iterable[RatingEntry], acting_user
) -> int:
    """Adds the manager's own current-level ratings beside the person's (never merged)."""
    _require(acting_user, "competencies.rate_as_manager", RatingTarget(person, framework))
    entries = _check_entries(framework=framework, entries=entries)
    from .selectors import latest_rating_rows

    latest = latest_rating_rows(person=person, framework=framework, source=RatingSource.MANAGER)
    new_ratings = []
    for entry in entries:
        if entry.current is None:
            if entry.note.strip():
                raise ValidationError(_("Please choose a level before adding a note."))
            continue
        old = latest.get((entry.competency_id, RatingKind.CURRENT))
        if old is None or old.level != entry.current or old.note != entry.note.strip():
            new_ratings.append(
                Rating(
                    user=person,
                    competency_id=entry.competency_id,
                    kind=RatingKind.CURRENT,
                    source=RatingSource.MANAGER,
                    rater=acting_user,
                    level=entry.current,
                    note=entry.note.strip(),
                )
            )
    for rating in new_ratings:
        rating.save()
    return len(new_ratings)


@transaction.atomic
def rating_sharing_set(*, user, share: bool, acting_user) -> RatingSharing:
    _require(acting_user, "competencies.change_sharing", user)
    sharing, _created = RatingSharing.objects.update_or_create(
        user=user, defaults={"share_with_managers": share}
    )
    if hasattr(user, "_atheneum_shares_ratings"):
        del user._atheneum_shares_ratings
    return sharing
