"""Every page for every role, with exact status codes."""

import pytest
from django.urls import reverse

from .conftest import ROLES, SECRET
from .factories import ManagerShareFactory, RequirementFactory, ShareLinkFactory

OWNER_ONLY = {"member": 200}


def expected(role, allowed: dict, denied: int = 404) -> int:
    if role == "anonymous":
        return 302
    return allowed.get(role, denied)


def assert_page(response, status):
    assert response.status_code == status
    if status == 200 and response["Content-Type"].startswith("text/html"):
        assert response.content.count(b"<h1") == 1


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name", ["activity_list", "activity_create", "requirement_list", "requirement_create",
             "export", "sharing", "people_list"],
)  # fmt: skip
def test_own_pages_for_role(client_as, role, name, member):
    response = client_as(role).get(reverse(f"portfolio:{name}"))
    assert_page(response, 302 if role == "anonymous" else 200)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name", ["activity_detail", "activity_edit", "activity_delete", "reflection_create"]
)
def test_activity_pages_for_role(client_as, role, name, activity):
    response = client_as(role).get(reverse(f"portfolio:{name}", args=[activity.pk]))
    assert_page(response, expected(role, OWNER_ONLY))
    if role != "member":
        assert SECRET.encode() not in response.content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["reflection_edit", "reflection_delete", "reflection_follow_up"])
def test_reflection_pages_for_role(client_as, role, name, reflection):
    response = client_as(role).get(reverse(f"portfolio:{name}", args=[reflection.pk]))
    assert_page(response, expected(role, OWNER_ONLY))
    if role != "member":
        assert SECRET.encode() not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_evidence_download_for_role(client_as, role, evidence):
    response = client_as(role).get(reverse("portfolio:evidence_download", args=[evidence.pk]))
    assert response.status_code == expected(role, OWNER_ONLY)
    if response.status_code == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert response["Content-Disposition"] == 'attachment; filename="certificate.pdf"'


@pytest.mark.parametrize("role", ROLES)
def test_activity_detail_shows_reflection_to_owner_only(client_as, role, activity):
    response = client_as(role).get(reverse("portfolio:activity_detail", args=[activity.pk]))
    assert (SECRET.encode() in response.content) is (role == "member")


@pytest.mark.parametrize("role", ROLES)
def test_personal_requirement_pages_for_role(client_as, role, member):
    rule = RequirementFactory(owner=member, name="My own goal")
    for name in ("requirement_detail", "requirement_edit", "requirement_delete"):
        response = client_as(role).get(reverse(f"portfolio:{name}", args=[rule.pk]))
        assert_page(response, expected(role, OWNER_ONLY))


@pytest.mark.parametrize("role", ROLES)
def test_organisation_requirement_detail_for_role(client_as, role, organisation, member):
    rule = RequirementFactory(organisation=organisation, name="Riverside scheme")
    response = client_as(role).get(reverse("portfolio:requirement_detail", args=[rule.pk]))
    allowed = {"member": 200, "other_member": 200, "manager": 200, "organiser": 200, "admin": 200}
    assert_page(response, expected(role, allowed))


@pytest.mark.parametrize("role", ROLES)
def test_organisation_requirement_edit_for_role(client_as, role, organisation, member):
    rule = RequirementFactory(organisation=organisation, name="Riverside scheme")
    response = client_as(role).get(reverse("portfolio:requirement_edit", args=[rule.pk]))
    # Members of the organisation know the rule but may not change it; outsiders get 404.
    allowed = {"member": 403, "other_member": 403, "manager": 403, "organiser": 200, "admin": 200}
    assert_page(response, expected(role, allowed))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["organisation_requirements", "organisation_requirement_create"])
def test_organisation_rule_pages_for_role(client_as, role, name, organisation, member):
    response = client_as(role).get(reverse(f"portfolio:{name}", args=[organisation.slug]))
    assert_page(response, expected(role, {"organiser": 200, "admin": 200}, denied=403))


def test_organisation_rule_page_unknown_is_404(client_as, organiser):
    url = reverse("portfolio:organisation_requirements", args=["nowhere"])
    assert client_as("organiser").get(url).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_person_record_for_role(client_as, role, activity, member):
    ManagerShareFactory(owner=member, include_reflections=False)
    response = client_as(role).get(reverse("portfolio:person_record", args=[member.pk]))
    assert_page(response, expected(role, {"manager": 200}))
    if response.status_code == 200:
        assert b"Storytelling workshop" in response.content
    assert SECRET.encode() not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_person_record_with_reflections_for_role(client_as, role, activity, member):
    ManagerShareFactory(owner=member, include_reflections=True)
    response = client_as(role).get(reverse("portfolio:person_record", args=[member.pk]))
    assert_page(response, expected(role, {"manager": 200}))
    assert (SECRET.encode() in response.content) is (role == "manager")


