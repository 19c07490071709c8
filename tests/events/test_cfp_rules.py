import pytest

from atheneum.events.enums import EventStatus, ProposalStatus
from atheneum.events.models import Review
from atheneum.organisations.rules import can

from .test_cfp_support import (  # noqa: F401
    competency_fixture,
    event_fixture,
    proposal_fixture,
    reviewed_fixture,
)

ROLES = [
    "anonymous",
    "member",
    "other_member",
    "manager",
    "other_org_manager",
    "organiser",
    "admin",
]
ORGANISERS = {"organiser", "admin"}


class Anonymous:
    is_authenticated = False
    is_superuser = False
    is_active = False
    pk = None


def user_for(role_user, role):
    return role_user(role) or Anonymous()


@pytest.mark.parametrize("role", ROLES)
def test_submit_proposal_for_role(role_user, role, event):
    assert can(user_for(role_user, role), "events.submit_proposal", event) is (role != "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_submit_proposal_when_closed_for_role(role_user, role, event):
    event.status = EventStatus.REGISTRATION
    assert can(user_for(role_user, role), "events.submit_proposal", event) is False


@pytest.mark.parametrize("role", ROLES)
def test_view_proposal_for_role(role_user, role, proposal):
    expected = role in ORGANISERS | {"member"}
    assert can(user_for(role_user, role), "events.view_proposal", proposal) is expected


@pytest.mark.parametrize("role", ROLES)
def test_change_proposal_for_role(role_user, role, proposal):
    assert can(user_for(role_user, role), "events.change_proposal", proposal) is (role == "member")


@pytest.mark.parametrize("role", ROLES)
def test_change_decided_proposal_for_role(role_user, role, proposal):
    proposal.status = ProposalStatus.ACCEPTED
    assert can(user_for(role_user, role), "events.change_proposal", proposal) is False
    assert can(user_for(role_user, role), "events.withdraw_proposal", proposal) is False


@pytest.mark.parametrize("role", ROLES)
def test_review_proposal_for_role(role_user, role, proposal):
    assert can(user_for(role_user, role), "events.review_proposal", proposal) is (
        role in ORGANISERS
    )


@pytest.mark.parametrize("role", ROLES)
def test_review_proposals_page_for_role(role_user, role, event):
    assert can(user_for(role_user, role), "events.review_proposals", event) is (role in ORGANISERS)


@pytest.mark.parametrize("role", ROLES)
def test_decide_proposal_for_role(role_user, role, proposal):
    assert can(user_for(role_user, role), "events.decide_proposal", proposal) is (
        role in ORGANISERS
    )


@pytest.mark.parametrize("role", ROLES)
def test_see_reviews_only_after_scoring_for_role(role_user, role, proposal, reviewed):
    user = user_for(role_user, role)
    assert can(user, "events.see_reviews", proposal) is False
    if role in ORGANISERS:
        Review.objects.create(proposal=proposal, reviewer=user, score=4)
        assert can(user, "events.see_reviews", proposal) is True


def test_organiser_cannot_review_own_proposal(proposal, organiser):
    proposal.submitter = organiser
    proposal.submitter_id = organiser.pk
    assert can(organiser, "events.review_proposal", proposal) is False
    assert can(organiser, "events.see_reviews", proposal) is False
