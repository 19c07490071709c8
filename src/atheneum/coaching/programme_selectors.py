"""Reads for the programme side of coaching: programmes, rounds, coaches, applications,
preparation guides and requests for a coach.

Selectors own every select_related / prefetch_related, so the programme page, the applications
list and the request list cost the same number of queries however many rows they show.
"""

import datetime
import functools
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from atheneum.common.languages import language_name
from atheneum.common.markdown import render_markdown
from atheneum.competencies.models import Competency
from atheneum.competencies.selectors import text_for
from atheneum.organisations.models import Organisation
from atheneum.organisations.rules import can
from atheneum.organisations.selectors import roles_for

from .enums import ApplicationStatus, CoachStatus, RequestStatus
from .models import (
    LIVE_BOOKING,
    Booking,
    Coach,
    CoachApplication,
    CoachingRequest,
    PreparationGuide,
    Programme,
    Round,
    Slot,
)

# Languages a coach or coachee can pick; names are shown through langcodes.
LANGUAGE_CODES = (
    "ar",
    "bn",
    "de",
    "en",
    "es",
    "fa",
    "fi",
    "fr",
    "hi",
    "id",
    "it",
    "ja",
    "ko",
    "nl",
    "no",
    "pl",
    "pt",
    "ru",
    "sv",
    "sw",
    "th",
    "tr",
    "uk",
    "ur",
    "vi",
    "zh",
)


def base_language(code: str) -> str:
    return (code or "").lower().split("-", maxsplit=1)[0]


@functools.lru_cache(maxsize=4096)
def _language_name(code: str, in_language: str) -> str:
    # Names come from langcodes' fixed data, so they can be kept for the life of the process.
    return language_name(code, in_language)


def language_names(codes, in_language: str) -> list[str]:
    return [_language_name(code, in_language) for code in codes]


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def coach_availability_url(round_: Round, user) -> str | None:
    """Where an active coach of the round's programme offers their times (booking side)."""
    if (
        not user.is_authenticated
        or not round_.programme.coaches.filter(user=user, status=CoachStatus.ACTIVE).exists()
    ):
        return None
    try:
        return reverse("coaching:coach_availability", args=[round_.programme.slug, round_.pk])
    except NoReverseMatch:
        return None


def round_booking_url(round_: Round) -> str | None:
    """The round's booking page (built by the booking side), or None while it does not exist."""
    try:
        return reverse("coaching:round_slots", args=[round_.programme.slug, round_.pk])
    except NoReverseMatch:
        return None


# --- Programmes --------------------------------------------------------------------------------


def _organised_org_ids(user) -> list[int]:
    if not user or not user.is_authenticated:
        return []
    roles = roles_for(user)
    return [org_id for org_id in roles.org_roles if roles.is_organiser(org_id)]


def programmes_visible_to(*, user) -> QuerySet[Programme]:
    """Published programmes, and unpublished ones for their organisers and the site admin."""
    queryset = Programme.objects.select_related("organisation").order_by("title", "pk")
    if user and user.is_authenticated and user.is_superuser:
        return queryset
    return queryset.filter(Q(is_published=True) | Q(organisation_id__in=_organised_org_ids(user)))


def organisations_for_programme_authoring(*, user) -> QuerySet[Organisation]:
    if not user or not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(pk__in=_organised_org_ids(user)).order_by("name")


def programme_get_for_user(*, user, slug: str, partners: bool = True) -> Programme:
    """The programme at `slug` if the viewer may see it; 404 otherwise. With `partners` False,
    its partner organisations are not read (the programme page keeps their names cached)."""
    queryset = Programme.objects.select_related("organisation")
    if partners:
        queryset = queryset.prefetch_related(
            Prefetch("partners", queryset=Organisation.objects.order_by("name"))
        )
    programme = queryset.filter(slug=slug).first()
    if programme is None or not can(user, "coaching.view_programme", programme):
        raise Http404
    return programme


