"""The xAPI statements Atheneum writes about its own events, to send to an organisation's
learning record store or to give a member their reflections.

Verbs (ADL vocabulary, as registered at w3id.org / adlnet.gov):

- `events:session:<uid>` → attended (`http://adlnet.gov/expapi/verbs/attended`), object type
  meeting; the object is the session.
- `learning:module:<pk>` → completed (`http://adlnet.gov/expapi/verbs/completed`), object type
  module; the object is the module.
- `coaching:booking:<pk>:<side>` → attended, object type meeting, for coach and coachee alike;
  the object is the coaching programme.
- `translations:<target_pk>:<user_pk>` → completed, object type performance; the object is
  the translation campaign.
- A reflection (teacher-development / CATCH profile pattern): an `attended` statement about the
  activity, then `https://w3id.org/xapi/catch/verbs/reflected` whose `result.response` holds the
  text and whose `context.statement` refers to the first statement.

The member is the actor as an account on this site (`homePage` = SITE_URL, `name` = their
number), never their email address: the receiving store learns no contact details.
"""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from atheneum.portfolio.templates_text import reflection_parts

PLATFORM = "Atheneum"

ATTENDED = {"id": "http://adlnet.gov/expapi/verbs/attended", "display": {"en-US": "attended"}}
COMPLETED = {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}}
REFLECTED = {"id": "https://w3id.org/xapi/catch/verbs/reflected", "display": {"en-US": "reflected"}}

MEETING = "http://adlnet.gov/expapi/activities/meeting"
MODULE = "http://adlnet.gov/expapi/activities/module"
PERFORMANCE = "http://adlnet.gov/expapi/activities/performance"
PROFESSIONAL_DEVELOPMENT = "https://w3id.org/xapi/catch/activitytypes/professional-development"

# Statement ids are uuid5 under this namespace, so the same fact always has the same id.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://atheneum.example/xapi/statements")


@dataclass(frozen=True)
class Source:
    """What a source key refers to: whose it is, and how a statement names it."""

    organisation_id: int
    object_id: str
    activity_type: str
    verb: dict


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _session_source(uid: str) -> Source | None:
    from atheneum.events.models import Session

    try:
        session = Session.objects.select_related("event").filter(uid=uuid.UUID(uid)).first()
    except ValueError:
        return None
    if session is None:
        return None
    try:
        url = absolute_url(reverse("events:session_detail", args=[session.event.slug, session.pk]))
    except NoReverseMatch:
        url = absolute_url(reverse("events:my_agenda", args=[session.event.slug]))
        url += f"#session-{session.uid}"
    return Source(session.event.organisation_id, url, MEETING, ATTENDED)


def _module_source(pk: int) -> Source | None:
    from atheneum.learning.models import Module

    module = Module.objects.filter(pk=pk).first()
    if module is None:
        return None
    url = absolute_url(module.get_absolute_url())
    return Source(module.organisation_id, url, MODULE, COMPLETED)


def _booking_source(pk: int) -> Source | None:
    from atheneum.coaching.models import Booking

    booking = Booking.objects.select_related("round__programme").filter(pk=pk).first()
    if booking is None:
        return None
    programme = booking.round.programme
    url = absolute_url(programme.get_absolute_url())
    return Source(programme.organisation_id, url, MEETING, ATTENDED)


def _translation_source(pk: int) -> Source | None:
    from atheneum.translations.models import TargetLanguage

    target = TargetLanguage.objects.select_related("campaign").filter(pk=pk).first()
    if target is None:
        return None
    campaign = target.campaign
    url = absolute_url(campaign.get_absolute_url())
    return Source(campaign.organisation_id, url, PERFORMANCE, COMPLETED)


def resolve_source(source_key: str) -> Source | None:
    """The organisation and object a source key refers to; None for keys not sent out
    (members' own entries, demo data) or whose object is gone."""
    parts = (source_key or "").split(":")
    try:
        match parts:
            case ["events", "session", uid]:
                return _session_source(uid)
            case ["learning", "module", pk]:
                return _module_source(int(pk))
            case ["coaching", "booking", pk, "coach" | "coachee"]:
                return _booking_source(int(pk))
            case ["translations", target_pk, _user_pk]:
                return _translation_source(int(target_pk))
    except ValueError:
        return None
    return None


