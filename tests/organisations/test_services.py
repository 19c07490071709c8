import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from atheneum.organisations import services
from atheneum.organisations.enums import JoinPolicy, OrganisationRole, TeamRole
from atheneum.organisations.models import Membership, Organisation, Team, TeamMembership
from tests.factories import TeamFactory, UserFactory, add_member, add_to_team

from .conftest import snapshot


def _membership(user, organisation):
    return Membership.objects.select_related("user", "organisation").get(
        user=user, organisation=organisation
    )


def _team_membership(user, team):
    return TeamMembership.objects.select_related("user", "team__organisation").get(
        user=user, team=team
    )


# --- organisation_join / organisation_leave ---------------------------------------------------


def test_organisation_join_open_creates_membership(other_org_manager, organisation):
    membership = services.organisation_join(
        organisation=organisation, acting_user=other_org_manager
    )
    assert membership.role == OrganisationRole.MEMBER
    assert membership.user == other_org_manager
    assert Membership.objects.filter(organisation=organisation).count() == 1


def test_organisation_join_invitation_only_is_refused(member, closed_organisation):
    before = snapshot()
    with pytest.raises(PermissionDenied, match="invitation only"):
        services.organisation_join(organisation=closed_organisation, acting_user=member)
    assert snapshot() == before


def test_organisation_join_twice_is_refused(member, organisation):
    before = snapshot()
    with pytest.raises(ValidationError, match="already a member"):
        services.organisation_join(organisation=organisation, acting_user=member)
    assert snapshot() == before


def test_organisation_join_anonymous_is_refused(organisation):
    with pytest.raises(PermissionDenied):
        services.organisation_join(organisation=organisation, acting_user=AnonymousUser())
    assert Membership.objects.count() == 0


def test_organisation_leave_removes_team_memberships(member, organisation, team):
    services.organisation_leave(organisation=organisation, acting_user=member)
    assert not Membership.objects.filter(user=member).exists()
    assert not TeamMembership.objects.filter(user=member).exists()


def test_organisation_leave_last_admin_is_refused(admin, organisation):
    before = snapshot()
    with pytest.raises(ValidationError, match="only administrator"):
        services.organisation_leave(organisation=organisation, acting_user=admin)
    assert snapshot() == before


def test_organisation_leave_admin_with_another_admin_succeeds(admin, organisation):
    add_member(UserFactory(), organisation, role=OrganisationRole.ADMIN)
    services.organisation_leave(organisation=organisation, acting_user=admin)
    assert not Membership.objects.filter(user=admin).exists()


def test_organisation_leave_non_member_is_refused(other_org_manager, organisation):
    with pytest.raises(ValidationError, match="not a member"):
        services.organisation_leave(organisation=organisation, acting_user=other_org_manager)


# --- team_join / team_leave -------------------------------------------------------------------


def test_team_join_org_member_joins(organiser, team):
    team_membership = services.team_join(team=team, acting_user=organiser)
    assert team_membership.role == TeamRole.MEMBER
    assert _membership(organiser, team.organisation).role == OrganisationRole.ORGANISER


def test_team_join_open_organisation_also_joins_it(other_org_manager, team, organisation):
    services.team_join(team=team, acting_user=other_org_manager)
    assert _membership(other_org_manager, organisation).role == OrganisationRole.MEMBER
    assert _team_membership(other_org_manager, team).role == TeamRole.MEMBER


def test_team_join_invitation_only_team_is_refused(member, secret_team):
    before = snapshot()
    with pytest.raises(PermissionDenied, match="invitation only"):
        services.team_join(team=secret_team, acting_user=member)
    assert snapshot() == before


def test_team_join_closed_organisation_outsider_is_refused(member, closed_organisation):
    open_team = TeamFactory(organisation=closed_organisation, slug="open-desk")
    before = snapshot()
    with pytest.raises(PermissionDenied, match="Only members of Closed Circle"):
        services.team_join(team=open_team, acting_user=member)
    assert snapshot() == before


def test_team_join_twice_is_refused(member, team):
    before = snapshot()
    with pytest.raises(ValidationError, match="already in this team"):
        services.team_join(team=team, acting_user=member)
    assert snapshot() == before


def test_team_leave_keeps_organisation_membership(member, team, organisation):
    services.team_leave(team=team, acting_user=member)
    assert not TeamMembership.objects.filter(user=member).exists()
    assert Membership.objects.filter(user=member, organisation=organisation).exists()


# --- membership_set_role ------------------------------------------------------------------------


def test_membership_set_role_by_admin(admin, member, organisation):
    membership = services.membership_set_role(
        membership=_membership(member, organisation),
        role=OrganisationRole.ORGANISER,
        acting_user=admin,
    )
    assert membership.role == OrganisationRole.ORGANISER
    assert _membership(member, organisation).role == OrganisationRole.ORGANISER


