"""Tasks survive at-least-once delivery: a message delivered again (as after a worker killed
before acknowledging it, with `acks_late`) has no second effect, and a delivery that failed
part-way leaves nothing recorded, so the re-delivered message still does the work.

The periodic tasks (reminders, follow-ups, newsletter issues, stale claims) claim their rows and
have their own run-twice tests next to their services; these cover the per-message mail tasks.
"""

import smtplib

import pytest
from django.core import mail

from atheneum.coaching.tasks import send_booking_mails
from atheneum.common.models import TaskReceipt
from atheneum.organisations.services import invitation_create
from atheneum.organisations.tasks import invitation_send

from ..coaching.factories import BookingFactory

pytestmark = pytest.mark.django_db


class FlakyBackend:
    """A mail backend that fails its first send, like an SMTP server going away mid-task."""

    failures = 0

    def __init__(self, *args, **kwargs):
        from django.core.mail.backends.locmem import EmailBackend

        self.inner = EmailBackend(*args, **kwargs)

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("gone")
        return self.inner.send_messages(messages)


def test_booking_mail_redelivered_sends_once():
    booking = BookingFactory()
    send_booking_mails.apply(args=[booking.pk, "confirmed", "m-1"])
    assert len(mail.outbox) == 2
    send_booking_mails.apply(args=[booking.pk, "confirmed", "m-1"])
    assert len(mail.outbox) == 2
    # A new message (another change to the booking) is a new mail.
    send_booking_mails.apply(args=[booking.pk, "cancelled", "m-2"])
    assert len(mail.outbox) == 4


def test_booking_mail_failed_midway_is_not_lost(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    settings.CELERY_TASK_EAGER_PROPAGATES = False
    FlakyBackend.failures = 1
    booking = BookingFactory()
    with pytest.raises(smtplib.SMTPServerDisconnected):
        send_booking_mails.run(booking.pk, "confirmed", "m-3")
    assert not TaskReceipt.objects.filter(key__endswith="m-3").exists()
    # The broker hands the unacknowledged message out again.
    send_booking_mails.run(booking.pk, "confirmed", "m-3")
    assert len(mail.outbox) == 2
    assert TaskReceipt.objects.filter(key__endswith="m-3").count() == 1


def test_invitation_mail_redelivered_sends_once(
    organisation, organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            organisation=organisation, email="new@example.org", acting_user=organiser
        )
    assert len(mail.outbox) == 1
    receipt = TaskReceipt.objects.get(key__startswith="organisations:invitation-mail:")
    message_id = receipt.key.rsplit(":", 1)[1]
    invitation_send.apply(args=[invitation.pk, "en", message_id])
    assert len(mail.outbox) == 1


def test_message_without_id_is_not_deduplicated():
    booking = BookingFactory()
    send_booking_mails.apply(args=[booking.pk, "confirmed"])
    send_booking_mails.apply(args=[booking.pk, "confirmed"])
    assert len(mail.outbox) == 4
    assert not TaskReceipt.objects.exists()
