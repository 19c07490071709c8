"""Thin views for registration, "my agenda", calendar feeds, attendance, certificates and the
organiser dashboard: a selector says what to show, a service does what changes."""

import csv
import io
import uuid
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from atheneum.common.forms import add_service_error
from atheneum.common.spreadsheet import spreadsheet_safe
from atheneum.organisations.rules import can

from . import attendance as attendance_services
from . import certificates
from . import registration_selectors as selectors
from . import registration_services as services
from .enums import RegistrationStatus
from .models import CalendarFeedToken, Question
from .registration_forms import (
    AttendanceReportForm,
    CheckInForm,
    QuestionForm,
    RegistrationAnswersForm,
    RegistrationFormCreateForm,
    RegistrationFormUpdateForm,
    language_name,
)

ICS_TYPE = "text/calendar; charset=utf-8"


def _language() -> str:
    return translation.get_language() or "en"


def _event_context(event) -> dict:
    return {"event": event, "event_title": selectors.event_title(event, _language())}


# --- Registering ---------------------------------------------------------------------------------


@login_required
def register(request, slug: str):
    event = selectors.event_get_for_registration(user=request.user, slug=slug)
    context = _event_context(event)
    registration = selectors.registration_of_cached(event=event, user=request.user)
    if registration is not None:
        context.update(
            {
                "registration": registration,
                "position": selectors.waitlist_position(registration=registration),
                "form_language_name": language_name(registration.form.language),
                "follow_language_name": language_name(registration.follow_language),
            }
        )
        return render(request, "events/registration/registered.html", context)
    forms_offered = selectors.registration_forms_open_cached(event=event)
    chosen = selectors.registration_form_for_language(
        forms=forms_offered,
        wanted=request.POST.get("form_language") or request.GET.get("form"),
        viewer_language=_language(),
        event=event,
    )
    is_open = can(request.user, "events.register", event) and chosen is not None
    languages = list(event.languages or [event.default_language])
    form = None
    if is_open:
        form = RegistrationAnswersForm(
            request.POST if request.method == "POST" else None,
            registration_form=chosen,
            languages=languages,
        )
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Registration for this event is closed."))
            return render(
                request,
                "events/registration/register.html",
                {**context, "is_open": False},
                status=400,
            )
        if form.is_valid():
            try:
                registration = services.registration_create(
                    event=event,
                    user=request.user,
                    form=chosen,
                    follow_language=form.cleaned_data["follow_language"],
                    answers=form.answers(),
                    acting_user=request.user,
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                if registration.status == RegistrationStatus.CONFIRMED:
                    messages.success(
                        request, _("You are registered. A confirmation is on its way.")
                    )
                else:
                    messages.success(
                        request,
                        _("The event is full, so you are on the waiting list. We will write "
                          "to you when a place frees up."),
                    )  # fmt: skip
                return redirect("events:register", slug=event.slug)
    context.update(
        {
            "is_open": is_open,
            "form": form,
            "chosen": chosen,
            "other_forms": [
                (other.language, language_name(other.language))
                for other in forms_offered
                if chosen is None or other.pk != chosen.pk
            ],
            "chosen_language_name": language_name(chosen.language) if chosen else "",
            "places_left": (
                max(event.capacity - selectors.confirmed_count_shown(event=event), 0)
                if event.capacity is not None
                else None
            ),
        }
    )
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "events/registration/register.html", context, status=status)


@require_POST
@login_required
def registration_cancel(request, slug: str):
    event = selectors.event_get_for_registration(user=request.user, slug=slug)
    registration = selectors.registration_of(event=event, user=request.user)
    if registration is None:
        raise Http404
    services.registration_cancel(registration=registration, acting_user=request.user)
    messages.success(request, _("Your registration is cancelled."))
    return redirect("events:register", slug=event.slug)


# --- My agenda -----------------------------------------------------------------------------------


def _registration_or_redirect(request, event):
    registration = selectors.registration_of_cached(event=event, user=request.user)
    if registration is None:
        messages.info(request, _("Register for the event first, then pick your sessions."))
    return registration


