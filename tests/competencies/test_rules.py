import pytest

from atheneum.competencies.rules import RatingTarget, can

from .conftest import ROLES
from .factories import share

VIEW_OWN_FRAMEWORK = {
    "anonymous": False,
    "member": True,
    "other_member": True,
    "manager": True,
    "other_org_manager": False,
    "organiser": True,
    "admin": True,
}
AUTHORS = {"organiser", "admin"}


@pytest.mark.parametrize("role", ROLES)
def test_view_framework_of_organisation_for_role(role_user, role, framework):
    assert (
        can(role_user(role), "competencies.view_framework", framework) is VIEW_OWN_FRAMEWORK[role]
    )


@pytest.mark.parametrize("role", ROLES)
def test_view_published_framework_for_role(role_user, role, published_framework):
    assert can(role_user(role), "competencies.view_framework", published_framework) is True


@pytest.mark.parametrize("role", ROLES)
def test_view_other_organisations_framework_for_role(role_user, role, other_framework):
    expected = role in {"other_org_manager", "admin"}
    assert can(role_user(role), "competencies.view_framework", other_framework) is expected


@pytest.mark.parametrize("role", ROLES)
def test_change_framework_for_role(role_user, role, framework):
    assert can(role_user(role), "competencies.change_framework", framework) is (role in AUTHORS)


@pytest.mark.parametrize("role", ROLES)
def test_change_published_framework_without_owner_only_admin(role_user, role, published_framework):
    expected = role == "admin"
    assert can(role_user(role), "competencies.change_framework", published_framework) is expected


@pytest.mark.parametrize("role", ROLES)
def test_import_for_organisation_for_role(role_user, role, organisation):
    assert can(role_user(role), "competencies.import_framework", organisation) is (role in AUTHORS)
    assert can(role_user(role), "competencies.add_framework", organisation) is (role in AUTHORS)


@pytest.mark.parametrize("role", ROLES)
def test_import_for_everyone_only_admin(role_user, role):
    assert can(role_user(role), "competencies.import_framework", None) is (role == "admin")


@pytest.mark.parametrize("role", ROLES)
def test_export_follows_view(role_user, role, framework):
    expected = VIEW_OWN_FRAMEWORK[role]
    assert can(role_user(role), "competencies.export_framework", framework) is expected


@pytest.mark.parametrize("role", ROLES)
def test_rate_self_for_role(role_user, role, framework):
    expected = VIEW_OWN_FRAMEWORK[role] and role != "anonymous"
    assert can(role_user(role), "competencies.rate_self", framework) is expected


@pytest.mark.parametrize("role", ROLES)
def test_view_ratings_of_member_who_shares(role_user, role, member):
    share(member)
    expected = role in {"member", "manager"}
    assert can(role_user(role), "competencies.view_ratings", member) is expected


@pytest.mark.parametrize("role", ROLES)
def test_view_ratings_of_member_who_does_not_share(role_user, role, member):
    assert can(role_user(role), "competencies.view_ratings", member) is (role == "member")


@pytest.mark.parametrize("role", ROLES)
def test_rate_as_manager_for_role(role_user, role, member, framework):
    share(member)
    expected = role == "manager"
    assert can(
        role_user(role), "competencies.rate_as_manager", RatingTarget(member, framework)
    ) is (expected)


def test_rate_as_manager_denied_without_sharing(manager, member, framework):
    assert can(manager, "competencies.rate_as_manager", RatingTarget(member, framework)) is False


def test_rate_as_manager_denied_when_framework_has_no_manager_ratings(manager, member, framework):
    share(member)
    framework.uses_manager_ratings = False
    assert can(manager, "competencies.rate_as_manager", RatingTarget(member, framework)) is False


def test_manager_cannot_rate_self_as_manager(manager, framework):
    share(manager)
    assert can(manager, "competencies.rate_as_manager", RatingTarget(manager, framework)) is False
