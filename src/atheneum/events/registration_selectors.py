"""Reads for registration, "my agenda", calendar feeds, attendance and the organiser dashboard.

Every list here prefetches what its page shows, so pages cost the same number of queries
however many registrations or sessions an event has.
"""

import datetime
import zoneinfo
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone

from atheneum.common import fragments
from atheneum.organisations.rules import can

from .enums import ProposalStatus, RegistrationStatus
from .models import (
    AgendaItem,
    Attendance,
    CalendarFeedToken,
    Event,
    Proposal,
    Question,
    Registration,
    RegistrationForm,
    Session,
    SessionText,
)

ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)

# Cache tags, bumped by `signals`: registration forms and their questions; sessions and their
# texts; one event's registrations.
FORMS_TAG = "events:registration-forms"
SESSIONS_TAG = "events:sessions"


def registrations_tag(event_id: int) -> str:
    return f"events:registrations:{event_id}"


def agenda_tag(registration_id: int) -> str:
    return f"events:agenda:{registration_id}"


def person_tag(user_id: int) -> str:
    """A person's calendar feeds and attendance."""
    return f"events:person:{user_id}"


# --- Texts in the viewer's language --------------------------------------------------------------


def _pick_text(texts: list, language: str, default_language: str):
    by_language = {text.language: text for text in texts}
    for wanted in (language, language.split("-", maxsplit=1)[0], default_language):
        if wanted in by_language:
            return by_language[wanted]
    return texts[0] if texts else None


def event_title(event: Event, language: str) -> str:
    """The event's title in `language`, else in its main language, else any (prefetch texts)."""
    text = _pick_text(list(event.texts.all()), language, event.default_language)
    return text.title if text else event.slug


def session_title(session: Session, language: str) -> str:
    """The session's title in `language`, else in the event's main language (prefetch texts)."""
    text = _pick_text(list(session.texts.all()), language, session.event.default_language)
    return text.title if text else str(session.uid)


def event_zone(event: Event) -> datetime.tzinfo:
    try:
        return zoneinfo.ZoneInfo(event.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.UTC


# --- Events --------------------------------------------------------------------------------------


def event_get_for_registration(*, user, slug: str) -> Event:
    """The event at `slug` if `user` may know about it (drafts: its organisers only), else 404."""
    from .selectors import event_by_slug

    event = event_by_slug(slug)
    if event is None or not can(user, "events.see_event_for_registration", event):
        raise Http404
    return event


def event_get_for_organiser(*, user, slug: str, perm: str = "events.manage_registration") -> Event:
    """The event if `user` runs it: 404 when they may not know it, 403 when they may not act."""
    event = event_get_for_registration(user=user, slug=slug)
    if not can(user, perm, event):
        raise PermissionDenied
    return event


def sessions_of(*, event: Event, published_only: bool = True) -> QuerySet[Session]:
    sessions = Session.objects.filter(event=event)
    if published_only:
        sessions = sessions.filter(is_published=True)
    return sessions.select_related("event").prefetch_related("texts").order_by("start", "pk")


def sessions_published_cached(*, event: Event) -> list[Session]:
    """`sessions_of(event=event)` as a list, from the cache while no session or event changes
    (every reader gets its own copy). Holds meeting links and check-in codes: callers decide
    who sees them."""
    from .selectors import EVENTS_TAG

    return fragments.cached(
        ["events:sessions-published", event.pk],
        tags=[EVENTS_TAG, SESSIONS_TAG],
        build=lambda: list(sessions_of(event=event)),
    )


def session_get(*, event: Event, uid, published_only: bool = True) -> Session:
    session = sessions_of(event=event, published_only=published_only).filter(uid=uid).first()
    if session is None:
        raise Http404
    return session


# --- Registration forms --------------------------------------------------------------------------


def registration_forms_of(*, event: Event, open_only: bool = False) -> list[RegistrationForm]:
    forms = RegistrationForm.objects.filter(event=event).prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("position", "pk"))
    )
    if open_only:
        forms = forms.filter(is_open=True)
    return list(forms.order_by("language", "pk"))


def registration_forms_open_cached(*, event: Event) -> list[RegistrationForm]:
    """`registration_forms_of(event=event, open_only=True)`, from the cache while no form or
    question changes (every reader gets its own copy)."""
    return fragments.cached(
        ["events:registration-forms-open", event.pk],
        tags=[FORMS_TAG],
        build=lambda: registration_forms_of(event=event, open_only=True),
    )


def registration_form_get(*, event: Event, pk: int) -> RegistrationForm:
    form = (
        RegistrationForm.objects.filter(event=event, pk=pk)
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position", "pk"))
        )
        .first()
    )
    if form is None:
        raise Http404
    return form


