"""Reads of cycles, priorities, learning plans and the team and organisation overviews.

Selectors own every select_related / prefetch_related: the overviews cost the same number of
queries for a team of 3 and of 300, and for a framework of 13 competencies or 120.

Some reads here look at the competencies and portfolio apps' models (read-only): the
competency choices (`competencies_available`) and the level values of a framework
(`framework_level_values`). They belong in those apps' selectors and can move there.
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from atheneum.common import fragments
from atheneum.competencies import caching as competency_caching
from atheneum.competencies.enums import CompetencyKind, RatingKind
from atheneum.competencies.models import Competency, CompetencyText, ProficiencyLevel
from atheneum.competencies.selectors import latest_ratings, users_sharing_ratings
from atheneum.organisations.models import Organisation, Team, TeamMembership
from atheneum.organisations.rules import can
from atheneum.organisations.selectors import roles_for
from atheneum.portfolio.selectors import activities_by_competency, hours_by_user

from .enums import BudgetUnit, PlanStatus
from .models import Cycle, Goal, Plan, PlanEvent, Priority

HUNDRED = Decimal(100)
ONE_PLACE = Decimal("0.1")


# --- Cache tags -----------------------------------------------------------------------------
# The team overview is cached per team, cycle and viewer under these tags; `PlanningConfig.ready`
# bumps them when the rows they stand for change (in this app and in the apps it reads from).

# Any framework, competency or competency text (bumped by the competencies app, bulk writes too).
COMPETENCIES_TAG = competency_caching.CATALOGUE


def team_tag(team_id: int) -> str:
    """The team, its organisation and cycles, its memberships, its own priorities, and its
    plans with their goals."""
    return f"planning:team:{team_id}"


def organisation_tag(organisation_id: int) -> str:
    """The organisation's priorities for all its teams (a change of its name or cycles bumps
    each of its teams' tags too)."""
    return f"planning:organisation:{organisation_id}"


def person_tag(user_id: int) -> str:
    """One person's name, roles, ratings, rating sharing and portfolio hours."""
    return f"planning:person:{user_id}"


@dataclass
class TeamContext:
    team: Team  # with its organisation
    cycles: list[Cycle]
    member_ids: list[int]


def team_context_for_user(*, user, pk: int, perm: str) -> TeamContext:
    """`team_get_for_user` with the organisation's cycles and the ids of the team's members,
    read once and kept until the team, its organisation, cycles or memberships change."""

    def build() -> TeamContext | None:
        team = Team.objects.filter(pk=pk).select_related("organisation").first()
        if team is None:
            return None
        return TeamContext(
            team=team,
            cycles=cycles_for_organisation(organisation=team.organisation),
            member_ids=list(
                TeamMembership.objects.filter(team=team)
                .order_by("user_id")
                .values_list("user_id", flat=True)
            ),
        )

    context = fragments.cached(["planning:team-context", pk], tags=[team_tag(pk)], build=build)
    _check_team(user=user, team=context.team if context else None, perm=perm)
    return context


def team_overview_tags(*, context: TeamContext, viewer) -> list[str]:
    """Every tag the team overview as `viewer` sees it depends on."""
    team = context.team
    return [
        team_tag(team.pk),
        organisation_tag(team.organisation_id),
        COMPETENCIES_TAG,
        *(person_tag(user_id) for user_id in sorted({*context.member_ids, viewer.pk})),
    ]


# --- Cycles ---------------------------------------------------------------------------------


def cycles_for_organisation(*, organisation: Organisation) -> list[Cycle]:
    return list(Cycle.objects.filter(organisation=organisation).order_by("-start", "-pk"))


def cycle_current(*, cycles: list[Cycle], today: datetime.date | None = None) -> Cycle | None:
    """The cycle running today, else the one that starts next, else the latest one."""
    today = today or timezone.localdate()
    running = [cycle for cycle in cycles if cycle.start <= today <= cycle.end]
    if running:
        return running[0]
    upcoming = sorted((c for c in cycles if c.start > today), key=lambda c: c.start)
    if upcoming:
        return upcoming[0]
    return cycles[0] if cycles else None


