"""Many people registering at the same moment never get more confirmed places than capacity.

PostgreSQL: 500 attempts (50 threads × 10 people) for 50 places. SQLite, whose in-memory test
database allows one writer at a time, runs fewer attempts; the assertions are just as exact.
"""

import threading

import pytest
from django.db import connection, connections

from atheneum.events import registration_services as services
from atheneum.events.models import Registration

from ..factories import OrganisationFactory, UserFactory
from .test_registration_support import EventFactory, RegistrationFormFactory


def _run(threads: int, per_thread: int, capacity: int) -> tuple[list, list]:
    organisation = OrganisationFactory()
    event = EventFactory(organisation=organisation, capacity=capacity)
    form = RegistrationFormFactory(event=event, language="en")
    people = [UserFactory() for _ in range(threads * per_thread)]
    errors: list = []
    start = threading.Barrier(threads)

    def work(batch):
        try:
            start.wait()
            for person in batch:
                try:
                    services.registration_create(
                        event=event, user=person, form=form, follow_language="en",
                        answers={}, acting_user=person,
                    )  # fmt: skip
                except Exception as error:  # noqa: BLE001 (every failure is a lost attempt)
                    errors.append(repr(error))
        finally:
            connections.close_all()

    workers = [
        threading.Thread(target=work, args=(people[i * per_thread : (i + 1) * per_thread],))
        for i in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    return statuses, errors


@pytest.mark.django_db(transaction=True)
def test_registration_concurrent_attempts_never_exceed_capacity():
    if connection.vendor == "postgresql":
        threads, per_thread, capacity = 50, 10, 50
    else:
        threads, per_thread, capacity = 10, 6, 12
    statuses, errors = _run(threads, per_thread, capacity)
    attempts = threads * per_thread
    assert errors == []
    assert len(statuses) == attempts
    assert statuses.count("confirmed") == capacity
    assert statuses.count("waitlisted") == attempts - capacity
