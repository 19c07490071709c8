"""Reads of CPD records. Other apps read the portfolio only through here."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from django.db.models import Sum

from .models import Activity


def hours_by_user(
    *, user_ids: Iterable[int], start: datetime | None = None, end: datetime | None = None
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
