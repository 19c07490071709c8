"""Simultaneous record_activity calls with one source key, each in its own thread and connection."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.db import OperationalError, close_old_connections, connection

from atheneum.portfolio import services
from atheneum.portfolio.models import Activity
from tests.factories import UserFactory

THREADS = 4


def _record(owner):
    start = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
    # A caller (a Celery task) retries when SQLite gives up waiting for its write lock.
    for _attempt in range(20):
        try:
            return services.record_activity(
                owner=owner,
                source_key="events:attendance:42",
                title="Opening keynote",
                kind="conference_session",
                start=start,
                end=start + datetime.timedelta(hours=1),
                hours=Decimal(1),
            )
        except OperationalError:
            time.sleep(0.05)
    raise AssertionError("the database stayed locked")


@pytest.mark.django_db(transaction=True)
def test_record_activity_concurrent_calls_create_one_row():
    owner = UserFactory()
    barrier = threading.Barrier(THREADS)
    results = []
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(_record(owner))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    close_old_connections()
    assert errors == []
    assert len(results) == THREADS
    assert len({activity.pk for activity, _created in results}) == 1
    assert sum(created for _activity, created in results) == 1
    assert Activity.objects.filter(owner=owner).count() == 1