def cycle_chosen(*, cycles: list[Cycle], wanted: str | None) -> Cycle | None:
    """The cycle named by `?cycle=` among `cycles` (404 for another one), else the current one."""
    if wanted:
        for cycle in cycles:
            if str(cycle.pk) == wanted:
                return cycle
        raise Http404
    return cycle_current(cycles=cycles)


def cycle_bounds(cycle: Cycle) -> tuple[datetime.datetime, datetime.datetime]:
    """The cycle as a half-open range of moments, its last day included."""
    start = datetime.datetime.combine(cycle.start, datetime.time.min, tzinfo=datetime.UTC)
    end = datetime.datetime.combine(
        cycle.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=datetime.UTC
    )
    return start, end


def cycles_open_for_plans(*, team: Team, member) -> list[Cycle]:
    """Cycles of the team's organisation that have not ended and have no plan of this member."""
    today = timezone.localdate()
    return list(
        Cycle.objects.filter(organisation_id=team.organisation_id, end__gte=today)
        .exclude(plans__member=member, plans__team=team)
        .order_by("start", "pk")
    )


# --- Budgets --------------------------------------------------------------------------------


def priority_budget_hours(priority: Priority, cycle: Cycle | None = None) -> Decimal:
    """A priority's time budget in hours per person (a share of time becomes hours)."""
    cycle = cycle or priority.cycle
    value = priority.budget_value or Decimal(0)
    if priority.budget_unit == BudgetUnit.PERCENT_OF_TIME:
        value = value * cycle.working_hours_per_person / HUNDRED
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


# --- Access ---------------------------------------------------------------------------------


