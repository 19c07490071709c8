"""Reads about organisations, and the roles a person holds in them."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.http import Http404

from atheneum.common import fragments

from .enums import OrganisationRole, TeamRole
from .models import Invitation, Membership, Organisation, Team, TeamMembership

ROLES_CACHE_ATTR = "_atheneum_roles"
# Roles are read on every signed-in request (two-factor rule, navigation, permissions), so they
# are cached between requests too, under a tag per person that every change of a membership or
# team membership bumps (signals in apps.py: services, admin, cascades and imports alike). The
# timeout is only a safety net.
ROLES_SECONDS = 10 * 60


def roles_tags(user_id: int) -> list[str]:
    return [f"roles:{user_id}"]


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
    roles = fragments.cached(
        ["roles", user.pk],
        tags=roles_tags(user.pk),
        build=lambda: _roles_from_database(user.pk),
        timeout=ROLES_SECONDS,
    )
    setattr(user, ROLES_CACHE_ATTR, roles)
    return roles


def _roles_from_database(user_id: int) -> Roles:
    org_roles = dict(
        Membership.objects.filter(user_id=user_id).values_list("organisation_id", "role")
    )
    team_rows = TeamMembership.objects.filter(user_id=user_id).values_list(
        "team_id", "role", "team__organisation_id"
    )
    return Roles(
        org_roles={org_id: str(role) for org_id, role in org_roles.items()},
        team_roles={team_id: str(role) for team_id, role, _ in team_rows},
        team_orgs={team_id: org_id for team_id, _, org_id in team_rows},
    )


def roles_changed_tags(instance) -> list[str]:
    """The roles tags a change of a membership, team membership or team makes stale."""
    if isinstance(instance, Team):
        return [
            tag
            for user_id in TeamMembership.objects.filter(team_id=instance.pk).values_list(
                "user_id", flat=True
            )
            for tag in roles_tags(user_id)
        ]
    return roles_tags(instance.user_id)


def roles_forget(*users) -> None:
    """Drops the cached roles of these user objects after their roles changed."""
    for user in users:
        if user is not None and hasattr(user, ROLES_CACHE_ATTR):
            delattr(user, ROLES_CACHE_ATTR)


def organisation_list() -> QuerySet[Organisation]:
    """Every organisation, with its number of members, for the public directory."""
    return Organisation.objects.annotate(member_count=Count("memberships")).order_by("name", "pk")


def organisation_get_for_user(*, user, slug: str) -> Organisation:
    """The organisation at `slug` if `user` may see it (everyone may), else 404."""
    from .rules import can

    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not can(user, "organisations.view_organisation", organisation):
        raise Http404
    return organisation


def organisation_members(*, organisation: Organisation) -> QuerySet[Membership]:
    """Members of the organisation, administrators and organisers first, then by name."""
    rank = Case(
        When(role=OrganisationRole.ADMIN, then=Value(0)),
        When(role=OrganisationRole.ORGANISER, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .annotate(rank=rank)
        .order_by("rank", "user__display_name", "user__email")
    )


def membership_of(*, user, organisation: Organisation) -> Membership | None:
    if user is None or not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organisation=organisation).first()


def organisation_teams_for_user(*, user, organisation: Organisation) -> list[Team]:
    """Teams of the organisation that `user` may know about, with their member counts."""
    from .rules import can

    teams = (
        Team.objects.filter(organisation=organisation)
        .select_related("organisation")
        .annotate(member_count=Count("team_memberships"))
        .order_by("name", "pk")
    )
    return [team for team in teams if can(user, "organisations.view_team_summary", team)]


def team_get_for_user(*, user, organisation: Organisation, slug: str) -> Team:
    """The team at `slug` in `organisation` if `user` may see at least its summary, else 404.

    An invitation-only team is a 404, not a 403, for those outside it: its name is not public.
    """
    from .rules import can

    team = Team.objects.filter(organisation=organisation, slug=slug).first()
    if team is None:
        raise Http404
    team.organisation = organisation
    if not can(user, "organisations.view_team_summary", team):
        raise Http404
    return team


def team_members(*, team: Team) -> QuerySet[TeamMembership]:
    """Members of the team, managers first, then by name."""
    rank = Case(When(role=TeamRole.MANAGER, then=Value(0)), default=Value(1))
    return (
        TeamMembership.objects.filter(team=team)
        .select_related("user")
        .annotate(rank=rank)
        .order_by("rank", "user__display_name", "user__email")
    )


def team_member_count(*, team: Team) -> int:
    return TeamMembership.objects.filter(team=team).count()


def team_membership_of(*, user, team: Team) -> TeamMembership | None:
    if user is None or not user.is_authenticated:
        return None
    return TeamMembership.objects.filter(user=user, team=team).first()


def membership_get_for_user(*, user, organisation: Organisation, pk: int) -> Membership:
    """A membership of `organisation` that `user` may manage; 404 if it is not in it."""
    from .rules import can

    membership = (
        Membership.objects.filter(organisation=organisation, pk=pk).select_related("user").first()
    )
    if membership is None:
        raise Http404
    membership.organisation = organisation
    if not (
        can(user, "organisations.remove_member", organisation)
        or can(user, "organisations.manage_roles", organisation)
    ):
        raise PermissionDenied
    return membership


def team_membership_get_for_user(*, user, team: Team, pk: int) -> TeamMembership:
    """A membership of `team` that `user` may manage; 404 if it is not in the team."""
    from .rules import can

    team_membership = TeamMembership.objects.filter(team=team, pk=pk).select_related("user").first()
    if team_membership is None:
        raise Http404
    team_membership.team = team
    if not can(user, "organisations.manage_team_members", team):
        raise PermissionDenied
    return team_membership


def invitation_get_by_token(*, token: str) -> Invitation | None:
    """The invitation behind an emailed link; whoever holds the link may see it."""
    if not token or len(token) > 64:
        return None
    return (
        Invitation.objects.filter(token=token)
        .select_related("organisation", "team", "invited_by")
        .first()
    )


def invitations_pending(*, organisation: Organisation, team: Team | None = None):
    """Invitations not yet accepted (expired ones included, so organisers see them lapse)."""
    invitations = Invitation.objects.filter(
        organisation=organisation, accepted_at__isnull=True
    ).select_related("team", "invited_by")
    if team is not None:
        invitations = invitations.filter(team=team)
    return invitations.order_by("-created_at", "-pk")


def memberships_for_user(*, user):
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
