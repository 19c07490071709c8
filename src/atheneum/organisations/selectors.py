"""Reads about organisations, and the roles a person holds in them."""

from dataclasses import dataclass, field

from .enums import OrganisationRole, TeamRole
from .models import Membership, Organisation, TeamMembership

ROLES_CACHE_ATTR = "_atheneum_roles"


@dataclass(frozen=True)
class Roles:
    """Every role one person holds, fetched once per request."""

    org_roles: dict[int, str] = field(default_factory=dict)  # organisation id -> role
    team_roles: dict[int, str] = field(default_factory=dict)  # team id -> role
    team_orgs: dict[int, int] = field(default_factory=dict)  # team id -> organisation id

    def is_member(self, organisation_id: int) -> bool:
        return organisation_id in self.org_roles

    def is_organiser(self, organisation_id: int) -> bool:
        return self.org_roles.get(organisation_id) in {
            OrganisationRole.ORGANISER,
            OrganisationRole.ADMIN,
        }

    def is_admin(self, organisation_id: int) -> bool:
        return self.org_roles.get(organisation_id) == OrganisationRole.ADMIN

    def manages_team(self, team_id: int) -> bool:
        return self.team_roles.get(team_id) == TeamRole.MANAGER

    def is_privileged_anywhere(self) -> bool:
        return any(
            role in {OrganisationRole.ORGANISER, OrganisationRole.ADMIN}
            for role in self.org_roles.values()
        )

    def managed_team_ids(self) -> set[int]:
        return {tid for tid, role in self.team_roles.items() if role == TeamRole.MANAGER}


def roles_for(user) -> Roles:
    """The roles of `user`, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated:
        return Roles()
    cached = getattr(user, ROLES_CACHE_ATTR, None)
    if cached is not None:
        return cached
    org_roles = dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
    team_rows = TeamMembership.objects.filter(user=user).values_list(
        "team_id", "role", "team__organisation_id"
    )
    roles = Roles(
        org_roles=org_roles,
        team_roles={team_id: role for team_id, role, _ in team_rows},
        team_orgs={team_id: org_id for team_id, _, org_id in team_rows},
    )
    setattr(user, ROLES_CACHE_ATTR, roles)
    return roles


def organisation_list():
    return Organisation.objects.order_by("name")


def memberships_for_user(*, user):
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