@pytest.mark.parametrize(
    "role", ["member", "other_member", "manager", "other_org_manager", "organiser"]
)
def test_membership_set_role_by_non_admin_is_refused(role_user, member, organisation, role):
    acting = role_user(role)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.membership_set_role(
            membership=_membership(member, organisation),
            role=OrganisationRole.ADMIN,
            acting_user=acting,
        )
    assert snapshot() == before


def test_membership_set_role_unknown_role_is_refused(admin, member, organisation):
    before = snapshot()
    with pytest.raises(ValidationError, match="“owner” is not a role"):
        services.membership_set_role(
            membership=_membership(member, organisation), role="owner", acting_user=admin
        )
    assert snapshot() == before


def test_membership_set_role_last_admin_cannot_be_demoted(admin, organisation):
    before = snapshot()
    with pytest.raises(ValidationError, match="at least one administrator"):
        services.membership_set_role(
            membership=_membership(admin, organisation),
            role=OrganisationRole.MEMBER,
            acting_user=admin,
        )
    assert snapshot() == before


def test_membership_set_role_admin_demoted_when_another_admin_remains(admin, organisation):
    add_member(UserFactory(), organisation, role=OrganisationRole.ADMIN)
    services.membership_set_role(
        membership=_membership(admin, organisation),
        role=OrganisationRole.ORGANISER,
        acting_user=admin,
    )
    assert _membership(admin, organisation).role == OrganisationRole.ORGANISER


# --- team_membership_set_role -------------------------------------------------------------------


def test_team_membership_set_role_organiser_appoints_manager(organiser, member, team):
    services.team_membership_set_role(
        team_membership=_team_membership(member, team),
        role=TeamRole.MANAGER,
        acting_user=organiser,
    )
    assert _team_membership(member, team).role == TeamRole.MANAGER


def test_team_membership_set_role_manager_may_not_promote(manager, member, team):
    before = snapshot()
    with pytest.raises(PermissionDenied, match="Only the organisation's organisers"):
        services.team_membership_set_role(
            team_membership=_team_membership(member, team),
            role=TeamRole.MANAGER,
            acting_user=manager,
        )
    assert snapshot() == before


def test_team_membership_set_role_manager_may_not_demote_manager(manager, team):
    second = UserFactory()
    add_to_team(second, team, role=TeamRole.MANAGER)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.team_membership_set_role(
            team_membership=_team_membership(second, team),
            role=TeamRole.MEMBER,
            acting_user=manager,
        )
    assert snapshot() == before


@pytest.mark.parametrize("role", ["member", "other_member", "other_org_manager"])
def test_team_membership_set_role_outsider_is_refused(role_user, member, team, role):
    acting = role_user(role)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.team_membership_set_role(
            team_membership=_team_membership(member, team),
            role=TeamRole.MEMBER,
            acting_user=acting,
        )
    assert snapshot() == before


def test_team_membership_set_role_unknown_role_is_refused(organiser, member, team):
    before = snapshot()
    with pytest.raises(ValidationError, match="“boss” is not a role in a team"):
        services.team_membership_set_role(
            team_membership=_team_membership(member, team), role="boss", acting_user=organiser
        )
    assert snapshot() == before


# --- membership_remove / team_membership_remove -------------------------------------------------


def test_membership_remove_by_organiser_removes_team_memberships(organiser, member, organisation):
    services.membership_remove(membership=_membership(member, organisation), acting_user=organiser)
    assert not Membership.objects.filter(user=member).exists()
    assert not TeamMembership.objects.filter(user=member).exists()


def test_membership_remove_organiser_by_organiser_is_refused(organiser, organisation):
    colleague = UserFactory()
    add_member(colleague, organisation, role=OrganisationRole.ORGANISER)
    before = snapshot()
    with pytest.raises(PermissionDenied, match="Only administrators"):
        services.membership_remove(
            membership=_membership(colleague, organisation), acting_user=organiser
        )
    assert snapshot() == before


def test_membership_remove_last_admin_is_refused(admin, organisation):
    before = snapshot()
    with pytest.raises(ValidationError, match="at least one administrator"):
        services.membership_remove(membership=_membership(admin, organisation), acting_user=admin)
    assert snapshot() == before


@pytest.mark.parametrize("role", ["member", "manager", "other_org_manager"])
def test_membership_remove_by_non_organiser_is_refused(role_user, other_member, organisation, role):
    acting = role_user(role)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.membership_remove(
            membership=_membership(other_member, organisation), acting_user=acting
        )
    assert snapshot() == before


