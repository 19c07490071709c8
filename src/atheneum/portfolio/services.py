"""Writes to CPD records. Nothing outside this module writes portfolio rows."""

import datetime
import logging
from collections.abc import Iterable
from datetime import datetime as DateTime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from atheneum.organisations.models import Organisation

from . import selectors
from .enums import (
    PARTICIPATORY_KINDS,
    ActivityKind,
    IdeaApplied,
    LearningMode,
    QuotaKind,
    ReflectionTemplate,
)
from .files import check_evidence_file
from .models import (
    Activity,
    Evidence,
    ManagerShare,
    Reflection,
    Requirement,
    RequirementQuota,
    RequirementReminder,
    ShareLink,
)
from .rules import can
from .signals import activity_recorded

logger = logging.getLogger(__name__)

FOLLOW_UP_AFTER = datetime.timedelta(weeks=4)
REMINDER_WINDOW = datetime.timedelta(days=30)
MAX_HOURS_PER_DAY = Decimal(24)
MAX_EVIDENCE_PER_ACTIVITY = 20


def default_mode(kind: str) -> str:
    return LearningMode.PARTICIPATORY if kind in PARTICIPATORY_KINDS else LearningMode.SELF_DIRECTED


def _absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- Activities -----------------------------------------------------------------------------


def _check_owner(*, owner, acting_user) -> None:
    if not (acting_user and acting_user.is_authenticated) or acting_user.pk != owner.pk:
        raise PermissionDenied


def calendar_days(*, start: DateTime, end: DateTime, zone: datetime.tzinfo) -> int:
    """How many calendar days (in the owner's zone) an activity touches."""
    return (end.astimezone(zone).date() - start.astimezone(zone).date()).days + 1


def _validate_activity(
    *, owner, kind: str, mode: str, start: DateTime, end: DateTime, hours: Decimal, title: str
) -> None:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors.setdefault("title", []).append(_("Please give the activity a title."))
    if kind not in ActivityKind.values:
        errors.setdefault("kind", []).append(_("Please choose a type of activity."))
    if mode not in LearningMode.values:
        errors.setdefault("mode", []).append(_("Please choose a learning mode."))
    if end < start:
        errors.setdefault("end", []).append(_("The end must not be before the start."))
    if hours is None or hours <= 0:
        errors.setdefault("hours", []).append(_("Hours must be more than zero."))
    elif end >= start:
        days = calendar_days(start=start, end=end, zone=selectors.zone_of(owner))
        if hours > MAX_HOURS_PER_DAY * days:
            errors.setdefault("hours", []).append(
                _(
                    "An activity over %(days)d calendar day(s) can count at most %(max)s hours "
                    "(24 a day)."
                )
                % {"days": days, "max": MAX_HOURS_PER_DAY * days}
            )
    if errors:
        raise ValidationError(errors)


def _check_competencies(*, owner, competency_ids: list[int]) -> list[int]:
    wanted = {int(pk) for pk in competency_ids}
    if not wanted:
        return []
    usable = set(
        selectors.competency_choices(user=owner)
        .filter(pk__in=wanted)
        .prefetch_related(None)
        .values_list("pk", flat=True)
    )
    if wanted - usable:
        raise ValidationError(
            {"competencies": [_("Please choose competencies from frameworks you can use.")]}
        )
    return sorted(wanted)


def _store_evidence(*, activity: Activity, files: Iterable) -> list[Evidence]:
    files = list(files)
    if activity.evidence.count() + len(files) > MAX_EVIDENCE_PER_ACTIVITY:
        raise ValidationError(
            {
                "evidence": [
                    _("An activity may have at most %(max)d evidence files.")
                    % {"max": MAX_EVIDENCE_PER_ACTIVITY}
                ]
            }
        )
    checked = []
    for uploaded in files:
        try:
            checked.append((uploaded, check_evidence_file(uploaded)))
        except ValidationError as error:
            raise ValidationError({"evidence": error.messages}) from error
    stored = []
    for uploaded, content_type in checked:
        evidence = Evidence(
            activity=activity,
            original_name=uploaded.name[-255:],
            content_type=content_type,
            size=uploaded.size,
        )
        evidence.file.save(uploaded.name[-100:], uploaded, save=False)
        try:
            evidence.save()
        except Exception:
            default_storage.delete(evidence.file.name)  # no orphan file for a failed row
            raise
        stored.append(evidence)
    return stored


