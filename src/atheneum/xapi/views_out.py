"""Pages for an organisation's outbound xAPI settings, and a member's reflections download."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atheneum.common.forms import add_service_error

from . import outbound, statements_out
from . import outbound_selectors as selectors
from .forms_out import ActivityMapForm, DestinationForm

# --- Destinations ------------------------------------------------------------------------------


@login_required
def destination_list(request, slug: str):
    organisation = selectors.organisation_for_manager(user=request.user, slug=slug)
    return render(
        request,
        "xapi/out_destination_list.html",
        {
            "organisation": organisation,
            "destinations": selectors.destinations_of(organisation=organisation),
            "deliveries": selectors.recent_deliveries(organisation=organisation),
        },
    )


def _destination_data(form) -> dict:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "endpoint": data["endpoint"],
        "username": data["username"],
        "password": data["password"],
        "version": data["version"],
        "active": data["active"],
    }


def _destination_form_page(request, *, organisation, destination=None):
    """Adding a store (no `destination`) or changing one: one form, one page."""
    initial = None
    if destination is not None:
        initial = {
            "name": destination.name,
            "endpoint": destination.endpoint,
            "username": destination.username,
            "version": destination.version,
            "active": destination.active,
        }
    form = DestinationForm(request.POST or None, initial=initial, editing=destination is not None)
    if request.method == "POST" and form.is_valid():
        try:
            if destination is None:
                outbound.destination_create(
                    organisation=organisation, acting_user=request.user, **_destination_data(form)
                )
            else:
                outbound.destination_update(
                    destination=destination, acting_user=request.user, **_destination_data(form)
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The learning record store is saved."))
            return redirect("xapi:destination_list", slug=organisation.slug)
    return render(
        request,
        "xapi/out_destination_form.html",
        {"organisation": organisation, "form": form, "destination": destination},
        status=400 if form.is_bound else 200,
    )


@login_required
def destination_create(request, slug: str):
    organisation = selectors.organisation_for_manager(user=request.user, slug=slug)
    return _destination_form_page(request, organisation=organisation)


@login_required
def destination_edit(request, slug: str, pk: int):
    organisation = selectors.organisation_for_manager(user=request.user, slug=slug)
    destination = selectors.destination_get(organisation=organisation, pk=pk)
    return _destination_form_page(request, organisation=organisation, destination=destination)


@login_required
def destination_delete(request, slug: str, pk: int):
    organisation = selectors.organisation_for_manager(user=request.user, slug=slug)
    destination = selectors.destination_get(organisation=organisation, pk=pk)
    if request.method == "POST":
        outbound.destination_delete(destination=destination, acting_user=request.user)
        messages.success(request, _("The learning record store is deleted."))
        return redirect("xapi:destination_list", slug=organisation.slug)
    return render(
        request,
        "xapi/out_destination_delete.html",
        {"organisation": organisation, "destination": destination},
    )


@require_POST
@login_required
def destination_test(request, slug: str, pk: int):
    organisation = selectors.organisation_for_manager(user=request.user, slug=slug)
    destination = selectors.destination_get(organisation=organisation, pk=pk)
    outbound.destination_send_test(destination=destination, acting_user=request.user)
    messages.success(
        request,
        _("A test statement is on its way. Its state appears under recent deliveries below."),
    )
    return redirect("xapi:destination_list", slug=organisation.slug)


# --- Activity maps -----------------------------------------------------------------------------


@login_required
def map_list(request, slug: str):
    organisation = selectors.organisation_for_manager(user=request.user, slug=slug)
    return render(
        request,
        "xapi/out_map_list.html",
        {
            "organisation": organisation,
            "rows": selectors.activity_maps_of(organisation=organisation, language=get_language()),
        },
    )


def _map_form_page(request, *, organisation, activity_map=None):
    groups = selectors.competency_choices(organisation=organisation, language=get_language())
    initial = {}
    if activity_map is not None:
        initial = {
            "iri_prefix": activity_map.iri_prefix,
            "kind": activity_map.kind,
            "competencies": [c.pk for c in activity_map.competencies.all()],
        }
    form = ActivityMapForm(request.POST or None, initial=initial, competency_groups=groups)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {
            "iri_prefix": data["iri_prefix"],
            "kind": data["kind"],
            "competency_ids": data["competencies"],
            "acting_user": request.user,
        }
        try:
            if activity_map is None:
                outbound.activity_map_create(organisation=organisation, **values)
            else:
                outbound.activity_map_update(activity_map=activity_map, **values)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The activity map is saved."))
            return redirect("xapi:map_list", slug=organisation.slug)
    return render(
        request,
        "xapi/out_map_form.html",
        {"organisation": organisation, "form": form, "activity_map": activity_map},
        status=400 if form.is_bound else 200,
    )


@login_required
def map_create(request, slug: str):
    organisation = selectors.organisation_for_manager(user=request.user, slug=slug)
    return _map_form_page(request, organisation=organisation)


@login_required
def map_edit(request, slug: str, pk: int):
    organisation = selectors.organisation_for_manager(user=request.user, slug=slug)
    activity_map = selectors.activity_map_get(organisation=organisation, pk=pk)
    return _map_form_page(request, organisation=organisation, activity_map=activity_map)


@login_required
def map_delete(request, slug: str, pk: int):
    organisation = selectors.organisation_for_manager(user=request.user, slug=slug)
    activity_map = selectors.activity_map_get(organisation=organisation, pk=pk)
    if request.method == "POST":
        outbound.activity_map_delete(activity_map=activity_map, acting_user=request.user)
        messages.success(request, _("The activity map is deleted."))
        return redirect("xapi:map_list", slug=organisation.slug)
    return render(
        request,
        "xapi/out_map_delete.html",
        {"organisation": organisation, "activity_map": activity_map},
    )


# --- A member's own reflections ----------------------------------------------------------------


@login_required
def my_reflections(request):
    """The member's reflections as xAPI statement pairs (attended, reflected). Theirs only."""
    statements = []
    for reflection in selectors.own_reflections(user=request.user):
        statements.extend(statements_out.reflection_statements(reflection))
    response = HttpResponse(
        json.dumps(statements, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="reflections.json"'
    response["Cache-Control"] = "private, no-store"
    return response
