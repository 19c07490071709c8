from datetime import timedelta

import pytest
from django.utils import timezone

from atheneum.organisations.enums import JoinPolicy
from atheneum.organisations.models import Invitation, Membership, TeamMembership
from tests.factories import OrganisationFactory, TeamFactory


@pytest.fixture
def secret_team(organisation):
    """An invitation-only team of the organisation that none of the role fixtures is in."""
    return TeamFactory(
        organisation=organisation,
        name="Board",
        slug="board",
        join_policy=JoinPolicy.INVITATION,
    )


@pytest.fixture
def closed_organisation(db):
    return OrganisationFactory(
        name="Closed Circle", slug="closed", join_policy=JoinPolicy.INVITATION
    )


@pytest.fixture
def make_invitation(organisation):
    def make(**kwargs):
        kwargs.setdefault("organisation", organisation)
        kwargs.setdefault("email", "invitee@example.org")
        kwargs.setdefault("expires_at", timezone.now() + timedelta(days=14))
        return Invitation.objects.create(**kwargs)

    return make


def snapshot():
    """Every membership and team membership, to show that a refused action changed nothing."""
    return (
        sorted(Membership.objects.values_list("organisation_id", "user_id", "role")),
        sorted(TeamMembership.objects.values_list("team_id", "user_id", "role")),
    )