def test_team_membership_remove_by_manager(manager, member, team, organisation):
    services.team_membership_remove(
        team_membership=_team_membership(member, team), acting_user=manager
    )
    assert not TeamMembership.objects.filter(user=member).exists()
    assert Membership.objects.filter(user=member, organisation=organisation).exists()


def test_team_membership_remove_manager_by_manager_is_refused(manager, team):
    second = UserFactory()
    add_to_team(second, team, role=TeamRole.MANAGER)
    before = snapshot()
    with pytest.raises(PermissionDenied, match="remove a team's managers"):
        services.team_membership_remove(
            team_membership=_team_membership(second, team), acting_user=manager
        )
    assert snapshot() == before


def test_team_membership_remove_by_other_org_manager_is_refused(other_org_manager, member, team):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.team_membership_remove(
            team_membership=_team_membership(member, team), acting_user=other_org_manager
        )
    assert snapshot() == before


# --- organisation_update / team_create / team_update --------------------------------------------


def test_organisation_update_by_organiser(organiser, organisation):
    services.organisation_update(
        organisation=organisation,
        data={
            "name": "Riverside Public Library",
            "description": "Lending since 1901.",
            "website": "https://riverside.example.org",
            "country": "SE",
            "join_policy": JoinPolicy.INVITATION,
            "moderate_comments": False,
        },
        acting_user=organiser,
    )
    organisation.refresh_from_db()
    assert organisation.name == "Riverside Public Library"
    assert organisation.description == "Lending since 1901."
    assert organisation.website == "https://riverside.example.org"
    assert organisation.country.code == "SE"
    assert organisation.join_policy == JoinPolicy.INVITATION
    assert organisation.moderate_comments is False


def test_organisation_update_over_long_name_is_refused(organiser, organisation):
    with pytest.raises(ValidationError) as caught:
        services.organisation_update(
            organisation=organisation, data={"name": "x" * 151}, acting_user=organiser
        )
    assert list(caught.value.message_dict) == ["name"]
    assert Organisation.objects.get(pk=organisation.pk).name == "Riverside Library"


def test_organisation_update_ignores_slug(organiser, organisation):
    services.organisation_update(
        organisation=organisation, data={"slug": "elsewhere"}, acting_user=organiser
    )
    assert Organisation.objects.get(pk=organisation.pk).slug == "riverside"


@pytest.mark.parametrize("role", ["member", "manager", "other_org_manager"])
def test_organisation_update_by_non_organiser_is_refused(role_user, organisation, role):
    acting = role_user(role)
    with pytest.raises(PermissionDenied):
        services.organisation_update(
            organisation=organisation, data={"name": "Taken over"}, acting_user=acting
        )
    assert Organisation.objects.get(pk=organisation.pk).name == "Riverside Library"


def test_team_create_by_organiser(organiser, organisation):
    team = services.team_create(
        organisation=organisation,
        data={"name": "Makerspace", "slug": "makerspace", "join_policy": JoinPolicy.OPEN},
        acting_user=organiser,
    )
    assert team.organisation == organisation
    assert Team.objects.filter(organisation=organisation, slug="makerspace").count() == 1


def test_team_create_duplicate_slug_is_refused(organiser, organisation, team):
    with pytest.raises(ValidationError) as caught:
        services.team_create(
            organisation=organisation,
            data={"name": "Children again", "slug": "children"},
            acting_user=organiser,
        )
    assert caught.value.message_dict == {
        "slug": ["This organisation already has a team with that short name."]
    }
    assert Team.objects.filter(organisation=organisation).count() == 1


def test_team_create_same_slug_in_other_organisation_succeeds(admin, other_organisation, team):
    services.team_create(
        organisation=other_organisation,
        data={"name": "Children", "slug": "children"},
        acting_user=admin,
    )
    assert Team.objects.filter(slug="children").count() == 2


def test_team_create_reserved_slug_is_refused(organiser, organisation):
    with pytest.raises(ValidationError, match="reserved"):
        services.team_create(
            organisation=organisation, data={"name": "New", "slug": "new"}, acting_user=organiser
        )
    assert Team.objects.count() == 0


def test_team_create_by_manager_is_refused(manager, organisation, team):
    with pytest.raises(PermissionDenied):
        services.team_create(
            organisation=organisation, data={"name": "Mine", "slug": "mine"}, acting_user=manager
        )
    assert Team.objects.count() == 1


def test_team_update_by_manager(manager, team):
    services.team_update(team=team, data={"description": "Story time."}, acting_user=manager)
    assert Team.objects.get(pk=team.pk).description == "Story time."


def test_team_update_by_other_org_manager_is_refused(other_org_manager, team):
    with pytest.raises(PermissionDenied):
        services.team_update(team=team, data={"name": "Ours"}, acting_user=other_org_manager)
    assert Team.objects.get(pk=team.pk).name == "Children's services"
