"""Which cached team overviews go stale when a row changes (connected in `PlanningConfig.ready`).

The overview reads rows of other apps too (people, their roles, ratings and portfolio hours);
their saves and deletes bump the matching tags here, so those apps need not know about this
cache. Competencies come under the competencies app's own tag (`COMPETENCIES_TAG`). Writes
that send no signals (`update()`, `bulk_create`) bump in the service. Many-to-many changes made
from the other side name an instance of another model: those change nothing the overview shows,
so they bump nothing.
"""

from django.contrib.auth import get_user_model

from atheneum.common import fragments
from atheneum.competencies.models import Rating, RatingSharing
from atheneum.organisations.models import Membership, Organisation, Team, TeamMembership
from atheneum.portfolio.models import Activity

from .models import Cycle, Goal, Plan, Priority
from .selectors import organisation_tag, person_tag, team_tag


def user_tags(instance) -> list[str]:
    return [person_tag(instance.pk)] if isinstance(instance, get_user_model()) else []


def rating_tags(instance) -> list[str]:
    """Ratings, the choice to share them, and organisation roles belong to one person."""
    if isinstance(instance, Rating | RatingSharing | Membership):
        return [person_tag(instance.user_id)]
    return []


def activity_tags(instance) -> list[str]:
    return [person_tag(instance.owner_id)] if isinstance(instance, Activity) else []


def team_membership_tags(instance) -> list[str]:
    if isinstance(instance, TeamMembership):
        return [team_tag(instance.team_id), person_tag(instance.user_id)]
    return []


def team_tags(instance) -> list[str]:
    return [team_tag(instance.pk)] if isinstance(instance, Team) else []


def organisation_tags(instance) -> list[str]:
    """An organisation's name and cycles show on each of its teams' overviews."""
    if isinstance(instance, Organisation):
        organisation_id = instance.pk
    elif isinstance(instance, Cycle):
        organisation_id = instance.organisation_id
    else:
        return []
    team_ids = Team.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True)
    return [organisation_tag(organisation_id), *(team_tag(team_id) for team_id in team_ids)]


def priority_tags(instance) -> list[str]:
    if not isinstance(instance, Priority):
        return []
    if instance.team_id is not None:
        return [team_tag(instance.team_id)]
    organisation_id = (
        Cycle.objects.filter(pk=instance.cycle_id).values_list("organisation_id", flat=True).first()
    )
    return [organisation_tag(organisation_id)] if organisation_id is not None else []


def plan_tags(instance) -> list[str]:
    if isinstance(instance, Plan):
        return [team_tag(instance.team_id)]
    if isinstance(instance, Goal):
        team_id = Plan.objects.filter(pk=instance.plan_id).values_list("team_id", flat=True).first()
        return [team_tag(team_id)] if team_id is not None else []
    return []


def connect() -> None:
    fragments.bump_on_change(user_tags, get_user_model())
    fragments.bump_on_change(rating_tags, Rating, RatingSharing, Membership)
    fragments.bump_on_change(activity_tags, Activity)
    fragments.bump_on_change(team_membership_tags, TeamMembership)
    fragments.bump_on_change(team_tags, Team)
    fragments.bump_on_change(organisation_tags, Organisation, Cycle)
    fragments.bump_on_change(priority_tags, Priority)
    fragments.bump_on_change(plan_tags, Plan, Goal)
