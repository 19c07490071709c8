"""Coaching: programmes, their coaches and free times, and the caller's own bookings.

Programmes, coach profiles and free slots are public like their pages (published ones for
everyone, drafts for their organisers); bookings belong to their coachee and their coach only,
and another person's booking answers 404. Booking goes through the same locked, race-safe
service as the booking page; a time someone else just took answers 422 naming `slot_id`.
"""

import datetime
import functools
import operator
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from atheneum.coaching import booking_selectors, booking_services, programme_selectors
from atheneum.coaching.enums import CoachStatus
from atheneum.coaching.models import Slot
from atheneum.coaching.slots import zone_for
from atheneum.organisations.rules import can

from ..auth import PUBLIC, require_scope
from ..pagination import Pagination

router = Router(tags=["coaching"])

AREA = "coaching"
# The widest window of free times one call may ask for.
MAX_SLOT_RANGE = datetime.timedelta(days=93)


def _language(request) -> str:
    return getattr(request, "LANGUAGE_CODE", None) or "en"


# --- Schemas -----------------------------------------------------------------------------------


class OrganisationOut(Schema):
    slug: str
    name: str


class ProgrammeOut(Schema):
    slug: str
    title: str
    description: str
    is_published: bool
    organisation: OrganisationOut
    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return programme_selectors.absolute_url(obj.get_absolute_url())


class RoundOut(Schema):
    id: int
    title: str
    time_zone: str
    booking_opens: datetime.datetime
    booking_closes: datetime.datetime
    coaching_starts: datetime.datetime
    coaching_ends: datetime.datetime
    session_minutes: int
    max_bookings_per_coachee: int
    cancel_cutoff_hours: int
    is_published: bool
    booking_open: bool

    @staticmethod
    def resolve_booking_open(obj) -> bool:
        return booking_selectors.booking_window_open(obj)


class ProgrammeDetailOut(ProgrammeOut):
    partners: list[OrganisationOut]
    rounds: list[RoundOut]

    @staticmethod
    def resolve_partners(obj) -> list:
        return list(obj.partners.all())

    @staticmethod
    def resolve_rounds(obj) -> list:
        return obj.api_rounds


class CoachOut(Schema):
    """A coach's public profile, as the programme page shows it (never the meeting link)."""

    id: int
    name: str
    bio: str
    bio_html: str
    photo_url: str | None
    photo_alt: str
    languages: list[str]
    language_names: list[str]
    topics: list[str]
    competencies: list[str]
    time_zone: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.user.public_name

    @staticmethod
    def resolve_photo_url(obj) -> str | None:
        return obj.photo.url if obj.photo else None

    @staticmethod
    def resolve_competencies(obj) -> list[str]:
        return obj.competency_titles


class SlotOut(Schema):
    """A free time; `start`/`end` in UTC, and the same instants on the coach's wall clock."""

    id: int
    round_id: int
    coach_id: int
    start: datetime.datetime
    end: datetime.datetime
    coach_time_zone: str
    coach_local_start: datetime.datetime
    coach_local_end: datetime.datetime

    @staticmethod
    def resolve_start(obj) -> datetime.datetime:
        return obj.start.astimezone(datetime.UTC)

    @staticmethod
    def resolve_end(obj) -> datetime.datetime:
        return obj.end.astimezone(datetime.UTC)

    @staticmethod
    def resolve_coach_time_zone(obj) -> str:
        return str(zone_for(obj.coach.time_zone).key)

    @staticmethod
    def resolve_coach_local_start(obj) -> datetime.datetime:
        return obj.start.astimezone(zone_for(obj.coach.time_zone))

    @staticmethod
    def resolve_coach_local_end(obj) -> datetime.datetime:
        return obj.end.astimezone(zone_for(obj.coach.time_zone))


class BookingProgrammeOut(Schema):
    slug: str
    title: str


class BookingRoundOut(Schema):
    id: int
    title: str


class PersonOut(Schema):
    name: str