def registration_form_for_language(
    *, forms: list[RegistrationForm], wanted: str | None, viewer_language: str, event: Event
) -> RegistrationForm | None:
    """The form the visitor asked for, else the one in their interface language, else the
    event's main language, else the first."""
    by_language = {form.language: form for form in forms}
    for language in (
        wanted,
        viewer_language,
        viewer_language.split("-", maxsplit=1)[0],
        event.default_language,
    ):
        if language and language in by_language:
            return by_language[language]
    return forms[0] if forms else None


# --- Registrations -------------------------------------------------------------------------------


def registration_of(*, event: Event, user) -> Registration | None:
    """The person's active (confirmed or waitlisted) registration for the event."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(event=event, user=user, status__in=ACTIVE)
        .select_related("form")
        .first()
    )


def registration_of_cached(*, event: Event, user) -> Registration | None:
    """`registration_of`, from the cache until a registration of the event changes. For pages
    only: services decide under a lock."""
    if user is None or not user.is_authenticated:
        return None
    found = fragments.cached(
        ["events:registration-of", event.pk, user.pk],
        tags=[registrations_tag(event.pk)],
        build=lambda: [registration_of(event=event, user=user)],
    )
    return found[0]


def has_confirmed_registration(*, event: Event, user) -> bool:
    """Whether `user` holds a confirmed place (the rule for seeing meeting links)."""
    if user is None or not user.is_authenticated:
        return False
    return Registration.objects.filter(
        event=event, user=user, status=RegistrationStatus.CONFIRMED
    ).exists()


def confirmed_count(*, event: Event) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def confirmed_count_shown(*, event: Event) -> int:
    """`confirmed_count` for showing places left, cached until a registration of the event
    changes. Never for deciding: the registration service counts under a lock."""
    return fragments.cached(
        ["events:confirmed-count", event.pk],
        tags=[registrations_tag(event.pk)],
        build=lambda: confirmed_count(event=event),
    )


def waitlist_position(*, registration: Registration) -> int | None:
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return (
        Registration.objects.filter(
            event_id=registration.event_id,
            status=RegistrationStatus.WAITLISTED,
            created_at__lte=registration.created_at,
        )
        .exclude(created_at=registration.created_at, pk__gt=registration.pk)
        .count()
    )


def registrations_for_organiser(*, event: Event) -> QuerySet[Registration]:
    """Every registration of the event with its person and form, oldest first."""
    return (
        Registration.objects.filter(event=event)
        .select_related("user", "form")
        .order_by("created_at", "pk")
    )


def questions_by_id(*, event: Event) -> dict[str, Question]:
    questions = Question.objects.filter(form__event=event).order_by("form_id", "position", "pk")
    return {str(question.pk): question for question in questions}


# --- Agenda and feeds ----------------------------------------------------------------------------


def agenda_sessions(*, registration: Registration) -> list[Session]:
    """The sessions the attendee picked, in time order, with their texts and event."""
    items = (
        AgendaItem.objects.filter(registration=registration)
        .select_related("session__event")
        .prefetch_related(
            Prefetch("session__texts", queryset=SessionText.objects.all()), "session__speakers"
        )
        .order_by("session__start", "session__pk")
    )
    return [item.session for item in items]


def agenda_session_ids(*, registration: Registration) -> set[int]:
    return set(
        AgendaItem.objects.filter(registration=registration).values_list("session_id", flat=True)
    )


def feed_tokens_of(*, user) -> list[CalendarFeedToken]:
    return list(
        CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-pk")
    )


def agenda_page_data(*, event: Event, registration: Registration, user) -> dict:
    """The person's picked session ids, live calendar feeds and whether they attended any
    session of the event; cached under their own tags until one of these changes."""
    return fragments.cached(
        ["events:agenda-page", event.pk, registration.pk, user.pk],
        tags=[agenda_tag(registration.pk), person_tag(user.pk)],
        build=lambda: {
            "picked_ids": agenda_session_ids(registration=registration),
            "feed_tokens": feed_tokens_of(user=user),
            "has_attended": has_attended(event=event, user=user),
        },
    )


def feed_token_get(*, token: str) -> CalendarFeedToken:
    """The live token behind a feed URL; an unknown or revoked token is a 404."""
    if not token or len(token) > 64:
        raise Http404
    found = (
        CalendarFeedToken.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if found is None:
        raise Http404
    return found


def feed_entries(*, user) -> list[tuple[Session, bool, str]]:
    """Every session on the person's agendas, with whether they may join (a confirmed place)
    and the language they follow the event in."""
    items = (
        AgendaItem.objects.filter(registration__user=user, registration__status__in=ACTIVE)
        .select_related("session__event", "registration")
        .prefetch_related("session__texts", "session__speakers")
        .order_by("session__start", "session__pk")
    )
    return [
        (
            item.session,
            item.registration.status == RegistrationStatus.CONFIRMED,
            item.registration.follow_language,
        )
        for item in items
    ]


# --- Attendance ----------------------------------------------------------------------------------


def attendance_user_ids(*, session: Session) -> set[int]:
    return set(Attendance.objects.filter(session=session).values_list("user_id", flat=True))


def has_attended(*, event: Event, user) -> bool:
    return Attendance.objects.filter(session__event=event, user=user).exists()


def attended_sessions(*, event: Event, user) -> list[tuple[Session, Attendance]]:
    attendances = (
        Attendance.objects.filter(session__event=event, user=user)
        .select_related("session__event")
        .prefetch_related("session__texts")
        .order_by("session__start", "session__pk")
    )
    return [(attendance.session, attendance) for attendance in attendances]


def certificate_facts(*, event_id: int, user_id: int) -> tuple[Event, object, list]:
    """What a certificate's verification page confirms; 404 when there is nothing to confirm."""
    from django.contrib.auth import get_user_model

    event = (
        Event.objects.filter(pk=event_id)
        .select_related("organisation")
        .prefetch_related("texts")
        .first()
    )
    person = get_user_model().objects.filter(pk=user_id).first()
    if event is None or person is None:
        raise Http404
    attended = attended_sessions(event=event, user=person)
    if not attended:
        raise Http404
    return event, person, attended


