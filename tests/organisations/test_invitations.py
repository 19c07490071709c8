from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from atheneum.organisations import services, tasks
from atheneum.organisations.enums import OrganisationRole, TeamRole
from atheneum.organisations.models import Invitation, Membership, TeamMembership
from tests.factories import UserFactory

from .conftest import snapshot

# --- invitation_create -------------------------------------------------------------------------


def test_invitation_create_by_organiser_mails_link(
    organiser, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            organisation=organisation, email=" new@example.org ", acting_user=organiser
        )
    assert invitation.email == "new@example.org"
    assert invitation.invited_by == organiser
    assert invitation.expires_at - invitation.created_at == pytest.approx(
        timedelta(days=14), abs=timedelta(seconds=5)
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new@example.org"]
    assert message.subject == "[Atheneum] Invitation to join Riverside Library"
    assert f"http://127.0.0.1:8000/organisations/invitations/{invitation.token}/" in message.body
    assert "Olu Organiser invites you to join Riverside Library on Atheneum." in message.body
    assert message.alternatives == []


def test_invitation_create_mail_not_sent_before_commit(organiser, organisation):
    services.invitation_create(
        organisation=organisation, email="new@example.org", acting_user=organiser
    )
    assert mail.outbox == []


def test_invitation_create_uses_invitee_language(
    organiser, organisation, monkeypatch, django_capture_on_commit_callbacks
):
    UserFactory(email="francoise@example.org", interface_language="fr")
    sent = []
    monkeypatch.setattr(tasks.invitation_send, "delay", lambda *args: sent.append(args[:2]))
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            organisation=organisation, email="Francoise@example.org", acting_user=organiser
        )
    assert sent == [(invitation.pk, "fr")]


def test_invitation_create_unknown_invitee_gets_inviter_language(
    organiser, organisation, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(tasks.invitation_send, "delay", lambda *args: sent.append(args[:2]))
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            organisation=organisation, email="nobody@example.org", acting_user=organiser
        )
    assert sent == [(invitation.pk, "en")]


def test_invitation_create_into_team_with_manager_role_by_organiser(organiser, organisation, team):
    invitation = services.invitation_create(
        organisation=organisation,
        email="lead@example.org",
        team=team,
        team_role=TeamRole.MANAGER,
        acting_user=organiser,
    )
    assert (invitation.team, invitation.team_role) == (team, TeamRole.MANAGER)


def test_invitation_create_by_manager_into_own_team(manager, organisation, team):
    invitation = services.invitation_create(
        organisation=organisation, email="new@example.org", team=team, acting_user=manager
    )
    assert (invitation.team, invitation.team_role, invitation.role) == (
        team,
        TeamRole.MEMBER,
        OrganisationRole.MEMBER,
    )


def test_invitation_create_by_manager_without_team_is_refused(manager, organisation, team):
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            organisation=organisation, email="new@example.org", acting_user=manager
        )
    assert Invitation.objects.count() == 0


def test_invitation_create_by_manager_into_other_team_is_refused(
    manager, organisation, secret_team
):
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            organisation=organisation,
            email="new@example.org",
            team=secret_team,
            acting_user=manager,
        )
    assert Invitation.objects.count() == 0


def test_invitation_create_by_manager_as_manager_is_refused(manager, organisation, team):
    with pytest.raises(PermissionDenied, match="invite someone as a team manager"):
        services.invitation_create(
            organisation=organisation,
            email="new@example.org",
            team=team,
            team_role=TeamRole.MANAGER,
            acting_user=manager,
        )
    assert Invitation.objects.count() == 0


def test_invitation_create_organiser_role_by_organiser_is_refused(organiser, organisation):
    with pytest.raises(PermissionDenied, match="Only administrators may invite"):
        services.invitation_create(
            organisation=organisation,
            email="new@example.org",
            role=OrganisationRole.ORGANISER,
            acting_user=organiser,
        )
    assert Invitation.objects.count() == 0


