"""Who may do what with modules, their self-assessment results and training kits.

Published modules and kits are open to everyone, signed in or not: the training is free.
Drafts exist only for their authors, their organisation's organisers and the site admin.
A learner's answers, attempts and exercise answers are theirs alone; organisers and managers
see totals (`learning.view_module_report` on a Module, `learning.view_team_report` on a Team),
and a manager sees one person's score only when that person shared it.
Ask with `atheneum.organisations.rules.can` (no superuser shortcut).
"""

import rules

from atheneum.organisations.rules import (
    is_org_organiser,
    is_site_admin,
    is_team_manager,
    is_team_org_organiser,
)
from atheneum.organisations.selectors import roles_for

from .enums import ModuleStatus


@rules.predicate
def is_module_published(user, module) -> bool:
    return module is not None and module.status == ModuleStatus.PUBLISHED


@rules.predicate
def is_module_author(user, module) -> bool:
    if module is None or not (user and user.is_authenticated):
        return False
    cached = getattr(module, "_author_ids", None)
    if cached is None:
        cached = {author.pk for author in module.authors.all()}
        module._author_ids = cached
    return user.pk in cached


@rules.predicate
def is_module_organiser(user, module) -> bool:
    return module is not None and is_org_organiser.test(user, module.organisation)


@rules.predicate
def is_kit_published(user, kit) -> bool:
    return kit is not None and kit.is_published


@rules.predicate
def is_kit_creator(user, kit) -> bool:
    return kit is not None and bool(user and user.is_authenticated) and kit.created_by_id == user.pk


@rules.predicate
def is_kit_organiser(user, kit) -> bool:
    return kit is not None and is_org_organiser.test(user, kit.organisation)


@rules.predicate
def trains_for_organisation(user, organisation) -> bool:
    """Organisers, and managers of one of its teams, run training for an organisation."""
    if organisation is None:
        return False
    roles = roles_for(user)
    return roles.is_organiser(organisation.pk) or any(
        roles.manages_team(team_id)
        for team_id, org_id in roles.team_orgs.items()
        if org_id == organisation.pk
    )


may_edit_module = is_module_author | is_module_organiser | is_site_admin
may_edit_kit = is_kit_creator | is_kit_organiser | is_site_admin

# Objects: an Organisation.
rules.add_perm("learning.add_module", is_org_organiser | is_site_admin)
rules.add_perm("learning.add_kit", trains_for_organisation | is_site_admin)
# Objects: a Module.
rules.add_perm("learning.view_module", is_module_published | may_edit_module)
rules.add_perm("learning.take_module", rules.is_authenticated & is_module_published)
rules.add_perm("learning.change_module", may_edit_module)
rules.add_perm("learning.publish_module", is_module_organiser | is_site_admin)
rules.add_perm("learning.duplicate_module", rules.is_authenticated & is_module_published)
rules.add_perm("learning.view_module_report", is_module_organiser | is_site_admin)
# Objects: a Team.
rules.add_perm("learning.view_team_report", is_team_manager | is_team_org_organiser | is_site_admin)
# Objects: a Kit.
rules.add_perm("learning.view_kit", is_kit_published | may_edit_kit)
rules.add_perm("learning.copy_kit", rules.is_authenticated & (is_kit_published | may_edit_kit))
rules.add_perm("learning.change_kit", may_edit_kit)
