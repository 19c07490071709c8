"""Training kit pages. Thin views: a selector for what to show, a service for what to change."""

import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atheneum.common.forms import add_service_error
from atheneum.common.markdown import render_markdown
from atheneum.events import selectors as event_selectors
from atheneum.organisations.rules import can
from atheneum.portfolio.selectors import zone_of

from . import kit_exports, kit_services
from . import kit_selectors as selectors
from .kit_forms import KitCopyForm, KitForm, KitPartForm, KitScheduleForm, KitSessionForm


def _post(request):
    return request.POST if request.method == "POST" else None


def _data(request) -> tuple:
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _form_page(request, template: str, context: dict, form):
    return render(request, template, context, status=400 if form.is_bound else 200)


def kit_list(request):
    return render(
        request,
        "learning/kit_list.html",
        {
            "kits": selectors.kit_list_for_user(user=request.user),
            "can_create": selectors.organisations_for_kits(user=request.user).exists(),
        },
    )


def kit_detail(request, slug: str):
    kit = selectors.kit_get_for_user(user=request.user, slug=slug)
    user = request.user
    parts = [
        (kind, label, [(part, render_markdown(part.body)) for part in group])
        for kind, label, group in selectors.parts_by_kind(kit=kit)
    ]
    return render(
        request,
        "learning/kit_detail.html",
        {
            "kit": kit,
            "purpose_html": render_markdown(kit.purpose),
            "licence_url": selectors.licence_url(kit),
            "outline": [
                (timed, render_markdown(timed.session.plan))
                for timed in selectors.outline_with_timings(kit=kit)
            ],
            "parts_by_kind": parts,
            "copied_from_visible": kit.copied_from is not None
            and can(user, "learning.view_kit", kit.copied_from),
            "can_change": can(user, "learning.change_kit", kit),
            "can_copy": can(user, "learning.copy_kit", kit)
            and selectors.organisations_for_kits(user=user).exists(),
            "can_schedule": user.is_authenticated
            and selectors.events_for_scheduling(user=user).exists(),
        },
    )


