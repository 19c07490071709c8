"""Every page for every role, bad input through the pages, and query counts of list pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atheneum.organisations.enums import JoinPolicy, OrganisationRole, TeamRole
from atheneum.organisations.models import Invitation, Membership, Organisation, Team, TeamMembership
from tests.conftest import ROLES
from tests.factories import OrganisationFactory, UserFactory, add_member, add_to_team

from .conftest import snapshot

LOGIN = "/accounts/login/?next="
ORGANISERS_ONLY = {
    "anonymous": 302,
    "member": 403,
    "other_member": 403,
    "manager": 403,
    "other_org_manager": 403,
    "organiser": 200,
    "admin": 200,
}
TEAM_MANAGERS = {**ORGANISERS_ONLY, "manager": 200}
EVERYONE = dict.fromkeys(ROLES, 200)
INSIDERS_ONLY_OR_404 = {**dict.fromkeys(ROLES, 404), "organiser": 200, "admin": 200}


def _member_pk(user, organisation):
    return Membership.objects.get(user=user, organisation=organisation).pk


PAGES = {
    "list": ("/organisations/", EVERYONE),
    "detail": ("/organisations/riverside/", EVERYONE),
    "edit": ("/organisations/riverside/edit/", ORGANISERS_ONLY),
    "team_create": ("/organisations/riverside/teams/new/", ORGANISERS_ONLY),
    "invite": ("/organisations/riverside/invitations/", ORGANISERS_ONLY),
    "team_detail": ("/organisations/riverside/teams/children/", EVERYONE),
    "secret_team_detail": ("/organisations/riverside/teams/board/", INSIDERS_ONLY_OR_404),
    "team_edit": ("/organisations/riverside/teams/children/edit/", TEAM_MANAGERS),
    "team_invite": ("/organisations/riverside/teams/children/invitations/", TEAM_MANAGERS),
    "membership": ("/organisations/riverside/members/{member_pk}/", ORGANISERS_ONLY),
    "team_membership": (
        "/organisations/riverside/teams/children/members/{team_member_pk}/",
        TEAM_MANAGERS,
    ),
    "other_edit": ("/organisations/hilltown/edit/", {**ORGANISERS_ONLY, "organiser": 403}),
    "invitation": ("/organisations/invitations/{token}/", EVERYONE),
    "unknown_organisation": ("/organisations/nowhere/", dict.fromkeys(ROLES, 404)),
    "unknown_team": ("/organisations/riverside/teams/nowhere/", dict.fromkeys(ROLES, 404)),
}


@pytest.mark.parametrize(
    "case", [pytest.param((page, role), id=f"{page}-{role}") for page in PAGES for role in ROLES]
)
@pytest.mark.usefixtures("other_organisation", "secret_team")
def test_page_status_for_role(client_as, case, organisation, team, make_invitation):
    page, role = case
    target = UserFactory(display_name="Tess Target")
    add_to_team(target, team)
    url, expected = PAGES[page]
    url = url.format(
        member_pk=_member_pk(target, organisation),
        team_member_pk=TeamMembership.objects.get(user=target).pk,
        token=make_invitation().token,
    )
    response = client_as(role).get(url)
    assert response.status_code == expected[role]
    if expected[role] == 302:
        assert response["Location"] == LOGIN + url
    if expected[role] == 200:
        assert response.content.decode().count("<h1") == 1


@pytest.mark.parametrize("role", ROLES)
def test_organisation_page_members_list_only_for_members(client_as, role, organisation):
    add_member(UserFactory(display_name="Visible Vera"), organisation)
    content = client_as(role).get("/organisations/riverside/").content.decode()
    shown = role in {"member", "other_member", "manager", "organiser", "admin"}
    assert ("Visible Vera" in content) is shown
    assert ("<h2>Members</h2>" in content) is shown


@pytest.mark.parametrize("role", ROLES)
def test_team_page_roles_only_for_insiders(client_as, role, team):
    add_to_team(UserFactory(display_name="Teamy Tom"), team)
    content = client_as(role).get("/organisations/riverside/teams/children/").content.decode()
    shown = role in {"member", "other_member", "manager", "organiser", "admin"}
    assert ("Teamy Tom" in content) is shown
    assert "Children&#x27;s services" in content


@pytest.mark.parametrize("role", ROLES)
def test_organisation_page_shows_how_to_join_invitation_only(client_as, role, closed_organisation):
    content = client_as(role).get("/organisations/closed/").content.decode()
    assert "By invitation only" in content
    assert "Join this organisation" not in content


def test_organisation_page_offers_join_to_outsider(client_as, organisation):
    content = client_as("other_org_manager").get("/organisations/riverside/").content.decode()
    assert 'action="/organisations/riverside/join/"' in content


def test_organisation_page_hides_secret_team_from_member(client_as, secret_team):
    content = client_as("member").get("/organisations/riverside/").content.decode()
    assert "Children&#x27;s services" in content
    assert "Board" not in content


# --- joining and leaving through the pages -------------------------------------------------------


def test_join_post_by_outsider_creates_membership(client_as, organisation):
    response = client_as("other_org_manager").post("/organisations/riverside/join/")
    assert response.status_code == 302
    assert Membership.objects.filter(organisation=organisation).count() == 1


def test_join_post_anonymous_redirects_to_sign_in(client, organisation):
    response = client.post("/organisations/riverside/join/")
    assert response["Location"] == LOGIN + "/organisations/riverside/"
    assert Membership.objects.count() == 0


def test_join_get_is_not_allowed(client_as, organisation):
    assert client_as("other_org_manager").get("/organisations/riverside/join/").status_code == 405


def test_join_post_invitation_only_is_forbidden(client_as, closed_organisation):
    client = client_as("member")
    before = snapshot()
    assert client.post("/organisations/closed/join/").status_code == 403
    assert snapshot() == before


def test_join_post_already_member_shows_message(client_as, organisation):
    client = client_as("member")
    before = snapshot()
    response = client.post("/organisations/riverside/join/", follow=True)
    assert "You are already a member of this organisation." in response.content.decode()
    assert snapshot() == before


def test_leave_post_last_admin_shows_message(client_as, organisation):
    client = client_as("admin")
    before = snapshot()
    response = client.post("/organisations/riverside/leave/", follow=True)
    assert "only administrator" in response.content.decode()
    assert snapshot() == before


def test_leave_post_member_leaves(client_as, member, organisation):
    client_as("member").post("/organisations/riverside/leave/")
    assert not Membership.objects.filter(user=member).exists()


def test_team_join_post_by_organiser(client_as, organiser, team):
    response = client_as("organiser").post("/organisations/riverside/teams/children/join/")
    assert response["Location"] == "/organisations/riverside/teams/children/"
    assert TeamMembership.objects.get(user=organiser).team == team


def test_team_join_post_secret_team_is_not_found(client_as, secret_team):
    client = client_as("member")
    before = snapshot()
    assert client.post("/organisations/riverside/teams/board/join/").status_code == 404
    assert snapshot() == before


def test_team_leave_post_by_member(client_as, member, team):
    client_as("member").post("/organisations/riverside/teams/children/leave/")
    assert not TeamMembership.objects.filter(user=member).exists()


# --- organiser pages --------------------------------------------------------------------------


def _organisation_form(**changes):
    data = {
        "name": "Riverside Library",
        "description": "",
        "website": "",
        "country": "",
        "join_policy": "open",
        "moderate_comments": "on",
    }
    data.update(changes)
    return data


def test_edit_post_saves(client_as, organisation):
    response = client_as("organiser").post(
        "/organisations/riverside/edit/",
        _organisation_form(name="Riverside Public Library", website="https://r.example.org"),
    )
    assert response["Location"] == "/organisations/riverside/"
    organisation.refresh_from_db()
    assert (organisation.name, organisation.website) == (
        "Riverside Public Library",
        "https://r.example.org",
    )


def test_edit_post_over_long_name_changes_nothing(client_as, organisation):
    response = client_as("organiser").post(
        "/organisations/riverside/edit/", _organisation_form(name="x" * 151)
    )
    assert response.status_code == 200
    assert "Keep the name under 150 characters." in response.content.decode()
    assert Organisation.objects.get(pk=organisation.pk).name == "Riverside Library"


def test_edit_post_to_other_organisation_is_forbidden(client_as, other_organisation):
    response = client_as("organiser").post(
        "/organisations/hilltown/edit/", _organisation_form(name="Taken")
    )
    assert response.status_code == 403
    assert Organisation.objects.get(pk=other_organisation.pk).name == "Hill Town Library"


def test_team_create_post_saves(client_as, organisation):
    response = client_as("organiser").post(
        "/organisations/riverside/teams/new/",
        {"name": "Makerspace", "slug": "makerspace", "join_policy": "open"},
    )
    assert response["Location"] == "/organisations/riverside/teams/makerspace/"
    assert Team.objects.get(slug="makerspace").organisation == organisation


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Again", "slug": "children"}, "already has a team with that short name"),
        ({"name": "New", "slug": "new"}, "“new” is reserved"),
        ({"name": "x" * 151, "slug": "long"}, "Keep the name under 150 characters."),
        ({"name": "Bad", "slug": "no spaces"}, "Use only letters, numbers"),
        ({"name": "Bad", "slug": "ok", "join_policy": "secret"}, "Select a valid choice"),
    ],
)
def test_team_create_post_bad_input_changes_nothing(client_as, team, data, message):
    data = {"join_policy": "open", **data}
    response = client_as("organiser").post("/organisations/riverside/teams/new/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(Team.objects.values_list("slug", flat=True)) == ["children"]


def test_team_edit_post_by_manager(client_as, team):
    client_as("manager").post(
        "/organisations/riverside/teams/children/edit/",
        {
            "name": "Children's services",
            "slug": "children",
            "description": "Stories",
            "join_policy": "open",
        },
    )
    assert Team.objects.get(pk=team.pk).description == "Stories"


def test_membership_role_post_by_admin(client_as, member, organisation):
    pk = _member_pk(member, organisation)
    response = client_as("admin").post(
        f"/organisations/riverside/members/{pk}/", {"role": "organiser"}
    )
    assert response.status_code == 302
    assert Membership.objects.get(pk=pk).role == OrganisationRole.ORGANISER


def test_membership_role_post_unknown_role_changes_nothing(client_as, member, organisation):
    pk = _member_pk(member, organisation)
    response = client_as("admin").post(f"/organisations/riverside/members/{pk}/", {"role": "owner"})
    assert response.status_code == 200
    assert "Choose one of the roles in the list." in response.content.decode()
    assert Membership.objects.get(pk=pk).role == OrganisationRole.MEMBER


def test_membership_role_post_by_organiser_is_forbidden(client_as, member, organisation):
    pk = _member_pk(member, organisation)
    response = client_as("organiser").post(
        f"/organisations/riverside/members/{pk}/", {"role": "admin"}
    )
    assert response.status_code == 403
    assert Membership.objects.get(pk=pk).role == OrganisationRole.MEMBER


def test_membership_role_post_last_admin_changes_nothing(client_as, admin, organisation):
    pk = _member_pk(admin, organisation)
    response = client_as("admin").post(
        f"/organisations/riverside/members/{pk}/", {"role": "member"}
    )
    assert response.status_code == 200
    assert "at least one administrator" in response.content.decode()
    assert Membership.objects.get(pk=pk).role == OrganisationRole.ADMIN


def test_membership_remove_post_by_organiser(client_as, member, organisation):
    pk = _member_pk(member, organisation)
    response = client_as("organiser").post(f"/organisations/riverside/members/{pk}/remove/")
    assert response["Location"] == "/organisations/riverside/"
    assert not Membership.objects.filter(pk=pk).exists()
    assert not TeamMembership.objects.filter(user=member).exists()


def test_membership_remove_post_forged_across_organisations_is_not_found(
    client_as, member, organisation, other_organisation
):
    pk = _member_pk(member, organisation)
    client = client_as("organiser")
    before = snapshot()
    assert client.post(f"/organisations/hilltown/members/{pk}/remove/").status_code == 404
    assert snapshot() == before


def test_membership_remove_post_in_other_organisation_is_forbidden(
    client_as, other_org_manager, other_organisation
):
    pk = _member_pk(other_org_manager, other_organisation)
    client = client_as("organiser")
    before = snapshot()
    assert client.post(f"/organisations/hilltown/members/{pk}/remove/").status_code == 403
    assert snapshot() == before


def test_team_role_post_by_manager_is_forbidden(client_as, member, team):
    pk = TeamMembership.objects.get(user=member).pk
    client = client_as("manager")
    response = client.post(
        f"/organisations/riverside/teams/children/members/{pk}/", {"role": "manager"}
    )
    assert response.status_code == 403
    assert TeamMembership.objects.get(pk=pk).role == TeamRole.MEMBER


def test_team_role_post_by_organiser_appoints_manager(client_as, member, team):
    pk = TeamMembership.objects.get(user=member).pk
    client_as("organiser").post(
        f"/organisations/riverside/teams/children/members/{pk}/", {"role": "manager"}
    )
    assert TeamMembership.objects.get(pk=pk).role == TeamRole.MANAGER


def test_team_membership_remove_post_by_manager(client_as, member, team):
    pk = TeamMembership.objects.get(user=member).pk
    response = client_as("manager").post(
        f"/organisations/riverside/teams/children/members/{pk}/remove/"
    )
    assert response["Location"] == "/organisations/riverside/teams/children/"
    assert not TeamMembership.objects.filter(pk=pk).exists()


def test_team_membership_remove_post_manager_by_manager_changes_nothing(client_as, team):
    second = UserFactory()
    pk = add_to_team(second, team, role=TeamRole.MANAGER).pk
    client = client_as("manager")
    before = snapshot()
    response = client.post(
        f"/organisations/riverside/teams/children/members/{pk}/remove/", follow=True
    )
    assert response.status_code == 403
    assert snapshot() == before


def test_invite_post_invalid_email_changes_nothing(client_as, organisation, mailoutbox):
    response = client_as("organiser").post(
        "/organisations/riverside/invitations/", {"email": "not-an-address", "team_role": "member"}
    )
    assert response.status_code == 200
    assert "Enter a valid email address, such as name@example.org." in response.content.decode()
    assert Invitation.objects.count() == 0
    assert mailoutbox == []


def test_invite_post_team_of_other_organisation_changes_nothing(
    client_as, organisation, other_team
):
    response = client_as("organiser").post(
        "/organisations/riverside/invitations/",
        {"email": "a@example.org", "team": other_team.pk, "team_role": "member"},
    )
    assert "Choose one of this organisation&#x27;s teams." in response.content.decode()
    assert Invitation.objects.count() == 0


def test_invite_post_by_organiser_cannot_forge_admin_role(client_as, organisation):
    client_as("organiser").post(
        "/organisations/riverside/invitations/",
        {"email": "a@example.org", "role": "admin", "team_role": "member"},
    )
    assert Invitation.objects.get().role == OrganisationRole.MEMBER


def test_team_invite_post_by_manager_forged_manager_role_changes_nothing(client_as, team):
    response = client_as("manager").post(
        "/organisations/riverside/teams/children/invitations/",
        {"email": "a@example.org", "team_role": "manager"},
    )
    assert response.status_code == 200
    assert "Choose one of the roles in the list." in response.content.decode()
    assert Invitation.objects.count() == 0


def test_team_invite_post_by_manager(
    client_as, team, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("manager").post(
            "/organisations/riverside/teams/children/invitations/",
            {"email": "a@example.org", "team_role": "member"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.team, invitation.team_role) == (team, TeamRole.MEMBER)
    assert len(mailoutbox) == 1


def test_org_invite_post_by_manager_is_forbidden(client_as, team):
    response = client_as("manager").post(
        "/organisations/riverside/invitations/", {"email": "a@example.org", "team_role": "member"}
    )
    assert response.status_code == 403
    assert Invitation.objects.count() == 0


# --- query counts -------------------------------------------------------------------------------


def _queries(client, url):
    client.get(url)  # steady state: roles and fragments cached by a first visit
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_organisation_list_query_count_does_not_grow(client_as, db):
    client = client_as("member")
    OrganisationFactory.create_batch(3 - Organisation.objects.count())
    few = _queries(client, "/organisations/")
    OrganisationFactory.create_batch(27, join_policy=JoinPolicy.INVITATION)
    assert Organisation.objects.count() == 30
    assert _queries(client, "/organisations/") == few


def test_organisation_member_list_query_count_does_not_grow(client_as, organisation):
    client = client_as("organiser")
    for _ in range(3 - Membership.objects.filter(organisation=organisation).count()):
        add_member(UserFactory(), organisation)
    few = _queries(client, "/organisations/riverside/")
    for _ in range(27):
        add_member(UserFactory(), organisation)
    assert Membership.objects.filter(organisation=organisation).count() == 30
    assert _queries(client, "/organisations/riverside/") == few


def test_team_page_query_count_does_not_grow(client_as, team):
    client = client_as("manager")
    for _ in range(2):
        add_to_team(UserFactory(), team)
    few = _queries(client, "/organisations/riverside/teams/children/")
    for _ in range(27):
        add_to_team(UserFactory(), team)
    assert TeamMembership.objects.filter(team=team).count() == 30
    assert _queries(client, "/organisations/riverside/teams/children/") == few
