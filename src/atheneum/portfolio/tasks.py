"""Background work for the portfolio: reflection follow-ups and requirement reminders.

Both are idempotent, so beat may run them daily and a retry never mails anyone twice.
"""

from smtplib import SMTPException

from celery import shared_task

from . import services


@shared_task(
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def send_reflection_follow_ups() -> int:
    return services.send_reflection_follow_ups()


@shared_task(
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def send_requirement_reminders() -> int:
    return services.send_requirement_reminders()