def _organisation_for(*, user, slug: str, perm: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not can(user, "planning.know_organisation", organisation):
        raise Http404
    if not can(user, perm, organisation):
        raise PermissionDenied
    return organisation


def organisation_get_for_overview(*, user, slug: str) -> Organisation:
    """The organisation if `user` organises it; 404 for outsiders, 403 for its other members."""
    return _organisation_for(user=user, slug=slug, perm="planning.view_organisation_overview")


def organisation_get_for_cycles(*, user, slug: str) -> Organisation:
    return _organisation_for(user=user, slug=slug, perm="planning.manage_cycles")


def organisation_get_for_priorities(*, user, slug: str) -> Organisation:
    return _organisation_for(user=user, slug=slug, perm="planning.add_organisation_priority")


def _check_team(*, user, team: Team | None, perm: str) -> None:
    if team is None or not can(user, "planning.know_team", team):
        raise Http404
    if not can(user, perm, team):
        raise PermissionDenied


def team_get_for_user(*, user, pk: int, perm: str) -> Team:
    """The team if `user` may `perm` on it; 404 for those who may not know it, else 403."""
    team = Team.objects.filter(pk=pk).select_related("organisation").first()
    _check_team(user=user, team=team, perm=perm)
    return team


def plan_get_for_user(*, user, pk: int) -> Plan:
    """A plan its member or (once submitted) their team's manager may see; else 404."""
    plan = (
        Plan.objects.filter(pk=pk).select_related("member", "team__organisation", "cycle").first()
    )
    if plan is None or not can(user, "planning.view_plan", plan):
        raise Http404
    return plan


def goal_get_for_user(*, user, pk: int) -> Goal:
    goal = (
        Goal.objects.filter(pk=pk)
        .select_related("plan__member", "plan__team__organisation", "plan__cycle")
        .first()
    )
    if goal is None or not can(user, "planning.view_plan", goal.plan):
        raise Http404
    return goal


def priority_get_for_user(*, user, pk: int) -> Priority:
    """A priority `user` may change; 404 if they may not know its team or organisation."""
    priority = (
        Priority.objects.filter(pk=pk)
        .select_related("cycle__organisation", "team__organisation", "competency__framework")
        .first()
    )
    if priority is None:
        raise Http404
    if priority.team is not None:
        known = can(user, "planning.know_team", priority.team)
    else:
        known = can(user, "planning.know_organisation", priority.cycle.organisation)
    if not known:
        raise Http404
    if not can(user, "planning.change_priority", priority):
        raise PermissionDenied
    return priority


# --- The index page -------------------------------------------------------------------------


def plans_for_member(*, user) -> QuerySet[Plan]:
    return (
        Plan.objects.filter(member=user)
        .select_related("team__organisation", "cycle")
        .annotate(goal_count=Count("goals"))
        .order_by("-cycle__start", "team__name", "pk")
    )


def teams_of_member(*, user) -> QuerySet[Team]:
    return (
        Team.objects.filter(team_memberships__user=user)
        .select_related("organisation")
        .order_by("organisation__name", "name", "pk")
    )


def teams_managed(*, user) -> QuerySet[Team]:
    """Teams `user` manages, with the number of plans waiting for their review."""
    return (
        Team.objects.filter(pk__in=roles_for(user).managed_team_ids())
        .select_related("organisation")
        .annotate(
            waiting=Count(
                "learning_plans",
                filter=Q(learning_plans__status=PlanStatus.SUBMITTED)
                & ~Q(learning_plans__member=user),
                distinct=True,
            ),
            people=Count("team_memberships", distinct=True),
        )
        .order_by("organisation__name", "name", "pk")
    )


def organisations_organised(*, user) -> QuerySet[Organisation]:
    roles = roles_for(user)
    ids = [org_id for org_id in roles.org_roles if roles.is_organiser(org_id)]
    return Organisation.objects.filter(pk__in=ids).order_by("name", "pk")


def plans_for_review(*, team: Team, cycle: Cycle | None, reviewer) -> list[Plan]:
    """The team's plans in the cycle that the manager may open (drafts stay private)."""
    if cycle is None:
        return []
    return list(
        Plan.objects.filter(team=team, cycle=cycle)
        .exclude(status=PlanStatus.DRAFT)
        .exclude(member=reviewer)
        .select_related("member")
        .annotate(goal_count=Count("goals"))
        .order_by("status", "member__display_name", "pk")
    )


# --- Competencies ---------------------------------------------------------------------------


def _with_texts(queryset: QuerySet[Competency]) -> QuerySet[Competency]:
    return queryset.select_related("framework").prefetch_related(
        Prefetch("texts", queryset=CompetencyText.objects.order_by("language", "pk"))
    )


def competency_label(competency: Competency, language: str | None = None) -> str:
    from atheneum.competencies.models import competency_title

    title = competency_title(competency, language or translation.get_language() or "en")
    return f"{competency.code} {title}" if competency.code else title


def competencies_available(*, organisation_id: int) -> QuerySet[Competency]:
    """Competencies an organisation may plan with: its own frameworks' and published ones."""
    return _with_texts(
        Competency.objects.filter(
            Q(framework__organisation_id=organisation_id)
            | Q(framework__organisation__isnull=True, framework__is_published=True),
            kind=CompetencyKind.COMPETENCY,
        )
    ).order_by("framework__title", "framework_id", "position", "pk")


def framework_level_values(*, framework_id: int) -> list[int]:
    return list(
        ProficiencyLevel.objects.filter(framework_id=framework_id)
        .order_by("value")
        .values_list("value", flat=True)
    )


def priorities_for_team(*, cycle: Cycle, team: Team) -> list[Priority]:
    """The team's priorities in the cycle, then the organisation-wide ones."""
    return list(
        Priority.objects.filter(Q(team=team) | Q(team__isnull=True), cycle=cycle)
        .select_related("competency__framework", "team", "cycle")
        .prefetch_related(
            Prefetch("competency__texts", queryset=CompetencyText.objects.order_by("pk"))
        )
        .order_by("team_id", "pk")
    )


def priorities_for_organisation(*, cycle: Cycle) -> list[Priority]:
    return list(
        Priority.objects.filter(cycle=cycle)
        .select_related("competency__framework", "team", "cycle")
        .prefetch_related(
            Prefetch("competency__texts", queryset=CompetencyText.objects.order_by("pk"))
        )
        .order_by("team__name", "team_id", "pk")
    )


def goal_competency_choices(*, plan: Plan) -> list[tuple[str, list[tuple[int, str]]]]:
    """Competency choices for a goal, grouped: the plan's priorities first, then the others."""
    language = translation.get_language() or "en"
    priorities = priorities_for_team(cycle=plan.cycle, team=plan.team)
    first: list[tuple[int, str]] = []
    seen: set[int] = set()
    for priority in priorities:
        if priority.competency_id not in seen:
            seen.add(priority.competency_id)
            first.append((priority.competency_id, competency_label(priority.competency, language)))
    rest = [
        (competency.pk, competency_label(competency, language))
        for competency in competencies_available(organisation_id=plan.team.organisation_id)
        if competency.pk not in seen
    ]
    groups = []
    if first:
        groups.append((str(_("Priorities of your team this cycle")), first))
    if rest:
        groups.append((str(_("Other competencies")), rest))
    return groups


def priority_competency_choices(*, organisation_id: int) -> list[tuple[int, str]]:
    language = translation.get_language() or "en"
    return [
        (competency.pk, competency_label(competency, language))
        for competency in competencies_available(organisation_id=organisation_id)
    ]


# --- A plan ---------------------------------------------------------------------------------


@dataclass
class GoalProgress:
    goal: Goal
    competency_labels: list[str]
    activities: list  # linked portfolio activities, newest first
    hours: Decimal
    linkable: list = field(default_factory=list)  # activities the member may link

    @property
    def is_done(self) -> bool:
        return bool(self.activities)

    @property
    def percent(self) -> int | None:
        target = self.goal.target_hours
        if not target:
            return None
        return min(100, int(self.hours * HUNDRED / target))


def plan_goals(*, plan: Plan, with_linkable: bool = False) -> list[GoalProgress]:
    """The plan's goals with their competencies, linked activities and hours recorded.

    With `with_linkable`, also the member's own activities in the cycle that developed one of
    each goal's competencies (what the member may link): only ever for the plan's member.
    """
    language = translation.get_language() or "en"
    goals = list(
        Goal.objects.filter(plan=plan)
        .prefetch_related(
            Prefetch("competencies", queryset=_with_texts(Competency.objects.order_by("pk"))),
            "activities",
        )
        .order_by("position", "pk")
    )
    linkable_by_competency: dict[int, list] = {}
    if with_linkable and goals:
        competency_ids = {c.pk for goal in goals for c in goal.competencies.all()}
        start, end = cycle_bounds(plan.cycle)
        linkable_by_competency = {
            competency_id: [a for a in activities if start <= a.start < end]
            for competency_id, activities in activities_by_competency(
                owner=plan.member, competency_ids=competency_ids
            ).items()
        }
    result = []
    for goal in goals:
        competencies = list(goal.competencies.all())
        activities = sorted(goal.activities.all(), key=lambda a: (a.start, a.pk), reverse=True)
        linkable: dict[int, object] = {}
        for competency in competencies:
            for activity in linkable_by_competency.get(competency.pk, []):
                linkable[activity.pk] = activity
        if with_linkable:
            for activity in activities:
                linkable.setdefault(activity.pk, activity)
        result.append(
            GoalProgress(
                goal=goal,
                competency_labels=[competency_label(c, language) for c in competencies],
                activities=activities,
                hours=sum((a.hours for a in activities), Decimal(0)),
                linkable=sorted(linkable.values(), key=lambda a: (a.start, a.pk), reverse=True),
            )
        )
    return result


def plan_events(*, plan: Plan) -> list[PlanEvent]:
    return list(plan.events.select_related("actor").order_by("created_at", "pk"))


# --- Overviews ------------------------------------------------------------------------------


@dataclass
class CompetencyRow:
    competency: Competency
    label: str
    priority: Priority | None
    target: int | None  # the priority's target level
    rated: int  # people with a current level
    average: Decimal | None
    median: Decimal | None
    personal_target: Decimal | None  # average of the targets people set themselves
    gap: Decimal | None
    band: str  # met, near, far, none: a CSS class and, with band_label, the text

    @property
    def band_label(self) -> str:
        return str(BAND_LABELS[self.band])


BAND_LABELS = {
    "met": _("Target reached"),
    "near": _("Within one level"),
    "far": _("More than one level below"),
    "none": _("No ratings yet"),
}


@dataclass
class HoursSummary:
    people: int
    total: Decimal
    average: Decimal
    median: Decimal
    budget_per_person: Decimal
    budget_total: Decimal
    without_hours: int
    reached_budget: int

    @property
    def percent_of_budget(self) -> int | None:
        if not self.budget_total:
            return None
        return int(self.total * HUNDRED / self.budget_total)


@dataclass
class NamedRow:
    name: str
    cells: list[tuple[int | None, int | None]]  # (current, target) per priority competency


@dataclass
class TeamFigures:
    team: Team
    people: int
    plan_counts: dict[str, int]
    hours: HoursSummary
    unaddressed: int

    @property
    def counts_in_order(self) -> list[int]:
        """Plan counts in the order of PlanStatus, as the overview's columns are."""
        return [self.plan_counts.get(status, 0) for status in PlanStatus.values]


@dataclass
class Overview:
    cycle: Cycle | None
    people: int
    rows: list[CompetencyRow]
    hours: HoursSummary
    plan_counts: list[tuple[str, str, int]]  # (status, label, count)
    unaddressed: list[Priority]
    not_sharing: int
    named_columns: list[CompetencyRow]
    named_rows: list[NamedRow] | None  # None: the viewer may not see names
    teams: list[TeamFigures] = field(default_factory=list)
    priorities: list[Priority] = field(default_factory=list)


def _decimal(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _band(gap: Decimal | None) -> str:
    if gap is None:
        return "none"
    if gap <= 0:
        return "met"
    if gap <= 1:
        return "near"
    return "far"


def _hours_summary(
    *, user_ids: set[int], hours: dict[int, Decimal], budget_per_person: Decimal
) -> HoursSummary:
    values = [hours.get(user_id, Decimal(0)) for user_id in user_ids]
    total = sum(values, Decimal(0))
    people = len(values)
    return HoursSummary(
        people=people,
        total=total,
        average=_decimal(total / people) if people else Decimal(0),
        median=_decimal(statistics.median(values)) if values else Decimal(0),
        budget_per_person=budget_per_person,
        budget_total=budget_per_person * people,
        without_hours=sum(1 for value in values if not value),
        reached_budget=sum(
            1 for value in values if budget_per_person and value >= budget_per_person
        )
        if budget_per_person
        else 0,
    )


def _empty_overview() -> Overview:
    return Overview(
        cycle=None,
        people=0,
        rows=[],
        hours=_hours_summary(user_ids=set(), hours={}, budget_per_person=Decimal(0)),
        plan_counts=[],
        unaddressed=[],
        not_sharing=0,
        named_columns=[],
        named_rows=None,
    )


def _people(team_ids: list[int]) -> tuple[dict[int, set[int]], dict[int, object]]:
    """People per team, and every person once (in name order), in one query."""
    memberships = (
        TeamMembership.objects.filter(team_id__in=team_ids)
        .select_related("user")
        .order_by("user__display_name", "user__email", "pk")
    )
    people_by_team: dict[int, set[int]] = defaultdict(set)
    users: dict[int, object] = {}
    for membership in memberships:
        people_by_team[membership.team_id].add(membership.user_id)
        users[membership.user_id] = membership.user
    return people_by_team, users


def _targets(priorities: list[Priority], *, for_team: bool) -> dict[int, Priority]:
    """The priority that sets each competency's target.

    In a team: the team's own priority, else the organisation's. Across the organisation: the
    organisation-wide priority, else the highest target any team set.
    """
    priority_for: dict[int, Priority] = {}
    for priority in sorted(priorities, key=lambda p: p.target_level):
        priority_for[priority.competency_id] = priority
    for priority in priorities:
        if (priority.team_id is not None) == for_team:
            priority_for[priority.competency_id] = priority
    return priority_for


def _competency_rows(
    *, organisation: Organisation, priority_for: dict[int, Priority], user_ids: set[int]
) -> tuple[list[CompetencyRow], dict[tuple[int, int, str], int]]:
    language = translation.get_language() or "en"
    competencies = list(
        _with_texts(
            Competency.objects.filter(
                Q(framework__organisation=organisation, kind=CompetencyKind.COMPETENCY)
                | Q(pk__in=list(priority_for))
            )
        ).order_by("framework__title", "framework_id", "position", "pk")
    )
    competencies.sort(key=lambda c: c.pk not in priority_for)  # priorities first, stable

    ratings = latest_ratings(user_ids=user_ids, competency_ids=[c.pk for c in competencies])
    current: dict[int, list[int]] = defaultdict(list)
    targets: dict[int, list[int]] = defaultdict(list)
    for (_user_id, competency_id, kind), level in ratings.items():
        (current if kind == RatingKind.CURRENT else targets)[competency_id].append(level)

    rows = []
    for competency in competencies:
        levels = current.get(competency.pk, [])
        priority = priority_for.get(competency.pk)
        average = _decimal(statistics.fmean(levels)) if levels else None
        own_targets = targets.get(competency.pk, [])
        personal_target = _decimal(statistics.fmean(own_targets)) if own_targets else None
        target = priority.target_level if priority else None
        aim = Decimal(target) if target is not None else personal_target
        gap = (aim - average) if (aim is not None and average is not None) else None
        rows.append(
            CompetencyRow(
                competency=competency,
                label=competency_label(competency, language),
                priority=priority,
                target=target,
                rated=len(levels),
                average=average,
                median=_decimal(statistics.median(levels)) if levels else None,
                personal_target=personal_target,
                gap=gap,
                band=_band(gap),
            )
        )
    return rows, ratings


def _plan_counts(
    *, cycle: Cycle, team_ids: list[int]
) -> tuple[dict[int, dict[str, int]], dict[str, int]]:
    rows = (
        Plan.objects.filter(cycle=cycle, team_id__in=team_ids)
        .values_list("team_id", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    by_team: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[str, int] = defaultdict(int)
    for team_id, status, count in rows:
        by_team[team_id][status] += count
        totals[status] += count
    return by_team, totals


def _addressed(*, cycle: Cycle, team_ids: list[int]) -> dict[int | None, set[int]]:
    """Competencies some plan's goal names, per team (and under None: in any team)."""
    rows = (
        Goal.competencies.through.objects.filter(
            goal__plan__cycle=cycle, goal__plan__team_id__in=team_ids
        )
        .values_list("goal__plan__team_id", "competency_id")
        .distinct()
    )
    addressed: dict[int | None, set[int]] = defaultdict(set)
    for team_id, competency_id in rows:
        addressed[team_id].add(competency_id)
        addressed[None].add(competency_id)
    return addressed


def _named_rows(
    *, users: dict, columns: list[CompetencyRow], ratings: dict
) -> tuple[list[NamedRow], int]:
    """Rows for the people who share their ratings with their managers, and how many don't."""
    sharing = users_sharing_ratings(user_ids=set(users))
    rows = [
        NamedRow(
            name=users[user_id].public_name,
            cells=[
                (
                    ratings.get((user_id, column.competency.pk, RatingKind.CURRENT)),
                    ratings.get((user_id, column.competency.pk, RatingKind.TARGET)),
                )
                for column in columns
            ],
        )
        for user_id in users
        if user_id in sharing
    ]
    return rows, len(set(users) - sharing)


def _overview(
    *,
    organisation: Organisation,
    cycle: Cycle,
    teams: list[Team],
    single_team: Team | None,
    show_names: bool,
) -> Overview:
    language = translation.get_language() or "en"
    team_ids = [team.pk for team in teams]
    people_by_team, users = _people(team_ids)
    user_ids = set(users)

    if single_team is not None:
        priorities = priorities_for_team(cycle=cycle, team=single_team)
    else:
        priorities = priorities_for_organisation(cycle=cycle)
    for priority in priorities:
        priority.budget_hours = priority_budget_hours(priority, cycle)
        priority.label = competency_label(priority.competency, language)

    rows, ratings = _competency_rows(
        organisation=organisation,
        priority_for=_targets(priorities, for_team=single_team is not None),
        user_ids=user_ids,
    )
    start, end = cycle_bounds(cycle)
    hours = hours_by_user(user_ids=user_ids, start=start, end=end)
    counts_by_team, totals = _plan_counts(cycle=cycle, team_ids=team_ids)
    addressed = _addressed(cycle=cycle, team_ids=team_ids)

    def is_unaddressed(priority: Priority, team_id: int | None) -> bool:
        return priority.competency_id not in addressed[priority.team_id or team_id]

    def budget_for(team_id: int | None) -> Decimal:
        return sum(
            (p.budget_hours for p in priorities if p.team_id is None or p.team_id == team_id),
            Decimal(0),
        )

    scope_team_id = single_team.pk if single_team is not None else None
    team_figures = []
    if single_team is None:
        for team in teams:
            team_people = people_by_team.get(team.pk, set())
            team_figures.append(
                TeamFigures(
                    team=team,
                    people=len(team_people),
                    plan_counts=dict(counts_by_team.get(team.pk, {})),
                    hours=_hours_summary(
                        user_ids=team_people, hours=hours, budget_per_person=budget_for(team.pk)
                    ),
                    unaddressed=sum(
                        1
                        for p in priorities
                        if p.team_id in (None, team.pk) and is_unaddressed(p, team.pk)
                    ),
                )
            )

    named_columns = [row for row in rows if row.priority is not None]
    named_rows, not_sharing = None, 0
    if show_names:
        named_rows, not_sharing = _named_rows(users=users, columns=named_columns, ratings=ratings)

    return Overview(
        cycle=cycle,
        people=len(user_ids),
        rows=rows,
        hours=_hours_summary(
            user_ids=user_ids, hours=hours, budget_per_person=budget_for(scope_team_id)
        ),
        plan_counts=[
            (status, label, totals.get(status, 0)) for status, label in PlanStatus.choices
        ],
        unaddressed=[p for p in priorities if is_unaddressed(p, scope_team_id)],
        not_sharing=not_sharing,
        named_columns=named_columns,
        named_rows=named_rows,
        teams=team_figures,
        priorities=priorities,
    )


def team_overview(*, team: Team, cycle: Cycle | None, viewer) -> Overview:
    """The team's competence, hours, plans and unaddressed priorities in one cycle.

    Ratings are aggregated; people are named only to the team's managers, and only those who
    share their ratings with their managers (the others are counted, never named).
    """
    if cycle is None:
        return _empty_overview()
    return _overview(
        organisation=team.organisation,
        cycle=cycle,
        teams=[team],
        single_team=team,
        show_names=can(viewer, "planning.view_named_ratings", team),
    )


def organisation_overview(*, organisation: Organisation, cycle: Cycle | None) -> Overview:
    """The same figures across every team of the organisation; never anyone's name."""
    if cycle is None:
        return _empty_overview()
    teams = list(Team.objects.filter(organisation=organisation).order_by("name", "pk"))
    for team in teams:
        team.organisation = organisation
    return _overview(
        organisation=organisation,
        cycle=cycle,
        teams=teams,
        single_team=None,
        show_names=False,
    )
