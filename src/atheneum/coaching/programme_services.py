"""Writes for the programme side of coaching: programmes, rounds, coach applications and
profiles, preparation guides and requests for a coach.

Every service checks the acting user's permission through rules.py, validates, writes in one
transaction and queues its mails with `transaction.on_commit`.
"""

import datetime

import langcodes
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from atheneum.common.timezones import is_valid_timezone
from atheneum.organisations.models import Organisation
from atheneum.organisations.rules import can

from .enums import ApplicationStatus, CoachStatus, LinkMode, RequestStatus
from .models import (
    Coach,
    CoachApplication,
    CoachingRequest,
    PreparationGuide,
    Programme,
    Round,
    Slot,
)
from .programme_selectors import absolute_url, free_slots_for, round_booking_url

RESERVED_SLUGS = frozenset({"bookings", "my", "new"})


def _require(user, perm: str, obj) -> None:
    if not can(user, perm, obj):
        raise PermissionDenied


def _check_languages(codes) -> list[str]:
    cleaned = []
    for code in codes:
        if not langcodes.tag_is_valid(code):
            raise ValidationError(
                {"languages": _("“%(code)s” is not a language code.") % {"code": code}}
            )
        cleaned.append(langcodes.standardize_tag(code))
    if not cleaned:
        raise ValidationError({"languages": _("Choose at least one language.")})
    return cleaned


def _check_time_zone(name: str) -> None:
    if not is_valid_timezone(name):
        raise ValidationError({"time_zone": _("Choose a time zone from the list.")})


def split_topics(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _send(*, template: str, user, context: dict) -> None:
    """Mail `user` from coaching/<template>_subject.txt and .txt, in their language and zone."""
    language = user.interface_language or settings.LANGUAGE_CODE
    with translation.override(language), timezone.override(user.time_zone or "UTC"):
        context = {**context, "person": user, "zone": (user.time_zone or "UTC").replace("_", " ")}
        subject = render_to_string(f"coaching/{template}_subject.txt", context).strip()
        body = render_to_string(f"coaching/{template}.txt", context)
    EmailMessage(subject=subject, body=body, to=[user.email]).send()


# --- Programmes --------------------------------------------------------------------------------


@transaction.atomic
def programme_create(
    *,
    organisation: Organisation,
    slug: str,
    title: str,
    description: str,
    partners,
    is_published: bool,
    acting_user,
) -> Programme:
    _require(acting_user, "coaching.add_programme", organisation)
    if slug in RESERVED_SLUGS or Programme.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("This short name is taken; choose another.")})
    programme = Programme.objects.create(
        organisation=organisation,
        slug=slug,
        title=title,
        description=description,
        is_published=is_published,
    )
    programme.partners.set([p for p in partners if p.pk != organisation.pk])
    return programme


@transaction.atomic
def programme_update(
    *, programme: Programme, title: str, description: str, partners, is_published: bool, acting_user
) -> Programme:
    _require(acting_user, "coaching.change_programme", programme)
    programme.title = title
    programme.description = description
    programme.is_published = is_published
    programme.save(update_fields=["title", "description", "is_published"])
    programme.partners.set([p for p in partners if p.pk != programme.organisation_id])
    return programme


# --- Rounds ------------------------------------------------------------------------------------

ROUND_FIELDS = (
    "title",
    "time_zone",
    "booking_opens",
    "booking_closes",
    "coaching_starts",
    "coaching_ends",
    "session_minutes",
    "buffer_minutes",
    "max_bookings_per_coachee",
    "link_mode",
    "cancel_cutoff_hours",
    "is_published",
)


def _check_round(fields: dict) -> None:
    _check_time_zone(fields["time_zone"])
    errors = {}
    if fields["booking_closes"] <= fields["booking_opens"]:
        errors["booking_closes"] = _("Booking must close after it opens.")
    if fields["coaching_ends"] <= fields["coaching_starts"]:
        errors["coaching_ends"] = _("Sessions must end after they start.")
    if fields["booking_closes"] > fields["coaching_ends"]:
        errors.setdefault("booking_closes", _("Booking cannot close after the last session ends."))
    if fields["session_minutes"] < 10:  # noqa: PLR2004 - the model's check constraint
        errors["session_minutes"] = _("A session lasts at least 10 minutes.")
    if fields["link_mode"] not in LinkMode.values:
        errors["link_mode"] = _("Choose how meeting links are given.")
    if errors:
        raise ValidationError(errors)


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


