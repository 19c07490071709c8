"""Background work for translation campaigns' volunteers."""

from smtplib import SMTPException

from celery import shared_task

from . import work_services


@shared_task(
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def release_stale_claims() -> tuple[int, int]:
    """Reminds, then releases, languages left untouched; safe to run as often as you like."""
    return work_services.claims_release_stale()
