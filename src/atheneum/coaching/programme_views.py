"""Thin views for programmes, rounds, coach recruitment and profiles, guides, requests for a
coach and the organisers' dashboard. Bookings live in booking_views.py."""

import hashlib
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atheneum.common import fragments
from atheneum.common.forms import add_service_error
from atheneum.common.markdown import render_markdown
from atheneum.organisations.models import Organisation
from atheneum.organisations.rules import can

from . import caching
from . import dashboard as dashboards
from . import programme_selectors as selectors
from . import programme_services as services
from .enums import ApplicationStatus, CoachStatus
from .programme_forms import (
    ApplicationForm,
    CoachForm,
    DecisionForm,
    GuideForm,
    OfferForm,
    ProgrammeForm,
    RequestForm,
    RoundForm,
)


def _language() -> str:
    return get_language() or "en"


def _render_form(request, template: str, form, context: dict):
    return render(
        request, template, {"form": form, **context}, status=400 if form.is_bound else 200
    )


def _programme_for(request, slug: str, perm: str):
    programme = selectors.programme_get_for_user(user=request.user, slug=slug)
    if not can(request.user, perm, programme):
        raise PermissionDenied
    return programme


# --- Programmes --------------------------------------------------------------------------------


def programmes(request):
    return render(
        request,
        "coaching/programme_list.html",
        {
            "programmes": selectors.programmes_visible_to(user=request.user),
            "can_create": selectors.organisations_for_programme_authoring(
                user=request.user
            ).exists(),
        },
    )


# A coach's card is the same for every viewer: it is kept under a digest of everything it shows,
# so a changed name, bio, photo, language, topic or competency title gets a new key at once.
COACH_CARD_SECONDS = 60 * 60


def _coach_card_key(programme, coach, language: str) -> str:
    shown = (
        get_script_prefix(),
        language,
        programme.slug,
        coach.pk,
        coach.user.public_name,
        coach.photo.name if coach.photo else "",
        coach.photo_alt,
        list(coach.language_names),
        list(coach.topics),
        list(coach.competency_titles),
        coach.bio,
    )
    return "coaching:coach-card:" + hashlib.sha256(repr(shown).encode()).hexdigest()


def _coach_cards(programme, coaches) -> list[str]:
    """The coaches' rendered cards, from the cache where they are there (one round trip)."""
    language = _language()
    keys = [_coach_card_key(programme, coach, language) for coach in coaches]
    found = cache.get_many(keys) if keys else {}
    selectors.with_bio_html([c for key, c in zip(keys, coaches, strict=True) if key not in found])
    missing = {}
    cards = []
    for key, coach in zip(keys, coaches, strict=True):
        if key in found:
            card = found[key]
        else:
            card = missing[key] = str(
                render_to_string(
                    "coaching/coach_card.html", {"coach": coach, "programme": programme}
                )
            )
        cards.append(mark_safe(card))  # noqa: S308 - rendered by our autoescaping template
    if missing:
        cache.set_many(missing, COACH_CARD_SECONDS)
    return cards


def _programme_shown(programme) -> dict:
    """What the programme page shows alike to every viewer: the description, partners, rounds
    (filtered per viewer and moment by `rounds_visible`) and the coach cards. Kept as one
    fragment until the programme, its rounds, coaches or their names, competencies or bios
    change."""
    language = _language()

    def build() -> dict:
        coaches = selectors.coaches_listed(programme=programme, language=language, bios=False)
        cards = render_to_string(
            "coaching/_coach_cards.html", {"coach_cards": _coach_cards(programme, coaches)}
        )
        return {
            "description_html": render_markdown(programme.description),
            "partner_names": list(
                programme.partners.order_by("name").values_list("name", flat=True)
            ),
            "rounds": selectors.rounds_shown(programme=programme),
            "coaches_html": str(cards),
        }

    return fragments.cached(
        ["coaching:programme-shown", programme.pk, language, get_script_prefix()],
        tags=caching.programme_page_tags(programme.pk),
        build=build,
    )


def programme_detail(request, slug: str):
    programme = selectors.programme_get_for_user(user=request.user, slug=slug, partners=False)
    can_change = can(request.user, "coaching.change_programme", programme)
    shown = _programme_shown(programme)
    return render(
        request,
        "coaching/programme_detail.html",
        {
            "programme": programme,
            "partner_names": shown["partner_names"],
            "description_html": mark_safe(shown["description_html"]),  # noqa: S308 - cleaned
            "coaches_html": mark_safe(shown["coaches_html"]),  # noqa: S308 - our template's
            "rounds": selectors.rounds_visible(shown["rounds"], organiser=can_change),
            "can_change": can_change,
            "can_review": can(request.user, "coaching.review_applications", programme),
            "can_apply": programme.is_published,
        },
    )


