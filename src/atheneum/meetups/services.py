"""Writes to meetups: series, invitations, hosts, RSVPs, notes and host reminders."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atheneum.common.timezones import is_valid_timezone
from atheneum.organisations.models import Membership, Organisation, Team
from atheneum.organisations.rules import can

from . import emails, recurrence, selectors
from .enums import RsvpResponse, SeriesAccess
from .models import MeetupSeries, Occurrence, Rsvp, SeriesInvitation

RESERVED_SLUGS = frozenset({"new"})
TITLE_MAX = MeetupSeries._meta.get_field("title").max_length


def _validated_fields(
    *,
    organisation: Organisation,
    team: Team | None,
    title: str,
    rrule: str,
    first_start: datetime.datetime,
    time_zone: str,
    duration_minutes: int,
    language: str,
) -> dict:
    errors: dict[str, list[str]] = {}
    title = " ".join((title or "").split())
    if not title:
        errors.setdefault("title", []).append(_("Give the series a title."))
    if team is not None and team.organisation_id != organisation.pk:
        errors.setdefault("team", []).append(_("Choose a team of the same organisation."))
    if not is_valid_timezone(time_zone):
        errors.setdefault("time_zone", []).append(_("Choose a time zone from the list."))
    if not 5 <= (duration_minutes or 0) <= 600:
        errors.setdefault("duration_minutes", []).append(
            _("A meeting lasts between 5 and 600 minutes.")
        )
    if not language:
        errors.setdefault("language", []).append(_("Choose a language."))
    rule_text = recurrence.clean_rule_text(rrule)
    if first_start is None or timezone.is_naive(first_start):
        errors.setdefault("first_start", []).append(
            _("Give the date and time of the first meeting.")
        )
    elif "time_zone" not in errors:
        try:
            rule = recurrence.build_rule(
                rule_text=rule_text, first_start=first_start, time_zone=time_zone
            )
            first = recurrence.first_date(rule=rule, time_zone=time_zone)
        except recurrence.InvalidRule:
            first = None
            errors.setdefault("rrule", []).append(
                _(
                    "This is not a recurrence rule the site understands. "
                    "Write it like FREQ=MONTHLY;BYDAY=1WE (daily, weekly, monthly or yearly)."
                )
            )
        else:
            if first is None:
                errors.setdefault("rrule", []).append(_("This rule gives no dates at all."))
            else:
                # The first meeting is the first date the rule gives, so the site and every
                # calendar (where DTSTART always counts as a date) agree.
                first_start = first
    if errors:
        raise ValidationError(errors)
    return {
        "organisation": organisation,
        "team": team,
        "title": title,
        "rrule": rule_text,
        "first_start": first_start,
        "time_zone": time_zone,
        "duration_minutes": duration_minutes,
        "language": language,
    }


@transaction.atomic
def series_create(
    *,
    organisation: Organisation,
    team: Team | None,
    slug: str,
    title: str,
    description: str,
    language: str,
    rrule: str,
    first_start: datetime.datetime,
    time_zone: str,
    duration_minutes: int,
    meeting_url: str,
    access: str,
    rotate_hosts: bool,
    acting_user,
) -> MeetupSeries:
    if not can(acting_user, "meetups.add_series", organisation):
        raise PermissionDenied
    fields = _validated_fields(
        organisation=organisation,
        team=team,
        title=title,
        rrule=rrule,
        first_start=first_start,
        time_zone=time_zone,
        duration_minutes=duration_minutes,
        language=language,
    )
    if access not in SeriesAccess.values:
        raise ValidationError({"access": _("Choose who may join.")})
    if not slug or slug in RESERVED_SLUGS or MeetupSeries.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("This short name is taken; choose another.")})
    try:
        with transaction.atomic():
            return MeetupSeries.objects.create(
                slug=slug,
                description=description or "",
                meeting_url=meeting_url or "",
                access=access,
                rotate_hosts=rotate_hosts,
                **fields,
            )
    except IntegrityError as error:
        raise ValidationError({"slug": _("This short name is taken; choose another.")}) from error


@transaction.atomic
def series_update(
    *,
    series: MeetupSeries,
    team: Team | None,
    title: str,
    description: str,
    language: str,
    rrule: str,
    first_start: datetime.datetime,
    time_zone: str,
    duration_minutes: int,
    meeting_url: str,
    access: str,
    rotate_hosts: bool,
    is_active: bool,
    acting_user,
) -> MeetupSeries:
    if not can(acting_user, "meetups.change_series", series):
        raise PermissionDenied
    fields = _validated_fields(
        organisation=series.organisation,
        team=team,
        title=title,
        rrule=rrule,
        first_start=first_start,
        time_zone=time_zone,
        duration_minutes=duration_minutes,
        language=language,
    )
    if access not in SeriesAccess.values:
        raise ValidationError({"access": _("Choose who may join.")})
    fields.pop("organisation")
    for name, value in fields.items():
        setattr(series, name, value)
    series.description = description or ""
    series.meeting_url = meeting_url or ""
    series.access = access
    series.rotate_hosts = rotate_hosts
    series.is_active = is_active
    series.save()
    return series


@transaction.atomic
def series_open_to_members(*, series: MeetupSeries, acting_user) -> MeetupSeries:
    """Opens an invitation-only series to every member of its organisation; invitations stay."""
    if not can(acting_user, "meetups.change_series", series):
        raise PermissionDenied
    series.access = SeriesAccess.MEMBERS
    series.save(update_fields=["access"])
    return series


@transaction.atomic
def series_set_invitations(*, series: MeetupSeries, user_ids: list[int], acting_user) -> int:
    """Makes exactly these members of the organisation the invited ones; returns how many."""
    if not can(acting_user, "meetups.change_series", series):
        raise PermissionDenied
    wanted = set(user_ids)
    members = set(
        Membership.objects.filter(
            organisation_id=series.organisation_id, user_id__in=wanted
        ).values_list("user_id", flat=True)
    )
    if wanted - members:
        raise ValidationError({"invited": _("Only members of the organisation can be invited.")})
    SeriesInvitation.objects.filter(series=series).exclude(user_id__in=wanted).delete()
    existing = set(SeriesInvitation.objects.filter(series=series).values_list("user_id", flat=True))
    SeriesInvitation.objects.bulk_create(
        [SeriesInvitation(series=series, user_id=user_id) for user_id in wanted - existing]
    )
    return len(wanted)


def _occurrence_for(*, series: MeetupSeries, start: datetime.datetime) -> Occurrence:
    """The stored row for this date, created on first use (races end in the same row)."""
    occurrence = Occurrence.objects.filter(series=series, start=start).first()
    if occurrence is not None:
        return occurrence
    try:
        with transaction.atomic():
            return Occurrence.objects.create(series=series, start=start)
    except IntegrityError:
        return Occurrence.objects.get(series=series, start=start)


def _check_date(*, series: MeetupSeries, start: datetime.datetime) -> None:
    rule = selectors.series_rule(series)
    if (
        not recurrence.is_date_of(rule=rule, time_zone=series.time_zone, moment=start)
        and not Occurrence.objects.filter(series=series, start=start).exists()
    ):
        raise ValidationError(_("This is not a date of the series."))


@transaction.atomic
def hosts_assign(
    *, series: MeetupSeries, hosts: dict[datetime.datetime, int | None], acting_user
) -> None:
    """Sets the host of each given date (None hands the date back to the rota)."""
    if not can(acting_user, "meetups.change_series", series):
        raise PermissionDenied
    chosen = {user_id for user_id in hosts.values() if user_id is not None}
    members = set(
        Membership.objects.filter(
            organisation_id=series.organisation_id, user_id__in=chosen
        ).values_list("user_id", flat=True)
    )
    if chosen - members:
        raise ValidationError(_("Hosts must be members of the organisation."))
    for start in hosts:
        _check_date(series=series, start=start)
    for start, user_id in hosts.items():
        occurrence = _occurrence_for(series=series, start=start)
        if occurrence.host_id != user_id:
            occurrence.host_id = user_id
            occurrence.host_reminded_at = None
            occurrence.save(update_fields=["host", "host_reminded_at"])


@transaction.atomic
def occurrence_set_cancelled(
    *, series: MeetupSeries, start: datetime.datetime, cancelled: bool, acting_user
) -> Occurrence:
    if not can(acting_user, "meetups.change_series", series):
        raise PermissionDenied
    _check_date(series=series, start=start)
    occurrence = _occurrence_for(series=series, start=start)
    occurrence.cancelled = cancelled
    occurrence.save(update_fields=["cancelled"])
    return occurrence


@transaction.atomic
def rsvp_set(*, series: MeetupSeries, start: datetime.datetime, response: str, acting_user) -> Rsvp:
    """Records the viewer's answer for one date, creating the date's row on first answer."""
    if not can(acting_user, "meetups.rsvp", series):
        raise PermissionDenied
    if response not in RsvpResponse.values:
        raise ValidationError({"response": _("Choose one of the answers.")})
    _check_date(series=series, start=start)
    if start + datetime.timedelta(minutes=series.duration_minutes) <= timezone.now():
        raise ValidationError(_("This meeting is over."))
    occurrence = _occurrence_for(series=series, start=start)
    if occurrence.cancelled:
        raise ValidationError(_("This meeting is cancelled."))
    rsvp, _created = Rsvp.objects.update_or_create(
        occurrence=occurrence, user=acting_user, defaults={"response": response}
    )
    return rsvp


NOTES_MAX = Occurrence._meta.get_field("notes").max_length


@transaction.atomic
def notes_save(
    *, series: MeetupSeries, start: datetime.datetime, notes: str, acting_user
) -> Occurrence:
    """Saves the notes after a meeting (Markdown; rendered sanitised when shown)."""
    _check_date(series=series, start=start)
    occurrence = _occurrence_for(series=series, start=start)
    occurrence.series = series
    if not can(acting_user, "meetups.write_notes", occurrence):
        # A host from the rota is not stored yet: they may write too.
        date = selectors.date_get_for_user(
            user=acting_user, series=series, key=selectors.occurrence_key(start)
        )
        if date.host is None or date.host.pk != acting_user.pk:
            raise PermissionDenied
    if len(notes or "") > NOTES_MAX:
        raise ValidationError(
            {"notes": _("Notes may have at most %(max)d characters.") % {"max": NOTES_MAX}}
        )
    occurrence.notes = (notes or "").strip()
    occurrence.save(update_fields=["notes"])
    return occurrence


REMINDER_WINDOW = datetime.timedelta(days=3)


def host_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Reminds each host of a date in the next few days, once: the conditional update on
    `host_reminded_at` lets exactly one run (or worker) claim each reminder."""
    now = now or timezone.now()
    sent = 0
    for series, start, host in selectors.occurrences_needing_reminder(
        now=now, within=REMINDER_WINDOW
    ):
        with transaction.atomic():
            occurrence = _occurrence_for(series=series, start=start)
            if occurrence.host_id is None:
                # Fix the rota's choice on the row, so the reminded host stays the host.
                Occurrence.objects.filter(pk=occurrence.pk, host__isnull=True).update(host=host)
            claimed = Occurrence.objects.filter(
                pk=occurrence.pk, host_id=host.pk, host_reminded_at__isnull=True
            ).update(host_reminded_at=now)
            if claimed:
                transaction.on_commit(
                    lambda series=series, start=start, host=host: emails.host_reminder_message(
                        series=series, start=start, host=host
                    ).send()
                )
                sent += 1
    return sent
