"""The tag of a member's cached record fragments, and the signals that make them stale.

Activities, their reflections, evidence files and linked competencies bump the owner's tag on
every save and delete, whoever writes them (the services, automatic entries, cascades).
"""

from atheneum.common import fragments
from atheneum.competencies.caching import CATALOGUE


def record_tag(owner_id: int) -> str:
    return f"portfolio:record:{owner_id}"


def _record_tags(instance) -> list[str]:
    from atheneum.competencies.models import Competency

    from .models import Activity

    if isinstance(instance, Activity):
        return [record_tag(instance.owner_id)]
    if isinstance(instance, Competency):  # competency.activities.add(…): linked from its side
        return [CATALOGUE]
    # A reflection or an evidence file: its activity's owner (still there during a cascade).
    if type(instance).activity.is_cached(instance):
        owner_id = instance.activity.owner_id
    else:
        owner_id = (
            Activity.objects.filter(pk=instance.activity_id)
            .values_list("owner_id", flat=True)
            .first()
        )
    return [record_tag(owner_id)] if owner_id is not None else []


def connect() -> None:
    from .models import Activity, Evidence, Reflection

    fragments.bump_on_change(_record_tags, Activity, Reflection, Evidence)