@login_required
def my_agenda(request, slug: str):
    event = selectors.event_get_for_registration(user=request.user, slug=slug)
    registration = _registration_or_redirect(request, event)
    if registration is None:
        return redirect("events:register", slug=event.slug)
    language = registration.follow_language
    personal = selectors.agenda_page_data(event=event, registration=registration, user=request.user)
    picked_ids = personal["picked_ids"]
    sessions = selectors.sessions_published_cached(event=event)
    can_join = registration.status == RegistrationStatus.CONFIRMED
    now = timezone.now()
    window = timedelta(minutes=event.meeting_link_minutes_before)
    rows = []
    for session in sessions:
        rows.append(
            {
                "session": session,
                "title": selectors.session_title(session, language),
                "picked": session.pk in picked_ids,
                "meeting_url": session.meeting_url
                if can_join and session.meeting_url and session.start - window <= now <= session.end
                else "",
                "check_in_open": can_join
                and bool(session.check_in_code)
                and attendance_services.check_in_window_open(session, now),
            }
        )
    context = _event_context(event)
    context.update(
        {
            "registration": registration,
            "agenda": [row for row in rows if row["picked"]],
            "rows": rows,
            "feed_tokens": [
                {
                    "token": token,
                    "url": request.build_absolute_uri(
                        reverse("events:agenda_feed", args=[token.token])
                    ),
                }
                for token in personal["feed_tokens"]
            ],
            "has_attended": personal["has_attended"],
            "agenda_change_url": reverse("events:agenda_change", args=[event.slug]),
        }
    )
    return render(request, "events/registration/my_agenda.html", context)


@require_POST
@login_required
def agenda_change(request, slug: str):
    event = selectors.event_get_for_registration(user=request.user, slug=slug)
    registration = selectors.registration_of(event=event, user=request.user)
    if registration is None:
        raise Http404
    try:
        session_uid = uuid.UUID(request.POST.get("session", ""))
    except ValueError as error:
        raise Http404 from error
    session = selectors.session_get(event=event, uid=session_uid)
    if request.POST.get("action") == "remove":
        services.agenda_remove(registration=registration, session=session, acting_user=request.user)
        messages.success(request, _("The session is off your agenda."))
    else:
        services.agenda_add(registration=registration, session=session, acting_user=request.user)
        messages.success(request, _("The session is on your agenda."))
    return redirect(reverse("events:my_agenda", args=[event.slug]) + f"#session-{session.uid}")


def _ics_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def agenda_ics(request, slug: str):
    event = selectors.event_get_for_registration(user=request.user, slug=slug)
    registration = selectors.registration_of(event=event, user=request.user)
    if registration is None:
        raise Http404
    can_join = registration.status == RegistrationStatus.CONFIRMED
    entries = [
        (session, can_join, registration.follow_language)
        for session in selectors.agenda_sessions(registration=registration)
    ]
    data = services.calendar_for_entries(
        entries=entries,
        name=_("My agenda: %(event)s")
        % {"event": selectors.event_title(event, registration.follow_language)},
        language=registration.follow_language,
    )
    return _ics_response(data, f"{event.slug}-agenda.ics")


@require_GET
def agenda_feed(request, token: str):
    """The subscribable feed: whoever holds the secret URL reads that person's agenda."""
    feed_token = selectors.feed_token_get(token=token)
    entries = selectors.feed_entries(user=feed_token.user)
    data = services.calendar_for_entries(
        entries=entries,
        name=_("My conference agenda"),
        language=feed_token.user.interface_language or None,
    )
    response = HttpResponse(data, content_type=ICS_TYPE)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def feed_token_create(request):
    services.feed_token_create(user=request.user, acting_user=request.user)
    messages.success(request, _("Your calendar feed address is ready. Keep it to yourself."))
    return redirect(request.POST.get("next_slug") and reverse(
        "events:my_agenda", args=[request.POST["next_slug"]]
    ) or reverse("events:feed_tokens"))  # fmt: skip


