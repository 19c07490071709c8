"""Writes to CPD records. Nothing outside this module writes portfolio rows."""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction

from .enums import PARTICIPATORY_KINDS, LearningMode
from .models import Activity


def record_activity(
    *,
    owner,
    source_key: str,
    title: str,
    kind: str,
    start: datetime,
    end: datetime,
    hours: Decimal,
    provider: str = "",
    link: str = "",
    language: str = "",
    competency_ids: Iterable[int] = (),
    mode: str | None = None,
) -> tuple[Activity, bool]:
    """Adds an activity another app observed (attendance, a finished module, coaching…).

    Idempotent by (owner, source_key): a retry returns the existing activity and
    `created=False`, never a second row. New automatic entries ask for a reflection.
    """
    existing = Activity.objects.filter(owner=owner, source_key=source_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            activity = Activity.objects.create(
                owner=owner,
                source_key=source_key,
                title=title[:300],
                kind=kind,
                mode=mode
                or (
                    LearningMode.PARTICIPATORY
                    if kind in PARTICIPATORY_KINDS
                    else LearningMode.SELF_DIRECTED
                ),
                start=start,
                end=end,
                hours=hours,
                provider=provider[:200],
                link=link,
                language=language,
                reflection_requested=True,
            )
            if competency_ids:
                activity.competencies.set(list(competency_ids))
    except IntegrityError:
        # A concurrent call with the same key won the race: return its row.
        return Activity.objects.get(owner=owner, source_key=source_key), False
    return activity, True