@transaction.atomic
def round_create(*, programme: Programme, acting_user, **fields) -> Round:
    _require(acting_user, "coaching.change_programme", programme)
    _check_round(fields)
    for name in ("booking_opens", "booking_closes", "coaching_starts", "coaching_ends"):
        fields[name] = _utc(fields[name])
    return Round.objects.create(programme=programme, **{k: fields[k] for k in ROUND_FIELDS})


@transaction.atomic
def round_update(*, round_: Round, acting_user, **fields) -> Round:
    _require(acting_user, "coaching.change_programme", round_.programme)
    _check_round(fields)
    for name in ROUND_FIELDS:
        value = fields[name]
        if isinstance(value, datetime.datetime):
            value = _utc(value)
        setattr(round_, name, value)
    round_.save(update_fields=list(ROUND_FIELDS))
    return round_


# --- Coach applications ------------------------------------------------------------------------


@transaction.atomic
def application_create(
    *,
    programme: Programme,
    round_: Round | None,
    experience: str,
    approach: str,
    languages,
    topics: str,
    time_zone: str,
    availability: str,
    consent: bool,
    acting_user,
) -> CoachApplication:
    _require(acting_user, "coaching.apply_as_coach", programme)
    if not consent:
        raise ValidationError({"consent": _("We need your consent to pass this on.")})
    languages = _check_languages(languages)
    _check_time_zone(time_zone)
    if round_ is not None and round_.programme_id != programme.pk:
        raise ValidationError({"round": _("Choose a round of this programme.")})
    already = _("You have already applied to this programme; the organisers are reviewing it.")
    if CoachApplication.objects.filter(
        programme=programme, user=acting_user, status=ApplicationStatus.PENDING
    ).exists():
        raise ValidationError(already)
    try:
        with transaction.atomic():
            return CoachApplication.objects.create(
                programme=programme,
                round=round_,
                user=acting_user,
                experience=experience,
                approach=approach,
                languages=languages,
                topics=topics,
                time_zone=time_zone,
                availability=availability,
                consent=True,
            )
    except IntegrityError as error:
        raise ValidationError(already) from error


def _decision_mail(application: CoachApplication) -> None:
    programme = application.programme
    _send(
        template="application_decision_email",
        user=application.user,
        context={
            "application": application,
            "programme": programme,
            "approved": application.status == ApplicationStatus.APPROVED,
            "url": absolute_url(reverse("coaching:my_coaching")),
        },
    )


def _decide(application: CoachApplication, *, status: str, message: str, acting_user) -> None:
    _require(acting_user, "coaching.review_applications", application.programme)
    locked = CoachApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != ApplicationStatus.PENDING:
        raise ValidationError(_("This application has already been decided."))
    application.status = status
    application.decision_message = message
    application.decided_by = acting_user
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decision_message", "decided_by", "decided_at"])


@transaction.atomic
def application_approve(*, application: CoachApplication, message: str, acting_user) -> Coach:
    """Approves the application and makes the applicant a coach of the programme (or updates
    the coach profile they already have there)."""
    _decide(
        application, status=ApplicationStatus.APPROVED, message=message, acting_user=acting_user
    )
    coach, created = Coach.objects.get_or_create(
        programme=application.programme,
        user=application.user,
        defaults={
            "application": application,
            "languages": list(application.languages),
            "topics": split_topics(application.topics),
            "time_zone": application.time_zone,
        },
    )
    if not created:
        coach.application = application
        coach.languages = list(application.languages)
        coach.topics = split_topics(application.topics)
        coach.time_zone = application.time_zone
        coach.status = CoachStatus.ACTIVE
        coach.save(update_fields=["application", "languages", "topics", "time_zone", "status"])
    transaction.on_commit(lambda: _decision_mail(application))
    return coach


