"""Mail about organisations, sent by a worker (or in-process when there is no broker)."""

from datetime import UTC
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from atheneum.common.tasks import once

from .models import Invitation


@shared_task(
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def invitation_send(invitation_id: int, language: str, message_id: str | None = None) -> None:
    """Mails the invitation link, in plain text, in `language`; once per `message_id`."""
    invitation = (
        Invitation.objects.select_related("organisation", "team", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return
    link = settings.SITE_URL.rstrip("/") + reverse(
        "organisations:invitation", args=[invitation.token]
    )
    with translation.override(language), timezone.override(UTC):
        subject = _("Invitation to join %(organisation)s") % {
            "organisation": invitation.organisation.name
        }
        body = render_to_string(
            "organisations/email/invitation.txt", {"invitation": invitation, "link": link}
        )
    with once(f"organisations:invitation-mail:{message_id}") as todo:
        if todo:
            send_mail(
                settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
                body,
                None,
                [invitation.email],
            )
