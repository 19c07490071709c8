"""What a portfolio source key earns: the issuing organisation and the achievement's texts.

Only reads. Module completion, event attendance (one badge per event, however many sessions)
and a published translation earn a badge; coaching and anything else earns none.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from atheneum.common.languages import language_name


@dataclass(frozen=True)
class Achievement:
    organisation: object
    key: str
    name: str
    description: str
    criteria: str
    url: str
    language: str


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _module(pk: str, language: str) -> Achievement | None:
    from atheneum.learning.models import Module

    module = Module.objects.select_related("organisation").filter(pk=pk).first()
    if module is None or module.organisation_id is None:
        return None
    return Achievement(
        organisation=module.organisation,
        key=f"learning:module:{module.pk}",
        name=module.title,
        description=module.summary,
        criteria=_(
            "Completed the online module “%(title)s”, including its self-assessment, on Atheneum."
        )
        % {"title": module.title},
        url=_absolute(module.get_absolute_url()),
        language=language,
    )


def _event(uid: str, language: str) -> Achievement | None:
    from atheneum.events import selectors as event_selectors
    from atheneum.events.models import Session

    try:
        uid = str(uuid.UUID(uid))
    except ValueError:
        return None
    session = Session.objects.select_related("event__organisation").filter(uid=uid).first()
    if session is None or session.event.organisation_id is None:
        return None
    event = session.event
    title = event_selectors.event_title(event, language)
    return Achievement(
        organisation=event.organisation,
        key=f"events:event:{event.pk}",
        name=_("Attended %(event)s") % {"event": title},
        description=_("Took part in the event “%(event)s” organised by %(organisation)s.")
        % {"event": title, "organisation": event.organisation.name},
        criteria=_("Attendance at one or more sessions of “%(event)s” was recorded.")
        % {"event": title},
        url=_absolute(reverse("events:event_detail", args=[event.slug])),
        language=language,
    )


def _translation(pk: str, language: str) -> Achievement | None:
    from atheneum.translations.enums import LanguageState
    from atheneum.translations.models import TargetLanguage

    target = (
        TargetLanguage.objects.select_related("campaign__organisation")
        .filter(pk=pk, state=LanguageState.PUBLISHED)
        .first()
    )
    if target is None or target.campaign.organisation_id is None:
        return None
    campaign = target.campaign
    name = language_name(target.language, in_language=language)
    return Achievement(
        organisation=campaign.organisation,
        key=f"translations:target:{target.pk}",
        name=_("Translated “%(campaign)s” into %(language)s")
        % {"campaign": campaign.title, "language": name},
        description=_(
            "Translated “%(campaign)s” into %(language)s for %(organisation)s as a volunteer."
        )
        % {
            "campaign": campaign.title,
            "language": name,
            "organisation": campaign.organisation.name,
        },
        criteria=_("The translation was reviewed, approved and published by the campaign."),
        url=_absolute(target.get_absolute_url()),
        language=language,
    )


def achievement_for(*, source_key: str, language: str) -> Achievement | None:
    """The achievement a source key earns, its texts in `language`; None if it earns none."""
    parts = source_key.split(":")
    with translation.override(language):
        if len(parts) == 3 and parts[:2] == ["learning", "module"] and parts[2].isdigit():
            return _module(parts[2], language)
        if len(parts) == 3 and parts[:2] == ["events", "session"]:
            return _event(parts[2], language)
        if len(parts) == 3 and parts[0] == "translations" and parts[1].isdigit():
            return _translation(parts[1], language)
    return None
