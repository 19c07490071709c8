"""Reads of frameworks, competencies and ratings. Other apps read competencies through here."""

from collections.abc import Iterable

from .enums import RatingSource
from .models import Rating, RatingSharing


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