def rounds_for_programme(*, programme: Programme, user) -> list[Round]:
    """Rounds not yet over: published ones for everyone, every one for organisers."""
    queryset = programme.rounds.filter(coaching_ends__gt=timezone.now()).order_by(
        "coaching_starts", "pk"
    )
    if not can(user, "coaching.change_programme", programme):
        queryset = queryset.filter(is_published=True)
    rounds = list(queryset)
    for round_ in rounds:
        round_.programme = programme
        round_.booking_url = round_booking_url(round_)
    return rounds


@dataclass(frozen=True)
class RoundShown:
    """A round as the programme page lists it: plain data, kept in the page's fragment."""

    title: str
    url: str
    booking_url: str | None
    is_published: bool
    booking_opens: datetime.datetime
    booking_closes: datetime.datetime
    coaching_starts: datetime.datetime
    coaching_ends: datetime.datetime


def rounds_shown(*, programme: Programme) -> list[RoundShown]:
    """The programme's rounds not yet over, unpublished ones too (see `rounds_visible`)."""
    rounds = programme.rounds.filter(coaching_ends__gt=timezone.now()).order_by(
        "coaching_starts", "pk"
    )
    shown = []
    for round_ in rounds:
        round_.programme = programme
        shown.append(
            RoundShown(
                title=round_.title,
                url=round_.get_absolute_url(),
                booking_url=round_booking_url(round_),
                is_published=round_.is_published,
                booking_opens=round_.booking_opens,
                booking_closes=round_.booking_closes,
                coaching_starts=round_.coaching_starts,
                coaching_ends=round_.coaching_ends,
            )
        )
    return shown


def rounds_visible(rounds: list[RoundShown], *, organiser: bool) -> list[RoundShown]:
    """The rounds of `rounds_shown` still not over now: published ones, or all for organisers
    (the same choice as `rounds_for_programme`)."""
    now = timezone.now()
    return [r for r in rounds if r.coaching_ends > now and (organiser or r.is_published)]


def round_get_for_user(*, user, programme: Programme, pk: int) -> Round:
    round_ = Round.objects.filter(programme=programme, pk=pk).first()
    if round_ is None:
        raise Http404
    round_.programme = programme
    if not can(user, "coaching.view_round", round_):
        raise Http404
    return round_


# --- Coaches -----------------------------------------------------------------------------------


def _competency_prefetch() -> Prefetch:
    return Prefetch(
        "competencies",
        queryset=Competency.objects.select_related("framework").prefetch_related("texts"),
    )


# Rendered bios are kept under a digest of their Markdown: an edited bio gets a new key, so no
# invalidation is needed, and a programme page with many coaches renders no Markdown when warm.
BIO_CACHE_SECONDS = 60 * 60 * 24


def _bio_key(bio: str) -> str:
    return "coaching:bio-html:" + hashlib.sha256(bio.encode()).hexdigest()


def bios_html(bios: list[str]) -> dict[str, str]:
    """The HTML of each Markdown bio in `bios` (one cache round trip, plus one to store misses)."""
    wanted = {_bio_key(bio): bio for bio in bios if bio}
    if not wanted:
        return {}
    found = cache.get_many(list(wanted))
    missing = {key: render_markdown(bio) for key, bio in wanted.items() if key not in found}
    if missing:
        cache.set_many(missing, BIO_CACHE_SECONDS)
    return {bio: found[key] if key in found else missing[key] for key, bio in wanted.items()}


def with_bio_html(coaches: list[Coach]) -> list[Coach]:
    """Sets `bio_html` on each coach (the cached rendering of their Markdown bio)."""
    rendered = bios_html([coach.bio for coach in coaches])
    for coach in coaches:
        coach.bio_html = rendered.get(coach.bio, "")
    return coaches


def _decorate_coach(coach: Coach, language: str) -> Coach:
    coach.language_names = language_names(coach.languages, language)
    coach.competency_titles = [
        text_for(
            competency, language=language, framework_language=competency.framework.language
        ).title
        for competency in coach.competencies.all()
    ]
    return coach