def _delete_files_on_commit(names: list[str]) -> None:
    def delete() -> None:
        for name in names:
            try:
                default_storage.delete(name)
            except OSError:
                logger.warning("Could not delete evidence file %s", name)

    transaction.on_commit(delete)


@transaction.atomic
def activity_create(
    *,
    owner,
    acting_user,
    title: str,
    kind: str,
    start: DateTime,
    end: DateTime,
    hours: Decimal,
    mode: str = "",
    provider: str = "",
    link: str = "",
    language: str = "",
    description: str = "",
    competency_ids: Iterable[int] = (),
    evidence_files: Iterable = (),
) -> Activity:
    """A member records an activity in their own record."""
    _check_owner(owner=owner, acting_user=acting_user)
    mode = mode or default_mode(kind)
    _validate_activity(
        owner=owner, kind=kind, mode=mode, start=start, end=end, hours=hours, title=title
    )
    competency_ids = _check_competencies(owner=owner, competency_ids=list(competency_ids))
    activity = Activity(
        owner=owner,
        title=title.strip(),
        kind=kind,
        mode=mode,
        provider=provider.strip(),
        start=start,
        end=end,
        hours=hours,
        link=link,
        language=language,
        description=description,
    )
    activity.full_clean(exclude=["competencies"])
    activity.save()
    activity.competencies.set(competency_ids)
    _store_evidence(activity=activity, files=evidence_files)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    acting_user,
    title: str,
    kind: str,
    start: DateTime,
    end: DateTime,
    hours: Decimal,
    mode: str = "",
    provider: str = "",
    link: str = "",
    language: str = "",
    description: str = "",
    competency_ids: Iterable[int] = (),
    evidence_files: Iterable = (),
) -> Activity:
    if not can(acting_user, "portfolio.change_activity", activity):
        raise PermissionDenied
    mode = mode or default_mode(kind)
    _validate_activity(
        owner=activity.owner, kind=kind, mode=mode, start=start, end=end, hours=hours, title=title
    )
    competency_ids = _check_competencies(owner=activity.owner, competency_ids=list(competency_ids))
    activity.title = title.strip()
    activity.kind = kind
    activity.mode = mode
    activity.provider = provider.strip()
    activity.start = start
    activity.end = end
    activity.hours = hours
    activity.link = link
    activity.language = language
    activity.description = description
    activity.full_clean(exclude=["competencies"])
    activity.save()
    activity.competencies.set(competency_ids)
    _store_evidence(activity=activity, files=evidence_files)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, acting_user) -> None:
    """Deletes the activity, its reflections and its evidence files (files once committed)."""
    if not can(acting_user, "portfolio.change_activity", activity):
        raise PermissionDenied
    names = list(activity.evidence.values_list("file", flat=True))
    activity.delete()
    _delete_files_on_commit(names)


@transaction.atomic
def evidence_add(*, activity: Activity, acting_user, files: Iterable) -> list[Evidence]:
    if not can(acting_user, "portfolio.change_activity", activity):
        raise PermissionDenied
    files = list(files)
    if not files:
        raise ValidationError({"evidence": [_("Please choose a file to upload.")]})
    return _store_evidence(activity=activity, files=files)


@transaction.atomic
def evidence_delete(*, evidence: Evidence, acting_user) -> None:
    if not can(acting_user, "portfolio.change_evidence", evidence):
        raise PermissionDenied
    name = evidence.file.name
    evidence.delete()
    _delete_files_on_commit([name])


# --- Reflections ----------------------------------------------------------------------------


