"""Shared fixtures: one person for every role the permission tests walk through."""

import os

import pytest

from atheneum.organisations.enums import OrganisationRole, TeamRole

from .factories import (
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    add_member,
    add_to_team,
    give_totp,
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


def _clear_cache():
    """Empties this run's cache. On Redis only this run's keys go (never FLUSHDB), so a
    suite running beside another on the same server leaves the other's sessions alone."""
    from django.conf import settings
    from django.core.cache import cache, caches

    caches["local"].clear()
    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _english_and_clean_cache(settings):
    from django.utils import translation

    translation.activate("en")
    _clear_cache()
    yield
    translation.deactivate()


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Riverside Library", slug="riverside")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Hill Town Library", slug="hilltown")


@pytest.fixture
def team(organisation):
    return TeamFactory(organisation=organisation, name="Children's services", slug="children")


@pytest.fixture
def other_team(other_organisation):
    return TeamFactory(organisation=other_organisation, name="Reference desk", slug="reference")


@pytest.fixture
def member(team):
    user = UserFactory(email="member@example.org", display_name="Mira Member")
    add_to_team(user, team)
    return user


@pytest.fixture
def other_member(team):
    user = UserFactory(email="other@example.org", display_name="Omar Other")
    add_to_team(user, team)
    return user


@pytest.fixture
def manager(team):
    user = UserFactory(email="manager@example.org", display_name="Maja Manager")
    add_to_team(user, team, role=TeamRole.MANAGER)
    return user


@pytest.fixture
def other_org_manager(other_team):
    user = UserFactory(email="elsewhere@example.org", display_name="Elsa Elsewhere")
    add_to_team(user, other_team, role=TeamRole.MANAGER)
    return user


@pytest.fixture
def organiser(organisation):
    user = UserFactory(email="organiser@example.org", display_name="Olu Organiser")
    add_member(user, organisation, role=OrganisationRole.ORGANISER)
    give_totp(user)
    return user


@pytest.fixture
def admin(organisation):
    user = UserFactory(
        email="admin@example.org", display_name="Ada Admin", is_staff=True, is_superuser=True
    )
    add_member(user, organisation, role=OrganisationRole.ADMIN)
    give_totp(user)
    return user


@pytest.fixture
def role_user(request):
    """The user for a role name (None for anonymous); use with @pytest.mark.parametrize."""

    def get(role):
        if role == "anonymous":
            return None
        return request.getfixturevalue(role)

    return get


@pytest.fixture
def client_as(db, client, role_user):
    """A test client signed in as the given role (or anonymous).

    The person's roles are read once here, as a visit would: roles are cached between requests,
    and a query count measured on the first request would count that once-per-person read."""

    def make(role):
        from atheneum.organisations.selectors import roles_for

        user = role_user(role)
        client.logout()
        if user is not None:
            client.force_login(user)
            roles_for(user)
        return client

    return make


def pytest_sessionfinish(session, exitstatus):
    """Under CI=true a skipped test fails the run, so nothing silently stops being checked."""
    if os.environ.get("CI") != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    xfailed = reporter.stats.get("xfailed", []) if reporter else []
    if skipped or xfailed:
        reporter.write_line(
            f"CI=true: {len(skipped)} skipped and {len(xfailed)} xfailed tests fail the run.",
            red=True,
        )
        session.exitstatus = 1