def coaches_listed(*, programme: Programme, language: str, bios: bool = True) -> list[Coach]:
    """The programme's active coaches, as coachees see them. With `bios` False, `bio_html` is
    left for the caller to set (`with_bio_html`) on the coaches whose card it must render."""
    coaches = [
        _decorate_coach(coach, language)
        for coach in programme.coaches.filter(status=CoachStatus.ACTIVE)
        .select_related("user")
        .prefetch_related(_competency_prefetch())
        .order_by("user__display_name", "pk")
    ]
    return with_bio_html(coaches) if bios else coaches


def coaches_for_organisers(*, programme: Programme) -> list[Coach]:
    return list(programme.coaches.select_related("user").order_by("status", "pk"))


def coach_get_for_user(*, user, programme: Programme, pk: int, language: str) -> Coach:
    coach = (
        programme.coaches.select_related("user")
        .prefetch_related(_competency_prefetch())
        .filter(pk=pk)
        .first()
    )
    if coach is None:
        raise Http404
    coach.programme = programme
    if not can(user, "coaching.view_coach", coach):
        raise Http404
    return with_bio_html([_decorate_coach(coach, language)])[0]


def competencies_for_coaches(*, language: str) -> list[tuple[int, str]]:
    """Competencies of published frameworks, as choices."""
    competencies = (
        Competency.objects.filter(framework__is_published=True, kind="competency")
        .select_related("framework")
        .prefetch_related("texts")
        .order_by("framework__title", "position", "pk")
    )
    return [
        (
            competency.pk,
            f"{competency.framework.title}: "
            + text_for(
                competency, language=language, framework_language=competency.framework.language
            ).title,
        )
        for competency in competencies
    ]


# --- Applications ------------------------------------------------------------------------------


def applications_for_organisers(*, programme: Programme) -> dict[str, list[CoachApplication]]:
    """Every application of the programme, grouped by status (pending first)."""
    grouped: dict[str, list[CoachApplication]] = {value: [] for value in ApplicationStatus.values}
    for application in programme.applications.select_related("user", "round", "decided_by"):
        grouped[application.status].append(application)
    return grouped


def application_get_for_user(*, user, programme: Programme, pk: int) -> CoachApplication:
    """An application, for its applicant or the programme's organisers; 404 for anyone else."""
    application = (
        programme.applications.select_related("user", "round", "decided_by").filter(pk=pk).first()
    )
    if application is None or not (
        (user.is_authenticated and application.user_id == user.pk)
        or can(user, "coaching.review_applications", programme)
    ):
        raise Http404
    application.programme = programme
    return application


def pending_application_of(*, user, programme: Programme) -> CoachApplication | None:
    if not user.is_authenticated:
        return None
    return programme.applications.filter(user=user, status=ApplicationStatus.PENDING).first()


# --- Preparation guides ------------------------------------------------------------------------


@dataclass
class GuideChoice:
    guide: PreparationGuide | None
    versions: list[tuple[str, str]] = field(default_factory=list)  # (code, name in own script)
    missing: list[tuple[str, str]] = field(default_factory=list)  # site languages with none


def guide_for(*, programme: Programme, language: str, asked: str | None = None) -> GuideChoice:
    """The guide in the language asked for, else the viewer's (by primary subtag), else
    English, else the first; with every version and the site languages still missing."""
    guides = list(programme.guides.all().order_by("language"))
    chosen = None
    for wanted in (asked, language):
        if not wanted:
            continue
        chosen = next((g for g in guides if g.language.lower() == wanted.lower()), None) or next(
            (g for g in guides if base_language(g.language) == base_language(wanted)), None
        )
        if chosen is not None:
            break
    if chosen is None:
        chosen = next((g for g in guides if base_language(g.language) == "en"), None)
    if chosen is None and guides:
        chosen = guides[0]
    have = {base_language(g.language) for g in guides}
    return GuideChoice(
        guide=chosen,
        versions=[(g.language, language_name(g.language)) for g in guides],
        missing=[
            (code, language_name(code))
            for code, _name in settings.LANGUAGES
            if base_language(code) not in have
        ],
    )


