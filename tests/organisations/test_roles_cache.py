"""Roles are cached between requests; every way of changing them shows on the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atheneum.accounts.models import User
from atheneum.organisations.enums import OrganisationRole, TeamRole
from atheneum.organisations.models import Membership, TeamMembership
from atheneum.organisations.selectors import roles_for
from tests.factories import OrganisationFactory, TeamFactory, UserFactory, add_member, add_to_team

pytestmark = pytest.mark.django_db


def _next_request_roles(user):
    """The roles as a new request sees them: a fresh user object, nothing kept on it."""
    return roles_for(User.objects.get(pk=user.pk))


def test_warm_roles_cost_no_query():
    user = UserFactory()
    organisation = OrganisationFactory()
    add_member(user, organisation, OrganisationRole.ORGANISER)
    assert _next_request_roles(user).is_organiser(organisation.pk)
    fresh = User.objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        roles = roles_for(fresh)
    assert len(queries) == 0
    assert roles.is_organiser(organisation.pk)


def test_a_role_change_saved_on_the_model_shows_at_once():
    user = UserFactory()
    organisation = OrganisationFactory()
    membership = add_member(user, organisation, OrganisationRole.ORGANISER)
    assert _next_request_roles(user).is_organiser(organisation.pk)
    membership.role = OrganisationRole.MEMBER
    membership.save()
    roles = _next_request_roles(user)
    assert roles.is_member(organisation.pk)
    assert not roles.is_organiser(organisation.pk)


def test_memberships_deleted_in_bulk_show_at_once():
    user = UserFactory()
    organisation = OrganisationFactory()
    team = TeamFactory(organisation=organisation)
    add_member(user, organisation, OrganisationRole.ADMIN)
    add_to_team(user, team, TeamRole.MANAGER)
    assert _next_request_roles(user).manages_team(team.pk)
    Membership.objects.filter(user=user).delete()
    TeamMembership.objects.filter(user=user).delete()
    roles = _next_request_roles(user)
    assert not roles.is_member(organisation.pk)
    assert not roles.manages_team(team.pk)


def test_a_deleted_team_or_organisation_takes_its_roles_along():
    user = UserFactory()
    organisation = OrganisationFactory()
    team = TeamFactory(organisation=organisation)
    add_member(user, organisation)
    add_to_team(user, team, TeamRole.MANAGER)
    assert _next_request_roles(user).manages_team(team.pk)
    team.delete()
    assert not _next_request_roles(user).manages_team(team.pk)
    organisation.delete()
    assert not _next_request_roles(user).is_member(organisation.pk)


def test_a_team_moved_to_another_organisation_moves_in_the_roles():
    user = UserFactory()
    team = TeamFactory()
    add_to_team(user, team, TeamRole.MANAGER)
    assert _next_request_roles(user).team_orgs[team.pk] == team.organisation_id
    other = OrganisationFactory()
    team.organisation = other
    team.save()
    assert _next_request_roles(user).team_orgs[team.pk] == other.pk


def test_one_persons_roles_are_not_anothers():
    organiser, member = UserFactory(), UserFactory()
    organisation = OrganisationFactory()
    add_member(organiser, organisation, OrganisationRole.ORGANISER)
    add_member(member, organisation)
    assert _next_request_roles(organiser).is_organiser(organisation.pk)
    assert not _next_request_roles(member).is_organiser(organisation.pk)
