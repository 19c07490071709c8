"""Writes for the call for speakers: proposals, reviews and decisions.

Accepting a proposal creates a draft session (unpublished, placed at the event's start until
the organisers schedule it) with the proposal's text in its language and the submitter as a
speaker; the submitter hears of every decision by mail, in their interface language.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from atheneum.common.markdown import sanitise_plain
from atheneum.organisations.rules import can

from . import cfp_selectors
from .enums import ProposalStatus, SessionKind
from .models import Event, Proposal, Review, Session, SessionText, Speaker

PLACEHOLDER_LENGTH = datetime.timedelta(minutes=45)


def _clean_fields(
    *, event: Event, title: str, abstract: str, language: str, kind: str, competency_ids
) -> dict:
    errors: dict[str, list[str]] = {}
    title = " ".join(sanitise_plain(title or "").split())
    if not title:
        errors.setdefault("title", []).append(_("Give your proposal a title."))
    abstract = (abstract or "").strip()
    if not abstract:
        errors.setdefault("abstract", []).append(_("Write a short abstract."))
    if language not in (event.languages or [event.default_language]):
        errors.setdefault("language", []).append(
            _("Choose one of the languages the event is given in.")
        )
    if kind not in SessionKind.values:
        errors.setdefault("kind", []).append(_("Choose a session type."))
    wanted = set(competency_ids or [])
    allowed = {
        pk
        for _framework, options in cfp_selectors.competency_choices(event=event, language="en")
        for pk, _title in options
    }
    if wanted - allowed:
        errors.setdefault("competencies", []).append(_("Choose competencies from the list."))
    if errors:
        raise ValidationError(errors)
    return {"title": title, "abstract": abstract, "language": language, "kind": kind}, wanted


@transaction.atomic
def proposal_submit(
    *,
    event: Event,
    title: str,
    abstract: str,
    language: str,
    kind: str,
    competency_ids: list[int],
    acting_user,
) -> Proposal:
    if not can(acting_user, "events.submit_proposal", event):
        raise PermissionDenied
    fields, competencies = _clean_fields(
        event=event,
        title=title,
        abstract=abstract,
        language=language,
        kind=kind,
        competency_ids=competency_ids,
    )
    proposal = Proposal.objects.create(event=event, submitter=acting_user, **fields)
    proposal.competencies.set(competencies)
    return proposal


@transaction.atomic
def proposal_update(
    *,
    proposal: Proposal,
    title: str,
    abstract: str,
    language: str,
    kind: str,
    competency_ids: list[int],
    acting_user,
) -> Proposal:
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("event__organisation")
        .get(pk=proposal.pk)
    )
    if not can(acting_user, "events.change_proposal", proposal):
        raise PermissionDenied
    fields, competencies = _clean_fields(
        event=proposal.event,
        title=title,
        abstract=abstract,
        language=language,
        kind=kind,
        competency_ids=competency_ids,
    )
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.save()
    proposal.competencies.set(competencies)
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, acting_user) -> Proposal:
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("event__organisation")
        .get(pk=proposal.pk)
    )
    if not can(acting_user, "events.withdraw_proposal", proposal):
        raise PermissionDenied
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.save(update_fields=["status"])
    return proposal


@transaction.atomic
def review_save(*, proposal: Proposal, score: int, comment: str, acting_user) -> Review:
    """The reviewer's score (1–5) and comment; saving again replaces their earlier review."""
    if not can(acting_user, "events.review_proposal", proposal):
        raise PermissionDenied
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError({"score": _("Give a score from 1 to 5.")})
    comment = (comment or "").strip()
    if len(comment) > Review._meta.get_field("comment").max_length:
        raise ValidationError({"comment": _("The comment is too long.")})
    review, _created = Review.objects.update_or_create(
        proposal=proposal, reviewer=acting_user, defaults={"score": score, "comment": comment}
    )
    return review


def _speaker_for(user, event: Event) -> Speaker:
    """The submitter's speaker profile for this event (organisers manage speakers per event)."""
    speaker = Speaker.objects.filter(user=user, event=event).order_by("pk").first()
    if speaker is not None:
        return speaker
    earlier = Speaker.objects.filter(user=user).order_by("-pk").first()
    if earlier is None:
        return Speaker.objects.create(user=user, event=event, name=user.public_name)
    # A speaker of an earlier event keeps their bio and photo for this one.
    return Speaker.objects.create(
        user=user,
        event=event,
        name=earlier.name,
        bio=earlier.bio,
        affiliation=earlier.affiliation,
        photo=earlier.photo,
        photo_alt=earlier.photo_alt,
    )


@transaction.atomic
def proposal_decide(*, proposal: Proposal, accept: bool, acting_user) -> Proposal:
    """Accepts (making a draft session) or rejects a proposal, and tells the submitter."""
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("event__organisation", "submitter")
        .get(pk=proposal.pk)
    )
    if not can(acting_user, "events.decide_proposal", proposal):
        raise PermissionDenied
    event = proposal.event
    if accept:
        session = Session.objects.create(
            event=event,
            kind=proposal.kind,
            start=event.start,
            end=event.start + PLACEHOLDER_LENGTH,
            languages=[proposal.language],
            is_published=False,
        )
        SessionText.objects.create(
            session=session,
            language=proposal.language,
            title=proposal.title,
            abstract=proposal.abstract,
        )
        session.speakers.add(_speaker_for(proposal.submitter, proposal.event))
        session.competencies.set(proposal.competencies.all())
        proposal.session = session
        proposal.status = ProposalStatus.ACCEPTED
    else:
        proposal.status = ProposalStatus.REJECTED
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "session", "decided_at"])
    proposal_id = proposal.pk
    transaction.on_commit(lambda: decision_message(proposal_id=proposal_id).send())
    return proposal


def decision_message(*, proposal_id: int) -> EmailMessage:
    """The decision mail, in the submitter's interface language (no scores, no comments)."""
    proposal = (
        Proposal.objects.select_related("event", "submitter")
        .prefetch_related("event__texts")
        .get(pk=proposal_id)
    )
    submitter = proposal.submitter
    language = submitter.interface_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "proposal": proposal,
            "submitter": submitter,
            "accepted": proposal.status == ProposalStatus.ACCEPTED,
            "event_title": cfp_selectors.event_title(proposal.event, language),
            "url": settings.SITE_URL.rstrip("/")
            + reverse("events:cfp_proposal", args=[proposal.event.slug, proposal.pk]),
        }
        subject = render_to_string("events/cfp/email/decision_subject.txt", context).strip()
        body = render_to_string("events/cfp/email/decision.txt", context)
    return EmailMessage(subject=subject, body=body, to=[submitter.email])
