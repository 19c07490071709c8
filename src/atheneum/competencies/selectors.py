"""Reads of frameworks, competencies and ratings. Other apps read competencies through here.

Selectors own every select_related / prefetch_related, so a framework's page, the
self-assessment form and the gap analysis cost the same number of queries for 13 competencies
as for 120.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from atheneum.organisations.models import Organisation, TeamMembership
from atheneum.organisations.selectors import roles_for
from atheneum.portfolio.models import Activity

from .enums import CompetencyKind, RatingKind, RatingSource
from .models import Competency, Framework, ProficiencyLevel, Rating, RatingSharing


def latest_ratings(
    *,
    user_ids: Iterable[int],
    competency_ids: Iterable[int] | None = None,
    source: str = RatingSource.SELF,
) -> dict[tuple[int, int, str], int]:
    """The newest level per (user id, competency id, kind) from one source, in one query."""
    queryset = Rating.objects.filter(user_id__in=list(user_ids), source=source)
    if competency_ids is not None:
        queryset = queryset.filter(competency_id__in=list(competency_ids))
    latest: dict[tuple[int, int, str], int] = {}
    rows = queryset.order_by("created_at", "pk").values_list(
        "user_id", "competency_id", "kind", "level"
    )
    for user_id, competency_id, kind, level in rows:
        latest[(user_id, competency_id, kind)] = level
    return latest


def users_sharing_ratings(*, user_ids: Iterable[int]) -> set[int]:
    """Of these people, those who let their managers see their ratings by name."""
    return set(
        RatingSharing.objects.filter(
            user_id__in=list(user_ids), share_with_managers=True
        ).values_list("user_id", flat=True)
    )


def rating_sharing_of(*, user) -> bool:
    """Whether this person lets their managers see their ratings (cached on the user object)."""
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(user, "_atheneum_shares_ratings", None)
    if cached is None:
        cached = RatingSharing.objects.filter(user=user, share_with_managers=True).exists()
        user._atheneum_shares_ratings = cached
    return cached


# --- Texts in the viewer's language ------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    title: str
    description: str
    language: str
    is_fallback: bool


def _base(language: str) -> str:
    return language.lower().split("-", maxsplit=1)[0]


def text_for(competency: Competency, *, language: str, framework_language: str) -> Text:
    """The competency's text in `language`, else its framework's language, else English, else
    any; `is_fallback` says the viewer is not reading their own language. Uses prefetched texts."""
    texts = list(competency.texts.all())
    wanted_base = _base(language)
    chosen = None
    for test in (
        lambda t: t.language.lower() == language.lower(),
        lambda t: _base(t.language) == wanted_base,
        lambda t: t.language.lower() == framework_language.lower(),
        lambda t: _base(t.language) == "en",
    ):
        chosen = next((text for text in texts if test(text)), None)
        if chosen is not None:
            break
    if chosen is None and texts:
        chosen = texts[0]
    if chosen is None:
        return Text(str(competency), "", framework_language, True)
    return Text(
        chosen.title, chosen.description, chosen.language, _base(chosen.language) != wanted_base
    )


# --- Frameworks --------------------------------------------------------------------------------


def _visible_filter(user) -> Q | None:
    """None when the viewer sees every framework (site administrators)."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return None
    condition = Q(is_published=True)
    member_of = list(roles_for(user).org_roles) if user is not None else []
    if member_of:
        condition |= Q(organisation_id__in=member_of)
    return condition


def frameworks_visible_to(*, user) -> QuerySet[Framework]:
    """Frameworks the viewer may open, with their owner and number of competencies."""
    queryset = Framework.objects.all()
    condition = _visible_filter(user)
    if condition is not None:
        queryset = queryset.filter(condition)
    return (
        queryset.select_related("organisation")
        .annotate(
            competency_count=Count(
                "competencies", filter=Q(competencies__kind=CompetencyKind.COMPETENCY)
            )
        )
        .order_by("title", "pk")
    )


def framework_get_for_user(*, user, slug: str | None = None, pk: int | None = None) -> Framework:
    """The framework (by slug or pk) if `user` may see it; 404 otherwise."""
    from .rules import can

    queryset = Framework.objects.select_related("organisation").prefetch_related(
        Prefetch("levels", queryset=ProficiencyLevel.objects.order_by("value"))
    )
    if slug is not None:
        framework = queryset.filter(slug=slug).first()
    elif pk is not None:
        framework = queryset.filter(pk=pk).first()
    else:
        framework = None
    if framework is None or not can(user, "competencies.view_framework", framework):
        raise Http404
    return framework


