"""Who may do what with competency frameworks and ratings. Views, services and templates ask
these through `can(user, perm, obj)` (no superuser shortcut: a site administrator does not see
anyone's ratings).

Objects: a Framework for framework rules; an Organisation (or None for "everyone") for creating
and importing; the rated person (a User) for `view_ratings`; a `RatingTarget` for
`rate_as_manager`.
"""

from dataclasses import dataclass

import rules

from atheneum.organisations.rules import can, is_org_organiser, is_site_admin
from atheneum.organisations.selectors import roles_for

__all__ = ["RatingTarget", "can"]


@dataclass(frozen=True)
class RatingTarget:
    """A person to rate on a framework."""

    person: object
    framework: object


@rules.predicate
def is_framework_published(user, framework) -> bool:
    return framework is not None and framework.is_published


@rules.predicate
def is_framework_org_member(user, framework) -> bool:
    return (
        framework is not None
        and framework.organisation_id is not None
        and roles_for(user).is_member(framework.organisation_id)
    )


@rules.predicate
def is_framework_org_organiser(user, framework) -> bool:
    return (
        framework is not None
        and framework.organisation_id is not None
        and roles_for(user).is_organiser(framework.organisation_id)
    )


@rules.predicate
def is_organisation_organiser(user, organisation) -> bool:
    """Organisers of the organisation; for None ("published for everyone") nobody."""
    return organisation is not None and is_org_organiser.test(user, organisation)


@rules.predicate
def is_self(user, person) -> bool:
    return bool(user and user.is_authenticated and person is not None and user.pk == person.pk)


def _manages(user, person) -> bool:
    if not (user and user.is_authenticated) or person is None or user.pk == person.pk:
        return False
    managed = roles_for(user).managed_team_ids()
    return bool(managed) and bool(managed & set(roles_for(person).team_roles))


def _shares(person) -> bool:
    from .selectors import rating_sharing_of

    return rating_sharing_of(user=person)


@rules.predicate
def is_sharing_manager(user, person) -> bool:
    """A manager of one of the person's teams, while the person shares their ratings."""
    return _manages(user, person) and _shares(person)


@rules.predicate
def may_rate_as_manager(user, target) -> bool:
    if target is None or not target.framework.uses_manager_ratings:
        return False
    return is_sharing_manager.test(user, target.person) and view_framework.test(
        user, target.framework
    )


view_framework = is_framework_published | is_framework_org_member | is_framework_org_organiser
view_framework = view_framework | is_site_admin
author_framework = is_framework_org_organiser | is_site_admin

# Objects: a Framework.
rules.add_perm("competencies.view_framework", view_framework)
rules.add_perm("competencies.change_framework", author_framework)
rules.add_perm("competencies.export_framework", view_framework)
rules.add_perm("competencies.rate_self", rules.is_authenticated & view_framework)
# Objects: an Organisation, or None for a framework published for everyone (site admins only).
rules.add_perm("competencies.add_framework", is_organisation_organiser | is_site_admin)
rules.add_perm("competencies.import_framework", is_organisation_organiser | is_site_admin)
# Objects: the person whose ratings are shown. Never anyone else, site administrators included.
rules.add_perm("competencies.view_ratings", is_self | is_sharing_manager)
rules.add_perm("competencies.change_sharing", is_self)
# Objects: a RatingTarget.
rules.add_perm("competencies.rate_as_manager", may_rate_as_manager)