def attendees_for_marking(*, event: Event) -> QuerySet[Registration]:
    """Confirmed registrations, by name, for the organiser's attendance checklist."""
    return (
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .select_related("user")
        .order_by("user__display_name", "user__email", "pk")
    )


def session_attendance_counts(*, event: Event) -> dict[int, int]:
    return dict(
        Attendance.objects.filter(session__event=event)
        .values("session_id")
        .annotate(total=Count("pk"))
        .values_list("session_id", "total")
    )


# --- Dashboard -----------------------------------------------------------------------------------


def dashboard(*, event: Event, zone: datetime.tzinfo | None = None) -> dict:
    """Figures for the organiser dashboard, in a fixed number of queries."""
    zone = zone or timezone.get_current_timezone()
    status_counts = dict(
        Registration.objects.filter(event=event)
        .values("status")
        .annotate(total=Count("pk"))
        .values_list("status", "total")
    )
    forms = registration_forms_of(event=event)
    by_day: dict[datetime.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = (
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .annotate(day=TruncDate("created_at", tzinfo=zone))
        .values("day", "form__language")
        .annotate(total=Count("pk"))
        .order_by("day")
    )
    for row in rows:
        by_day[row["day"]][row["form__language"]] += row["total"]
    languages = [form.language for form in forms]
    days = []
    cumulative = 0
    for day in sorted(by_day):
        counts = [by_day[day].get(language, 0) for language in languages]
        cumulative += sum(counts)
        days.append({"day": day, "counts": counts, "total": sum(counts), "cumulative": cumulative})
    follow = list(
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .values("form__language", "follow_language")
        .annotate(total=Count("pk"))
        .order_by("form__language", "follow_language")
    )
    confirmed = status_counts.get(RegistrationStatus.CONFIRMED, 0)
    attended_people = (
        Attendance.objects.filter(session__event=event).values("user_id").distinct().count()
    )
    proposal_counts = dict(
        Proposal.objects.filter(event=event)
        .values("status")
        .annotate(total=Count("pk"))
        .values_list("status", "total")
    )
    return {
        "confirmed": confirmed,
        "waitlisted": status_counts.get(RegistrationStatus.WAITLISTED, 0),
        "cancelled": status_counts.get(RegistrationStatus.CANCELLED, 0),
        "capacity": event.capacity,
        "languages": languages,
        "days": days,
        "by_form_and_follow": follow,
        "attended_people": attended_people,
        "attendance_rate": round(100 * attended_people / confirmed) if confirmed else None,
        "proposals": [
            (status.label, proposal_counts.get(status.value, 0)) for status in ProposalStatus
        ],
        "session_attendance": session_attendance_counts(event=event),
    }


def registrations_of_user(*, user) -> QuerySet[Registration]:
    """The member's own registrations, oldest first, with their event's texts."""
    return (
        Registration.objects.filter(user=user)
        .select_related("event", "form")
        .prefetch_related("event__texts")
        .order_by("created_at", "pk")
    )