def _partner_choices(organisation_id=None):
    queryset = Organisation.objects.order_by("name")
    if organisation_id is not None:
        queryset = queryset.exclude(pk=organisation_id)
    return queryset


def _programme_fields(data: dict) -> dict:
    return {
        "title": data["title"],
        "description": data["description"],
        "partners": list(data["partners"]),
        "is_published": data["is_published"],
    }


@login_required
def programme_create(request):
    organisations = selectors.organisations_for_programme_authoring(user=request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = ProgrammeForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        partners=_partner_choices(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                organisation=form.cleaned_data["organisation"],
                slug=form.cleaned_data["slug"],
                acting_user=request.user,
                **_programme_fields(form.cleaned_data),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The coaching programme is created."))
            return redirect(programme)
    return _render_form(request, "coaching/programme_form.html", form, {"programme": None})


@login_required
def programme_edit(request, slug: str):
    programme = _programme_for(request, slug, "coaching.change_programme")
    form = ProgrammeForm(
        request.POST if request.method == "POST" else None,
        initial=ProgrammeForm.initial_for(programme),
        organisations=None,
        partners=_partner_choices(programme.organisation_id),
        programme=programme,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(
                programme=programme,
                acting_user=request.user,
                **_programme_fields(form.cleaned_data),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The coaching programme is saved."))
            return redirect(programme)
    return _render_form(request, "coaching/programme_form.html", form, {"programme": programme})


# --- Rounds ------------------------------------------------------------------------------------


def round_detail(request, slug: str, pk: int):
    programme = selectors.programme_get_for_user(user=request.user, slug=slug)
    round_ = selectors.round_get_for_user(user=request.user, programme=programme, pk=pk)
    is_organiser = can(request.user, "coaching.match_requests", round_)
    return render(
        request,
        "coaching/round_detail.html",
        {
            "programme": programme,
            "round": round_,
            "booking_url": selectors.round_booking_url(round_),
            "availability_url": selectors.coach_availability_url(round_, request.user),
            "can_change": can(request.user, "coaching.change_programme", programme),
            "can_ask": can(request.user, "coaching.ask_for_coach", round_),
            "is_organiser": is_organiser,
        },
    )


@login_required
def round_create(request, slug: str):
    programme = _programme_for(request, slug, "coaching.change_programme")
    form = RoundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(
                programme=programme, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The round is created."))
            return redirect(round_)
    return _render_form(
        request, "coaching/round_form.html", form, {"programme": programme, "round": None}
    )


@login_required
def round_edit(request, slug: str, pk: int):
    programme = _programme_for(request, slug, "coaching.change_programme")
    round_ = selectors.round_get_for_user(user=request.user, programme=programme, pk=pk)
    form = RoundForm(
        request.POST if request.method == "POST" else None,
        initial=RoundForm.initial_for(round_),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(round_=round_, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The round is saved."))
            return redirect(round_)
    return _render_form(
        request, "coaching/round_form.html", form, {"programme": programme, "round": round_}
    )


# --- Coach recruitment -------------------------------------------------------------------------


def _open_rounds(programme):
    return programme.rounds.filter(is_published=True).order_by("coaching_starts", "pk")


def become_coach(request, slug: str):
    programme = selectors.programme_get_for_user(user=request.user, slug=slug)
    return render(
        request,
        "coaching/coach_become.html",
        {
            "programme": programme,
            "pending": selectors.pending_application_of(user=request.user, programme=programme),
        },
    )


@login_required
def application_create(request, slug: str):
    programme = selectors.programme_get_for_user(user=request.user, slug=slug)
    if not can(request.user, "coaching.apply_as_coach", programme):
        raise PermissionDenied
    pending = selectors.pending_application_of(user=request.user, programme=programme)
    if pending is not None:
        messages.info(
            request,
            _("You have already applied to this programme; the organisers are reviewing it."),
        )
        return redirect("coaching:my_coaching")
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        rounds=_open_rounds(programme),
        initial={"time_zone": request.user.time_zone or "UTC"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.application_create(
                programme=programme,
                round_=data["round"],
                experience=data["experience"],
                approach=data["approach"],
                languages=data["languages"],
                topics=data["topics"],
                time_zone=data["time_zone"],
                availability=data["availability"],
                consent=data["consent"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you! The organisers will review your application."))
            return redirect("coaching:my_coaching")
    return _render_form(request, "coaching/application_form.html", form, {"programme": programme})


@login_required
def applications(request, slug: str):
    programme = _programme_for(request, slug, "coaching.review_applications")
    grouped = selectors.applications_for_organisers(programme=programme)
    return render(
        request,
        "coaching/application_list.html",
        {
            "programme": programme,
            "groups": [(label, grouped[value]) for value, label in ApplicationStatus.choices],
            "coaches": selectors.coaches_for_organisers(programme=programme),
        },
    )


@login_required
def application_detail(request, slug: str, pk: int):
    programme = selectors.programme_get_for_user(user=request.user, slug=slug)
    application = selectors.application_get_for_user(user=request.user, programme=programme, pk=pk)
    can_review = can(request.user, "coaching.review_applications", programme)
    form = None
    if can_review and application.status == ApplicationStatus.PENDING:
        form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["decision"] == "approve":
                    services.application_approve(
                        application=application, message=data["message"], acting_user=request.user
                    )
                    messages.success(request, _("The application is approved."))
                else:
                    services.application_decline(
                        application=application, message=data["message"], acting_user=request.user
                    )
                    messages.success(request, _("The application is declined."))
            except ValidationError as error:
                add_service_error(form, error)
            else:
                return redirect("coaching:applications", slug=programme.slug)
    return render(
        request,
        "coaching/application_detail.html",
        {
            "programme": programme,
            "application": application,
            "language_names": selectors.language_names(application.languages, _language()),
            "form": form,
            "can_review": can_review,
        },
        status=400 if form is not None and form.is_bound else 200,
    )


# --- Coach profiles ----------------------------------------------------------------------------


def coach_detail(request, slug: str, pk: int):
    programme = selectors.programme_get_for_user(user=request.user, slug=slug)
    coach = selectors.coach_get_for_user(
        user=request.user, programme=programme, pk=pk, language=_language()
    )
    return render(
        request,
        "coaching/coach_detail.html",
        {
            "programme": programme,
            "coach": coach,
            "bio_html": render_markdown(coach.bio),
            "can_change": can(request.user, "coaching.change_coach", coach),
            "can_pause": can(request.user, "coaching.pause_coach", coach),
            "is_paused": coach.status == CoachStatus.PAUSED,
        },
    )


def _coach_for(request, slug: str, pk: int, perm: str):
    programme = selectors.programme_get_for_user(user=request.user, slug=slug)
    coach = selectors.coach_get_for_user(
        user=request.user, programme=programme, pk=pk, language=_language()
    )
    if not can(request.user, perm, coach):
        raise PermissionDenied
    return programme, coach


@login_required
def coach_edit(request, slug: str, pk: int):
    programme, coach = _coach_for(request, slug, pk, "coaching.change_coach")
    form = CoachForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial=CoachForm.initial_for(coach),
        competency_choices=selectors.competencies_for_coaches(language=_language()),
        has_photo=bool(coach.photo),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.coach_update(
                coach=coach,
                bio=data["bio"],
                photo=form.photo_change(),
                photo_alt=data["photo_alt"],
                languages=data["languages"],
                topics=form.topic_list(),
                competencies=data["competencies"],
                time_zone=data["time_zone"],
                meeting_url=data["meeting_url"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The coach profile is saved."))
            return redirect("coaching:coach", slug=programme.slug, pk=coach.pk)
    return _render_form(
        request, "coaching/coach_form.html", form, {"programme": programme, "coach": coach}
    )


@login_required
@require_POST
def coach_pause(request, slug: str, pk: int):
    programme, coach = _coach_for(request, slug, pk, "coaching.pause_coach")
    paused = coach.status != CoachStatus.PAUSED
    services.coach_set_paused(coach=coach, paused=paused, acting_user=request.user)
    if paused:
        messages.success(request, _("The coach is paused and hidden from coachees."))
    else:
        messages.success(request, _("The coach is active again."))
    return redirect("coaching:coach", slug=programme.slug, pk=coach.pk)


# --- Preparation guide -------------------------------------------------------------------------


def guide(request, slug: str):
    programme = selectors.programme_get_for_user(user=request.user, slug=slug)
    choice = selectors.guide_for(
        programme=programme, language=_language(), asked=request.GET.get("lang")
    )
    links = selectors.guide_translation_links(
        programme=programme, languages=[code for code, _name in choice.missing]
    )
    return render(
        request,
        "coaching/guide_detail.html",
        {
            "programme": programme,
            "guide": choice.guide,
            "body_html": render_markdown(choice.guide.body) if choice.guide else "",
            "steps": selectors.guide_steps(choice.guide),
            "versions": choice.versions,
            "missing": [(code, name, links[code]) for code, name in choice.missing],
            "can_edit": can(request.user, "coaching.edit_guide", programme),
        },
    )


@login_required
def guide_edit(request, slug: str, lang: str):
    programme = _programme_for(request, slug, "coaching.edit_guide")
    existing = programme.guides.filter(language=lang).first()
    initial = (
        {"title": existing.title, "body": existing.body, "steps": existing.steps}
        if existing
        else {}
    )
    form = GuideForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.guide_save(
                programme=programme, language=lang, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The guide is saved."))
            query = urlencode({"lang": lang})
            return redirect(f"{reverse('coaching:guide', args=[programme.slug])}?{query}")
    return _render_form(
        request,
        "coaching/guide_form.html",
        form,
        {
            "programme": programme,
            "language": lang,
            "language_name": selectors.language_name(lang, _language()),
            "is_new": existing is None,
        },
    )


# --- Requests for a coach ----------------------------------------------------------------------


def _round_for(request, slug: str, pk: int):
    programme = selectors.programme_get_for_user(user=request.user, slug=slug)
    return programme, selectors.round_get_for_user(user=request.user, programme=programme, pk=pk)


@login_required
def request_create(request, slug: str, pk: int):
    programme, round_ = _round_for(request, slug, pk)
    if not can(request.user, "coaching.ask_for_coach", round_):
        raise PermissionDenied
    form = RequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_create(round_=round_, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Your request is sent. The organisers will suggest a coach.")
            )
            return redirect("coaching:my_coaching")
    return _render_form(
        request, "coaching/request_form.html", form, {"programme": programme, "round": round_}
    )


def _slot_label(slot) -> str:
    zone = timezone.get_current_timezone_name().replace("_", " ")
    when = date_format(timezone.localtime(slot.start), "DATETIME_FORMAT")
    return f"{when} ({zone}) — {slot.coach.user.public_name}"


@login_required
def requests_list(request, slug: str, pk: int):
    programme, round_ = _round_for(request, slug, pk)
    if not can(request.user, "coaching.match_requests", round_):
        raise PermissionDenied
    requests = selectors.requests_with_matches(round_=round_)
    for request_ in requests:
        choices = {slot.pk: _slot_label(slot) for match in request_.matches for slot in match.slots}
        request_.offer_form = OfferForm(
            initial={"slots": sorted(request_.offered_ids)},
            slot_choices=sorted(choices.items(), key=lambda item: item[1]),
            prefix=f"r{request_.pk}",
        )
        request_.language_names = selectors.language_names(request_.languages, _language())
    return render(
        request,
        "coaching/request_list.html",
        {"programme": programme, "round": round_, "requests": requests},
    )


@login_required
@require_POST
def request_offer(request, slug: str, pk: int, request_pk: int):
    programme, round_ = _round_for(request, slug, pk)
    if not can(request.user, "coaching.match_requests", round_):
        raise PermissionDenied
    request_ = selectors.coaching_request_get_for_round(round_=round_, pk=request_pk)
    slot_ids = [value for value in request.POST.getlist(f"r{request_.pk}-slots") if value.isdigit()]
    try:
        services.request_offer(request_=request_, slot_ids=slot_ids, acting_user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The slots are offered; the coachee gets a mail."))
    return redirect("coaching:requests", slug=programme.slug, pk=round_.pk)


# --- My coaching -------------------------------------------------------------------------------


@login_required
def my_coaching(request):
    mine = selectors.my_coaching(user=request.user)
    for application in mine["applications"]:
        application.language_names = selectors.language_names(application.languages, _language())
    return render(request, "coaching/programme_my.html", mine)


# --- Dashboard ---------------------------------------------------------------------------------


def _dashboard_round(request, slug: str, pk: int):
    programme = _programme_for(request, slug, "coaching.view_dashboard")
    return programme, selectors.round_get_for_user(user=request.user, programme=programme, pk=pk)


@login_required
def dashboard(request, slug: str, pk: int):
    programme, round_ = _dashboard_round(request, slug, pk)
    return render(
        request,
        "coaching/dashboard_round.html",
        {
            "programme": programme,
            "round": round_,
            "dashboard": dashboards.dashboard_for(round_=round_, language=_language()),
        },
    )


@login_required
def dashboard_csv(request, slug: str, pk: int):
    programme, round_ = _dashboard_round(request, slug, pk)
    data = dashboards.dashboard_for(round_=round_, language=_language())
    response = HttpResponse(
        dashboards.dashboard_csv(round_=round_, dashboard=data),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{programme.slug}-round-{round_.pk}.csv"'
    )
    return response
