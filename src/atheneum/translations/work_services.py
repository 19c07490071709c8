"""The volunteers' and reviewers' writes: claiming a language, saving segments with
optimistic locking, uploading a translated file, submitting, reviewing and approving.

Every state change goes through `campaign_services.language_set_state`, which also records
the history and the time of the last activity.
"""

import datetime
import random
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from atheneum.organisations.rules import can

from . import campaign_services, emails
from .enums import EDITABLE_STATES, LanguageState
from .models import ReviewComment, Segment, SegmentTranslation, TargetLanguage, Volunteer
from .uploads import check_upload

JOINABLE_STATES = frozenset(
    {
        LanguageState.CLAIMED,
        LanguageState.IN_TRANSLATION,
        LanguageState.CHANGES_REQUESTED,
    }
)
REMINDER_LEAD = datetime.timedelta(days=7)
WRITE_ATTEMPTS = 8


def _retrying(write, **kwargs):
    """Runs `write` in its own transaction, retried a few times when the database is busy
    (SQLite's writers can find it locked); inside an outer transaction it runs just once."""
    for attempt in range(WRITE_ATTEMPTS):
        try:
            return write(**kwargs)
        except OperationalError:
            if connection.in_atomic_block or attempt == WRITE_ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0.005, 0.05))  # noqa: S311 (jitter, not a secret)
    raise AssertionError("unreachable")  # pragma: no cover


class Conflict(ValidationError):
    """Someone else saved the segment since it was loaded: `current` is their saved row
    (or None if it could not be read), the caller keeps its own text."""

    def __init__(self, *, current: SegmentTranslation | None):
        super().__init__(
            _("Someone else saved this segment while you were editing it."), code="conflict"
        )
        self.current = current


def _locked(target: TargetLanguage) -> TargetLanguage:
    """The target's row, locked for the rest of the transaction, with a fresh state."""
    locked = TargetLanguage.objects.select_for_update().get(pk=target.pk)
    target.state = locked.state
    target.__dict__.pop("_volunteer_ids", None)
    return locked


def _forget_volunteers(target: TargetLanguage) -> None:
    target.__dict__.pop("_volunteer_ids", None)
    if hasattr(target, "_prefetched_objects_cache"):
        target._prefetched_objects_cache.pop("volunteers", None)


def _set_state(target: TargetLanguage, state: str, acting_user) -> None:
    campaign_services.language_set_state(target=target, state=state, acting_user=acting_user)
    target.state = state


