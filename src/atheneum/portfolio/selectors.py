"""Reads of CPD records. Other apps read the portfolio only through here.

Selectors own every select_related / prefetch_related, so list pages cost the same number of
queries whatever their length. Dates that bound a period are days in the record owner's time
zone: a record reads the same for its owner, their manager and a shared link.
"""

import datetime
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone, translation

from atheneum.common import fragments
from atheneum.competencies.caching import CATALOGUE
from atheneum.competencies.models import Competency, Framework, competency_title
from atheneum.organisations.selectors import roles_for

from .enums import ActivityKind, LearningMode, QuotaKind
from .models import (
    Activity,
    Evidence,
    ManagerShare,
    Reflection,
    Requirement,
    RequirementQuota,
    ShareLink,
)
from .rules import can

# --- Time -----------------------------------------------------------------------------------


def zone_of(user) -> datetime.tzinfo:
    try:
        return zoneinfo.ZoneInfo(getattr(user, "time_zone", "") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.UTC


def day_start(day: datetime.date, zone: datetime.tzinfo) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)


def today_for(user) -> datetime.date:
    return timezone.now().astimezone(zone_of(user)).date()


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def current_cycle(
    requirement: Requirement, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The cycle of the rule that contains `today` (or its first one): start and end, exclusive."""
    years = max(requirement.cycle_years, 1)
    start = requirement.cycle_start
    if today < start:
        return start, add_years(start, years)
    steps = (today.year - start.year) // years
    cycle_start = add_years(requirement.cycle_start, steps * years)
    while cycle_start > today:
        steps -= 1
        cycle_start = add_years(requirement.cycle_start, steps * years)
    while add_years(requirement.cycle_start, (steps + 1) * years) <= today:
        steps += 1
    cycle_start = add_years(requirement.cycle_start, steps * years)
    return cycle_start, add_years(requirement.cycle_start, (steps + 1) * years)


def period_filter(
    queryset: QuerySet[Activity],
    *,
    zone: datetime.tzinfo,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    whole_activity: bool = False,
) -> QuerySet[Activity]:
    """Activities in [period_start, period_end] (days, inclusive). With `whole_activity`, an
    activity must also end inside the period: a shared period never shows anything beyond it."""
    if period_start is not None:
        queryset = queryset.filter(start__gte=day_start(period_start, zone))
    if period_end is not None:
        limit = day_start(period_end + datetime.timedelta(days=1), zone)
        queryset = queryset.filter(start__lt=limit)
        if whole_activity:
            queryset = queryset.filter(end__lt=limit)
    return queryset


# --- Competencies a member may link ------------------------------------------------------------


def usable_frameworks(*, user) -> QuerySet[Framework]:
    """Published frameworks and the frameworks of the organisations the member belongs to."""
    organisation_ids = list(roles_for(user).org_roles)
    return Framework.objects.filter(
        Q(is_published=True) | Q(organisation_id__in=organisation_ids)
    ).order_by("title", "pk")


def competency_choices(*, user) -> QuerySet[Competency]:
    return (
        Competency.objects.filter(framework__in=usable_frameworks(user=user))
        .select_related("framework")
        .prefetch_related("texts")
        .order_by("framework__title", "framework_id", "position", "pk")
    )


def usable_frameworks_key(*, user) -> str:
    """What decides `usable_frameworks` besides the catalogue: the member's organisations."""
    return ",".join(str(pk) for pk in sorted(roles_for(user).org_roles))


def _usable_competencies(*, user, language: str) -> list[tuple[int, str, str]]:
    """(pk, framework title, "code name") of the competencies a member may link, in `language`.

    Cached per language and set of organisations (what decides the usable frameworks) until
    the catalogue changes."""

    def build() -> list[tuple[int, str, str]]:
        with translation.override(language):
            return [
                (competency.pk, competency.framework.title, competency_label(competency))
                for competency in competency_choices(user=user)
            ]

    return fragments.cached(
        ["portfolio:usable-competencies", language, usable_frameworks_key(user=user)],
        tags=[CATALOGUE],
        build=build,
    )


def competency_filter_choices(*, user, language: str) -> list[tuple[int, str]]:
    """(pk, "Framework: code name") of the competencies a member may link, in `language`,
    without a query once cached."""
    return [
        (pk, f"{framework}: {label}")
        for pk, framework, label in _usable_competencies(user=user, language=language)
    ]


def competency_labels_by_activity(
    *, user, language: str, activity_ids: Iterable[int]
) -> dict[int, list[str]]:
    """The "code name" of each activity's competencies, ordered as in `_competency_prefetch`:
    one query, plus one for competencies the member may no longer link (their labels are not
    among the cached ones)."""
    links = list(
        Activity.competencies.through.objects.filter(activity_id__in=list(activity_ids))
        .order_by("competency__framework_id", "competency__position", "competency_id")
        .values_list("activity_id", "competency_id")
    )
    labels = {
        pk: label for pk, _framework, label in _usable_competencies(user=user, language=language)
    }
    missing = {competency_id for _activity_id, competency_id in links} - labels.keys()
    if missing:
        with translation.override(language):
            labels.update(
                (competency.pk, competency_label(competency))
                for competency in Competency.objects.filter(pk__in=missing)
                .select_related("framework")
                .prefetch_related("texts")
            )
    result: dict[int, list[str]] = defaultdict(list)
    for activity_id, competency_id in links:
        result[activity_id].append(labels[competency_id])
    return result


def competency_area_choices(*, user, organisation=None) -> QuerySet[Competency]:
    """Competency areas a sub-quota may count: of the rule's organisation, or usable ones."""
    if organisation is not None:
        frameworks = Framework.objects.filter(Q(is_published=True) | Q(organisation=organisation))
    else:
        frameworks = usable_frameworks(user=user)
    return competency_choices(user=user).filter(framework__in=frameworks, kind="area")


def competency_label(competency: Competency) -> str:
    title = competency_title(competency, translation.get_language() or "en")
    code = f"{competency.code} " if competency.code else ""
    return f"{code}{title}"


def _competency_prefetch() -> Prefetch:
    return Prefetch(
        "competencies",
        queryset=Competency.objects.select_related("framework")
        .prefetch_related("texts")
        .order_by("framework_id", "position", "pk"),
    )


# --- The member's own record -----------------------------------------------------------------


def _for_listing(
    queryset: QuerySet[Activity], *, with_evidence: bool, with_competencies: bool = True
) -> QuerySet[Activity]:
    queryset = queryset.annotate(
        has_reflection=Exists(Reflection.objects.filter(activity=OuterRef("pk")))
    )
    if with_competencies:
        queryset = queryset.prefetch_related(_competency_prefetch())
    if with_evidence:
        return queryset.prefetch_related("evidence")
    files = (
        Evidence.objects.filter(activity=OuterRef("pk"))
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(evidence_count=Coalesce(Subquery(files), 0))


@dataclass(frozen=True)
class RecordFilter:
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    kind: str = ""
    competency_id: int | None = None
    text: str = ""


def activity_list_for_owner(
    *,
    owner,
    filters: RecordFilter | None = None,
    with_evidence: bool = True,
    with_competencies: bool = True,
) -> QuerySet[Activity]:
    """The member's own record, newest first, filtered and searched. Without `with_evidence`,
    each activity has `evidence_count` instead of its files (one query fewer per page); without
    `with_competencies`, nothing of its competencies (see `competency_labels_by_activity`)."""
    filters = filters or RecordFilter()
    queryset = period_filter(
        Activity.objects.filter(owner=owner),
        zone=zone_of(owner),
        period_start=filters.period_start,
        period_end=filters.period_end,
    )
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.competency_id:
        queryset = queryset.filter(
            pk__in=Activity.competencies.through.objects.filter(
                competency_id=filters.competency_id
            ).values("activity_id")
        )
    if filters.text:
        queryset = queryset.filter(
            Q(title__icontains=filters.text)
            | Q(provider__icontains=filters.text)
            | Q(description__icontains=filters.text)
        )
    return _for_listing(
        queryset, with_evidence=with_evidence, with_competencies=with_competencies
    ).order_by("-start", "-pk")


def activity_get_for_user(*, user, pk: int) -> Activity:
    """An activity of the viewer's own record; 404 for anyone else's, whoever asks."""
    activity = (
        Activity.objects.filter(pk=pk)
        .select_related("owner")
        .prefetch_related(
            _competency_prefetch(),
            "evidence",
            Prefetch("reflections", queryset=Reflection.objects.order_by("created_at", "pk")),
        )
        .first()
    )
    if activity is None or not can(user, "portfolio.view_activity", activity):
        raise Http404
    return activity


def evidence_get_for_user(*, user, pk: int) -> Evidence:
    evidence = Evidence.objects.select_related("activity__owner").filter(pk=pk).first()
    if evidence is None or not can(user, "portfolio.view_evidence", evidence):
        raise Http404
    return evidence


def reflection_list_for_owner(*, owner, activity_id: int | None = None) -> QuerySet[Reflection]:
    """The member's own reflections, newest first (optionally on one of their activities)."""
    queryset = Reflection.objects.filter(activity__owner=owner)
    if activity_id is not None:
        queryset = queryset.filter(activity_id=activity_id)
    return queryset.order_by("-created_at", "-pk")


def reflection_get_for_user(*, user, pk: int) -> Reflection:
    reflection = Reflection.objects.select_related("activity__owner").filter(pk=pk).first()
    if reflection is None or not can(user, "portfolio.change_reflection", reflection):
        raise Http404
    return reflection


def record_overview(*, owner) -> dict:
    """`record_summary` plus `activity_count`, the number of activities in the whole record, in
    one query: the record page shows the hours and pages through the unfiltered record with it."""
    zone = zone_of(owner)
    today = today_for(owner)
    year_start = day_start(datetime.date(today.year, 1, 1), zone)
    next_year = day_start(datetime.date(today.year + 1, 1, 1), zone)
    row = Activity.objects.filter(owner=owner).aggregate(
        hours=Sum("hours", filter=Q(start__gte=year_start, start__lt=next_year)),
        waiting=Count(
            "pk",
            filter=Q(reflection_requested=True)
            & ~Q(Exists(Reflection.objects.filter(activity=OuterRef("pk")))),
        ),
        activities=Count("pk"),
    )
    return {
        "hours_this_year": row["hours"] or Decimal(0),
        "awaiting_reflection": row["waiting"],
        "activity_count": row["activities"],
    }


def record_summary(*, owner) -> dict:
    """For a dashboard: hours recorded this calendar year and activities awaiting a reflection."""
    overview = record_overview(owner=owner)
    return {
        "hours_this_year": overview["hours_this_year"],
        "awaiting_reflection": overview["awaiting_reflection"],
    }


def awaiting_reflection(*, owner) -> QuerySet[Activity]:
    """Automatic entries that ask for a reflection and have none yet."""
    return (
        Activity.objects.filter(owner=owner, reflection_requested=True)
        .exclude(Exists(Reflection.objects.filter(activity=OuterRef("pk"))))
        .order_by("-start", "-pk")
    )


# --- Exports and shared views ----------------------------------------------------------------


def activities_for_statement(
    *,
    owner,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    include_reflections: bool,
    whole_activity: bool = False,
) -> list[Activity]:
    """Activities of a period with competencies, evidence and (only if asked) reflections."""
    queryset = period_filter(
        Activity.objects.filter(owner=owner),
        zone=zone_of(owner),
        period_start=period_start,
        period_end=period_end,
        whole_activity=whole_activity,
    ).prefetch_related(_competency_prefetch(), "evidence")
    if include_reflections:
        queryset = queryset.prefetch_related(
            Prefetch("reflections", queryset=Reflection.objects.order_by("created_at", "pk"))
        )
    return list(queryset.order_by("start", "pk"))


def totals_for(activities: Iterable[Activity]) -> dict:
    """Hours in total, by activity type and by learning mode (labels in the active language)."""
    by_kind: dict[str, Decimal] = defaultdict(Decimal)
    by_mode: dict[str, Decimal] = defaultdict(Decimal)
    total = Decimal(0)
    count = 0
    for activity in activities:
        total += activity.hours
        count += 1
        by_kind[activity.kind] += activity.hours
        by_mode[activity.mode] += activity.hours
    return {
        "total": total,
        "count": count,
        "by_kind": [
            (ActivityKind(k).label, by_kind[k]) for k in ActivityKind.values if k in by_kind
        ],
        "by_mode": [
            (LearningMode(m).label, by_mode[m]) for m in LearningMode.values if m in by_mode
        ],
    }


def manager_share_active(*, owner) -> ManagerShare | None:
    return (
        ManagerShare.objects.filter(owner=owner, revoked_at__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )


def share_links_for_owner(*, owner) -> QuerySet[ShareLink]:
    return ShareLink.objects.filter(owner=owner).order_by("revoked_at", "-created_at", "-pk")


def share_link_get_for_owner(*, user, pk: int) -> ShareLink:
    link = ShareLink.objects.filter(pk=pk).first()
    if link is None or not user.is_authenticated or link.owner_id != user.pk:
        raise Http404
    return link


def share_link_get(*, token: str) -> ShareLink:
    """The live link behind a token; unknown and revoked links are both 404."""
    if not token or len(token) > 64:
        raise Http404
    link = (
        ShareLink.objects.select_related("owner")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )
    if link is None:
        raise Http404
    return link


def shared_record_for_manager(*, user, person_id: int) -> tuple:
    """The person and their active share, if `user` manages one of their teams and they share
    their record with their managers. Everyone else gets 404: a record's existence is private."""
    from django.contrib.auth import get_user_model

    person = get_user_model().objects.filter(pk=person_id, is_active=True).first()
    if person is None or not can(user, "portfolio.view_shared_record", person):
        raise Http404
    share = manager_share_active(owner=person)
    if share is None:
        raise Http404
    return person, share


def people_sharing_with(*, manager) -> list:
    """People in the teams `manager` manages who share their record with their managers."""
    managed = roles_for(manager).managed_team_ids()
    if not managed:
        return []
    shares = (
        ManagerShare.objects.filter(
            revoked_at__isnull=True, owner__team_memberships__team_id__in=managed
        )
        .exclude(owner=manager)
        .select_related("owner")
        .order_by("owner__display_name", "owner__email", "-created_at")
        .distinct()
    )
    seen: dict[int, ManagerShare] = {}
    for share in shares:
        seen.setdefault(share.owner_id, share)
    return list(seen.values())


# --- Requirements ------------------------------------------------------------------------------


def requirements_for_user(*, user) -> QuerySet[Requirement]:
    """The rules that apply to a member: their own, and those of organisations they belong to."""
    organisation_ids = list(roles_for(user).org_roles)
    return (
        Requirement.objects.filter(Q(owner=user) | Q(organisation_id__in=organisation_ids))
        .select_related("organisation")
        .prefetch_related(Prefetch("quotas", queryset=RequirementQuota.objects.order_by("pk")))
        .order_by("organisation__name", "name", "pk")
    )


def requirements_of_organisation(*, organisation) -> QuerySet[Requirement]:
    return (
        Requirement.objects.filter(organisation=organisation)
        .prefetch_related(Prefetch("quotas", queryset=RequirementQuota.objects.order_by("pk")))
        .order_by("name", "pk")
    )


def requirement_get_for_user(*, user, pk: int, change: bool = False) -> Requirement:
    requirement = (
        Requirement.objects.select_related("organisation", "owner")
        .prefetch_related(Prefetch("quotas", queryset=RequirementQuota.objects.order_by("pk")))
        .filter(pk=pk)
        .first()
    )
    if requirement is None or not (
        can(user, "portfolio.view_requirement", requirement)
        or can(user, "portfolio.change_requirement", requirement)
    ):
        raise Http404
    if change and not can(user, "portfolio.change_requirement", requirement):
        raise PermissionDenied
    return requirement


def requirement_applies_to(*, requirement: Requirement, user) -> bool:
    if requirement.owner_id is not None:
        return requirement.owner_id == user.pk
    return roles_for(user).is_member(requirement.organisation_id)


def quota_label(quota: RequirementQuota, areas: dict[int, Competency]) -> str:
    if quota.kind == QuotaKind.ACTIVITY_KIND and quota.value in ActivityKind.values:
        return str(ActivityKind(quota.value).label)
    if quota.kind == QuotaKind.MODE and quota.value in LearningMode.values:
        return str(LearningMode(quota.value).label)
    if quota.kind == QuotaKind.COMPETENCY_AREA and quota.value.isdigit():
        area = areas.get(int(quota.value))
        if area is not None:
            return competency_label(area)
    return quota.value


@dataclass
class QuotaProgress:
    quota: RequirementQuota
    label: str
    done: Decimal
    remaining: Decimal
    met: bool


@dataclass
class RequirementProgress:
    requirement: Requirement
    cycle_start: datetime.date
    cycle_last_day: datetime.date
    hours_done: Decimal
    hours_remaining: Decimal
    reflections_done: int
    reflections_remaining: int
    quotas: list[QuotaProgress] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return (
            self.hours_remaining == 0
            and self.reflections_remaining == 0
            and all(quota.met for quota in self.quotas)
        )

    @property
    def progress_value(self) -> Decimal:
        """Hours done, capped at the total, for a <progress> element."""
        return min(self.hours_done, self.requirement.total_hours)


def _areas_and_members(area_ids: set[int]) -> tuple[dict[int, Competency], dict[int, set[int]]]:
    """Each area, and the ids of the area and everything under it (areas hold up to two levels)."""
    if not area_ids:
        return {}, {}
    areas = {
        c.pk: c
        for c in Competency.objects.filter(pk__in=area_ids)
        .select_related("framework")
        .prefetch_related("texts")
    }
    members: dict[int, set[int]] = {area_id: {area_id} for area_id in area_ids}
    rows = Competency.objects.filter(
        Q(parent_id__in=area_ids) | Q(parent__parent_id__in=area_ids)
    ).values_list("pk", "parent_id", "parent__parent_id")
    for pk, parent_id, grandparent_id in rows:
        for ancestor in (parent_id, grandparent_id):
            if ancestor in members:
                members[ancestor].add(pk)
    return areas, members


def requirement_progress(
    *, user, requirements: Iterable[Requirement], today: datetime.date | None = None
) -> list[RequirementProgress]:
    """Progress of `user` toward each rule in its current cycle, in a fixed number of queries."""
    requirements = list(requirements)
    if not requirements:
        return []
    today = today or today_for(user)
    zone = zone_of(user)
    cycles = {r.pk: current_cycle(r, today) for r in requirements}
    earliest = min(start for start, _end in cycles.values())
    latest = max(end for _start, end in cycles.values())
    activities = list(
        Activity.objects.filter(
            owner=user, start__gte=day_start(earliest, zone), start__lt=day_start(latest, zone)
        ).values("pk", "start", "kind", "mode", "hours")
    )
    activity_ids = [row["pk"] for row in activities]
    competencies: dict[int, set[int]] = defaultdict(set)
    for activity_id, competency_id in Activity.competencies.through.objects.filter(
        activity_id__in=activity_ids
    ).values_list("activity_id", "competency_id"):
        competencies[activity_id].add(competency_id)
    reflection_counts: dict[int, int] = defaultdict(int)
    for activity_id in Reflection.objects.filter(activity_id__in=activity_ids).values_list(
        "activity_id", flat=True
    ):
        reflection_counts[activity_id] += 1
    area_ids = {
        int(quota.value)
        for requirement in requirements
        for quota in requirement.quotas.all()
        if quota.kind == QuotaKind.COMPETENCY_AREA and quota.value.isdigit()
    }
    areas, area_members = _areas_and_members(area_ids)

    results = []
    for requirement in requirements:
        start, end = cycles[requirement.pk]
        low, high = day_start(start, zone), day_start(end, zone)
        in_cycle = [row for row in activities if low <= row["start"] < high]
        hours = sum((row["hours"] for row in in_cycle), Decimal(0))
        reflections = sum(reflection_counts[row["pk"]] for row in in_cycle)
        quotas = []
        for quota in requirement.quotas.all():
            if quota.kind == QuotaKind.ACTIVITY_KIND:
                counted = [row for row in in_cycle if row["kind"] == quota.value]
            elif quota.kind == QuotaKind.MODE:
                counted = [row for row in in_cycle if row["mode"] == quota.value]
            else:
                wanted = (
                    area_members.get(int(quota.value), set()) if quota.value.isdigit() else set()
                )
                counted = [row for row in in_cycle if competencies[row["pk"]] & wanted]
            done = sum((row["hours"] for row in counted), Decimal(0))
            quotas.append(
                QuotaProgress(
                    quota=quota,
                    label=quota_label(quota, areas),
                    done=done,
                    remaining=max(quota.min_hours - done, Decimal(0)),
                    met=done >= quota.min_hours,
                )
            )
        results.append(
            RequirementProgress(
                requirement=requirement,
                cycle_start=start,
                cycle_last_day=end - datetime.timedelta(days=1),
                hours_done=hours,
                hours_remaining=max(requirement.total_hours - hours, Decimal(0)),
                reflections_done=reflections,
                reflections_remaining=max(requirement.min_reflections - reflections, 0),
                quotas=quotas,
            )
        )
    return results


def quota_labels(*, requirement: Requirement) -> list[tuple[RequirementQuota, str]]:
    quotas = list(requirement.quotas.all())
    area_ids = {
        int(q.value) for q in quotas if q.kind == QuotaKind.COMPETENCY_AREA and q.value.isdigit()
    }
    areas, _members = _areas_and_members(area_ids)
    return [(quota, quota_label(quota, areas)) for quota in quotas]


# --- Reminders -----------------------------------------------------------------------------------


def reflections_due_for_follow_up(*, today: datetime.date) -> QuerySet[Reflection]:
    return Reflection.objects.filter(
        follow_up_due__isnull=False,
        follow_up_due__lte=today,
        follow_up_sent_at__isnull=True,
        idea_applied="",
    ).select_related("activity__owner")


# --- Existing cross-app reads --------------------------------------------------------------------


def hours_by_user(
    *,
    user_ids: Iterable[int],
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
) -> dict[int, Decimal]:
    """Total CPD hours per person whose activities start in [start, end), in one query."""
    queryset = Activity.objects.filter(owner_id__in=list(user_ids))
    if start is not None:
        queryset = queryset.filter(start__gte=start)
    if end is not None:
        queryset = queryset.filter(start__lt=end)
    rows = queryset.values("owner_id").annotate(total=Sum("hours")).values_list("owner_id", "total")
    return {owner_id: total or Decimal(0) for owner_id, total in rows}


def activities_by_competency(*, owner, competency_ids: Iterable[int]) -> dict[int, list[Activity]]:
    """A member's activities that developed each of these competencies, in two queries."""
    result: dict[int, list[Activity]] = defaultdict(list)
    through = Activity.competencies.through.objects.filter(
        activity__owner=owner, competency_id__in=list(competency_ids)
    ).select_related("activity")
    for link in through.order_by("-activity__start"):
        result[link.competency_id].append(link.activity)
    return dict(result)


def organisations_organised_by(*, user) -> QuerySet:
    """Organisations whose CPD rules the user may set (all of them for a site administrator)."""
    from atheneum.organisations.models import Organisation

    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.order_by("name")
    roles = roles_for(user)
    ids = [org_id for org_id in roles.org_roles if roles.is_organiser(org_id)]
    return Organisation.objects.filter(pk__in=ids).order_by("name")