def test_invitation_create_admin_role_by_admin(admin, organisation):
    invitation = services.invitation_create(
        organisation=organisation,
        email="new@example.org",
        role=OrganisationRole.ADMIN,
        acting_user=admin,
    )
    assert invitation.role == OrganisationRole.ADMIN


def test_invitation_create_team_of_other_organisation_is_refused(
    organiser, organisation, other_team
):
    with pytest.raises(ValidationError, match="not part of this organisation"):
        services.invitation_create(
            organisation=organisation,
            email="new@example.org",
            team=other_team,
            acting_user=organiser,
        )
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize("email", ["", "not-an-address", "a@b@c.org", "x@example"])
def test_invitation_create_invalid_email_is_refused(organiser, organisation, email):
    with pytest.raises(ValidationError, match="Enter a valid email address."):
        services.invitation_create(organisation=organisation, email=email, acting_user=organiser)
    assert Invitation.objects.count() == 0


def test_invitation_create_over_long_email_is_refused(organiser, organisation):
    with pytest.raises(ValidationError, match="at most 254 characters"):
        services.invitation_create(
            organisation=organisation, email="x" * 250 + "@example.org", acting_user=organiser
        )
    assert Invitation.objects.count() == 0


def test_invitation_create_unknown_role_is_refused(admin, organisation):
    with pytest.raises(ValidationError, match="not a role in an organisation"):
        services.invitation_create(
            organisation=organisation, email="new@example.org", role="owner", acting_user=admin
        )
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize("role", ["member", "other_member", "manager", "other_org_manager"])
def test_invitation_create_to_organisation_by_non_organiser_is_refused(
    role_user, organisation, role
):
    acting = role_user(role)
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            organisation=organisation, email="new@example.org", acting_user=acting
        )
    assert Invitation.objects.count() == 0


# --- invitation_accept -------------------------------------------------------------------------


def test_invitation_accept_creates_memberships(make_invitation, team, organisation):
    invitation = make_invitation(team=team, team_role=TeamRole.MANAGER)
    newcomer = UserFactory()
    services.invitation_accept(token=invitation.token, acting_user=newcomer)
    invitation.refresh_from_db()
    assert invitation.accepted_by == newcomer
    assert invitation.accepted_at is not None
    assert Membership.objects.get(user=newcomer).role == OrganisationRole.MEMBER
    assert TeamMembership.objects.get(user=newcomer).role == TeamRole.MANAGER


def test_invitation_accept_by_holder_of_other_email_succeeds(make_invitation, organisation):
    invitation = make_invitation(email="someone-else@example.org")
    holder = UserFactory(email="holder@example.org")
    services.invitation_accept(token=invitation.token, acting_user=holder)
    assert Membership.objects.filter(user=holder, organisation=organisation).count() == 1


def test_invitation_accept_twice_is_refused(make_invitation, organisation):
    invitation = make_invitation()
    services.invitation_accept(token=invitation.token, acting_user=UserFactory())
    before = snapshot()
    with pytest.raises(ValidationError, match="already been used") as caught:
        services.invitation_accept(token=invitation.token, acting_user=UserFactory())
    assert caught.value.code == "used"
    assert snapshot() == before
    assert Membership.objects.filter(organisation=organisation).count() == 1


def test_invitation_accept_expired_is_refused(make_invitation, organisation):
    invitation = make_invitation(expires_at=timezone.now() - timedelta(seconds=1))
    newcomer = UserFactory()
    with pytest.raises(ValidationError, match="has expired") as caught:
        services.invitation_accept(token=invitation.token, acting_user=newcomer)
    assert caught.value.code == "expired"
    assert Membership.objects.count() == 0
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


@pytest.mark.parametrize("token", ["", "nope", "x" * 65])
def test_invitation_accept_unknown_token_is_refused(db, token):
    with pytest.raises(ValidationError, match="not valid") as caught:
        services.invitation_accept(token=token, acting_user=UserFactory())
    assert caught.value.code == "unknown"
    assert Membership.objects.count() == 0


