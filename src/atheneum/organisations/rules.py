"""Who may do what with organisations and teams. Every view, service and template asks these.

Ask with `can(user, perm, obj)`: it evaluates the rule itself. Django's `user.has_perm` lets a
superuser do anything, which is right for authority ("may change this organisation") but wrong for
state ("may join this invitation-only organisation"), so the rules spell out `is_site_admin` where
a site administrator may act and leave it out where the state decides.
"""

import rules

from .enums import JoinPolicy
from .selectors import roles_for


@rules.predicate
def is_site_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_superuser)


@rules.predicate
def is_org_member(user, organisation) -> bool:
    return organisation is not None and roles_for(user).is_member(organisation.pk)


@rules.predicate
def is_org_organiser(user, organisation) -> bool:
    """Organisers and administrators of the organisation."""
    return organisation is not None and roles_for(user).is_organiser(organisation.pk)


@rules.predicate
def is_org_admin(user, organisation) -> bool:
    return organisation is not None and roles_for(user).is_admin(organisation.pk)


@rules.predicate
def is_open_organisation(user, organisation) -> bool:
    return organisation is not None and organisation.join_policy == JoinPolicy.OPEN


@rules.predicate
def is_team_manager(user, team) -> bool:
    return team is not None and roles_for(user).manages_team(team.pk)


@rules.predicate
def is_team_member(user, team) -> bool:
    return team is not None and team.pk in roles_for(user).team_roles


@rules.predicate
def is_team_org_member(user, team) -> bool:
    return team is not None and roles_for(user).is_member(team.organisation_id)


@rules.predicate
def is_team_org_organiser(user, team) -> bool:
    return team is not None and roles_for(user).is_organiser(team.organisation_id)


@rules.predicate
def is_team_org_admin(user, team) -> bool:
    return team is not None and roles_for(user).is_admin(team.organisation_id)


@rules.predicate
def is_open_team(user, team) -> bool:
    return team is not None and team.join_policy == JoinPolicy.OPEN


@rules.predicate
def is_team_org_open(user, team) -> bool:
    return team is not None and team.organisation.join_policy == JoinPolicy.OPEN


@rules.predicate
def is_privileged(user) -> bool:
    """Organisers and admins anywhere: they must use two-factor sign-in."""
    return bool(user and user.is_authenticated) and (
        user.is_superuser or user.is_staff or roles_for(user).is_privileged_anywhere()
    )


def can(user, perm: str, obj=None) -> bool:
    """Whether the rule named `perm` allows `user` to act on `obj` (no superuser shortcut)."""
    return rules.has_perm(perm, user, obj)


# --- Organisations (obj: Organisation) ---------------------------------------------------------
rules.add_perm("organisations.view_organisation", rules.always_allow)
rules.add_perm("organisations.view_members", is_org_member | is_site_admin)
rules.add_perm("organisations.change_organisation", is_org_organiser | is_site_admin)
# Changing anyone's organisation role, and inviting or removing organisers and admins.
rules.add_perm("organisations.manage_roles", is_org_admin | is_site_admin)
rules.add_perm("organisations.invite", is_org_organiser | is_site_admin)
rules.add_perm("organisations.remove_member", is_org_organiser | is_site_admin)
rules.add_perm("organisations.create_team", is_org_organiser | is_site_admin)
rules.add_perm(
    "organisations.join_organisation",
    rules.is_authenticated & is_open_organisation & ~is_org_member,
)
rules.add_perm("organisations.leave_organisation", is_org_member)

# --- Teams (obj: Team) -------------------------------------------------------------------------
# The full team page: members and their roles.
rules.add_perm("organisations.view_team", is_team_member | is_team_org_organiser | is_site_admin)
# The public summary; an invitation-only team does not exist for anyone else.
rules.add_perm(
    "organisations.view_team_summary",
    is_open_team | is_team_member | is_team_org_organiser | is_site_admin,
)
rules.add_perm(
    "organisations.invite_to_team", is_team_manager | is_team_org_organiser | is_site_admin
)
rules.add_perm("organisations.change_team", is_team_manager | is_team_org_organiser | is_site_admin)
# Changing team members' roles (among non-managers) and removing team members.
rules.add_perm(
    "organisations.manage_team_members", is_team_manager | is_team_org_organiser | is_site_admin
)
# Making someone a manager, demoting or removing a manager, inviting as a manager.
rules.add_perm("organisations.appoint_team_manager", is_team_org_organiser | is_site_admin)
rules.add_perm(
    "organisations.join_team",
    rules.is_authenticated
    & is_open_team
    & (is_team_org_member | is_team_org_open)
    & ~is_team_member,
)
rules.add_perm("organisations.leave_team", is_team_member)

# --- Invitations (obj: Invitation) -------------------------------------------------------------
rules.add_perm("organisations.accept_invitation", rules.is_authenticated)