def _touch(target: TargetLanguage, now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    TargetLanguage.objects.filter(pk=target.pk).update(
        last_activity_at=now, release_reminder_sent_at=None
    )
    target.last_activity_at = now
    target.release_reminder_sent_at = None


# --- Claims ------------------------------------------------------------------------------------


def claim_language(*, target: TargetLanguage, credit: bool, acting_user) -> Volunteer:
    """Claims a wanted language (the claimer leads) or joins a claimed one as co-translator.
    The target row is locked, and the `one_lead_per_language` constraint settles any race
    left: whoever loses it joins as co-translator."""
    return _retrying(_claim_once, target=target, credit=credit, acting_user=acting_user)


@transaction.atomic
def _claim_once(*, target: TargetLanguage, credit: bool, acting_user) -> Volunteer:
    if not can(acting_user, "translations.claim", target):
        raise PermissionDenied
    _locked(target)
    if target.state != LanguageState.WANTED and target.state not in JOINABLE_STATES:
        raise ValidationError(_("This language is no longer open to translators."), code="not_open")
    if Volunteer.objects.filter(target=target, user=acting_user).exists():
        raise ValidationError(_("You already translate this language."), code="already")
    has_lead = Volunteer.objects.filter(target=target, is_lead=True).exists()
    volunteer = None
    if not has_lead:
        try:
            with transaction.atomic():
                volunteer = Volunteer.objects.create(
                    target=target, user=acting_user, is_lead=True, credit=credit
                )
        except IntegrityError:
            volunteer = None  # someone else became lead a moment ago
    if volunteer is None:
        volunteer = Volunteer.objects.create(
            target=target, user=acting_user, is_lead=False, credit=credit
        )
    if target.state == LanguageState.WANTED:
        _set_state(target, LanguageState.CLAIMED, acting_user)
    _touch(target)
    _forget_volunteers(target)
    return volunteer


@transaction.atomic
def claim_leave(*, target: TargetLanguage, acting_user) -> None:
    """Leaves a language. A leaving lead hands over to the longest-standing co-translator;
    the last one to leave returns a language with nothing submitted to "wanted"."""
    _locked(target)
    volunteer = Volunteer.objects.filter(target=target, user=acting_user).first()
    if volunteer is None:
        raise ValidationError(_("You do not translate this language."), code="not_volunteer")
    volunteer.delete()
    remaining = Volunteer.objects.filter(target=target).order_by("joined_at", "pk")
    if volunteer.is_lead:
        successor = remaining.first()
        if successor is not None:
            Volunteer.objects.filter(pk=successor.pk).update(is_lead=True)
    if not remaining.exists() and target.state in JOINABLE_STATES:
        _set_state(target, LanguageState.WANTED, acting_user)
    _forget_volunteers(target)


@transaction.atomic
def lead_hand_over(*, target: TargetLanguage, to_user, acting_user) -> None:
    """Makes another volunteer of the language its lead."""
    if not can(acting_user, "translations.manage_volunteers", target):
        raise PermissionDenied
    _locked(target)
    new_lead = Volunteer.objects.filter(target=target, user=to_user).first()
    if new_lead is None:
        raise ValidationError(
            _("Only a translator of this language can lead it."), code="not_volunteer"
        )
    Volunteer.objects.filter(target=target, is_lead=True).update(is_lead=False)
    Volunteer.objects.filter(pk=new_lead.pk).update(is_lead=True)
    _forget_volunteers(target)


# --- Translating -------------------------------------------------------------------------------


def _check_editable(target: TargetLanguage, acting_user) -> None:
    if not can(acting_user, "translations.translate", target):
        raise PermissionDenied
    if target.state not in EDITABLE_STATES:
        raise ValidationError(
            _("This translation cannot be changed in its current state."), code="not_editable"
        )


def segment_save(
    *,
    target: TargetLanguage,
    segment: Segment,
    text: str,
    expected_version: int | None,
    acting_user,
) -> SegmentTranslation:
    """Saves one segment's translation if nobody saved it since `expected_version` was read
    (None or 0: the segment had no translation yet); raises Conflict otherwise. The check is
    the database's: a conditional UPDATE, or the unique constraint for the first save."""
    return _retrying(
        _segment_save_once,
        target=target,
        segment=segment,
        text=text,
        expected_version=expected_version,
        acting_user=acting_user,
    )


@transaction.atomic
def _segment_save_once(
    *,
    target: TargetLanguage,
    segment: Segment,
    text: str,
    expected_version: int | None,
    acting_user,
) -> SegmentTranslation:
    if segment.campaign_id != target.campaign_id:
        raise ValidationError(_("This segment belongs to another campaign."), code="segment")
    _check_editable(target, acting_user)
    text = (text or "").strip()
    now = timezone.now()
    current = SegmentTranslation.objects.filter(target=target, segment=segment).first()
    if current is None:
        if expected_version:
            raise Conflict(current=None)
        try:
            with transaction.atomic():
                saved = SegmentTranslation.objects.create(
                    target=target, segment=segment, text=text, version=1, updated_by=acting_user
                )
        except IntegrityError as error:
            raise Conflict(
                current=SegmentTranslation.objects.filter(target=target, segment=segment)
                .select_related("updated_by")
                .first()
            ) from error
    else:
        updated = SegmentTranslation.objects.filter(
            pk=current.pk, version=expected_version or 0
        ).update(text=text, version=F("version") + 1, updated_by=acting_user, updated_at=now)
        if not updated:
            raise Conflict(
                current=SegmentTranslation.objects.select_related("updated_by").get(pk=current.pk)
            )
        saved = SegmentTranslation.objects.get(pk=current.pk)
    if target.state == LanguageState.CLAIMED:
        _set_state(target, LanguageState.IN_TRANSLATION, acting_user)
    _touch(target, now)
    return saved


@transaction.atomic
def upload_store(*, target: TargetLanguage, uploaded, acting_user) -> TargetLanguage:
    """Stores a translated file after checking its content; nothing changes on refusal."""
    _check_editable(target, acting_user)
    campaign = target.campaign
    checked = check_upload(
        uploaded,
        allowed_kinds=campaign.allowed_file_kinds,
        max_megabytes=campaign.max_upload_megabytes,
    )
    old = target.uploaded_file.name if target.uploaded_file else ""
    target.uploaded_file.save(checked.name, checked.as_file(), save=False)
    target.uploaded_file_kind = checked.kind
    target.uploaded_at = timezone.now()
    target.save(update_fields=["uploaded_file", "uploaded_file_kind", "uploaded_at"])
    if old:
        storage = target.uploaded_file.storage
        transaction.on_commit(lambda: storage.delete(old))
    if target.state == LanguageState.CLAIMED:
        _set_state(target, LanguageState.IN_TRANSLATION, acting_user)
    _touch(target)
    return target


@transaction.atomic
def comment_resolve(*, comment: ReviewComment, acting_user) -> ReviewComment:
    """A translator marks a reviewer's comment as dealt with."""
    if not can(acting_user, "translations.translate", comment.target):
        raise PermissionDenied
    ReviewComment.objects.filter(pk=comment.pk).update(resolved=True)
    comment.resolved = True
    return comment


def is_complete(target: TargetLanguage) -> bool:
    """Every segment translated, or a translated file uploaded."""
    if target.uploaded_file:
        return True
    total = Segment.objects.filter(campaign_id=target.campaign_id).count()
    done = (
        SegmentTranslation.objects.filter(target=target, segment__campaign_id=target.campaign_id)
        .exclude(text="")
        .count()
    )
    return total > 0 and done == total


@transaction.atomic
def submit(*, target: TargetLanguage, acting_user) -> TargetLanguage:
    """Hands the translation to the reviewers."""
    _check_editable(target, acting_user)
    _locked(target)
    if target.state not in EDITABLE_STATES:
        raise ValidationError(
            _("This translation cannot be changed in its current state."), code="not_editable"
        )
    if not is_complete(target):
        raise ValidationError(
            _("Translate every segment or upload the translated file before submitting."),
            code="incomplete",
        )
    _set_state(target, LanguageState.SUBMITTED, acting_user)
    _touch(target)
    transaction.on_commit(lambda: emails.send_submitted(target_pk=target.pk))
    return target


# --- Reviewing ---------------------------------------------------------------------------------


def _check_review(target: TargetLanguage, acting_user, perm: str = "translations.review") -> None:
    if not can(acting_user, perm, target):
        raise PermissionDenied
    # Volunteers never review their own language, whatever other role they hold.
    if Volunteer.objects.filter(target=target, user_id=acting_user.pk).exists():
        raise PermissionDenied


@transaction.atomic
def comment_add(
    *, target: TargetLanguage, segment: Segment | None, text: str, acting_user
) -> ReviewComment:
    _check_review(target, acting_user)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")}, code="required")
    if segment is not None and segment.campaign_id != target.campaign_id:
        raise ValidationError(_("This segment belongs to another campaign."), code="segment")
    return ReviewComment.objects.create(
        target=target, segment=segment, author=acting_user, text=text
    )


@transaction.atomic
def review_start(*, target: TargetLanguage, acting_user) -> TargetLanguage:
    _check_review(target, acting_user)
    _locked(target)
    if target.state != LanguageState.SUBMITTED:
        raise ValidationError(_("Only a submitted translation can be reviewed."), code="state")
    _set_state(target, LanguageState.IN_REVIEW, acting_user)
    return target


REVIEWABLE_STATES = frozenset({LanguageState.SUBMITTED, LanguageState.IN_REVIEW})


@transaction.atomic
def changes_request(*, target: TargetLanguage, message: str, acting_user) -> TargetLanguage:
    """Sends the translation back to its translators with a general comment."""
    _check_review(target, acting_user)
    _locked(target)
    if target.state not in REVIEWABLE_STATES:
        raise ValidationError(
            _("Changes can be requested only for a submitted translation."), code="state"
        )
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Tell the translators what to change.")})
    ReviewComment.objects.create(target=target, segment=None, author=acting_user, text=message)
    _set_state(target, LanguageState.CHANGES_REQUESTED, acting_user)
    _touch(target)
    transaction.on_commit(lambda: emails.send_changes_requested(target_pk=target.pk))
    return target


@transaction.atomic
def approve(*, target: TargetLanguage, acting_user) -> TargetLanguage:
    _check_review(target, acting_user, "translations.approve")
    _locked(target)
    if target.state not in REVIEWABLE_STATES:
        raise ValidationError(_("Only a submitted translation can be approved."), code="state")
    now = timezone.now()
    TargetLanguage.objects.filter(pk=target.pk).update(approved_by=acting_user, approved_at=now)
    target.approved_by = acting_user
    target.approved_at = now
    _set_state(target, LanguageState.APPROVED, acting_user)
    transaction.on_commit(lambda: emails.send_approved(target_pk=target.pk))
    return target


# --- Releasing forgotten claims ----------------------------------------------------------------


def claims_release_stale(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Reminds the volunteers of a language untouched for (days − 7) days, then releases it
    when untouched for `claim_release_days` and reminded at least 7 days before. Releasing
    removes the volunteers and returns the language to "wanted"; segment translations stay
    for the next volunteer. Safe to run as often as you like. Returns (reminded, released)."""
    from .work_selectors import targets_with_stale_claims

    now = now or timezone.now()
    reminded = released = 0
    for target, last in targets_with_stale_claims():
        days = datetime.timedelta(days=target.campaign.claim_release_days)
        idle = now - last
        with transaction.atomic():
            if target.release_reminder_sent_at is None:
                if idle < days - REMINDER_LEAD:
                    continue
                claimed = TargetLanguage.objects.filter(
                    pk=target.pk, release_reminder_sent_at__isnull=True
                ).update(release_reminder_sent_at=now)
                if claimed:
                    transaction.on_commit(
                        lambda pk=target.pk: emails.send_release_reminder(target_pk=pk)
                    )
                    reminded += 1
                continue
            if idle < days or now - target.release_reminder_sent_at < REMINDER_LEAD:
                continue
            locked = _locked(target)
            if locked.state not in JOINABLE_STATES or locked.release_reminder_sent_at is None:
                continue
            user_ids = list(
                Volunteer.objects.filter(target=target).values_list("user_id", flat=True)
            )
            Volunteer.objects.filter(target=target).delete()
            TargetLanguage.objects.filter(pk=target.pk).update(release_reminder_sent_at=None)
            _set_state(target, LanguageState.WANTED, None)
            transaction.on_commit(
                lambda pk=target.pk, ids=user_ids: emails.send_released(target_pk=pk, user_ids=ids)
            )
            released += 1
    return reminded, released