@login_required
def kit_create(request):
    organisations = selectors.organisations_for_kits(user=request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = KitForm(_post(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            kit = kit_services.kit_create(acting_user=request.user, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The kit is created as a draft. Now add its outline."))
            return redirect("learning:kit_edit", slug=kit.slug)
    return _form_page(request, "learning/kit_form.html", {"form": form, "kit": None}, form)


@login_required
def kit_edit(request, slug: str):
    kit = selectors.kit_get_for_editing(user=request.user, slug=slug)
    form = KitForm(_post(request), kit=kit)
    if request.method == "POST" and form.is_valid():
        try:
            kit_services.kit_update(kit=kit, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The kit is saved."))
            return redirect("learning:kit_edit", slug=kit.slug)
    return _form_page(
        request,
        "learning/kit_form.html",
        {
            "form": form,
            "kit": kit,
            "outline": selectors.outline_with_timings(kit=kit),
            "parts": list(kit.parts.all()),
        },
        form,
    )


@login_required
@require_POST
def kit_publish(request, slug: str):
    kit = selectors.kit_get_for_editing(user=request.user, slug=slug)
    publish = request.POST.get("publish") == "1"
    try:
        kit_services.kit_set_published(kit=kit, published=publish, acting_user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The kit is published.") if publish else _("The kit is back to draft."),
        )
    return redirect("learning:kit_edit", slug=kit.slug)


# --- Outline ------------------------------------------------------------------------------


@login_required
def kit_session_edit(request, slug: str, pk: int | None = None):
    kit = selectors.kit_get_for_editing(user=request.user, slug=slug)
    session = selectors.kit_session_get(kit=kit, pk=pk) if pk is not None else None
    form = KitSessionForm(_post(request), session=session)
    if request.method == "POST" and form.is_valid():
        try:
            kit_services.kit_session_save(
                kit=kit, session=session, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The outline is saved."))
            return redirect("learning:kit_edit", slug=kit.slug)
    return _form_page(
        request,
        "learning/kit_session_form.html",
        {"form": form, "kit": kit, "session": session},
        form,
    )


@login_required
@require_POST
def kit_session_delete(request, slug: str, pk: int):
    kit = selectors.kit_get_for_editing(user=request.user, slug=slug)
    session = selectors.kit_session_get(kit=kit, pk=pk)
    kit_services.kit_session_delete(session=session, acting_user=request.user)
    messages.success(request, _("The session is removed from the outline."))
    return redirect("learning:kit_edit", slug=kit.slug)


@login_required
@require_POST
def kit_session_move(request, slug: str, pk: int):
    kit = selectors.kit_get_for_editing(user=request.user, slug=slug)
    session = selectors.kit_session_get(kit=kit, pk=pk)
    try:
        kit_services.kit_session_move(
            session=session, direction=request.POST.get("direction", ""), acting_user=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("learning:kit_edit", slug=kit.slug)


# --- Parts --------------------------------------------------------------------------------


@login_required
def kit_part_edit(request, slug: str, pk: int | None = None):
    kit = selectors.kit_get_for_editing(user=request.user, slug=slug)
    part = selectors.kit_part_get(kit=kit, pk=pk) if pk is not None else None
    form = KitPartForm(*_data(request), part=part)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            kit_services.kit_part_save(
                kit=kit,
                part=part,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                url=data["url"],
                file=data.get("file"),
                remove_file=data.get("remove_file", False),
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The part is saved."))
            return redirect("learning:kit_edit", slug=kit.slug)
    return _form_page(
        request, "learning/kit_part_form.html", {"form": form, "kit": kit, "part": part}, form
    )


@login_required
@require_POST
def kit_part_delete(request, slug: str, pk: int):
    kit = selectors.kit_get_for_editing(user=request.user, slug=slug)
    part = selectors.kit_part_get(kit=kit, pk=pk)
    kit_services.kit_part_delete(part=part, acting_user=request.user)
    messages.success(request, _("The part is removed."))
    return redirect("learning:kit_edit", slug=kit.slug)


@login_required
@require_POST
def kit_part_move(request, slug: str, pk: int):
    kit = selectors.kit_get_for_editing(user=request.user, slug=slug)
    part = selectors.kit_part_get(kit=kit, pk=pk)
    try:
        kit_services.kit_part_move(
            part=part, direction=request.POST.get("direction", ""), acting_user=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("learning:kit_edit", slug=kit.slug)


def kit_part_file(request, slug: str, pk: int):
    """A part's file, always as a download (never shown inline)."""
    kit = selectors.kit_get_for_user(user=request.user, slug=slug)
    part = selectors.kit_part_get(kit=kit, pk=pk)
    if not part.file:
        raise Http404
    try:
        handle = part.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    extension = PurePath(part.file.name).suffix.lower()
    filename = kit_exports.safe_name(part.title, fallback="part") + extension
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=mimetypes.guess_type(filename)[0] or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not kit.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


# --- Copy, download, schedule -------------------------------------------------------------


@login_required
def kit_copy(request, slug: str):
    kit = selectors.kit_get_for_user(user=request.user, slug=slug)
    organisations = selectors.organisations_for_kits(user=request.user)
    if not can(request.user, "learning.copy_kit", kit) or not organisations.exists():
        raise PermissionDenied
    form = KitCopyForm(_post(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            copy = kit_services.kit_copy(
                kit=kit, organisation=form.cleaned_data["organisation"], acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The copy is ready: adapt it, then publish it."))
            return redirect("learning:kit_edit", slug=copy.slug)
    return _form_page(request, "learning/kit_copy.html", {"form": form, "kit": kit}, form)


def kit_download(request, slug: str):
    kit = selectors.kit_get_for_user(user=request.user, slug=slug)
    response = HttpResponse(kit_exports.kit_zip(kit=kit), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{kit_exports.archive_name(kit)}"'
    if not kit.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


def _add_schedule_error(form, error: ValidationError) -> None:
    """The events service names its own fields; show each message by the field it concerns."""
    fields = {"start": "day", "end": "day", "languages": "language", "kind": None}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        target = fields.get(field, field)
        form.add_error(target if target in form.fields else None, errors)


def _event_label(event) -> str:
    start = timezone.localtime(event.start)
    return f"{event_selectors.event_title(event)} ({date_format(start, 'DATE_FORMAT')})"


@login_required
def kit_schedule(request, slug: str):
    kit = selectors.kit_get_for_user(user=request.user, slug=slug)
    events = selectors.events_for_scheduling(user=request.user)
    if not events.exists():
        raise PermissionDenied
    zone = zone_of(request.user)
    form = KitScheduleForm(
        _post(request),
        initial={"language": kit.language},
        events=events,
        zone=zone,
        event_label=_event_label,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = kit_services.kit_schedule(
                kit=kit,
                event=data["event"],
                start=data["start"],
                language=data["language"],
                acting_user=request.user,
            )
        except ValidationError as error:
            _add_schedule_error(form, error)
        except PermissionDenied:
            form.add_error("event", _("Choose an event you organise."))
        else:
            messages.success(
                request,
                _("The workshop is added to the event, unpublished: review it and publish it."),
            )
            return redirect("events:session_edit", slug=session.event.slug, pk=session.pk)
    return _form_page(request, "learning/kit_schedule.html", {"form": form, "kit": kit}, form)