def iso_duration(hours: Decimal) -> str:
    """ISO 8601 duration for a number of hours, to the second: 1.5 → PT1H30M."""
    seconds = int((Decimal(hours) * 3600).to_integral_value())
    if seconds <= 0:
        return "PT0S"
    whole_hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = "PT"
    if whole_hours:
        text += f"{whole_hours}H"
    if minutes:
        text += f"{minutes}M"
    if seconds:
        text += f"{seconds}S"
    return text


def timestamp(moment) -> str:
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def actor_for(user) -> dict:
    """The member as an account on this site: no email address leaves Atheneum."""
    return {
        "objectType": "Agent",
        "account": {"homePage": settings.SITE_URL.rstrip("/"), "name": str(user.pk)},
    }


def statement_id(*, scope: str, owner_id: int, source_key: str) -> uuid.UUID:
    """The same (scope, member, source) always gives the same id, so a re-send is recognised
    by the receiving store too. `scope` is e.g. a destination, so each store's copy is its own."""
    return uuid.uuid5(NAMESPACE, f"{scope}|{owner_id}|{source_key}")


def _language(activity) -> str:
    return activity.language or settings.LANGUAGE_CODE


def activity_statement(*, activity, source: Source, statement_uuid: uuid.UUID) -> dict:
    """The statement that the activity's owner attended/completed the source's object."""
    language = _language(activity)
    return {
        "id": str(statement_uuid),
        "actor": actor_for(activity.owner),
        "verb": source.verb,
        "object": {
            "objectType": "Activity",
            "id": source.object_id,
            "definition": {"name": {language: activity.title}, "type": source.activity_type},
        },
        "result": {"completion": True, "duration": iso_duration(activity.hours)},
        "context": {"platform": PLATFORM, "language": language},
        "timestamp": timestamp(activity.end),
    }


def _activity_object_id(activity) -> str:
    """The activity's own address if it has an absolute one, else its page on this site
    (no database reads, so a download of many reflections costs the same)."""
    if activity.link.startswith(("https://", "http://")):
        return activity.link
    return absolute_url(reverse("portfolio:activity_detail", args=[activity.pk]))


def reflection_text(reflection) -> str:
    """The reflection's parts under their labels (in the active language), as plain text."""
    chunks = []
    for label, text in reflection_parts(reflection):
        if text.strip():
            chunks.append(f"{label}\n{text.strip()}")
    return "\n\n".join(chunks)


def reflection_statements(reflection) -> list[dict]:
    """[attended, reflected] for a reflection, the way teacher-development (CATCH) profiles
    record it: the second statement's result holds the text and its context refers to the
    first. Private: only for the member the reflection belongs to."""
    activity = reflection.activity
    language = _language(activity)
    actor = actor_for(activity.owner)
    activity_object = {
        "objectType": "Activity",
        "id": _activity_object_id(activity),
        "definition": {"name": {language: activity.title}, "type": PROFESSIONAL_DEVELOPMENT},
    }
    attended_id = uuid.uuid5(NAMESPACE, f"reflection|{reflection.pk}|attended")
    reflected_id = uuid.uuid5(NAMESPACE, f"reflection|{reflection.pk}|reflected")
    attended = {
        "id": str(attended_id),
        "actor": actor,
        "verb": ATTENDED,
        "object": activity_object,
        "result": {"completion": True, "duration": iso_duration(activity.hours)},
        "context": {"platform": PLATFORM, "language": language},
        "timestamp": timestamp(activity.end),
    }
    reflected = {
        "id": str(reflected_id),
        "actor": actor,
        "verb": REFLECTED,
        "object": activity_object,
        "result": {"response": reflection_text(reflection)},
        "context": {
            "platform": PLATFORM,
            "language": language,
            "statement": {"objectType": "StatementRef", "id": str(attended_id)},
        },
        "timestamp": timestamp(reflection.created_at),
    }
    return [attended, reflected]


def test_statement(*, statement_uuid: uuid.UUID, organisation, moment) -> dict:
    """A statement about no member, to check a destination's address and key."""
    return {
        "id": str(statement_uuid),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": settings.SITE_URL.rstrip("/"), "name": "connection-test"},
        },
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/experienced",
            "display": {"en-US": "experienced"},
        },
        "object": {
            "objectType": "Activity",
            "id": absolute_url(organisation.get_absolute_url()),
            "definition": {"name": {"en": f"{PLATFORM} connection test"}},
        },
        "context": {"platform": PLATFORM},
        "timestamp": timestamp(moment),
    }
