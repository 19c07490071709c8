"""People saving the same segment, or claiming the same language, at the same moment.

PostgreSQL: 20 threads. SQLite, whose in-memory test database allows one writer at a time,
runs fewer; the assertions are just as exact.
"""

import threading

import pytest
from django.db import connection, connections

from atheneum.translations import work_services as services
from atheneum.translations.enums import LanguageState
from atheneum.translations.models import SegmentTranslation, TargetLanguage, Volunteer

from ..factories import OrganisationFactory, UserFactory
from .factories import SegmentTranslationFactory, TargetLanguageFactory, VolunteerFactory
from .test_work_support import campaign_with_segments


def _threads() -> int:
    return 20 if connection.vendor == "postgresql" else 4


def _fresh_copies(target, count: int) -> list:
    """One copy of the target per thread, read before they start: on SQLite even a read can
    find a table locked by another thread's write."""
    return [
        TargetLanguage.objects.select_related("campaign").get(pk=target.pk) for _ in range(count)
    ]


def _run_at_once(count: int, work) -> tuple[list, list, list]:
    """Runs work(i) in `count` threads released together; returns (results, conflicts, errors)."""
    results: list = []
    conflicts: list = []
    errors: list = []
    start = threading.Barrier(count)

    def run(i):
        try:
            start.wait()
            try:
                results.append(work(i))
            except services.Conflict as conflict:
                conflicts.append(conflict)
            except Exception as error:  # noqa: BLE001 (every other failure is a bug)
                errors.append(repr(error))
        finally:
            connections.close_all()

    workers = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results, conflicts, errors


@pytest.mark.django_db(transaction=True)
def test_segment_save_concurrent_same_version_exactly_one_wins():
    count = _threads()
    campaign, segments = campaign_with_segments(OrganisationFactory(), 1)
    target = TargetLanguageFactory(campaign=campaign, state=LanguageState.IN_TRANSLATION)
    people = [UserFactory() for _ in range(count)]
    for i, person in enumerate(people):
        VolunteerFactory(target=target, user=person, is_lead=i == 0)
    SegmentTranslationFactory(target=target, segment=segments[0], text="Départ", version=1)

    fresh = _fresh_copies(target, count)

    def work(i):
        return services.segment_save(
            target=fresh[i], segment=segments[0], text=f"Version {i}", expected_version=1,
            acting_user=people[i],
        )  # fmt: skip

    results, conflicts, errors = _run_at_once(count, work)
    assert errors == []
    assert len(results) == 1
    assert len(conflicts) == count - 1
    row = SegmentTranslation.objects.get(target=target, segment=segments[0])
    assert (row.text, row.version) == (results[0].text, 2)
    assert {conflict.current.text for conflict in conflicts} <= {"Départ", results[0].text}


@pytest.mark.django_db(transaction=True)
def test_claim_language_concurrent_exactly_one_lead():
    count = _threads()
    campaign, _ = campaign_with_segments(OrganisationFactory(), 1)
    target = TargetLanguageFactory(campaign=campaign, state=LanguageState.WANTED)
    people = [UserFactory() for _ in range(count)]

    fresh = _fresh_copies(target, count)

    def work(i):
        return services.claim_language(target=fresh[i], credit=True, acting_user=people[i])

    results, conflicts, errors = _run_at_once(count, work)
    assert (errors, conflicts) == ([], [])
    assert len(results) == count
    assert Volunteer.objects.filter(target=target).count() == count
    assert Volunteer.objects.filter(target=target, is_lead=True).count() == 1
    target.refresh_from_db()
    assert target.state == LanguageState.CLAIMED
