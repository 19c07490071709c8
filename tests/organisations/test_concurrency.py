"""Real simultaneous accepts of one invitation link, each in its own thread and connection."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone

from atheneum.organisations import services
from atheneum.organisations.models import Invitation, Membership
from tests.factories import OrganisationFactory, UserFactory

THREADS = 4


def _accept_all_at_once(token, users):
    barrier = threading.Barrier(len(users))
    outcomes = []

    def accept(user):
        try:
            barrier.wait(timeout=10)
            services.invitation_accept(token=token, acting_user=user)
            outcomes.append("accepted")
        except ValidationError as exc:
            outcomes.append(exc.code)
        except OperationalError:  # SQLite gave up waiting for the write lock
            outcomes.append("locked")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    close_old_connections()
    return outcomes


def _invitation():
    organisation = OrganisationFactory()
    return Invitation.objects.create(
        organisation=organisation,
        email="invitee@example.org",
        expires_at=timezone.now() + timedelta(days=14),
    )


@pytest.mark.django_db(transaction=True)
def test_invitation_accept_concurrent_same_person_creates_one_membership():
    invitation = _invitation()
    person = UserFactory()
    outcomes = _accept_all_at_once(invitation.token, [person] * THREADS)
    assert outcomes.count("accepted") == 1
    assert len(outcomes) == THREADS
    assert set(outcomes) - {"accepted"} <= {"used", "locked"}
    assert Membership.objects.filter(organisation=invitation.organisation).count() == 1


@pytest.mark.django_db(transaction=True)
def test_invitation_accept_concurrent_different_people_only_one_joins():
    invitation = _invitation()
    people = UserFactory.create_batch(THREADS)
    outcomes = _accept_all_at_once(invitation.token, people)
    assert outcomes.count("accepted") == 1
    assert set(outcomes) - {"accepted"} <= {"used", "locked"}
    memberships = Membership.objects.filter(organisation=invitation.organisation)
    assert memberships.count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_by_id == memberships.get().user_id
