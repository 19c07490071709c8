"""The mails the volunteers' side sends, each in its recipient's interface language.

Called on commit with primary keys, so a mail always describes what was saved.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import TargetLanguage


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _target(pk: int) -> TargetLanguage | None:
    return (
        TargetLanguage.objects.select_related("campaign__organisation")
        .prefetch_related("volunteers__user")
        .filter(pk=pk)
        .first()
    )


def _message(*, template: str, recipient, context: dict) -> EmailMessage:
    with translation.override(recipient.interface_language or settings.LANGUAGE_CODE):
        context = {**context, "recipient": recipient}
        subject = render_to_string(f"translations/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"translations/email/{template}.txt", context)
    return EmailMessage(subject=subject, body=body, to=[recipient.email])


def _send(template: str, target: TargetLanguage, recipients, url_name: str, **extra) -> int:
    url = absolute_url(reverse(url_name, args=[target.campaign.slug, target.language]))
    context = {"target": target, "campaign": target.campaign, "url": url, **extra}
    sent = 0
    seen = set()
    for recipient in recipients:
        if recipient.pk in seen or not recipient.email:
            continue
        seen.add(recipient.pk)
        sent += _message(template=template, recipient=recipient, context=context).send()
    return sent


def _translators(target: TargetLanguage) -> list:
    return [volunteer.user for volunteer in target.volunteers.all()]


def send_submitted(*, target_pk: int) -> int:
    """Tells the language's reviewers (designated ones, else the campaign's organisers)."""
    from .work_selectors import reviewers_of

    target = _target(target_pk)
    if target is None:
        return 0
    return _send("submitted", target, reviewers_of(target=target), "translations:review")


def send_changes_requested(*, target_pk: int) -> int:
    target = _target(target_pk)
    if target is None:
        return 0
    return _send("changes_requested", target, _translators(target), "translations:translate")


def send_approved(*, target_pk: int) -> int:
    target = _target(target_pk)
    if target is None:
        return 0
    return _send("approved", target, _translators(target), "translations:translate")


def send_release_reminder(*, target_pk: int) -> int:
    target = _target(target_pk)
    if target is None:
        return 0
    return _send("release_reminder", target, _translators(target), "translations:translate")


def send_released(*, target_pk: int, user_ids: list[int]) -> int:
    from django.contrib.auth import get_user_model

    target = _target(target_pk)
    if target is None:
        return 0
    users = get_user_model().objects.filter(pk__in=user_ids).order_by("pk")
    return _send("released", target, users, "translations:language")
