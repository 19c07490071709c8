"""Who may do what with cycles, priorities, learning plans and overviews.

Ask with `atheneum.organisations.rules.can(user, perm, obj)` (no superuser shortcut). A learning
plan belongs to its member: the manager of the plan's team sees it once it has been submitted,
and nobody else sees it at all (organisers and site administrators see aggregates only).

Two kinds of rule per object: "know_*" says whether the object exists for the person (else 404),
the others whether they may do something with it (else 403).
"""

import rules

from atheneum.organisations.rules import (
    is_org_member,
    is_org_organiser,
    is_site_admin,
    is_team_manager,
    is_team_member,
    is_team_org_organiser,
)
from atheneum.organisations.selectors import roles_for

from .enums import PlanStatus

EDITABLE_STATUSES = frozenset({PlanStatus.DRAFT, PlanStatus.CHANGES_REQUESTED})


@rules.predicate
def is_plan_owner(user, plan) -> bool:
    return bool(plan is not None and user and user.is_authenticated and plan.member_id == user.pk)


@rules.predicate
def is_plan_team_manager(user, plan) -> bool:
    return plan is not None and roles_for(user).manages_team(plan.team_id)


@rules.predicate
def is_plan_shared(user, plan) -> bool:
    """A draft is the member's working copy; the manager sees the plan once submitted."""
    return plan is not None and plan.status != PlanStatus.DRAFT


@rules.predicate
def is_plan_editable(user, plan) -> bool:
    return plan is not None and plan.status in EDITABLE_STATUSES


@rules.predicate
def is_plan_active(user, plan) -> bool:
    return plan is not None and plan.status != PlanStatus.COMPLETED


@rules.predicate
def is_priority_team_manager(user, priority) -> bool:
    return (
        priority is not None
        and priority.team_id is not None
        and roles_for(user).manages_team(priority.team_id)
    )


@rules.predicate
def is_priority_org_organiser(user, priority) -> bool:
    return priority is not None and roles_for(user).is_organiser(priority.cycle.organisation_id)


may_review = is_plan_team_manager & ~is_plan_owner & is_plan_shared

# Objects: a Plan.
rules.add_perm("planning.view_plan", is_plan_owner | (is_plan_team_manager & is_plan_shared))
rules.add_perm("planning.change_plan", is_plan_owner & is_plan_editable)
rules.add_perm("planning.submit_plan", is_plan_owner & is_plan_editable)
rules.add_perm("planning.review_plan", may_review)
rules.add_perm("planning.comment_plan", is_plan_owner | may_review)
rules.add_perm("planning.complete_plan", is_plan_owner | may_review)
rules.add_perm("planning.reopen_plan", is_plan_owner)
rules.add_perm("planning.link_activities", is_plan_owner & is_plan_active)

# Objects: a Team.
rules.add_perm("planning.know_team", is_team_member | is_team_org_organiser | is_site_admin)
rules.add_perm(
    "planning.view_team_overview", is_team_manager | is_team_org_organiser | is_site_admin
)
# Names of people who share their ratings with their managers: only the team's managers.
rules.add_perm("planning.view_named_ratings", is_team_manager)
rules.add_perm(
    "planning.add_team_priority", is_team_manager | is_team_org_organiser | is_site_admin
)
rules.add_perm("planning.add_plan", is_team_member)

# Objects: an Organisation.
rules.add_perm("planning.know_organisation", is_org_member | is_site_admin)
rules.add_perm("planning.view_organisation_overview", is_org_organiser | is_site_admin)
rules.add_perm("planning.manage_cycles", is_org_organiser | is_site_admin)
rules.add_perm("planning.add_organisation_priority", is_org_organiser | is_site_admin)

# Objects: a Priority.
rules.add_perm(
    "planning.change_priority",
    is_priority_team_manager | is_priority_org_organiser | is_site_admin,
)
