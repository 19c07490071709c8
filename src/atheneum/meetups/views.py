"""Thin views: ask a selector for what to show and a service for what to change."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atheneum.common.forms import add_service_error
from atheneum.common.markdown import render_markdown
from atheneum.organisations.models import Team
from atheneum.organisations.rules import can

from . import calendar, selectors, services
from .forms import HostsForm, InvitationForm, NotesForm, RsvpForm, SeriesForm
from .jsonld import series_jsonld


def _series_for_organiser(request, slug: str):
    series = selectors.series_get_for_user(user=request.user, slug=slug)
    if not can(request.user, "meetups.change_series", series):
        raise PermissionDenied
    return series


@login_required
def series_list(request):
    organisations = selectors.organisations_for_series_authoring(user=request.user)
    return render(
        request,
        "meetups/series_list.html",
        {
            "series_list": selectors.series_list_for_user(user=request.user),
            "can_create": organisations.exists(),
        },
    )


@login_required
def series_detail(request, slug: str):
    series = selectors.series_get_for_user(user=request.user, slug=slug)
    dates = selectors.upcoming_dates(series=series, user=request.user)
    return render(
        request,
        "meetups/series_detail.html",
        {
            "series": series,
            "description_html": render_markdown(series.description),
            "dates": dates,
            "jsonld": series_jsonld(series=series, dates=dates),
            "past_with_notes": selectors.past_dates_with_notes(series=series),
            "can_change": can(request.user, "meetups.change_series", series),
            "rota": selectors.rota_hosts(series=series),
        },
    )


def _form_kwargs(request, series=None) -> dict:
    organisations = selectors.organisations_for_series_authoring(user=request.user)
    teams = Team.objects.select_related("organisation").order_by("organisation__name", "name")
    if series is not None:
        teams = teams.filter(organisation_id=series.organisation_id)
    else:
        teams = teams.filter(organisation__in=organisations)
    return {"organisations": organisations, "teams": teams, "series": series}


def _series_fields(data: dict) -> dict:
    return {
        "team": data["team"],
        "title": data["title"],
        "description": data["description"],
        "language": data["language"],
        "rrule": data["rrule"],
        "first_start": data["first_start"],
        "time_zone": data["time_zone"],
        "duration_minutes": data["duration_minutes"],
        "meeting_url": data["meeting_url"],
        "access": data["access"],
        "rotate_hosts": data["rotate_hosts"],
    }


@login_required
def series_create(request):
    kwargs = _form_kwargs(request)
    if not kwargs["organisations"].exists():
        raise PermissionDenied
    form = SeriesForm(request.POST if request.method == "POST" else None, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series = services.series_create(
                organisation=data["organisation"],
                slug=data["slug"],
                acting_user=request.user,
                **_series_fields(data),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The meetup series is created."))
            return redirect("meetups:series_detail", slug=series.slug)
    return render(
        request,
        "meetups/series_form.html",
        {"form": form, "series": None},
        status=400 if form.is_bound else 200,
    )


@login_required
def series_edit(request, slug: str):
    series = _series_for_organiser(request, slug)
    form = SeriesForm(
        request.POST if request.method == "POST" else None,
        initial=SeriesForm.initial_for(series),
        **_form_kwargs(request, series),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.series_update(
                series=series,
                is_active=form.cleaned_data["is_active"],
                acting_user=request.user,
                **_series_fields(form.cleaned_data),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The meetup series is saved."))
            return redirect("meetups:series_detail", slug=series.slug)
    return render(
        request,
        "meetups/series_form.html",
        {"form": form, "series": series},
        status=400 if form.is_bound else 200,
    )


@login_required
def series_invitations(request, slug: str):
    series = _series_for_organiser(request, slug)
    members = selectors.organisation_members_for(series=series)
    initial = {
        "invited": [
            str(invitation.user_id) for invitation in selectors.invitations_for(series=series)
        ]
    }
    form = InvitationForm(
        request.POST if request.method == "POST" else None, initial=initial, members=members
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.series_set_invitations(
                series=series, user_ids=form.cleaned_data["invited"], acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The invitations are saved."))
            return redirect("meetups:series_detail", slug=series.slug)
    return render(
        request,
        "meetups/series_invitations.html",
        {"form": form, "series": series},
        status=400 if form.is_bound else 200,
    )


@login_required
def series_hosts(request, slug: str):
    series = _series_for_organiser(request, slug)
    dates = [
        date
        for date in selectors.upcoming_dates(series=series, user=request.user)
        if not date.cancelled
    ]
    members = selectors.organisation_members_for(series=series)
    form = HostsForm(
        request.POST if request.method == "POST" else None, dates=dates, members=members
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.hosts_assign(
                series=series, hosts=form.host_choices(), acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The hosts are saved."))
            return redirect("meetups:series_detail", slug=series.slug)
    return render(
        request,
        "meetups/series_hosts.html",
        {"form": form, "series": series, "dates": dates},
        status=400 if form.is_bound else 200,
    )


@require_POST
@login_required
def series_open(request, slug: str):
    series = _series_for_organiser(request, slug)
    services.series_open_to_members(series=series, acting_user=request.user)
    messages.success(request, _("The series is now open to every member of the organisation."))
    return redirect("meetups:series_detail", slug=series.slug)


@login_required
def series_ics(request, slug: str):
    series = selectors.series_get_for_user(user=request.user, slug=slug)
    response = HttpResponse(
        calendar.series_calendar(series=series), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{series.slug}.ics"'
    return response


def _date_context(request, series, date, *, rsvp_form=None, notes_form=None) -> dict:
    occurrence = date.occurrence
    may_write_notes = can(request.user, "meetups.write_notes", occurrence) if occurrence else False
    if not may_write_notes:
        may_write_notes = can(request.user, "meetups.change_series", series) or (
            date.host is not None and date.host.pk == request.user.pk
        )
    return {
        "series": series,
        "date": date,
        "notes_html": render_markdown(date.notes),
        "rsvp_form": rsvp_form or RsvpForm(initial={"response": date.my_response}),
        "notes_form": notes_form or NotesForm(initial={"notes": date.notes}),
        "can_rsvp": not date.is_past and not date.cancelled,
        "can_write_notes": may_write_notes,
        "can_change": can(request.user, "meetups.change_series", series),
        # Who answered what is for the organisers and the host; others see the counts.
        "rsvps": selectors.rsvps_for(date=date) if may_write_notes else [],
    }


@login_required
def occurrence_detail(request, slug: str, key: str):
    series = selectors.series_get_for_user(user=request.user, slug=slug)
    date = selectors.date_get_for_user(user=request.user, series=series, key=key)
    return render(request, "meetups/occurrence_detail.html", _date_context(request, series, date))


@require_POST
@login_required
def occurrence_rsvp(request, slug: str, key: str):
    series = selectors.series_get_for_user(user=request.user, slug=slug)
    date = selectors.date_get_for_user(user=request.user, series=series, key=key)
    form = RsvpForm(request.POST)
    if form.is_valid():
        try:
            services.rsvp_set(
                series=series,
                start=date.start,
                response=form.cleaned_data["response"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your answer is saved."))
            return redirect("meetups:occurrence_detail", slug=series.slug, key=date.key)
    return render(
        request,
        "meetups/occurrence_detail.html",
        _date_context(request, series, date, rsvp_form=form),
        status=400,
    )


@login_required
def occurrence_notes(request, slug: str, key: str):
    series = selectors.series_get_for_user(user=request.user, slug=slug)
    date = selectors.date_get_for_user(user=request.user, series=series, key=key)
    context = _date_context(request, series, date)
    if not context["can_write_notes"]:
        raise PermissionDenied
    if request.method != "POST":
        return redirect("meetups:occurrence_detail", slug=series.slug, key=date.key)
    form = NotesForm(request.POST)
    if form.is_valid():
        try:
            services.notes_save(
                series=series,
                start=date.start,
                notes=form.cleaned_data["notes"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The notes are saved."))
            return redirect("meetups:occurrence_detail", slug=series.slug, key=date.key)
    context["notes_form"] = form
    return render(request, "meetups/occurrence_detail.html", context, status=400)


@require_POST
@login_required
def occurrence_cancel(request, slug: str, key: str):
    series = _series_for_organiser(request, slug)
    date = selectors.date_get_for_user(user=request.user, series=series, key=key)
    cancelled = request.POST.get("cancelled") == "1"
    services.occurrence_set_cancelled(
        series=series, start=date.start, cancelled=cancelled, acting_user=request.user
    )
    if cancelled:
        messages.success(request, _("This date is cancelled."))
    else:
        messages.success(request, _("This date takes place again."))
    return redirect("meetups:occurrence_detail", slug=series.slug, key=date.key)
