"""Reads for availability, free slots and bookings; each fetch checks access and raises 404."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

from atheneum.common import fragments
from atheneum.organisations.rules import can

from .caching import programme_tag
from .enums import BookingStatus, CoachStatus
from .models import LIVE_BOOKING, Availability, Booking, Coach, PreparationGuide, Round, Slot
from .slots import zone_for

SLOTS_PER_PAGE = 60


def round_get(*, slug: str, pk: int) -> Round:
    """A round with its programme and organisation, without an access check."""
    try:
        return Round.objects.select_related("programme__organisation").get(
            pk=pk, programme__slug=slug
        )
    except Round.DoesNotExist as error:
        raise Http404 from error


def round_get_for_user(*, user, slug: str, pk: int) -> Round:
    round_ = round_get(slug=slug, pk=pk)
    if not can(user, "coaching.view_round", round_):
        raise Http404
    return round_


def coach_get_for_user(*, user, pk: int) -> Coach:
    """A coach the viewer may see (their public profile), or 404."""
    coach = Coach.objects.select_related("user", "programme__organisation").filter(pk=pk).first()
    if coach is None or not can(user, "coaching.view_coach", coach):
        raise Http404
    return coach


def coach_for_availability(*, user, round_: Round, coach_id: int | None = None) -> Coach:
    """The coach whose periods the viewer manages: their own, or (organisers) one chosen."""
    coaches = Coach.objects.select_related("user", "programme__organisation").filter(
        programme_id=round_.programme_id
    )
    if coach_id is not None:
        coach = coaches.filter(pk=coach_id).first()
    else:
        coach = coaches.filter(user=user).first() if user.is_authenticated else None
    if coach is None or not can(user, "coaching.set_availability", coach):
        raise Http404
    return coach


def availabilities_for(*, coach: Coach, round_: Round) -> QuerySet[Availability]:
    return Availability.objects.filter(coach=coach, round=round_).order_by("start")


def availability_get(*, coach: Coach, round_: Round, pk: int) -> Availability:
    availability = (
        Availability.objects.select_related("coach__programme__organisation", "round")
        .filter(coach=coach, round=round_, pk=pk)
        .first()
    )
    if availability is None:
        raise Http404
    return availability


def booking_window_open(round_: Round, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return round_.booking_opens <= now < round_.booking_closes


def _live_overlap(outer_coach: str = "coach_id") -> Exists:
    return Exists(
        Booking.objects.filter(
            LIVE_BOOKING,
            coach_id=OuterRef(outer_coach),
            start__lt=OuterRef("end"),
            end__gt=OuterRef("start"),
        )
    )


# What the free-slot list and its filters read of a coach and their account.
SLOT_LIST_COACH_FIELDS = (
    "programme_id",
    "user_id",
    "languages",
    "topics",
    "time_zone",
    "status",
    "user__display_name",
    "user__email",
)


def round_coaches(*, round_: Round) -> list[Coach]:
    return list(
        Coach.objects.filter(programme_id=round_.programme_id, status=CoachStatus.ACTIVE)
        .select_related("user")
        .only(*SLOT_LIST_COACH_FIELDS)
        .order_by("pk")
    )


def filter_choices(coaches: list[Coach]) -> tuple[list[str], list[str]]:
    languages = sorted({lang for coach in coaches for lang in coach.languages})
    topics = sorted({topic for coach in coaches for topic in coach.topics}, key=str.casefold)
    return languages, topics


@dataclass(frozen=True)
class CoachChoices:
    """What the free-slot filters offer, and who coaches (they see their own times as such)."""

    languages: list[str]
    topics: list[str]
    coach_user_ids: frozenset[int]


def coach_choices(coaches: list[Coach]) -> CoachChoices:
    languages, topics = filter_choices(coaches)
    return CoachChoices(
        languages=languages,
        topics=topics,
        coach_user_ids=frozenset(coach.user_id for coach in coaches),
    )


def round_coach_choices(
    *, round_: Round, coaches: Callable[[], list[Coach]] | None = None
) -> CoachChoices:
    """`coach_choices` of the round's active coaches, cached until the programme's coaches
    change (no query when warm). `coaches` gives them when they must be read (else
    `round_coaches`), so a caller that needs them too reads them once."""
    return fragments.cached(
        ["coaching:coach-choices", round_.programme_id],
        tags=[programme_tag(round_.programme_id)],
        build=lambda: coach_choices(coaches() if coaches else round_coaches(round_=round_)),
    )


def free_slots(
    *, round_: Round, coaches: list[Coach], language: str = "", topic: str = ""
) -> QuerySet[Slot]:
    """Bookable slots of the round's active coaches (filtered by language and topic).

    A slot is free while no live booking of its coach overlaps it; it must start in the future
    and the booking window must be open (else nothing is free)."""
    if not booking_window_open(round_):
        return Slot.objects.none()
    chosen = [
        coach.pk
        for coach in coaches
        if (not language or language in coach.languages) and (not topic or topic in coach.topics)
    ]
    return (
        Slot.objects.filter(
            round=round_, coach_id__in=chosen, is_withdrawn=False, start__gt=timezone.now()
        )
        .exclude(_live_overlap())
        .select_related("coach__user")
        .order_by("start", "pk")
    )


def slot_get_free(*, round_: Round, slot_id: int) -> Slot:
    slot = (
        Slot.objects.filter(round=round_, pk=slot_id)
        .select_related("coach__user", "round__programme__organisation")
        .annotate(taken=_live_overlap())
        .first()
    )
    if slot is None:
        raise Http404
    return slot


@dataclass
class SlotPage:
    """One page of free slots, found without counting them all: the page is read with one row
    more than it shows, and that row only tells whether a next page exists. Counting the free
    slots of a round costs as much as reading them (each one is checked against the bookings),
    so the pager says "next page" instead of "page x of y"."""

    object_list: list[Slot]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


MAX_PAGE_NUMBER = 100_000


def page_number(value) -> int:
    """A page number asked for: 1 when missing or not a positive number."""
    try:
        # Capped: a huge number would overflow the database's OFFSET (a 500, not an empty page).
        return min(max(int(value), 1), MAX_PAGE_NUMBER)
    except (TypeError, ValueError):
        return 1


def slot_page(
    slots: QuerySet[Slot], number, *, coaches: list[Coach], per_page: int = SLOTS_PER_PAGE
) -> SlotPage:
    """Page `number` (1 when missing or not a positive number) of `slots`, in one query.

    `coaches` (with their users) are the ones the slots were chosen from: they are attached to
    the page's slots instead of being joined to every free slot before the database sorts."""
    number = page_number(number)
    offset = (number - 1) * per_page
    by_id = {coach.pk: coach for coach in coaches}
    rows = list(slots.select_related(None)[offset : offset + per_page + 1])
    for slot in rows:
        slot.coach = by_id[slot.coach_id]
    return SlotPage(object_list=rows[:per_page], number=number, has_next=len(rows) > per_page)