@transaction.atomic
def application_decline(*, application: CoachApplication, message: str, acting_user) -> None:
    _decide(
        application, status=ApplicationStatus.DECLINED, message=message, acting_user=acting_user
    )
    transaction.on_commit(lambda: _decision_mail(application))


# --- Coach profiles ----------------------------------------------------------------------------


@transaction.atomic
def coach_update(
    *,
    coach: Coach,
    bio: str,
    photo,
    photo_alt: str,
    languages,
    topics: list[str],
    competencies,
    time_zone: str,
    meeting_url: str,
    acting_user,
) -> Coach:
    """Saves the profile. `photo`: an upload, False to remove the photo, None to keep it."""
    _require(acting_user, "coaching.change_coach", coach)
    languages = _check_languages(languages)
    _check_time_zone(time_zone)
    will_have_photo = bool(photo) or (photo is None and bool(coach.photo))
    if will_have_photo and not photo_alt.strip():
        raise ValidationError({"photo_alt": _("Describe the photo for people who cannot see it.")})
    if photo is False:
        coach.photo.delete(save=False)
        coach.photo = ""
    elif photo:
        coach.photo = photo
    coach.bio = bio
    coach.photo_alt = photo_alt.strip() if will_have_photo else ""
    coach.languages = languages
    coach.topics = topics
    coach.time_zone = time_zone
    coach.meeting_url = meeting_url
    coach.save()
    coach.competencies.set(competencies)
    return coach


@transaction.atomic
def coach_set_paused(*, coach: Coach, paused: bool, acting_user) -> Coach:
    _require(acting_user, "coaching.pause_coach", coach)
    coach.status = CoachStatus.PAUSED if paused else CoachStatus.ACTIVE
    coach.save(update_fields=["status"])
    return coach


# --- Preparation guides ------------------------------------------------------------------------


@transaction.atomic
def guide_save(
    *, programme: Programme, language: str, title: str, body: str, steps: str, acting_user
) -> PreparationGuide:
    _require(acting_user, "coaching.edit_guide", programme)
    if not langcodes.tag_is_valid(language):
        raise ValidationError(_("“%(code)s” is not a language code.") % {"code": language})
    guide, _created = PreparationGuide.objects.update_or_create(
        programme=programme,
        language=language,
        defaults={"title": title, "body": body, "steps": steps, "updated_by": acting_user},
    )
    return guide


# --- Requests for a coach ----------------------------------------------------------------------


@transaction.atomic
def request_create(
    *, round_: Round, languages, topics: str, message: str, acting_user
) -> CoachingRequest:
    _require(acting_user, "coaching.ask_for_coach", round_)
    languages = _check_languages(languages)
    return CoachingRequest.objects.create(
        round=round_, coachee=acting_user, languages=languages, topics=topics, message=message
    )


def _offer_mail(request_: CoachingRequest) -> None:
    round_ = request_.round
    link = round_booking_url(round_) or round_.get_absolute_url()
    _send(
        template="request_offer_email",
        user=request_.coachee,
        context={
            "request": request_,
            "round": round_,
            "programme": round_.programme,
            "slots": list(request_.offered_slots.select_related("coach__user")),
            "url": absolute_url(link),
        },
    )


@transaction.atomic
def request_offer(*, request_: CoachingRequest, slot_ids, acting_user) -> CoachingRequest:
    """Offers the coachee some free slots of the round and mails them the booking page."""
    round_ = request_.round
    _require(acting_user, "coaching.match_requests", round_)
    if request_.status == RequestStatus.CLOSED:
        raise ValidationError(_("This request is closed."))
    wanted = {int(pk) for pk in slot_ids}
    slots: list[Slot] = list(free_slots_for(round_=round_).filter(pk__in=wanted))
    if not wanted or len(slots) != len(wanted):
        raise ValidationError(_("Choose free slots of this round."))
    request_.offered_slots.set(slots)
    request_.status = RequestStatus.OFFERED
    request_.handled_by = acting_user
    request_.save(update_fields=["status", "handled_by", "updated_at"])
    transaction.on_commit(lambda: _offer_mail(request_))
    return request_