@pytest.mark.parametrize("role", ROLES)
def test_person_record_without_share_is_404_for_role(client_as, role, activity, member):
    response = client_as(role).get(reverse("portfolio:person_record", args=[member.pk]))
    assert response.status_code == (302 if role == "anonymous" else 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_person_export_for_role(client_as, role, fmt, activity, member):
    ManagerShareFactory(owner=member, include_reflections=False)
    url = reverse("portfolio:person_export", args=[member.pk]) + f"?format={fmt}"
    response = client_as(role).get(url)
    assert response.status_code == expected(role, {"manager": 200})
    if response.status_code == 200:
        assert "Storytelling workshop" in response.content.decode()
    assert SECRET.encode() not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_person_evidence_for_role(client_as, role, evidence, member):
    ManagerShareFactory(owner=member, include_reflections=True)
    url = reverse("portfolio:person_evidence", args=[member.pk, evidence.pk])
    assert client_as(role).get(url).status_code == expected(role, {"manager": 200})


@pytest.mark.parametrize("role", ROLES)
def test_person_evidence_without_reflections_is_404_for_role(client_as, role, evidence, member):
    ManagerShareFactory(owner=member, include_reflections=False)
    url = reverse("portfolio:person_evidence", args=[member.pk, evidence.pk])
    assert client_as(role).get(url).status_code == (302 if role == "anonymous" else 404)


@pytest.mark.parametrize("role", ROLES)
def test_shared_link_for_role(client_as, role, activity, member):
    link = ShareLinkFactory(owner=member, include_reflections=False)
    response = client_as(role).get(reverse("portfolio:shared_link", args=[link.token]))
    assert_page(response, 200)
    assert b"Storytelling workshop" in response.content
    assert SECRET.encode() not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_shared_link_with_reflections_for_role(client_as, role, activity, evidence, member):
    link = ShareLinkFactory(owner=member, include_reflections=True)
    client = client_as(role)
    assert SECRET.encode() in client.get(f"/portfolio/shared/{link.token}/").content
    url = reverse("portfolio:shared_link_evidence", args=[link.token, evidence.pk])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_revoked_link_is_404_for_role(client_as, role, activity, evidence, member):
    from django.utils import timezone

    link = ShareLinkFactory(owner=member, include_reflections=True, revoked_at=timezone.now())
    client = client_as(role)
    for url in (
        reverse("portfolio:shared_link", args=[link.token]),
        reverse("portfolio:shared_link_export", args=[link.token]) + "?format=json",
        reverse("portfolio:shared_link_evidence", args=[link.token, evidence.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert SECRET.encode() not in response.content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_own_export_for_role(client_as, role, fmt, activity):
    url = reverse("portfolio:export") + f"?format={fmt}&include_reflections=on"
    response = client_as(role).get(url)
    assert response.status_code == (302 if role == "anonymous" else 200)
    assert (SECRET.encode() in response.content) is (role == "member")
    assert (b"Storytelling workshop" in response.content) is (role == "member")


@pytest.mark.parametrize("role", ROLES)
def test_record_list_shows_only_own_activities_for_role(client_as, role, activity):
    response = client_as(role).get(reverse("portfolio:activity_list"))
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert (b"Storytelling workshop" in response.content) is (role == "member")
    assert SECRET.encode() not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_post_actions_on_others_activity_change_nothing(client_as, role, activity, evidence):
    client = client_as(role)
    urls = [
        reverse("portfolio:activity_delete", args=[activity.pk]),
        reverse("portfolio:evidence_delete", args=[evidence.pk]),
        reverse("portfolio:reflection_delete", args=[activity.reflections.get().pk]),
    ]
    if role == "member":
        return
    for url in urls:
        assert client.post(url).status_code == (302 if role == "anonymous" else 404)
    activity.refresh_from_db()
    assert activity.evidence.count() == 1
    assert activity.reflections.count() == 1


def test_unknown_ids_are_404(client_as, member):
    client = client_as("member")
    for url in (
        "/portfolio/activities/999999/",
        "/portfolio/evidence/999999/",
        "/portfolio/reflections/999999/edit/",
        "/portfolio/requirements/999999/",
        "/portfolio/people/999999/",
        "/portfolio/shared/not-a-token/",
    ):
        assert client.get(url).status_code == 404
