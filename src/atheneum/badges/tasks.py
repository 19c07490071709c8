"""Badges are issued in the background once the portfolio has recorded an activity."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import OperationalError


@shared_task(
    autoretry_for=(OperationalError, ConnectionError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def issue_badge_for_activity(user_id: int, source_key: str) -> str:
    """Safe to run again: a recipient holds at most one credential per achievement."""
    from .services import credential_issue_for_source

    recipient = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if recipient is None:
        return ""
    credential = credential_issue_for_source(recipient=recipient, source_key=source_key)
    return str(credential.pk) if credential else ""
