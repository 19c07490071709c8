"""Background work for meetups: reminding hosts a few days before their date."""

from smtplib import SMTPException

from celery import shared_task

from . import services


@shared_task(
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def send_host_reminders() -> int:
    """Safe to run as often as you like: each host is reminded once per date."""
    return services.host_reminders_send()