def framework_get_for_author(*, user, slug: str) -> Framework:
    """The framework if `user` may change it: 404 if they may not see it, 403 if only see it."""
    from .rules import can

    framework = framework_get_for_user(user=user, slug=slug)
    if not can(user, "competencies.change_framework", framework):
        raise PermissionDenied
    return framework


def competencies_for_organisation(*, organisation: Organisation) -> QuerySet[Framework]:
    """Frameworks an organisation's members can work with: its own and the published ones,
    with levels, competencies and their texts prefetched (for the planning app)."""
    return (
        Framework.objects.filter(Q(organisation=organisation) | Q(is_published=True))
        .select_related("organisation")
        .prefetch_related(
            Prefetch("levels", queryset=ProficiencyLevel.objects.order_by("value")),
            Prefetch(
                "competencies",
                queryset=Competency.objects.order_by("position", "pk").prefetch_related("texts"),
            ),
        )
        .order_by("title", "pk")
    )


def organisations_for_authoring(*, user) -> QuerySet[Organisation]:
    """Organisations whose frameworks the viewer may create or import."""
    if user.is_superuser:
        return Organisation.objects.order_by("name")
    roles = roles_for(user)
    return Organisation.objects.filter(
        pk__in=[pk for pk in roles.org_roles if roles.is_organiser(pk)]
    ).order_by("name")


@dataclass
class Node:
    competency: Competency
    text: Text
    depth: int
    area: "Node | None" = None
    children: list["Node"] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.competency.pk


def framework_tree(*, framework: Framework, language: str) -> list[Node]:
    """The framework's top-level nodes, each with its children, in position order (2 queries)."""
    competencies = list(
        Competency.objects.filter(framework=framework)
        .prefetch_related("texts")
        .order_by("position", "pk")
    )
    nodes = {
        competency.pk: Node(
            competency=competency,
            text=text_for(competency, language=language, framework_language=framework.language),
            depth=0,
        )
        for competency in competencies
    }
    roots: list[Node] = []
    for competency in competencies:
        competency.framework = framework
        node = nodes[competency.pk]
        parent = nodes.get(competency.parent_id) if competency.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)

    def walk(node_list: list[Node], depth: int, area: Node | None) -> None:
        for node in node_list:
            node.depth = depth
            node.area = area
            walk(
                node.children,
                depth + 1,
                node if node.competency.kind == CompetencyKind.AREA else area,
            )

    walk(roots, 0, None)
    return roots


def flatten(nodes: list[Node]) -> list[Node]:
    flat: list[Node] = []
    for node in nodes:
        flat.append(node)
        flat.extend(flatten(node.children))
    return flat


def ratable_nodes(tree: list[Node]) -> list[Node]:
    """The competencies people rate themselves on (not areas, not indicators)."""
    return [node for node in flatten(tree) if node.competency.kind == CompetencyKind.COMPETENCY]


def sections(nodes: list[Node]) -> list[tuple[Node | None, list[Node]]]:
    """Ratable nodes grouped by their area, in order."""
    grouped: list[tuple[Node | None, list[Node]]] = []
    for node in nodes:
        if grouped and grouped[-1][0] is node.area:
            grouped[-1][1].append(node)
        else:
            grouped.append((node.area, [node]))
    return grouped


def competency_get_in_framework(*, framework: Framework, pk: int) -> Competency:
    competency = (
        Competency.objects.filter(framework=framework, pk=pk).prefetch_related("texts").first()
    )
    if competency is None:
        raise Http404
    competency.framework = framework
    return competency


def competency_get_for_user(*, user, pk: int) -> Competency:
    """A competency of a framework the viewer may see; 404 otherwise."""
    from .rules import can

    competency = (
        Competency.objects.filter(pk=pk)
        .select_related("framework", "framework__organisation")
        .prefetch_related("texts")
        .first()
    )
    if competency is None or not can(user, "competencies.view_framework", competency.framework):
        raise Http404
    return competency


def parent_choices(*, framework: Framework, language: str, exclude: Competency | None = None):
    """(pk, label) of areas and competencies that may hold others, for the authoring form."""
    tree = framework_tree(framework=framework, language=language)
    excluded: set[int] = set()
    if exclude is not None:
        for node in flatten(tree):
            if node.pk == exclude.pk:
                excluded = {n.pk for n in flatten([node])}
    return [
        (node.pk, f"{'— ' * node.depth}{node.competency.code} {node.text.title}".strip())
        for node in flatten(tree)
        if node.competency.kind != CompetencyKind.INDICATOR and node.pk not in excluded
    ]