def test_invitation_accept_anonymous_is_refused(make_invitation):
    invitation = make_invitation()
    with pytest.raises(PermissionDenied):
        services.invitation_accept(token=invitation.token, acting_user=AnonymousUser())
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_invitation_accept_raises_existing_role(make_invitation, member, organisation):
    invitation = make_invitation(role=OrganisationRole.ORGANISER)
    services.invitation_accept(token=invitation.token, acting_user=member)
    assert Membership.objects.get(user=member, organisation=organisation).role == "organiser"


def test_invitation_accept_never_lowers_role(make_invitation, organiser, organisation):
    invitation = make_invitation(role=OrganisationRole.MEMBER)
    services.invitation_accept(token=invitation.token, acting_user=organiser)
    assert Membership.objects.get(user=organiser, organisation=organisation).role == "organiser"


def test_invitation_accept_team_member_made_manager(make_invitation, member, team):
    invitation = make_invitation(team=team, team_role=TeamRole.MANAGER)
    services.invitation_accept(token=invitation.token, acting_user=member)
    assert TeamMembership.objects.get(user=member, team=team).role == TeamRole.MANAGER
    assert TeamMembership.objects.filter(user=member).count() == 1


# --- the link -----------------------------------------------------------------------------------


def _url(invitation):
    return f"/organisations/invitations/{invitation.token}/"


def test_invitation_page_anonymous_offers_sign_in_and_back(client, make_invitation):
    invitation = make_invitation()
    response = client.get(_url(invitation))
    assert response.status_code == 200
    path = _url(invitation)
    assert f'href="/accounts/login/?next={path}"' in response.content.decode()
    assert f'href="/accounts/signup/?next={path}"' in response.content.decode()


def test_invitation_post_anonymous_redirects_to_sign_in(client, make_invitation):
    invitation = make_invitation()
    response = client.post(_url(invitation))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={_url(invitation)}"
    assert Membership.objects.count() == 0


def test_invitation_post_signed_in_accepts(client, make_invitation, organisation):
    invitation = make_invitation()
    newcomer = UserFactory()
    client.force_login(newcomer)
    response = client.post(_url(invitation))
    assert response.status_code == 302
    assert response["Location"] == "/organisations/riverside/"
    assert Membership.objects.filter(user=newcomer, organisation=organisation).count() == 1


def test_invitation_post_into_team_redirects_to_team(client, make_invitation, team):
    invitation = make_invitation(team=team)
    client.force_login(UserFactory())
    response = client.post(_url(invitation))
    assert response["Location"] == "/organisations/riverside/teams/children/"


def test_invitation_page_used_is_gone(client, make_invitation):
    invitation = make_invitation(accepted_at=timezone.now())
    client.force_login(UserFactory())
    response = client.post(_url(invitation))
    assert response.status_code == 410
    assert "This invitation has already been used." in response.content.decode()
    assert Membership.objects.count() == 0


def test_invitation_page_expired_is_gone(client, make_invitation):
    invitation = make_invitation(expires_at=timezone.now() - timedelta(days=1))
    response = client.get(_url(invitation))
    assert response.status_code == 410
    assert "This invitation has expired." in response.content.decode()


def test_invitation_page_unknown_token_is_not_found(client, db):
    response = client.get("/organisations/invitations/made-up-token/")
    assert response.status_code == 404
    assert "This invitation link is not valid." in response.content.decode()


def test_invitation_full_journey_by_mail(
    client, organiser, organisation, team, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/organisations/riverside/invitations/",
            {"email": "newcomer@example.org", "team": team.pk, "team_role": "member"},
        )
    assert response.status_code == 302
    link = next(line for line in mail.outbox[0].body.splitlines() if "/invitations/" in line)
    path = link.removeprefix("http://127.0.0.1:8000")
    newcomer = UserFactory(email="newcomer@example.org")
    client.force_login(newcomer)
    assert client.post(path).status_code == 302
    assert TeamMembership.objects.get(user=newcomer).team == team
    assert client.post(path).status_code == 410
    assert Membership.objects.filter(user=newcomer).count() == 1