def guide_translation_links(*, programme: Programme, languages: list[str]) -> dict[str, str]:
    """Where someone can offer a translation of the guide into each of `languages`: the language
    page of the published translation campaign made from one of the programme's guides (its
    campaign page when it does not want that language), else the page of the organisation that
    runs the programme (how to reach its organisers). Two queries, however many languages."""
    from atheneum.translations.campaign_selectors import campaign_for_guide

    campaign = campaign_for_guide(programme=programme)
    if campaign is None:
        fallback = reverse("organisations:detail", args=[programme.organisation.slug])
        return dict.fromkeys(languages, fallback)
    codes = list(campaign.languages.values_list("language", flat=True))
    links = {}
    for language in languages:
        exact = [code for code in codes if code.lower() == language.lower()]
        base = language.partition("-")[0].lower()
        same_base = [code for code in codes if code.partition("-")[0].lower() == base]
        matches = exact or same_base
        links[language] = (
            reverse("translations:language", args=[campaign.slug, matches[0]])
            if matches
            else campaign.get_absolute_url()
        )
    return links


def guide_steps(guide: PreparationGuide | None) -> list[str]:
    if guide is None:
        return []
    return [line.strip() for line in guide.steps.splitlines() if line.strip()]


# --- Requests for a coach ----------------------------------------------------------------------


def free_slots_for(*, round_: Round) -> QuerySet[Slot]:
    """Slots of the round still to come, not withdrawn, with no live booking."""
    live = Booking.objects.filter(LIVE_BOOKING, slot=OuterRef("pk"))
    return (
        Slot.objects.filter(
            round=round_,
            is_withdrawn=False,
            start__gt=timezone.now(),
            coach__status=CoachStatus.ACTIVE,
        )
        .filter(~Exists(live))
        .select_related("coach__user")
        .order_by("start", "pk")
    )


def _topic_words(text: str) -> set[str]:
    return {part.strip().lower() for part in text.replace(";", ",").split(",") if part.strip()}


def coach_matches(coach: Coach, *, languages, topics: str) -> bool:
    wanted_languages = {base_language(code) for code in languages}
    coach_languages = {base_language(code) for code in coach.languages}
    if wanted_languages & coach_languages:
        return True
    wanted = _topic_words(topics)
    for topic in coach.topics:
        lowered = topic.lower()
        if any(word in lowered or lowered in word for word in wanted):
            return True
    return False


@dataclass
class Match:
    coach: Coach
    slots: list[Slot]


def requests_with_matches(*, round_: Round) -> list[CoachingRequest]:
    """Open and offered requests of the round, each with `matches`: coaches that share a
    language or a topic, with their free slots. Three queries, however many requests."""
    requests = list(
        round_.requests.exclude(status=RequestStatus.CLOSED)
        .select_related("coachee")
        .prefetch_related("offered_slots")
        .order_by("created_at", "pk")
    )
    slots_by_coach: dict[int, list[Slot]] = {}
    coaches: dict[int, Coach] = {}
    for slot in free_slots_for(round_=round_):
        slots_by_coach.setdefault(slot.coach_id, []).append(slot)
        coaches[slot.coach_id] = slot.coach
    for request_ in requests:
        request_.matches = [
            Match(coach=coach, slots=slots_by_coach[coach_id])
            for coach_id, coach in coaches.items()
            if coach_matches(coach, languages=request_.languages, topics=request_.topics)
        ]
        request_.offered_ids = {slot.pk for slot in request_.offered_slots.all()}
    return requests


def coaching_request_get_for_round(*, round_: Round, pk: int) -> CoachingRequest:
    request_ = round_.requests.select_related("coachee").filter(pk=pk).first()
    if request_ is None:
        raise Http404
    request_.round = round_
    return request_


# --- My coaching -------------------------------------------------------------------------------


def my_coaching(*, user) -> dict:
    applications = list(
        user.coach_applications.select_related("programme", "round").order_by("-created_at")
    )
    requests = list(
        user.coaching_requests.select_related("round__programme")
        .prefetch_related(
            Prefetch("offered_slots", queryset=Slot.objects.select_related("coach__user"))
        )
        .order_by("-created_at")
    )
    for request_ in requests:
        request_.booking_url = round_booking_url(request_.round)
    coach_profiles = list(user.coach_profiles.select_related("programme").order_by("pk"))
    return {"applications": applications, "requests": requests, "coach_profiles": coach_profiles}