def free_until(slots: QuerySet[Slot], page: SlotPage) -> datetime.datetime | None:
    """When the list of free `slots` changes by itself: its first slot begins (and leaves the
    list, moving every page). None when the page is empty (later pages only lose slots)."""
    if not page.object_list:
        return None
    if page.number == 1:
        return page.object_list[0].start
    return slots.values_list("start", flat=True).first()


def time_html(value: datetime.datetime, zone, zone_name: str, fmt: str) -> SafeString:
    """A moment on the wall clock of `zone`, with `zone_name` shown, in a <time>."""
    return format_html(
        '<time datetime="{}">{} ({})</time>',
        value.isoformat(),
        date_format(value.astimezone(zone).replace(tzinfo=None), fmt),
        (zone_name or "UTC").replace("_", " "),
    )


@dataclass(frozen=True)
class CoachShown:
    """A coach as a row of the free-slot list shows them."""

    name: str
    topics: str
    languages: str


@dataclass
class SlotRow:
    slot: Slot
    local_start: datetime.datetime
    local_end: datetime.datetime
    coach_start: datetime.datetime
    coach_end: datetime.datetime
    coach_zone: str
    own: bool
    # Ready-made markup and text, so the list does no zone conversion, date formatting, joining
    # or URL reversing per cell.
    local_start_html: SafeString = SafeString("")
    local_end_time: str = ""
    coach_start_html: SafeString = SafeString("")
    local_start_time: str = ""
    coach: CoachShown | None = None
    book_url: str = ""


