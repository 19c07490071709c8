"""Who may do what with organisations and teams. Every view and template asks these."""

import rules

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
def is_team_manager(user, team) -> bool:
    return team is not None and roles_for(user).manages_team(team.pk)


@rules.predicate
def is_team_member(user, team) -> bool:
    return team is not None and team.pk in roles_for(user).team_roles


@rules.predicate
def is_team_org_organiser(user, team) -> bool:
    return team is not None and roles_for(user).is_organiser(team.organisation_id)


@rules.predicate
def is_privileged(user) -> bool:
    """Organisers and admins anywhere: they must use two-factor sign-in."""
    return bool(user and user.is_authenticated) and (
        user.is_superuser or user.is_staff or roles_for(user).is_privileged_anywhere()
    )


rules.add_perm("organisations.view_organisation", rules.always_allow)
rules.add_perm("organisations.view_members", is_org_member | is_site_admin)
rules.add_perm("organisations.change_organisation", is_org_organiser | is_site_admin)
rules.add_perm("organisations.manage_roles", is_org_admin | is_site_admin)
rules.add_perm("organisations.invite", is_org_organiser | is_site_admin)
rules.add_perm("organisations.view_team", is_team_member | is_team_org_organiser | is_site_admin)
rules.add_perm(
    "organisations.invite_to_team", is_team_manager | is_team_org_organiser | is_site_admin
)
rules.add_perm("organisations.change_team", is_team_manager | is_team_org_organiser | is_site_admin)
