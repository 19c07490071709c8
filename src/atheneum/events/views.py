"""Conference pages: the event, its schedule, sessions and recordings, the exports, and the
organisers' pages that write them. Thin: selectors read, services write."""

import datetime as dt
import zoneinfo
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from atheneum.common import fragments
from atheneum.common.forms import add_service_error
from atheneum.common.markdown import render_markdown
from atheneum.competencies.models import competency_title

from . import calendars, exports, selectors, services
from .forms import (
    EventForm,
    EventTextForm,
    FaqForm,
    PartnerForm,
    RecordingForm,
    ScheduleFilterForm,
    SessionForm,
    SpeakerForm,
    TrackForm,
)
from .models import EventPartner, FaqEntry, Speaker, Track


def _form_response(request, template, context, form):
    return render(request, template, context, status=400 if form.is_bound else 200)


def _language() -> str:
    return translation.get_language() or "en"


# --- Lists and feeds -------------------------------------------------------------------------


EVENTS_PER_PAGE = 20


def _with_texts(events):
    language = _language()
    return [(event, selectors.event_texts_for(event=event, language=language)) for event in events]


def _event_page(request, queryset):
    """One page of events with their texts in the viewer's language (20 a page)."""
    page = Paginator(queryset, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return page, _with_texts(page.object_list)


def event_list(request):
    count, ended = selectors.events_upcoming_state()
    paginator = Paginator(selectors.events_upcoming(), EVENTS_PER_PAGE)
    paginator.count = count  # known from the cached index: spares the COUNT query
    page = paginator.get_page(request.GET.get("page"))
    zone = request.timezone_name
    cards_html = fragments.cached(
        ["events:upcoming-cards", _language(), zone, ended, page.number],
        tags=[selectors.EVENTS_TAG],
        build=lambda: render_to_string(
            "events/_event_cards.html",
            {"events": _with_texts(page.object_list), "timezone_name": zone},
        ),
    )
    organisations = selectors.organisations_for_authoring(user=request.user)
    return render(
        request,
        "events/event_list.html",
        {"cards_html": cards_html, "page": page, "organisations": organisations},
    )


def organisation_event_list(request, org: str):
    organisation = selectors.organisation_get(slug=org)
    page, events = _event_page(
        request, selectors.events_for_organisation(organisation=organisation, user=request.user)
    )
    return render(
        request,
        "events/organisation_event_list.html",
        {
            "organisation": organisation,
            "events": events,
            "page": page,
            "can_add": request.user.has_perm("events.add_event", organisation),
        },
    )


# --- The event -------------------------------------------------------------------------------


def event_detail(request, slug: str):
    event = selectors.event_get_for_user(user=request.user, slug=slug)
    language = _language()
    chosen = selectors.event_texts_for(event=event, language=language)
    can_change = request.user.has_perm("events.change_event", event)
    zone = request.timezone_name

    def build() -> tuple[str, str]:
        context = {
            "event": event,
            "text": chosen.text if chosen else None,
            "chosen": chosen,
            "description_html": render_markdown(chosen.text.description) if chosen else "",
            "can_change": can_change,
            "timezone_name": zone,
            **selectors.event_page_data(event=event, language=language),
        }
        for entry in context["faq"]:
            entry.answer_html = render_markdown(entry.answer)
        jsonld = exports.jsonld_script_body(exports.event_jsonld(event, language=language))
        return render_to_string("events/_event_article.html", context), jsonld

    # Whether the viewer may organise it is in the key: the article shows them a button.
    article_html, jsonld = fragments.cached(
        ["events:detail", event.pk, language, zone, can_change],
        tags=[selectors.EVENTS_TAG],
        build=build,
    )
    context = {
        "event": event,
        "text": chosen.text if chosen else None,
        "article_html": article_html,
        "jsonld": jsonld,
    }
    return render(request, "events/event_detail.html", context)


def _display_zone(request, event, wanted: str | None):
    if wanted == "event":
        return zoneinfo.ZoneInfo(event.time_zone)
    return timezone.get_current_timezone()


def schedule(request, slug: str):
    event = selectors.event_get_for_user(user=request.user, slug=slug)
    staff = request.user.has_perm("events.change_event", event)
    language = _language()
    data = selectors.schedule_data(event=event, language=language, include_unpublished=staff)
    competencies = selectors.competencies_in_schedule(data["sessions"])
    form = ScheduleFilterForm(
        request.GET or None,
        languages=event.languages,
        tracks=data["tracks"],
        competencies=competencies,
    )
    filters = form.cleaned_data if form.is_valid() else {}
    zone = _display_zone(request, event, filters.get("tz"))
    rows = selectors.filter_sessions(
        data["sessions"],
        language=filters.get("language") or "",
        competency=filters.get("competency"),
        track=filters.get("track"),
    )
    now = timezone.now()
    now_ids = [row["id"] for row in rows if row["start"] <= now < row["end"]]
    upcoming = [row["start"] for row in rows if row["start"] > now]
    next_start = min(upcoming) if upcoming else None
    next_ids = [row["id"] for row in rows if row["start"] == next_start]
    key = ":".join(
        [
            "events:schedule-html",
            data["version"],
            language,
            str(int(staff)),
            str(zone),
            # The cleaned filters, never the raw query string: unknown or hostile parameters
            # must not mint new cache entries.
            "&".join(
                f"{name}={getattr(filters[name], 'pk', filters[name])}" for name in sorted(filters)
            ),
            ",".join(map(str, now_ids)),
            ",".join(map(str, next_ids)),
        ]
    )
    # The unfiltered form depends only on the schedule's data and the language, so it is
    # rendered once per version; both come from the cache in one round trip.
    form_key = f"events:schedule-form:{data['version']}:{language}:{int(staff)}"
    found = cache.get_many([key, form_key] if not request.GET else [key])
    html = found.get(key)
    form_html = found.get(form_key)
    if not request.GET and form_html is None:
        form_html = str(form)
        cache.set(form_key, form_html, selectors.CACHE_SECONDS)
    if html is None:
        with timezone.override(zone):
            days: dict[dt.date, list] = defaultdict(list)
            for row in rows:
                days[row["start"].astimezone(zone).date()].append(
                    {
                        **row,
                        "is_now": row["id"] in now_ids,
                        "is_next": row["id"] in next_ids,
                        "ends_next_day": row["end"].astimezone(zone).date()
                        != row["start"].astimezone(zone).date(),
                    }
                )
            html = render_to_string(
                "events/_schedule_days.html",
                {"event": event, "days": sorted(days.items()), "zone_name": str(zone)},
            )
        cache.set(key, html, selectors.CACHE_SECONDS)
    chosen = selectors.event_texts_for(event=event, language=language)
    query = request.GET.copy()
    query["tz"] = "" if filters.get("tz") == "event" else "event"
    return render(
        request,
        "events/schedule.html",
        {
            "event": event,
            "text": chosen.text if chosen else None,
            "form": form,
            "form_html": form_html,
            "schedule_html": html,
            "zone_name": str(zone),
            "shows_event_zone": filters.get("tz") == "event",
            "other_zone_query": query.urlencode(),
            "session_count": len(rows),
            "now_rows": [row for row in rows if row["id"] in now_ids],
            "next_rows": [row for row in rows if row["id"] in next_ids],
        },
    )


def _export_language(request, event) -> str:
    wanted = request.GET.get("lang", "")
    return wanted if wanted in event.languages else event.default_language


def _export(request, slug: str, kind: str, filename: str):
    event = selectors.event_get_for_user(user=request.user, slug=slug)
    body, content_type = exports.export_body(
        event, kind=kind, language=_export_language(request, event)
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{event.slug}-{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def schedule_xml(request, slug: str):
    return _export(request, slug, "frab_xml", "schedule.xml")


def schedule_json(request, slug: str):
    return _export(request, slug, "frab_json", "schedule.json")


def sessions_json(request, slug: str):
    return _export(request, slug, "sessions_json", "sessions.json")


def event_jsonld(request, slug: str):
    event = selectors.event_get_for_user(user=request.user, slug=slug)
    body = exports.jsonld_script_body(
        exports.event_jsonld(event, language=_export_language(request, event))
    )
    return HttpResponse(body, content_type="application/ld+json; charset=utf-8")


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_calendar(request, slug: str):
    """Every published session; the meeting links only for people with a confirmed place."""
    event = selectors.event_get_for_user(user=request.user, slug=slug)
    language = _export_language(request, event)
    can_join = selectors.has_confirmed_registration(user=request.user, event=event)
    version = selectors.schedule_version(event)
    key = f"events:ics:{version}:{language}:{int(can_join)}"
    body = cache.get(key)
    if body is None:
        body = calendars.calendar_for_sessions(
            sessions=selectors.sessions_for_calendar(event=event),
            name=selectors.event_title(event, language),
            viewer_can_join=can_join,
            language=language,
        )
        cache.set(key, body, selectors.CACHE_SECONDS)
    return _ics_response(body, f"{event.slug}.ics")


# --- Sessions and recordings -----------------------------------------------------------------


def _session(request, slug: str, pk: int):
    event = selectors.event_get_for_user(user=request.user, slug=slug)
    return selectors.session_get_for_user(user=request.user, event=event, pk=pk)


def session_detail(request, slug: str, pk: int):
    session = _session(request, slug, pk)
    event = session.event
    language = _language()
    chosen = selectors.session_texts_for(session=session, language=language)
    recording = selectors.recording_of(session)
    registered = selectors.has_confirmed_registration(user=request.user, event=event)
    context = {
        "event": event,
        "event_text": selectors.event_texts_for(event=event, language=language),
        "session": session,
        "chosen": chosen,
        "abstract_html": render_markdown(chosen.text.abstract) if chosen else "",
        "speakers": list(session.speakers.all()),
        "competencies": [(c, competency_title(c, language)) for c in session.competencies.all()],
        "meeting_link": selectors.meeting_link_for(session=session, user=request.user),
        "registered": registered,
        "has_meeting": bool(session.meeting_url),
        "link_opens": session.start - dt.timedelta(minutes=event.meeting_link_minutes_before),
        "recording": recording,
        "may_watch": recording is not None
        and request.user.has_perm("events.watch_recording", session),
        "can_change": request.user.has_perm("events.change_session", session),
        "is_over": session.end <= timezone.now(),
    }
    return render(request, "events/session_detail.html", context)


def session_calendar(request, slug: str, pk: int):
    session = _session(request, slug, pk)
    can_join = selectors.has_confirmed_registration(user=request.user, event=session.event)
    body = calendars.calendar_for_sessions(
        sessions=[session],
        name=selectors.session_title(session),
        viewer_can_join=can_join,
    )
    return _ics_response(body, f"{session.event.slug}-{session.pk}.ics")


def _recording_for(request, slug: str, pk: int):
    """The session and its recording, if the viewer may watch it (checked here, not hidden)."""
    session = _session(request, slug, pk)
    recording = selectors.recording_of(session)
    if recording is None:
        raise Http404
    if not request.user.has_perm("events.watch_recording", session):
        if not request.user.is_authenticated:
            return session, None, redirect_to_login(request.get_full_path())
        raise PermissionDenied
    return session, recording, None


def recording_detail(request, slug: str, pk: int):
    session, recording, refusal = _recording_for(request, slug, pk)
    if refusal:
        return refusal
    chosen = selectors.session_texts_for(session=session)
    return render(
        request,
        "events/recording_detail.html",
        {
            "event": session.event,
            "session": session,
            "chosen": chosen,
            "recording": recording,
            "can_change": request.user.has_perm("events.change_session", session),
        },
    )


def recording_file(request, slug: str, pk: int, which: str):
    session, recording, refusal = _recording_for(request, slug, pk)
    if refusal:
        return refusal
    field = {"captions": recording.captions, "transcript": recording.transcript_file}.get(which)
    if not field:
        raise Http404
    content_type = "text/vtt; charset=utf-8" if which == "captions" else None
    return FileResponse(field.open("rb"), content_type=content_type, as_attachment=False)


# --- Organising ------------------------------------------------------------------------------


def _event_to_change(request, slug: str):
    event = selectors.event_get_for_user(user=request.user, slug=slug)
    if not request.user.has_perm("events.change_event", event):
        raise PermissionDenied
    return event


def _local_naive(value, zone_name):
    return value.astimezone(zoneinfo.ZoneInfo(zone_name)).replace(tzinfo=None)


@login_required
def event_create(request, org: str):
    organisation = selectors.organisation_get(slug=org)
    if not request.user.has_perm("events.add_event", organisation):
        raise PermissionDenied
    form = EventForm(
        request.POST or None,
        initial={"default_language": "en", "languages": ["en"], "time_zone": "UTC"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.event_create(
                organisation=organisation,
                acting_user=request.user,
                **data,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("events:event_manage", slug=event.slug)
    return _form_response(
        request,
        "events/event_form.html",
        {"form": form, "organisation": organisation, "event": None},
        form,
    )


@login_required
def event_edit(request, slug: str):
    event = _event_to_change(request, slug)
    initial = {name: getattr(event, name) for name in services.EVENT_FIELDS}
    initial["start"] = _local_naive(event.start, event.time_zone)
    initial["end"] = _local_naive(event.end, event.time_zone)
    form = EventForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(event=event, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("events:event_manage", slug=event.slug)
    return _form_response(
        request,
        "events/event_form.html",
        {"form": form, "organisation": event.organisation, "event": event},
        form,
    )


@login_required
def event_manage(request, slug: str):
    event = _event_to_change(request, slug)
    data = selectors.event_manage_data(event=event)
    language = _language()
    data["sessions"] = [
        (session, selectors.session_texts_for(session=session, language=language))
        for session in data["sessions"]
    ]
    written = {text.language for text in data["texts"]}
    return render(
        request,
        "events/event_manage.html",
        {
            "event": event,
            "chosen": selectors.event_texts_for(event=event, language=language),
            "text_languages": [(code, code in written) for code in event.languages],
            **data,
        },
    )


@login_required
def event_text_edit(request, slug: str, language: str):
    event = _event_to_change(request, slug)
    if language not in event.languages:
        raise Http404
    text = next((t for t in event.texts.all() if t.language == language), None)
    initial = (
        {"title": text.title, "summary": text.summary, "description": text.description}
        if text
        else {}
    )
    form = EventTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_text_save(
                event=event, language=language, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The text is saved."))
            return redirect("events:event_manage", slug=event.slug)
    return _form_response(
        request,
        "events/item_form.html",
        {
            "form": form,
            "event": event,
            "heading": _("Title and description in %(language)s")
            % {"language": translation.get_language_info(language)["name_translated"]},
            "form_language": language,
        },
        form,
    )


def _session_form(request, event, session=None):
    language = _language()
    initial = {}
    if session is not None:
        initial = {
            "kind": session.kind,
            "start": _local_naive(session.start, event.time_zone),
            "end": _local_naive(session.end, event.time_zone),
            "track": session.track_id,
            "room": session.room,
            "languages": session.languages,
            "interpreted_into": session.interpreted_into,
            "meeting_url": session.meeting_url,
            "speakers": list(session.speakers.all()),
            "competencies": list(session.competencies.all()),
            "is_published": session.is_published,
        }
        for text in session.texts.all():
            initial[f"title_{text.language}"] = text.title
            initial[f"abstract_{text.language}"] = text.abstract
    return SessionForm(
        request.POST or None,
        initial=initial,
        event=event,
        tracks=Track.objects.filter(event=event),
        speakers=Speaker.objects.filter(event=event),
        competencies=selectors.competency_choices(event=event),
        competency_label=lambda c: competency_title(c, language),
    )


def _session_save(request, event, form, session=None):
    data = form.cleaned_data
    return services.session_save(
        event=event,
        session=session,
        kind=data["kind"],
        start=data["start"],
        end=data["end"],
        texts=form.texts(),
        languages=data["languages"],
        interpreted_into=data["interpreted_into"],
        track=data["track"],
        room=data["room"],
        meeting_url=data["meeting_url"],
        speakers=data["speakers"],
        competencies=data["competencies"],
        is_published=data["is_published"],
        acting_user=request.user,
    )


@login_required
def session_create(request, slug: str):
    event = _event_to_change(request, slug)
    form = _session_form(request, event)
    if request.method == "POST" and form.is_valid():
        try:
            session = _session_save(request, event, form)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("events:session_detail", slug=event.slug, pk=session.pk)
    return _form_response(
        request,
        "events/item_form.html",
        {"form": form, "event": event, "heading": _("New session")},
        form,
    )


@login_required
def session_edit(request, slug: str, pk: int):
    session = _session(request, slug, pk)
    event = session.event
    if not request.user.has_perm("events.change_session", session):
        raise PermissionDenied
    form = _session_form(request, event, session)
    if request.method == "POST" and form.is_valid():
        try:
            _session_save(request, event, form, session)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("events:session_detail", slug=event.slug, pk=session.pk)
    return _form_response(
        request,
        "events/item_form.html",
        {"form": form, "event": event, "heading": _("Edit session")},
        form,
    )


@login_required
def recording_edit(request, slug: str, pk: int):
    session = _session(request, slug, pk)
    if not request.user.has_perm("events.change_session", session):
        raise PermissionDenied
    recording = selectors.recording_of(session)
    initial = {"url": recording.url, "transcript": recording.transcript} if recording else {}
    form = RecordingForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.recording_save(
                session=session,
                url=form.cleaned_data["url"],
                transcript=form.cleaned_data["transcript"],
                captions=form.cleaned_data["captions"] or None,
                transcript_file=form.cleaned_data["transcript_file"] or None,
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The recording is published."))
            return redirect("events:recording_detail", slug=session.event.slug, pk=session.pk)
    return _form_response(
        request,
        "events/item_form.html",
        {
            "form": form,
            "event": session.event,
            "heading": _("Recording of “%(title)s”") % {"title": selectors.session_title(session)},
            "multipart": True,
        },
        form,
    )


# Tracks, partners, FAQ entries and speakers share one create/edit pattern.
ITEMS = {
    "tracks": (Track, TrackForm, services.track_save, "track", ("name", "position")),
    "partners": (
        EventPartner,
        PartnerForm,
        services.partner_save,
        "partner",
        ("name", "url", "logo_alt", "position"),
    ),
    "faq": (
        FaqEntry,
        FaqForm,
        services.faq_save,
        "entry",
        ("language", "question", "answer", "position"),
    ),
    "speakers": (
        Speaker,
        SpeakerForm,
        services.speaker_save,
        "speaker",
        ("name", "affiliation", "bio", "photo_alt"),
    ),
}
ITEM_HEADINGS = {
    "tracks": (gettext_lazy("New track"), gettext_lazy("Edit track")),
    "partners": (gettext_lazy("New partner"), gettext_lazy("Edit partner")),
    "faq": (gettext_lazy("New question"), gettext_lazy("Edit question")),
    "speakers": (gettext_lazy("New speaker"), gettext_lazy("Edit speaker")),
}


@login_required
def item_edit(request, slug: str, kind: str, pk: int | None = None):
    if kind not in ITEMS:
        raise Http404
    event = _event_to_change(request, slug)
    model, form_class, save, keyword, fields = ITEMS[kind]
    item = None
    if pk is not None:
        item = selectors.item_get_for_user(user=request.user, event=event, model=model, pk=pk)
    initial = {name: getattr(item, name) for name in fields} if item else {}
    extra = {"languages": event.languages} if kind == "faq" else {}
    form = form_class(request.POST or None, request.FILES or None, initial=initial, **extra)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"logo", "photo"}}
        if kind == "partners":
            data["logo"] = form.cleaned_data["logo"] or None
        if kind == "speakers":
            data["photo"] = form.cleaned_data["photo"] or None
        try:
            save(event=event, acting_user=request.user, **{keyword: item}, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("events:event_manage", slug=event.slug)
    labels = ITEM_HEADINGS[kind]
    return _form_response(
        request,
        "events/item_form.html",
        {
            "form": form,
            "event": event,
            "heading": str(labels[0] if item is None else labels[1]),
            "multipart": kind in {"partners", "speakers"},
        },
        form,
    )


@require_POST
@login_required
def item_delete(request, slug: str, kind: str, pk: int):
    if kind not in ITEMS:
        raise Http404
    event = _event_to_change(request, slug)
    item = selectors.item_get_for_user(user=request.user, event=event, model=ITEMS[kind][0], pk=pk)
    services.item_delete(item=item, acting_user=request.user)
    messages.success(request, _("Removed."))
    return redirect("events:event_manage", slug=event.slug)