def booking_url_maker(round_: Round) -> Callable[[int], str]:
    """The booking page's address for a slot id of `round_`, reversed once for a whole page."""
    sample = reverse("coaching:booking_create", args=[round_.programme.slug, round_.pk, 0])
    head, tail = sample.rsplit("/0/", 1)
    return lambda slot_id: f"{head}/{slot_id}/{tail}"


def group_by_day(
    *, slots, viewer, zone_name: str, book_url: Callable[[int], str] | None = None
) -> list[tuple[datetime.date, list[SlotRow]]]:
    """Slots grouped by day in the viewer's zone, each with the coach's local time too (and
    `book_url(slot.pk)` when given).

    Slots on one page share a few start times, zones and coaches, so each (moment, zone) is
    converted and formatted once, and each coach's name, topics and languages are joined once."""
    zone = zone_for(zone_name)
    viewer_id = viewer.pk if viewer and viewer.is_authenticated else None
    zones: dict[str, object] = {}
    shown: dict[tuple, SafeString] = {}
    ends: dict[datetime.datetime, str] = {}
    starts: dict[datetime.datetime, str] = {}
    coaches: dict[int, CoachShown] = {}

    def html(value, zone_, name):
        key = (value, name)
        if key not in shown:
            shown[key] = time_html(value, zone_, name, "TIME_FORMAT")
        return shown[key]

    days: dict[datetime.date, list[SlotRow]] = {}
    for slot in slots:
        coach_zone_name = slot.coach.time_zone
        if coach_zone_name not in zones:
            zones[coach_zone_name] = zone_for(coach_zone_name)
        coach_zone = zones[coach_zone_name]
        local_start = slot.start.astimezone(zone)
        local_end = slot.end.astimezone(zone)
        if slot.end not in ends:
            ends[slot.end] = time_format(local_end, "TIME_FORMAT")
        if slot.start not in starts:
            starts[slot.start] = time_format(local_start, "TIME_FORMAT")
        coach = slot.coach
        if coach.pk not in coaches:
            coaches[coach.pk] = CoachShown(
                name=coach.user.public_name,
                topics=", ".join(coach.topics),
                languages=", ".join(coach.languages),
            )
        days.setdefault(local_start.date(), []).append(
            SlotRow(
                slot=slot,
                local_start=local_start,
                local_end=local_end,
                coach_start=slot.start.astimezone(coach_zone),
                coach_end=slot.end.astimezone(coach_zone),
                coach_zone=str(coach_zone.key).replace("_", " "),
                own=viewer_id is not None and slot.coach.user_id == viewer_id,
                local_start_html=html(slot.start, zone, zone_name),
                local_end_time=ends[slot.end],
                coach_start_html=html(slot.start, coach_zone, coach_zone_name),
                local_start_time=starts[slot.start],
                coach=coaches[coach.pk],
                book_url=book_url(slot.pk) if book_url else "",
            )
        )
    return list(days.items())


def preparation_steps(*, round_: Round, language: str) -> list[str]:
    """The steps of the guide in `language`, else of the programme's first guide."""
    guides = list(PreparationGuide.objects.filter(programme_id=round_.programme_id))
    chosen = next((g for g in guides if g.language == language), None)
    if chosen is None:
        base = language.split("-", maxsplit=1)[0]
        chosen = next((g for g in guides if g.language.split("-")[0] == base), None)
    if chosen is None and guides:
        chosen = guides[0]
    if chosen is None:
        return []
    return [line.strip() for line in chosen.steps.splitlines() if line.strip()]