class BookingOut(Schema):
    """One of the caller's bookings. `role` says which side the caller is on; the coach's
    private notes and either side's feedback are not part of it."""

    id: UUID
    role: str
    status: str
    start: datetime.datetime
    end: datetime.datetime
    programme: BookingProgrammeOut
    round: BookingRoundOut
    coach_id: int
    coach: PersonOut
    coachee: PersonOut
    goals: str
    preparation_done: list[str]
    meeting_url: str | None
    cancelled_at: datetime.datetime | None

    @staticmethod
    def resolve_id(obj) -> UUID:
        return obj.uid

    @staticmethod
    def resolve_role(obj, context) -> str:
        user = context["request"].user
        return "coach" if obj.coach.user_id == user.pk else "coachee"

    @staticmethod
    def resolve_start(obj) -> datetime.datetime:
        return obj.start.astimezone(datetime.UTC)

    @staticmethod
    def resolve_end(obj) -> datetime.datetime:
        return obj.end.astimezone(datetime.UTC)

    @staticmethod
    def resolve_programme(obj):
        return obj.round.programme

    @staticmethod
    def resolve_coach(obj) -> dict:
        return {"name": obj.coach.user.public_name}

    @staticmethod
    def resolve_coachee(obj) -> dict:
        return {"name": obj.coachee.public_name}

    @staticmethod
    def resolve_meeting_url(obj) -> str | None:
        # As on the booking page: the link is shown only while the session is live.
        if obj.status == "cancelled" or not obj.meeting_url:
            return None
        return obj.meeting_url


class BookingIn(Schema):
    slot_id: int = Field(..., ge=1)
    goals: str = Field(..., max_length=3000)
    preparation_done: list[str] = Field(default_factory=list, max_length=50)


class SlotFilters(Schema):
    start_from: datetime.datetime | None = Field(None, alias="from")
    start_to: datetime.datetime | None = Field(None, alias="to")


# --- Programmes and coaches --------------------------------------------------------------------


@router.get(
    "/programmes",
    response=list[ProgrammeOut],
    auth=PUBLIC,
    summary="Coaching programmes",
    description="Published programmes (and, for their organisers, drafts), by title.",
)
@paginate(Pagination)
def programme_list(request):
    require_scope(request, AREA)
    return programme_selectors.programmes_visible_to(user=request.user)


@router.get(
    "/programmes/{slug}", response=ProgrammeDetailOut, auth=PUBLIC, summary="A coaching programme"
)
def programme_detail(request, slug: str):
    require_scope(request, AREA)
    programme = programme_selectors.programme_get_for_user(user=request.user, slug=slug)
    programme.api_rounds = programme_selectors.rounds_for_programme(
        programme=programme, user=request.user
    )
    return programme


@router.get(
    "/programmes/{slug}/coaches",
    response=list[CoachOut],
    auth=PUBLIC,
    summary="A programme's coaches",
    description="Active coaches' public profiles, by name.",
)
@paginate(Pagination)
def programme_coaches(request, slug: str):
    require_scope(request, AREA)
    programme = programme_selectors.programme_get_for_user(user=request.user, slug=slug)
    return programme_selectors.coaches_listed(programme=programme, language=_language(request))


def _aware(value: datetime.datetime | None) -> datetime.datetime | None:
    if value is not None and timezone.is_naive(value):
        return value.replace(tzinfo=datetime.UTC)
    return value


@router.get(
    "/coaches/{coach_id}/slots",
    response=list[SlotOut],
    auth=PUBLIC,
    summary="A coach's free times",
    description=(
        "Times the coach can still be booked for, soonest first, in UTC, computed as on the "
        "booking page: only rounds open for booking, only times not overlapping a live "
        "booking. `from` and `to` (ISO 8601; UTC when no offset is given) bound the start, "
        "at most 93 days apart."
    ),
)
@paginate(Pagination)
def coach_slots(request, coach_id: int, filters: Query[SlotFilters]):
    require_scope(request, AREA)
    start_from, start_to = _aware(filters.start_from), _aware(filters.start_to)
    if start_to is not None:
        # Free times only lie ahead, so without `from` the window starts now.
        window_start = start_from or timezone.now()
        if start_from is not None and start_to <= start_from:
            raise ValidationError({"to": _("The end must be after the start.")})
        if start_to - window_start > MAX_SLOT_RANGE:
            message = _("Ask for at most %(days)s days at a time.")
            raise ValidationError({"to": message % {"days": MAX_SLOT_RANGE.days}})
    coach = booking_selectors.coach_get_for_user(user=request.user, pk=coach_id)
    if coach.status != CoachStatus.ACTIVE:
        return Slot.objects.none()
    rounds = [
        round_
        for round_ in programme_selectors.rounds_for_programme(
            programme=coach.programme, user=request.user
        )
        if can(request.user, "coaching.view_round", round_)
    ]
    free = [booking_selectors.free_slots(round_=round_, coaches=[coach]) for round_ in rounds]
    slots = functools.reduce(operator.or_, free, Slot.objects.none())
    if start_from:
        slots = slots.filter(start__gte=start_from)
    if start_to:
        slots = slots.filter(start__lt=start_to)
    return slots.select_related("coach__user").order_by("start", "pk")


