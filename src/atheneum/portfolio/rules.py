"""Who may do what with CPD records. A record is private: only its owner reads it, unless they
share it with the managers of their teams or through a secret link.

Ask with `can(user, perm, obj)` (no superuser shortcut): a site administrator has no business
reading a member's reflections, so `is_site_admin` appears only where an organisation's rules
are concerned.
"""

import rules

from atheneum.organisations.rules import can, is_org_organiser, is_site_admin
from atheneum.organisations.selectors import roles_for

__all__ = ["can"]


@rules.predicate
def is_activity_owner(user, activity) -> bool:
    return bool(user and user.is_authenticated and activity is not None) and (
        activity.owner_id == user.pk
    )


@rules.predicate
def is_reflection_owner(user, reflection) -> bool:
    return reflection is not None and is_activity_owner.test(user, reflection.activity)


@rules.predicate
def is_evidence_owner(user, evidence) -> bool:
    return evidence is not None and is_activity_owner.test(user, evidence.activity)


@rules.predicate
def is_personal_rule_owner(user, requirement) -> bool:
    return bool(user and user.is_authenticated and requirement is not None) and (
        requirement.owner_id is not None and requirement.owner_id == user.pk
    )


@rules.predicate
def is_rule_organisation_member(user, requirement) -> bool:
    return (
        requirement is not None
        and requirement.organisation_id is not None
        and roles_for(user).is_member(requirement.organisation_id)
    )


@rules.predicate
def is_rule_organisation_organiser(user, requirement) -> bool:
    return (
        requirement is not None
        and requirement.organisation_id is not None
        and roles_for(user).is_organiser(requirement.organisation_id)
    )


@rules.predicate
def is_organisation_rule(user, requirement) -> bool:
    return requirement is not None and requirement.organisation_id is not None


@rules.predicate
def manages_a_team_of(user, person) -> bool:
    """`user` manages at least one team that `person` belongs to."""
    if person is None or not (user and user.is_authenticated) or user.pk == person.pk:
        return False
    managed = roles_for(user).managed_team_ids()
    return bool(managed) and bool(managed & set(roles_for(person).team_roles))


# Objects: an Activity.
rules.add_perm("portfolio.view_activity", is_activity_owner)
rules.add_perm("portfolio.change_activity", is_activity_owner)
# Objects: a Reflection.
rules.add_perm("portfolio.change_reflection", is_reflection_owner)
# Objects: an Evidence file (for the owner; shared viewers go through the share).
rules.add_perm("portfolio.view_evidence", is_evidence_owner)
rules.add_perm("portfolio.change_evidence", is_evidence_owner)
# Objects: a Requirement.
rules.add_perm(
    "portfolio.view_requirement",
    is_personal_rule_owner | is_rule_organisation_member | (is_organisation_rule & is_site_admin),
)
rules.add_perm(
    "portfolio.change_requirement",
    is_personal_rule_owner
    | is_rule_organisation_organiser
    | (is_organisation_rule & is_site_admin),
)
# Objects: an Organisation.
rules.add_perm("portfolio.manage_requirements", is_org_organiser | is_site_admin)
# Objects: the person whose record is shared. The share itself is checked by the selector.
rules.add_perm("portfolio.view_shared_record", manages_a_team_of)