@require_POST
@login_required
def feed_token_revoke(request, pk: int):
    token = get_object_or_404(CalendarFeedToken, pk=pk, user=request.user, revoked_at__isnull=True)
    services.feed_token_revoke(token=token, acting_user=request.user)
    messages.success(request, _("That feed address no longer works."))
    return redirect(request.POST.get("next_slug") and reverse(
        "events:my_agenda", args=[request.POST["next_slug"]]
    ) or reverse("events:feed_tokens"))  # fmt: skip


@login_required
def feed_tokens(request):
    tokens = [
        {
            "token": token,
            "url": request.build_absolute_uri(reverse("events:agenda_feed", args=[token.token])),
        }
        for token in selectors.feed_tokens_of(user=request.user)
    ]
    return render(request, "events/registration/feed_tokens.html", {"feed_tokens": tokens})


# --- Check-in and certificates -------------------------------------------------------------------


@login_required
def check_in(request, slug: str):
    event = selectors.event_get_for_registration(user=request.user, slug=slug)
    if not selectors.has_confirmed_registration(event=event, user=request.user):
        raise PermissionDenied
    language = _language()
    sessions = [s for s in selectors.sessions_of(event=event) if s.check_in_code]
    choices = [(str(s.uid), selectors.session_title(s, language)) for s in sessions]
    initial = {"session": request.GET.get("session")} if request.GET.get("session") else None
    form = CheckInForm(request.POST or None, sessions=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        session = next(s for s in sessions if str(s.uid) == form.cleaned_data["session"])
        try:
            attendance_services.attendance_check_in(
                session=session,
                user=request.user,
                code=form.cleaned_data["code"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("You are checked in. The session is in your CPD record, ready for a "
                  "short 3-2-1 reflection."),
            )  # fmt: skip
            return redirect("events:my_agenda", slug=event.slug)
    context = _event_context(event)
    context.update({"form": form, "has_sessions": bool(sessions)})
    status = 400 if form.is_bound else 200
    return render(request, "events/registration/check_in.html", context, status=status)


@require_GET
@login_required
def certificate(request, slug: str):
    event = selectors.event_get_for_registration(user=request.user, slug=slug)
    attended = selectors.attended_sessions(event=event, user=request.user)
    if not attended:
        raise Http404
    data = certificates.certificate_pdf(
        event=event, user=request.user, attended=attended, language=_language()
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-certificate.pdf"'
    return response


@require_GET
def certificate_verify(request, code: str):
    parsed = certificates.verification_parse(code)
    if parsed is None:
        raise Http404
    event_id, user_id = parsed
    event, person, attended = selectors.certificate_facts(event_id=event_id, user_id=user_id)
    language = _language()
    context = {
        "event": event,
        "event_title": selectors.event_title(event, language),
        "person": person,
        "sessions": [
            (selectors.session_title(session, language), attendance_services.session_hours(session))
            for session, _attendance in attended
        ],
        "total": sum(attendance_services.session_hours(s) for s, _a in attended),
    }
    return render(request, "events/registration/certificate_verify.html", context)


# --- Organisers: registration forms --------------------------------------------------------------


@login_required
def registration_manage(request, slug: str):
    event = selectors.event_get_for_organiser(user=request.user, slug=slug)
    forms_existing = selectors.registration_forms_of(event=event)
    taken = {form.language for form in forms_existing}
    free = [code for code in (event.languages or [event.default_language]) if code not in taken]
    create_form = RegistrationFormCreateForm(
        request.POST if request.method == "POST" else None, languages=free
    )
    if request.method == "POST" and create_form.is_valid():
        try:
            created = services.registration_form_create(
                event=event,
                language=create_form.cleaned_data["language"],
                introduction=create_form.cleaned_data["introduction"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(create_form, error)
        else:
            messages.success(request, _("The form is created. Now add its questions."))
            return redirect("events:registration_form_edit", slug=event.slug, pk=created.pk)
    context = _event_context(event)
    context.update(
        {
            "forms": [(form, language_name(form.language)) for form in forms_existing],
            "create_form": create_form if free else None,
        }
    )
    status = 400 if create_form.is_bound else 200
    return render(request, "events/registration/manage.html", context, status=status)


@login_required
def registration_form_edit(request, slug: str, pk: int):
    event = selectors.event_get_for_organiser(user=request.user, slug=slug)
    registration_form = selectors.registration_form_get(event=event, pk=pk)
    is_post = request.method == "POST"
    action = request.POST.get("action")
    update_form = RegistrationFormUpdateForm(
        request.POST if is_post and action == "update" else None,
        initial={
            "introduction": registration_form.introduction,
            "is_open": registration_form.is_open,
        },
    )
    question_form = QuestionForm(request.POST if is_post and action == "question" else None)
    bound = update_form if action == "update" else question_form
    if is_post and bound.is_valid():
        try:
            if action == "update":
                services.registration_form_update(
                    form=registration_form,
                    introduction=update_form.cleaned_data["introduction"],
                    is_open=update_form.cleaned_data["is_open"],
                    acting_user=request.user,
                )
                messages.success(request, _("The form is saved."))
            else:
                services.question_create(
                    form=registration_form,
                    kind=question_form.cleaned_data["kind"],
                    label=question_form.cleaned_data["label"],
                    help_text=question_form.cleaned_data["help_text"],
                    choices=question_form.choice_list(),
                    required=question_form.cleaned_data["required"],
                    acting_user=request.user,
                )
                messages.success(request, _("The question is added."))
        except ValidationError as error:
            add_service_error(bound, error)
        else:
            return redirect("events:registration_form_edit", slug=event.slug, pk=pk)
    context = _event_context(event)
    context.update(
        {
            "registration_form": registration_form,
            "form_language_name": language_name(registration_form.language),
            "update_form": update_form,
            "question_form": question_form,
            "questions": list(registration_form.questions.all()),
        }
    )
    status = 400 if is_post else 200
    return render(request, "events/registration/form_edit.html", context, status=status)


@require_POST
@login_required
def question_delete(request, slug: str, pk: int):
    event = selectors.event_get_for_organiser(user=request.user, slug=slug)
    question = get_object_or_404(Question.objects.select_related("form__event"), pk=pk)
    if question.form.event_id != event.pk:
        raise Http404
    form_pk = question.form_id
    services.question_delete(question=question, acting_user=request.user)
    messages.success(request, _("The question is removed."))
    return redirect("events:registration_form_edit", slug=event.slug, pk=form_pk)


# --- Organisers: attendees, export, dashboard ----------------------------------------------------


def _answer_text(registration, questions) -> list[tuple[str, str]]:
    pairs = []
    for key, value in (registration.answers or {}).items():
        question = questions.get(str(key))
        if question is None:
            continue
        shown = (_("yes") if value else _("no")) if isinstance(value, bool) else str(value)
        pairs.append((question.label, shown))
    return pairs


@login_required
def attendee_list(request, slug: str):
    event = selectors.event_get_for_organiser(user=request.user, slug=slug)
    questions = selectors.questions_by_id(event=event)
    registrations = [
        {
            "registration": registration,
            "answers": _answer_text(registration, questions),
            "form_language_name": language_name(registration.form.language),
            "follow_language_name": language_name(registration.follow_language),
        }
        for registration in selectors.registrations_for_organiser(event=event)
    ]
    context = _event_context(event)
    context["registrations"] = registrations
    return render(request, "events/registration/attendee_list.html", context)


@require_GET
@login_required
def registrations_csv(request, slug: str):
    event = selectors.event_get_for_organiser(user=request.user, slug=slug)
    questions = selectors.questions_by_id(event=event)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["name", "email", "status", "form_language", "follow_language", "registered", "answers"]
    )
    for registration in selectors.registrations_for_organiser(event=event):
        answers = "; ".join(
            f"{label}: {value}" for label, value in _answer_text(registration, questions)
        )
        writer.writerow(
            [
                spreadsheet_safe(value)
                for value in (
                    registration.user.public_name,
                    registration.user.email,
                    registration.status,
                    registration.form.language,
                    registration.follow_language,
                    registration.created_at.isoformat(),
                    answers,
                )
            ]
        )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-registrations.csv"'
    return response


def _chart(days: list[dict]) -> dict | None:
    """Bars of registrations per day, scaled into a 600 × 200 box."""
    if not days:
        return None
    peak = max(day["total"] for day in days) or 1
    width = 600 / len(days)
    bars = []
    for index, day in enumerate(days):
        height = round(180 * day["total"] / peak, 1)
        bars.append(
            {
                "x": round(index * width + width * 0.1, 1),
                "y": round(190 - height, 1),
                "width": round(width * 0.8, 1),
                "height": height,
                "day": day["day"],
                "total": day["total"],
            }
        )
    return {"bars": bars, "peak": peak}


@login_required
def registration_dashboard(request, slug: str):
    event = selectors.event_get_for_organiser(
        user=request.user, slug=slug, perm="events.view_registration_dashboard"
    )
    figures = selectors.dashboard(event=event)
    language = _language()
    sessions = [
        {
            "session": session,
            "title": selectors.session_title(session, language),
            "attended": figures["session_attendance"].get(session.pk, 0),
        }
        for session in selectors.sessions_of(event=event, published_only=False)
    ]
    context = _event_context(event)
    context.update(
        {
            "figures": figures,
            "language_names": [language_name(code) for code in figures["languages"]],
            "follow_rows": [
                {
                    "form": language_name(row["form__language"]),
                    "follow": language_name(row["follow_language"]),
                    "total": row["total"],
                }
                for row in figures["by_form_and_follow"]
            ],
            "chart": _chart(figures["days"]),
            "sessions": sessions,
        }
    )
    return render(request, "events/registration/dashboard.html", context)


# --- Organisers: attendance ----------------------------------------------------------------------


@login_required
def attendance_session(request, slug: str, uid: uuid.UUID):
    event = selectors.event_get_for_organiser(
        user=request.user, slug=slug, perm="events.mark_attendance"
    )
    session = selectors.session_get(event=event, uid=uid, published_only=False)
    attendees = list(selectors.attendees_for_marking(event=event))
    attended_ids = selectors.attendance_user_ids(session=session)
    status = 200
    if request.method == "POST":
        try:
            user_ids = [int(value) for value in request.POST.getlist("attended")]
        except ValueError:
            user_ids = None
        if user_ids is None:
            messages.error(request, _("Tick people from the list."))
            status = 400
        else:
            try:
                created = attendance_services.attendance_mark(
                    session=session,
                    user_ids=[pk for pk in user_ids if pk not in attended_ids],
                    acting_user=request.user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                status = 400
            else:
                messages.success(
                    request,
                    _("Attendance saved: %(count)d people added.") % {"count": created},
                )
                return redirect("events:attendance_session", slug=event.slug, uid=session.uid)
    context = _event_context(event)
    context.update(
        {
            "session": session,
            "session_title": selectors.session_title(session, _language()),
            "attendees": [
                {"registration": registration, "attended": registration.user_id in attended_ids}
                for registration in attendees
            ],
            "report_form": AttendanceReportForm(),
        }
    )
    return render(request, "events/registration/attendance_session.html", context, status=status)


@require_POST
@login_required
def attendance_import(request, slug: str, uid: uuid.UUID):
    event = selectors.event_get_for_organiser(
        user=request.user, slug=slug, perm="events.mark_attendance"
    )
    session = selectors.session_get(event=event, uid=uid, published_only=False)
    form = AttendanceReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            result = attendance_services.attendance_import_report(
                session=session,
                data=form.cleaned_data["report"].read(),
                min_share=form.cleaned_data["min_share"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error("report", error)
        else:
            messages.success(
                request,
                _("Report imported: %(attended)d attended, %(already)d were already marked, "
                  "%(short)d stayed too briefly, %(unknown)d were not registered.")
                % {"attended": result.attended, "already": result.already,
                   "short": result.too_short, "unknown": result.unknown},
            )  # fmt: skip
            return redirect("events:attendance_session", slug=event.slug, uid=session.uid)
    attended_ids = selectors.attendance_user_ids(session=session)
    context = _event_context(event)
    context.update(
        {
            "session": session,
            "session_title": selectors.session_title(session, _language()),
            "attendees": [
                {"registration": registration, "attended": registration.user_id in attended_ids}
                for registration in selectors.attendees_for_marking(event=event)
            ],
            "report_form": form,
        }
    )
    return render(request, "events/registration/attendance_session.html", context, status=400)
