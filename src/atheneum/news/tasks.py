"""Background work for news: sending newsletter issues."""

from smtplib import SMTPException

from celery import shared_task

from . import services


@shared_task(
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def send_newsletter_issue(issue_id: int) -> int:
    return services.issue_deliver(issue_id=issue_id)