# --- Ratings -----------------------------------------------------------------------------------


def latest_rating_rows(
    *, person, framework: Framework, source: str = RatingSource.SELF
) -> dict[tuple[int, str], Rating]:
    """The newest Rating per (competency id, kind) in one framework, with evidence (2 queries)."""
    ratings = (
        Rating.objects.filter(user=person, competency__framework=framework, source=source)
        .select_related("rater")
        .prefetch_related("evidence_links__activity")
        .order_by("created_at", "pk")
    )
    latest: dict[tuple[int, str], Rating] = {}
    for rating in ratings:
        latest[(rating.competency_id, rating.kind)] = rating
    return latest


def rating_history(*, person, competency: Competency) -> list[Rating]:
    """Every rating of the person on the competency, newest first, both sources."""
    return list(
        Rating.objects.filter(user=person, competency=competency)
        .select_related("rater")
        .prefetch_related("evidence_links__activity")
        .order_by("-created_at", "-pk")
    )


def own_activities(*, owner) -> QuerySet[Activity]:
    """The member's own portfolio activities, offered as evidence. Never anyone else's."""
    return Activity.objects.filter(owner=owner).only("pk", "title", "start").order_by("-start")


@dataclass
class Gap:
    competency: Competency
    text: Text
    framework: Framework
    current: int
    target: int
    max_level: int
    activities: list = field(default_factory=list)

    @property
    def gap(self) -> int:
        return self.target - self.current


def gaps_for(*, person, language: str, framework: Framework | None = None) -> list[Gap]:
    """Current vs target (self-assessed) per competency, largest gaps first, with the portfolio
    activities the person logged against each."""
    from atheneum.portfolio.selectors import activities_by_competency

    from .rules import can

    ratings = Rating.objects.filter(user=person, source=RatingSource.SELF)
    if framework is not None:
        ratings = ratings.filter(competency__framework=framework)
    latest: dict[tuple[int, str], int] = {}
    for competency_id, kind, level in ratings.order_by("created_at", "pk").values_list(
        "competency_id", "kind", "level"
    ):
        latest[(competency_id, kind)] = level
    both = {
        competency_id
        for competency_id, kind in latest
        if kind == RatingKind.CURRENT and (competency_id, RatingKind.TARGET) in latest
    }
    competencies = (
        Competency.objects.filter(pk__in=both)
        .select_related("framework", "framework__organisation")
        .prefetch_related("texts", "framework__levels")
    )
    gaps = []
    for competency in competencies:
        if not can(person, "competencies.view_framework", competency.framework):
            continue
        levels = [level.value for level in competency.framework.levels.all()]
        gaps.append(
            Gap(
                competency=competency,
                text=text_for(
                    competency, language=language, framework_language=competency.framework.language
                ),
                framework=competency.framework,
                current=latest[(competency.pk, RatingKind.CURRENT)],
                target=latest[(competency.pk, RatingKind.TARGET)],
                max_level=max(levels, default=4) or 1,
            )
        )
    gaps.sort(
        key=lambda gap: (-gap.gap, gap.framework.title, gap.competency.position, gap.competency.pk)
    )
    activities = activities_by_competency(
        owner=person, competency_ids=[gap.competency.pk for gap in gaps if gap.gap > 0]
    )
    for gap in gaps:
        gap.activities = activities.get(gap.competency.pk, [])
    return gaps


def people_managed_by(*, manager) -> list:
    """The people in teams the manager manages (not the manager), each with `shares_ratings`."""
    team_ids = roles_for(manager).managed_team_ids()
    if not team_ids:
        return []
    memberships = (
        TeamMembership.objects.filter(team_id__in=team_ids)
        .exclude(user=manager)
        .select_related("user", "team")
        .order_by("user__display_name", "user__email", "team__name")
    )
    people: dict[int, object] = {}
    teams: dict[int, list] = defaultdict(list)
    for membership in memberships:
        people.setdefault(membership.user_id, membership.user)
        teams[membership.user_id].append(membership.team)
    sharing = users_sharing_ratings(user_ids=people)
    result = []
    for user_id, person in people.items():
        person.teams = teams[user_id]
        person.shares_ratings = user_id in sharing
        result.append(person)
    return result


def person_get_for_viewer(*, user, pk: int):
    """The person whose ratings `user` may see (themselves, or a sharing team member); 404 for
    anyone else, so nobody learns whose ratings exist."""
    from django.contrib.auth import get_user_model

    from .rules import can

    person = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if person is None or not can(user, "competencies.view_ratings", person):
        raise Http404
    return person
