"""Versioned fragment caching: a bump makes cached values stale at once, and only theirs."""

import pytest
from django.db import transaction

from atheneum.common import fragments
from atheneum.organisations.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _counting_builder(value):
    calls = []

    def build():
        calls.append(1)
        return f"{value}-{len(calls)}"

    return build, calls


def test_a_value_is_built_once_until_its_tag_is_bumped():
    build, calls = _counting_builder("html")
    first = fragments.cached(["page", "en"], tags=["news"], build=build)
    assert fragments.cached(["page", "en"], tags=["news"], build=build) == first
    assert len(calls) == 1

    fragments.bump("news")
    assert fragments.cached(["page", "en"], tags=["news"], build=build) == "html-2"
    assert len(calls) == 2


def test_other_tags_and_other_key_parts_are_separate():
    build, calls = _counting_builder("x")
    fragments.cached(["page", "en"], tags=["news"], build=build)
    fragments.cached(["page", "ar"], tags=["news"], build=build)
    fragments.cached(["page", "en"], tags=["events"], build=build)
    assert len(calls) == 3

    fragments.bump("events")
    fragments.cached(["page", "en"], tags=["news"], build=build)
    fragments.cached(["page", "ar"], tags=["news"], build=build)
    assert len(calls) == 3  # bumping events left the news values alone


def test_a_value_under_several_tags_goes_stale_when_any_of_them_moves():
    build, calls = _counting_builder("x")
    fragments.cached(["p"], tags=["a", "b"], build=build)
    fragments.bump("b")
    fragments.cached(["p"], tags=["a", "b"], build=build)
    assert len(calls) == 2


def test_key_parts_cannot_run_together():
    # ("ab", "c") and ("a", "bc") must not share a key.
    assert fragments.key_for(["ab", "c"], ["t"]) != fragments.key_for(["a", "bc"], ["t"])
    assert fragments.key_for(["a"], ["t1", "t2"]) != fragments.key_for(["a", "t1"], ["t2"])


def test_bumps_again_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        fragments.bump("news")
        inside = fragments.versions(["news"])
    assert len(callbacks) == 1
    callbacks[0]()
    assert fragments.versions(["news"]) != inside


def _organisation_tags(organisation):
    return ["test-organisations", f"test-organisation:{organisation.pk}"]


def test_bump_on_change_follows_saves_and_deletes():
    disconnect = fragments.bump_on_change(_organisation_tags, Organisation)
    try:
        organisation = OrganisationFactory()
        build, calls = _counting_builder("x")
        fragments.cached(["list"], tags=["test-organisations"], build=build)
        organisation.name = "Changed"
        organisation.save()
        fragments.cached(["list"], tags=["test-organisations"], build=build)
        assert len(calls) == 2
        organisation.delete()
        fragments.cached(["list"], tags=["test-organisations"], build=build)
        assert len(calls) == 3
    finally:
        disconnect()
    organisation = OrganisationFactory()
    fragments.cached(["list"], tags=["test-organisations"], build=build)
    assert len(calls) == 3  # disconnected: saving no longer bumps


def test_bumping_everything_makes_every_value_stale():
    build, calls = _counting_builder("x")
    fragments.cached(["a"], tags=["news"], build=build)
    fragments.cached(["b"], tags=["events"], build=build)
    fragments.bump(fragments.EVERYTHING)
    fragments.cached(["a"], tags=["news"], build=build)
    fragments.cached(["b"], tags=["events"], build=build)
    assert len(calls) == 4


def test_another_release_has_its_own_values(monkeypatch):
    build, calls = _counting_builder("x")
    fragments.cached(["a"], tags=["news"], build=build)
    monkeypatch.setattr(fragments, "BUILD", "another-release")
    fragments.cached(["a"], tags=["news"], build=build)
    assert len(calls) == 2
