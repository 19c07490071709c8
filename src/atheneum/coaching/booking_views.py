"""Thin views for availability, free slots and bookings."""

import datetime
import functools
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atheneum.common import fragments
from atheneum.common.forms import add_service_error
from atheneum.organisations.rules import can

from . import booking_selectors as selectors
from . import booking_services as services
from . import caching
from . import slots as slot_services
from .booking_forms import (
    AvailabilityForm,
    BookingForm,
    CancelForm,
    CoacheeFeedbackForm,
    CoachFeedbackForm,
    SlotFilterForm,
)
from .calendars import booking_calendar
from .enums import BookingStatus


def _coach_id(request) -> int | None:
    value = request.GET.get("coach") or request.POST.get("coach")
    return int(value) if value and value.isdigit() else None


@login_required
def coach_availability(request, slug: str, pk: int):
    round_ = selectors.round_get(slug=slug, pk=pk)
    coach = selectors.coach_for_availability(
        user=request.user, round_=round_, coach_id=_coach_id(request)
    )
    form = AvailabilityForm(
        request.POST if request.method == "POST" else None, zone_name=coach.time_zone
    )
    if request.method == "POST" and form.is_valid():
        try:
            slot_services.availability_add(
                coach=coach, round_=round_, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The period is added and cut into sessions."))
            return redirect(request.get_full_path())
    zone = slot_services.zone_for(coach.time_zone)
    periods = [
        (period, period.start.astimezone(zone), period.end.astimezone(zone))
        for period in selectors.availabilities_for(coach=coach, round_=round_)
    ]
    return render(
        request,
        "coaching/coach_availability.html",
        {
            "round": round_,
            "programme": round_.programme,
            "coach": coach,
            "is_self": coach.user_id == request.user.pk,
            "coach_zone": coach.time_zone.replace("_", " "),
            "window_start": round_.coaching_starts.astimezone(zone),
            "window_end": round_.coaching_ends.astimezone(zone),
            "periods": periods,
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def availability_delete(request, slug: str, pk: int, availability_id: int):
    round_ = selectors.round_get(slug=slug, pk=pk)
    coach = selectors.coach_for_availability(
        user=request.user, round_=round_, coach_id=_coach_id(request)
    )
    availability = selectors.availability_get(coach=coach, round_=round_, pk=availability_id)
    slot_services.availability_delete(availability=availability, acting_user=request.user)
    messages.success(request, _("The period is removed. Booked sessions in it stay."))
    url = reverse("coaching:coach_availability", args=[slug, pk])
    if coach.user_id != request.user.pk:
        url += f"?coach={coach.pk}"
    return redirect(url)


@dataclass
class _SlotList:
    """A built list of free slots: its markup, its pager and when time alone changes it, with
    the filter form's markup (when the form shows no errors, it depends on nothing else)."""

    html: str
    page: selectors.SlotPage
    valid_until: datetime.datetime | None
    filters_html: str = ""


def _slot_list(
    request, round_, *, filters, choices, coaches, reschedule, coach, can_book
) -> tuple[_SlotList, list | None]:
    """The free slots' list (filtered, one page) and, when built by this request, its days.

    The list of the whole round is kept as a fragment: the same for everyone who sees it in
    one language, zone, filter and page, with or without booking links, except the coaches,
    who see their own times as such. Bookings, slots and coach changes make it stale, and so
    does the moment its first slot begins. A rescheduling list (a form per row) is personal
    and always built."""
    language, topic = filters.chosen()
    number = selectors.page_number(request.GET.get("page"))
    built = []

    def build() -> _SlotList:
        chosen = [coach] if coach is not None else coaches()
        slots = selectors.free_slots(round_=round_, coaches=chosen, language=language, topic=topic)
        page = selectors.slot_page(slots, number, coaches=chosen)
        days = selectors.group_by_day(
            slots=page.object_list,
            viewer=request.user,
            zone_name=request.timezone_name,
            book_url=selectors.booking_url_maker(round_) if can_book else None,
        )
        built.append(days)
        html = render_to_string(
            "coaching/_slot_days.html",
            {"days": days, "can_book": can_book, "reschedule": reschedule},
            request=request if reschedule is not None else None,
        )
        return _SlotList(
            html=str(html),
            page=selectors.SlotPage(object_list=[], number=page.number, has_next=page.has_next),
            valid_until=selectors.free_until(slots, page),
            filters_html="" if filters.errors else str(filters.render()),
        )

    if reschedule is not None or coach is not None:
        return build(), built[0]
    user = request.user
    parts = [
        "coaching:free-slots",
        round_.pk,
        get_language(),
        request.timezone_name,
        filters.is_bound,
        bool(filters.errors),
        language,
        topic,
        number,
        can_book,
        user.pk if user.is_authenticated and user.pk in choices.coach_user_ids else 0,
        get_script_prefix(),
    ]
    tags = caching.free_slot_tags(programme_id=round_.programme_id, round_id=round_.pk)
    found = fragments.cached(parts, tags=tags, build=build)
    if found.valid_until is not None and found.valid_until <= timezone.now():
        # Its first slot has begun: every list of the round built before now is out of date.
        fragments.bump(caching.round_slots_tag(round_.pk))
        found = fragments.cached(parts, tags=tags, build=build)
    return found, built[0] if built else None


def _slot_page(request, round_, *, reschedule=None, coach=None):
    """The free slots of the round, or only of `coach` (a coach moving one of their sessions)."""
    can_book = can(request.user, "coaching.book", round_)
    coaches = functools.cache(lambda: selectors.round_coaches(round_=round_))
    choices = (
        selectors.coach_choices([coach])
        if coach is not None
        else selectors.round_coach_choices(round_=round_, coaches=coaches)
    )
    filters = SlotFilterForm(
        request.GET or None, languages=choices.languages, topics=choices.topics
    )
    context = {
        "round": round_,
        "programme": round_.programme,
        "filters": filters,
        "window_open": selectors.booking_window_open(round_),
        "can_book": can_book,
        "reschedule": reschedule,
    }
    if context["window_open"]:
        slot_list, days = _slot_list(
            request,
            round_,
            filters=filters,
            choices=choices,
            coaches=coaches,
            reschedule=reschedule,
            coach=coach,
            can_book=can_book,
        )
        # `days`: the rows, when this request built the list (None when it came from the cache).
        context.update(
            slot_days=mark_safe(slot_list.html),  # noqa: S308 - our template's output
            filters_html=mark_safe(slot_list.filters_html),  # noqa: S308 - the form's rendering
            page=slot_list.page,
            days=days,
        )
    return context


def round_slots(request, slug: str, pk: int):
    round_ = selectors.round_get_for_user(user=request.user, slug=slug, pk=pk)
    return render(request, "coaching/round_slots.html", _slot_page(request, round_))


@login_required
def booking_create(request, slug: str, pk: int, slot_id: int):
    round_ = selectors.round_get_for_user(user=request.user, slug=slug, pk=pk)
    if not can(request.user, "coaching.book", round_):
        raise PermissionDenied
    slot = selectors.slot_get_free(round_=round_, slot_id=slot_id)
    steps = selectors.preparation_steps(round_=round_, language=request.LANGUAGE_CODE or "en")
    form = BookingForm(request.POST if request.method == "POST" else None, steps=steps)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_create(
                slot=slot,
                coachee=request.user,
                goals=form.cleaned_data["goals"],
                preparation_done=form.cleaned_data.get("preparation_done", []),
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your session is booked. We sent you a calendar invite."))
            return redirect("coaching:booking", uid=booking.uid)
    row = selectors.group_by_day(
        slots=[slot], viewer=request.user, zone_name=request.timezone_name
    )[0][1][0]
    return render(
        request,
        "coaching/booking_form.html",
        {
            "round": round_,
            "programme": round_.programme,
            "slot": slot,
            "row": row,
            "form": form,
            "unavailable": slot.taken or slot.is_withdrawn or row.own,
        },
        status=400 if form.is_bound else 200,
    )


def _other_zone(booking, is_coach: bool) -> str:
    return (booking.coachee.time_zone if is_coach else booking.coach.time_zone) or "UTC"


@login_required
def booking_detail(request, uid):
    booking = selectors.booking_get_for_user(user=request.user, uid=uid)
    is_coach = booking.coach.user_id == request.user.pk
    now = timezone.now()
    cutoff = booking.start - datetime.timedelta(hours=booking.round.cancel_cutoff_hours)
    live = booking.status == BookingStatus.CONFIRMED
    return render(
        request,
        "coaching/booking_detail.html",
        {
            "booking": booking,
            "programme": booking.round.programme,
            "is_coach": is_coach,
            "other": booking.coachee if is_coach else booking.coach.user,
            "other_zone": _other_zone(booking, is_coach),
            "can_change": live and now <= cutoff,
            "cutoff": cutoff,
            "can_reschedule": live and now <= cutoff,
            "feedback_open": booking.status != BookingStatus.CANCELLED and booking.end <= now,
            "cancel_form": CancelForm(),
        },
    )


@login_required
def booking_ics(request, uid):
    booking = selectors.booking_get_for_user(user=request.user, uid=uid)
    is_coach = booking.coach.user_id == request.user.pk
    method = "CANCEL" if booking.status == BookingStatus.CANCELLED else "PUBLISH"
    response = HttpResponse(
        booking_calendar(booking=booking, method=method, for_coach=is_coach),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="coaching-session.ics"'
    return response


@login_required
@require_POST
def booking_cancel(request, uid):
    booking = selectors.booking_get_for_user(user=request.user, uid=uid)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.booking_cancel(booking=booking, acting_user=request.user, reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The session is cancelled. We told both of you by mail."))
    return redirect("coaching:booking", uid=booking.uid)


@login_required
def booking_reschedule(request, uid):
    booking = selectors.booking_get_for_user(user=request.user, uid=uid)
    by_coach = booking.coach.user_id == request.user.pk
    round_ = booking.round
    cutoff = booking.start - datetime.timedelta(hours=round_.cancel_cutoff_hours)
    if booking.status != BookingStatus.CONFIRMED or timezone.now() > cutoff:
        messages.error(request, _("This booking can no longer be moved."))
        return redirect("coaching:booking", uid=booking.uid)
    if request.method == "POST":
        slot_id = request.POST.get("slot", "")
        slot = selectors.slot_get_free(
            round_=round_, slot_id=int(slot_id) if slot_id.isdigit() else 0
        )
        try:
            new = services.booking_reschedule(booking=booking, slot=slot, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your session is moved. We sent new calendar invites."))
            return redirect("coaching:booking", uid=new.uid)
    context = _slot_page(
        request, round_, reschedule=booking, coach=booking.coach if by_coach else None
    )
    return render(
        request,
        "coaching/booking_reschedule.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def booking_feedback(request, uid):
    booking = selectors.booking_get_for_user(user=request.user, uid=uid)
    is_coach = booking.coach.user_id == request.user.pk
    data = request.POST if request.method == "POST" else None
    if is_coach:
        form = CoachFeedbackForm(
            data, initial={"outcome": booking.coach_outcome, "notes": booking.coach_notes}
        )
    else:
        form = CoacheeFeedbackForm(
            data,
            initial={"usefulness": booking.coachee_usefulness, "comment": booking.coachee_comment},
        )
    ended = booking.status != BookingStatus.CANCELLED and booking.end <= timezone.now()
    if request.method == "POST" and not ended:
        raise Http404
    if request.method == "POST" and form.is_valid():
        try:
            if is_coach:
                services.booking_coach_feedback(
                    booking=booking,
                    outcome=form.cleaned_data["outcome"],
                    notes=form.cleaned_data["notes"],
                    acting_user=request.user,
                )
            else:
                services.booking_coachee_feedback(
                    booking=booking,
                    usefulness=form.cleaned_data["usefulness"],
                    comment=form.cleaned_data["comment"],
                    acting_user=request.user,
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you. Your feedback is saved."))
            return redirect("coaching:booking", uid=booking.uid)
    return render(
        request,
        "coaching/booking_feedback.html",
        {"booking": booking, "is_coach": is_coach, "form": form, "ended": ended},
        status=400 if form.is_bound else 200,
    )
