"""Who may do what, for every role."""

import pytest

from atheneum.portfolio.rules import can

from .conftest import ROLES
from .factories import RequirementFactory


def _user(role_user, role):
    from django.contrib.auth.models import AnonymousUser

    return role_user(role) or AnonymousUser()


@pytest.mark.parametrize("role", ROLES)
def test_activity_rules_for_role(role_user, role, activity, evidence, reflection):
    user = _user(role_user, role)
    owner = role == "member"
    assert can(user, "portfolio.view_activity", activity) is owner
    assert can(user, "portfolio.change_activity", activity) is owner
    assert can(user, "portfolio.view_evidence", evidence) is owner
    assert can(user, "portfolio.change_evidence", evidence) is owner
    assert can(user, "portfolio.change_reflection", reflection) is owner


@pytest.mark.parametrize("role", ROLES)
def test_view_shared_record_rule_for_role(role_user, role, member):
    assert can(_user(role_user, role), "portfolio.view_shared_record", member) is (
        role == "manager"
    )


@pytest.mark.parametrize("role", ROLES)
def test_organisation_requirement_rules_for_role(role_user, role, organisation, member):
    rule = RequirementFactory(organisation=organisation)
    user = _user(role_user, role)
    in_org = {"member", "other_member", "manager", "organiser", "admin"}
    assert can(user, "portfolio.view_requirement", rule) is (role in in_org)
    assert can(user, "portfolio.change_requirement", rule) is (role in {"organiser", "admin"})
    assert can(user, "portfolio.manage_requirements", organisation) is (
        role in {"organiser", "admin"}
    )


@pytest.mark.parametrize("role", ROLES)
def test_personal_requirement_rules_for_role(role_user, role, member):
    rule = RequirementFactory(owner=member)
    user = _user(role_user, role)
    assert can(user, "portfolio.view_requirement", rule) is (role == "member")
    assert can(user, "portfolio.change_requirement", rule) is (role == "member")


def test_other_org_organiser_manages_only_own_rules(other_org_organiser, other_organisation):
    assert can(other_org_organiser, "portfolio.manage_requirements", other_organisation) is True