# --- Bookings ----------------------------------------------------------------------------------


@router.get(
    "/bookings",
    response=list[BookingOut],
    summary="My bookings",
    description="Live bookings where I am the coachee or the coach, soonest first.",
)
@paginate(Pagination)
def booking_list(request):
    require_scope(request, AREA)
    as_coachee, as_coach = booking_selectors.bookings_for_user(user=request.user)
    rows = {booking.pk: booking for booking in [*as_coachee, *as_coach]}
    return sorted(rows.values(), key=lambda booking: (booking.start, booking.pk))


def _slot_for_booking(user, slot_id: int) -> Slot:
    """The slot to book; a slot the caller may not see is reported as not found (422)."""
    found = Slot.objects.select_related("round__programme").filter(pk=slot_id).first()
    if found is None:
        raise ValidationError({"slot_id": _("There is no such time.")})
    try:
        round_ = booking_selectors.round_get_for_user(
            user=user, slug=found.round.programme.slug, pk=found.round_id
        )
    except Http404 as error:
        raise ValidationError({"slot_id": _("There is no such time.")}) from error
    if not can(user, "coaching.book", round_):
        raise PermissionDenied
    return booking_selectors.slot_get_free(round_=round_, slot_id=slot_id)


def _on_slot(error: ValidationError) -> ValidationError:
    """Errors about the chosen time (taken, past, closed, your limit…) name `slot_id`."""
    if hasattr(error, "error_dict"):
        return error
    return ValidationError({"slot_id": list(error.messages)})


@router.post(
    "/bookings",
    response={201: BookingOut},
    summary="Book a free time",
    description=(
        "Books the slot for me through the booking page's race-safe service. A time that is "
        "taken, past or otherwise not bookable answers 422 naming `slot_id`."
    ),
)
def booking_create(request, payload: BookingIn):
    require_scope(request, AREA, write=True)
    slot = _slot_for_booking(request.user, payload.slot_id)
    steps = booking_selectors.preparation_steps(round_=slot.round, language=_language(request))
    unknown = [step for step in payload.preparation_done if step not in steps]
    if unknown:
        raise ValidationError(
            {"preparation_done": _("Choose only steps of the preparation guide.")}
        )
    try:
        booking = booking_services.booking_create(
            slot=slot,
            coachee=request.user,
            goals=payload.goals,
            preparation_done=payload.preparation_done,
            acting_user=request.user,
        )
    except ValidationError as error:
        raise _on_slot(error) from error
    return Status(201, booking_selectors.booking_get_for_user(user=request.user, uid=booking.uid))


@router.delete(
    "/bookings/{booking_id}",
    response=BookingOut,
    summary="Cancel one of my bookings",
    description=(
        "Cancels a confirmed booking (as coachee or coach) up to the round's cut-off; the time "
        "becomes free again. Another person's booking answers 404."
    ),
)
def booking_cancel(request, booking_id: UUID, reason: str = Query("", max_length=500)):
    require_scope(request, AREA, write=True)
    booking = booking_selectors.booking_get_for_user(user=request.user, uid=booking_id)
    booking_services.booking_cancel(booking=booking, acting_user=request.user, reason=reason)
    return booking_selectors.booking_get_for_user(user=request.user, uid=booking_id)