def _bookings() -> QuerySet[Booking]:
    return Booking.objects.select_related(
        "coach__user", "coachee", "round__programme__organisation", "slot"
    )


def booking_get_for_user(*, user, uid) -> Booking:
    booking = _bookings().filter(uid=uid).first()
    if booking is None or not can(user, "coaching.view_booking", booking):
        raise Http404
    return booking


def bookings_for_user(*, user) -> tuple[list[Booking], list[Booking]]:
    """(as coachee, as coach): the viewer's bookings, cancelled ones left out, soonest first."""
    if not user or not user.is_authenticated:
        return [], []
    rows = list(
        _bookings()
        .filter(Q(coachee=user) | Q(coach__user=user))
        .exclude(status=BookingStatus.CANCELLED)
        .order_by("start", "pk")
    )
    as_coachee = [b for b in rows if b.coachee_id == user.pk]
    as_coach = [b for b in rows if b.coach.user_id == user.pk]
    return as_coachee, as_coach


def coach_rounds_for_user(*, user) -> list[Round]:
    """Rounds not yet over in programmes where the viewer coaches (to offer their time)."""
    if not user or not user.is_authenticated:
        return []
    return list(
        Round.objects.filter(programme__coaches__user=user, coaching_ends__gt=timezone.now())
        .select_related("programme")
        .order_by("coaching_starts", "pk")
        .distinct()
    )


def bookings_due_reminder(*, now: datetime.datetime) -> QuerySet[Booking]:
    return _bookings().filter(
        status=BookingStatus.CONFIRMED,
        reminded_at__isnull=True,
        start__gt=now,
        start__lte=now + datetime.timedelta(hours=24),
    )


def coaching_data_for_user(*, user) -> dict:
    """A person's own coaching data, as coachee and as coach, for their personal download."""
    from .models import CoachApplication, CoachingRequest

    def when(value):
        return value.isoformat() if value else None

    as_coachee = Booking.objects.filter(coachee=user).select_related("coach__user", "round")
    as_coach = Booking.objects.filter(coach__user=user).select_related("round")
    return {
        "coaching_bookings_as_coachee": [
            {
                "round": b.round.title,
                "coach": b.coach.user.display_name,
                "start": when(b.start),
                "end": when(b.end),
                "status": b.status,
                "goals": b.goals,
                "preparation_done": b.preparation_done,
                "usefulness": b.coachee_usefulness,
                "comment": b.coachee_comment,
            }
            for b in as_coachee
        ],
        # The coach's own record of sessions; coachees' goals stay theirs, not the coach's data.
        "coaching_sessions_as_coach": [
            {
                "round": b.round.title,
                "start": when(b.start),
                "end": when(b.end),
                "status": b.status,
                "outcome": b.coach_outcome,
                "notes": b.coach_notes,
            }
            for b in as_coach
        ],
        "coach_profiles": [
            {
                "programme": c.programme.title,
                "bio": c.bio,
                "languages": c.languages,
                "topics": c.topics,
                "time_zone": c.time_zone,
                "status": c.status,
            }
            for c in Coach.objects.filter(user=user).select_related("programme")
        ],
        "coach_applications": [
            {
                "programme": a.programme.title,
                "experience": a.experience,
                "approach": a.approach,
                "languages": a.languages,
                "topics": a.topics,
                "status": a.status,
                "sent": when(a.created_at),
            }
            for a in CoachApplication.objects.filter(user=user).select_related("programme")
        ],
        "coaching_requests": [
            {
                "round": r.round.title,
                "languages": r.languages,
                "topics": r.topics,
                "message": r.message,
                "status": r.status,
            }
            for r in CoachingRequest.objects.filter(coachee=user).select_related("round")
        ],
    }