def _validate_reflection(*, template: str, part_1: str, part_2: str, part_3: str) -> None:
    if template not in ReflectionTemplate.values:
        raise ValidationError({"template": [_("Please choose a reflection template.")]})
    errors: dict[str, list[str]] = {}
    if not part_1.strip():
        errors["part_1"] = [_("Please write this part of your reflection.")]
    if template != ReflectionTemplate.FREE:
        for name, text in (("part_2", part_2), ("part_3", part_3)):
            if not text.strip():
                errors[name] = [_("Please write this part of your reflection.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def reflection_create(
    *,
    activity: Activity,
    acting_user,
    template: str,
    part_1: str,
    part_2: str = "",
    part_3: str = "",
) -> Reflection:
    """A reflection on one of the member's own activities. A 3-2-1 reflection gets a follow-up
    four weeks later asking whether the one idea was applied."""
    if not can(acting_user, "portfolio.change_activity", activity):
        raise PermissionDenied
    _validate_reflection(template=template, part_1=part_1, part_2=part_2, part_3=part_3)
    if template == ReflectionTemplate.FREE:
        part_2 = part_3 = ""
    follow_up_due = None
    if template == ReflectionTemplate.THREE_TWO_ONE:
        follow_up_due = selectors.today_for(activity.owner) + FOLLOW_UP_AFTER
    reflection = Reflection(
        activity=activity,
        template=template,
        part_1=part_1,
        part_2=part_2,
        part_3=part_3,
        follow_up_due=follow_up_due,
    )
    reflection.full_clean()
    reflection.save()
    return reflection


@transaction.atomic
def reflection_update(
    *, reflection: Reflection, acting_user, part_1: str, part_2: str = "", part_3: str = ""
) -> Reflection:
    if not can(acting_user, "portfolio.change_reflection", reflection):
        raise PermissionDenied
    _validate_reflection(template=reflection.template, part_1=part_1, part_2=part_2, part_3=part_3)
    if reflection.template == ReflectionTemplate.FREE:
        part_2 = part_3 = ""
    reflection.part_1, reflection.part_2, reflection.part_3 = part_1, part_2, part_3
    reflection.full_clean()
    reflection.save()
    return reflection


@transaction.atomic
def reflection_delete(*, reflection: Reflection, acting_user) -> None:
    if not can(acting_user, "portfolio.change_reflection", reflection):
        raise PermissionDenied
    reflection.delete()


@transaction.atomic
def reflection_follow_up_answer(
    *, reflection: Reflection, acting_user, idea_applied: str, note: str = ""
) -> Reflection:
    """The member says whether they applied the one idea of a 3-2-1 reflection."""
    if not can(acting_user, "portfolio.change_reflection", reflection):
        raise PermissionDenied
    if reflection.template != ReflectionTemplate.THREE_TWO_ONE:
        raise ValidationError(_("Only a 3-2-1 reflection has an idea to follow up."))
    if idea_applied not in IdeaApplied.values:
        raise ValidationError({"idea_applied": [_("Please say whether you applied the idea.")]})
    reflection.idea_applied = idea_applied
    reflection.idea_applied_note = note.strip()
    reflection.full_clean()
    reflection.save(update_fields=["idea_applied", "idea_applied_note", "updated_at"])
    return reflection


def _send_follow_up_mail(reflection: Reflection) -> None:
    owner = reflection.activity.owner
    with translation.override(owner.interface_language or settings.LANGUAGE_CODE):
        context = {
            "reflection": reflection,
            "activity": reflection.activity,
            "owner": owner,
            "url": _absolute_url(reverse("portfolio:reflection_follow_up", args=[reflection.pk])),
        }
        subject = _("Did you apply your idea from “%(title)s”?") % {
            "title": reflection.activity.title
        }
        body = render_to_string("portfolio/email/follow_up.txt", context)
    send_mail(subject, body, None, [owner.email])


def send_reflection_follow_ups(*, today: datetime.date | None = None) -> int:
    """Mails each member once per due 3-2-1 reflection. Safe to run twice or in parallel: the
    conditional update claims a reflection, and a failed mail rolls the claim back."""
    today = today or timezone.now().date()
    sent = 0
    for reflection in selectors.reflections_due_for_follow_up(today=today):
        with transaction.atomic():
            claimed = Reflection.objects.filter(
                pk=reflection.pk, follow_up_sent_at__isnull=True
            ).update(follow_up_sent_at=timezone.now())
            if not claimed:
                continue
            _send_follow_up_mail(reflection)
            sent += 1
    return sent


# --- Requirements ---------------------------------------------------------------------------


def _validate_requirement(
    *, name: str, cycle_years: int, total_hours: Decimal, min_reflections: int
) -> None:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Please give the rule a name.")]
    if cycle_years is None or cycle_years < 1 or cycle_years > 10:
        errors["cycle_years"] = [_("A cycle lasts from one to ten years.")]
    if total_hours is None or total_hours < 0:
        errors["total_hours"] = [_("Hours per cycle must not be negative.")]
    if min_reflections is None or min_reflections < 0:
        errors["min_reflections"] = [_("The number of reflections must not be negative.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def requirement_create(
    *,
    acting_user,
    name: str,
    cycle_start: datetime.date,
    total_hours: Decimal,
    cycle_years: int = 1,
    min_reflections: int = 0,
    description: str = "",
    organisation: Organisation | None = None,
) -> Requirement:
    """An organisation's rule (by its organisers) or a member's personal rule."""
    if not (acting_user and acting_user.is_authenticated):
        raise PermissionDenied
    if organisation is not None and not can(
        acting_user, "portfolio.manage_requirements", organisation
    ):
        raise PermissionDenied
    _validate_requirement(
        name=name, cycle_years=cycle_years, total_hours=total_hours, min_reflections=min_reflections
    )
    requirement = Requirement(
        organisation=organisation,
        owner=None if organisation is not None else acting_user,
        name=name.strip(),
        description=description,
        cycle_years=cycle_years,
        cycle_start=cycle_start,
        total_hours=total_hours,
        min_reflections=min_reflections,
    )
    requirement.full_clean()
    requirement.save()
    return requirement


@transaction.atomic
def requirement_update(
    *,
    requirement: Requirement,
    acting_user,
    name: str,
    cycle_start: datetime.date,
    total_hours: Decimal,
    cycle_years: int = 1,
    min_reflections: int = 0,
    description: str = "",
) -> Requirement:
    if not can(acting_user, "portfolio.change_requirement", requirement):
        raise PermissionDenied
    _validate_requirement(
        name=name, cycle_years=cycle_years, total_hours=total_hours, min_reflections=min_reflections
    )
    requirement.name = name.strip()
    requirement.description = description
    requirement.cycle_years = cycle_years
    requirement.cycle_start = cycle_start
    requirement.total_hours = total_hours
    requirement.min_reflections = min_reflections
    requirement.full_clean()
    requirement.save()
    return requirement


@transaction.atomic
def requirement_delete(*, requirement: Requirement, acting_user) -> None:
    if not can(acting_user, "portfolio.change_requirement", requirement):
        raise PermissionDenied
    requirement.delete()


@transaction.atomic
def quota_add(
    *, requirement: Requirement, acting_user, kind: str, value: str, min_hours: Decimal
) -> RequirementQuota:
    if not can(acting_user, "portfolio.change_requirement", requirement):
        raise PermissionDenied
    value = str(value).strip()
    if kind == QuotaKind.ACTIVITY_KIND:
        valid = value in ActivityKind.values
    elif kind == QuotaKind.MODE:
        valid = value in LearningMode.values
    elif kind == QuotaKind.COMPETENCY_AREA:
        valid = (
            value.isdigit()
            and selectors.competency_area_choices(
                user=acting_user, organisation=requirement.organisation
            )
            .filter(pk=int(value))
            .exists()
        )
    else:
        raise ValidationError({"kind": [_("Please choose what the sub-quota counts.")]})
    if not valid:
        raise ValidationError({"value": [_("Please choose what the sub-quota counts.")]})
    if min_hours is None or min_hours <= 0:
        raise ValidationError({"min_hours": [_("Hours must be more than zero.")]})
    if min_hours > requirement.total_hours:
        raise ValidationError(
            {"min_hours": [_("A sub-quota cannot ask for more hours than the whole rule.")]}
        )
    return RequirementQuota.objects.create(
        requirement=requirement, kind=kind, value=value, min_hours=min_hours
    )


@transaction.atomic
def quota_delete(*, quota: RequirementQuota, acting_user) -> None:
    if not can(acting_user, "portfolio.change_requirement", quota.requirement):
        raise PermissionDenied
    quota.delete()


def _members_bound_by(requirement: Requirement) -> list:
    from django.contrib.auth import get_user_model

    if requirement.owner_id is not None:
        return [requirement.owner] if requirement.owner.is_active else []
    return list(
        get_user_model().objects.filter(
            memberships__organisation_id=requirement.organisation_id, is_active=True
        )
    )


def _send_requirement_reminder(*, user, progress) -> None:
    with translation.override(user.interface_language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "progress": progress,
            "url": _absolute_url(reverse("portfolio:requirement_list")),
        }
        subject = _("Your CPD cycle for “%(name)s” ends soon") % {"name": progress.requirement.name}
        body = render_to_string("portfolio/email/requirement_reminder.txt", context)
    send_mail(subject, body, None, [user.email])


def send_requirement_reminders(*, today: datetime.date | None = None) -> int:
    """Mails members whose cycle ends within 30 days while a rule is unmet: once per rule, per
    member, per cycle (a unique reminder row is the record that it was sent)."""
    today = today or timezone.now().date()
    sent = 0
    requirements = Requirement.objects.select_related("owner", "organisation").prefetch_related(
        "quotas"
    )
    for requirement in requirements:
        start, end = selectors.current_cycle(requirement, today)
        if not (start <= today and end - today <= REMINDER_WINDOW):
            continue
        for user in _members_bound_by(requirement):
            if RequirementReminder.objects.filter(
                requirement=requirement, user=user, cycle_start=start
            ).exists():
                continue
            progress = selectors.requirement_progress(
                user=user, requirements=[requirement], today=today
            )[0]
            if progress.met:
                continue
            try:
                with transaction.atomic():
                    RequirementReminder.objects.create(
                        requirement=requirement, user=user, cycle_start=start
                    )
                    _send_requirement_reminder(user=user, progress=progress)
            except IntegrityError:
                continue  # another worker reminded them first
            sent += 1
    return sent


# --- Sharing --------------------------------------------------------------------------------


def _validate_period(
    *, period_start: datetime.date | None, period_end: datetime.date | None
) -> None:
    if period_start and period_end and period_end < period_start:
        raise ValidationError(
            {"period_end": [_("The end of the period must not be before its start.")]}
        )


@transaction.atomic
def manager_share_set(
    *,
    owner,
    acting_user,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    include_reflections: bool = False,
) -> ManagerShare:
    """Shares the record (or one period of it) with the managers of the owner's teams; replaces
    any earlier share."""
    _check_owner(owner=owner, acting_user=acting_user)
    _validate_period(period_start=period_start, period_end=period_end)
    ManagerShare.objects.filter(owner=owner, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return ManagerShare.objects.create(
        owner=owner,
        period_start=period_start,
        period_end=period_end,
        include_reflections=include_reflections,
    )


@transaction.atomic
def manager_share_revoke(*, owner, acting_user) -> int:
    _check_owner(owner=owner, acting_user=acting_user)
    return ManagerShare.objects.filter(owner=owner, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def share_link_create(
    *,
    owner,
    acting_user,
    label: str = "",
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    include_reflections: bool = False,
) -> ShareLink:
    _check_owner(owner=owner, acting_user=acting_user)
    _validate_period(period_start=period_start, period_end=period_end)
    link = ShareLink(
        owner=owner,
        label=label.strip(),
        period_start=period_start,
        period_end=period_end,
        include_reflections=include_reflections,
    )
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def share_link_revoke(*, link: ShareLink, acting_user) -> ShareLink:
    _check_owner(owner=link.owner, acting_user=acting_user)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


# --- Automatic entries from other apps --------------------------------------------------------


def record_activity(
    *,
    owner,
    source_key: str,
    title: str,
    kind: str,
    start: DateTime,
    end: DateTime,
    hours: Decimal,
    provider: str = "",
    link: str = "",
    language: str = "",
    competency_ids: Iterable[int] = (),
    mode: str | None = None,
) -> tuple[Activity, bool]:
    """Adds an activity another app observed (attendance, a finished module, coaching…).

    Idempotent by (owner, source_key): a retry returns the existing activity and
    `created=False`, never a second row. New automatic entries ask for a reflection.
    """
    existing = Activity.objects.filter(owner=owner, source_key=source_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            activity = Activity.objects.create(
                owner=owner,
                source_key=source_key,
                title=title[:300],
                kind=kind,
                mode=mode or default_mode(kind),
                start=start,
                end=end,
                hours=hours,
                provider=provider[:200],
                link=link,
                language=language,
                reflection_requested=True,
            )
            if competency_ids:
                activity.competencies.set(list(competency_ids))
    except IntegrityError:
        # A concurrent call with the same key won the race: return its row.
        return Activity.objects.get(owner=owner, source_key=source_key), False
    transaction.on_commit(
        lambda: activity_recorded.send(sender=Activity, activity=activity, source_key=source_key)
    )
    return activity, True
