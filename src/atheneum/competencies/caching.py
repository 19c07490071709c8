"""Tags of the cached competency fragments, and the signals that make them stale.

`CATALOGUE` covers what every viewer reads alike: frameworks, their levels, competencies and
their texts (few rows, so every save or delete bumps it; bulk writes bump it themselves).
`ratings_tag(user_id)` covers one person's ratings.
"""

from atheneum.common import fragments

CATALOGUE = "competencies:catalogue"


def ratings_tag(user_id: int) -> str:
    return f"competencies:ratings:{user_id}"


def _catalogue_tags(instance) -> list[str]:
    return [CATALOGUE]


def _rating_tags(instance) -> list[str]:
    return [ratings_tag(instance.user_id)]


def connect() -> None:
    from .models import Competency, CompetencyText, Framework, ProficiencyLevel, Rating

    fragments.bump_on_change(
        _catalogue_tags, Framework, ProficiencyLevel, Competency, CompetencyText
    )
    fragments.bump_on_change(_rating_tags, Rating)
