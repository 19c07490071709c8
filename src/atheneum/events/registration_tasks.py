"""Background work for registration: the confirmation, waiting-list and promotion mails."""

from smtplib import SMTPException

from celery import shared_task

from .models import Registration


@shared_task(
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def send_registration_mail(registration_id: int, promoted: bool = False) -> bool:
    """Mails the person about their registration; nothing if it was cancelled meanwhile."""
    from .registration_services import registration_message

    registration = (
        Registration.objects.filter(pk=registration_id)
        .select_related("event__organisation", "form", "user")
        .prefetch_related("event__texts")
        .first()
    )
    if registration is None or registration.status == "cancelled":
        return False
    registration_message(registration=registration, promoted=promoted).send()
    return True
