"""Who may do what in an event's call for speakers (loaded from rules.py).

A proposal exists only for its submitter and for the organisers of the event's organisation
(and the site administrator): everyone else gets a 404. Reviewers see other reviewers' scores
and comments only once they have scored the proposal themselves. Ask with
`atheneum.organisations.rules.can` (no superuser shortcut).
"""

import rules

from atheneum.organisations.rules import is_org_organiser, is_site_admin

from .enums import EventStatus, ProposalStatus


@rules.predicate
def is_event_organiser(user, event) -> bool:
    return event is not None and is_org_organiser.test(user, event.organisation)


@rules.predicate
def is_open_for_proposals(user, event) -> bool:
    return event is not None and event.status == EventStatus.PROPOSALS


@rules.predicate
def is_active_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_submitter(user, proposal) -> bool:
    return (
        proposal is not None
        and bool(user and user.is_authenticated)
        and proposal.submitter_id == user.pk
    )


@rules.predicate
def is_undecided(user, proposal) -> bool:
    return proposal is not None and proposal.status == ProposalStatus.SUBMITTED


@rules.predicate
def is_proposal_organiser(user, proposal) -> bool:
    return proposal is not None and is_org_organiser.test(user, proposal.event.organisation)


@rules.predicate
def has_reviewed(user, proposal) -> bool:
    if proposal is None or not user or not user.is_authenticated:
        return False
    return proposal.reviews.filter(reviewer=user).exists()


may_review = (is_proposal_organiser | is_site_admin) & ~is_submitter

# Objects: an Event.
rules.add_perm("events.submit_proposal", is_active_user & is_open_for_proposals)
rules.add_perm("events.review_proposals", is_event_organiser | is_site_admin)
# Objects: a Proposal (with its event).
rules.add_perm("events.view_proposal", is_submitter | is_proposal_organiser | is_site_admin)
rules.add_perm("events.change_proposal", is_submitter & is_undecided)
rules.add_perm("events.withdraw_proposal", is_submitter & is_undecided)
rules.add_perm("events.review_proposal", may_review & is_undecided)
rules.add_perm("events.see_reviews", may_review & has_reviewed)
rules.add_perm("events.decide_proposal", (is_proposal_organiser | is_site_admin) & is_undecided)
