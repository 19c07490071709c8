"""Translation campaigns: the public list, a campaign with its languages, its coverage, and the
languages the caller translates or reviews.

Everything public is what the campaign pages show: published campaigns (drafts only for their
organisers), each wanted language's state and credited translators, and links to a language's
published version only once it is published — never a draft translation's text.
"""

import datetime
from collections import Counter

from django.conf import settings
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from atheneum.translations import campaign_selectors, coverage, work_selectors
from atheneum.translations.enums import LanguageState, Region

from ..auth import PUBLIC, require_scope
from ..pagination import Pagination

router = Router(tags=["translations"])

AREA = "translations"


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- Schemas -----------------------------------------------------------------------------------


class OrganisationOut(Schema):
    slug: str
    name: str


class CampaignOut(Schema):
    slug: str
    title: str
    description: str
    source_language: str
    source_language_name: str
    organisation: OrganisationOut
    deadline: datetime.date | None
    is_published: bool
    language_count: int
    published_count: int
    coverage_summary: str
    url: str

    @staticmethod
    def resolve_source_language_name(obj) -> str:
        return coverage.ui_name(obj.source_language)

    @staticmethod
    def resolve_coverage_summary(obj) -> str:
        return coverage.short_summary(total=obj.language_count, published=obj.published_count)

    @staticmethod
    def resolve_url(obj) -> str:
        return _absolute(obj.get_absolute_url())


class LanguageOut(Schema):
    """One wanted language as the coverage board shows it."""

    language: str
    name: str
    native_name: str
    direction: str
    region: str
    state: str
    state_label: str
    published_at: datetime.datetime | None
    translators: list[str]
    other_translators: int
    url: str
    pdf_url: str | None
    file_url: str | None

    @staticmethod
    def resolve_language(row) -> str:
        return row.target.language

    @staticmethod
    def resolve_name(row) -> str:
        return row.ui_name

    @staticmethod
    def resolve_region(row) -> str:
        return row.target.region

    @staticmethod
    def resolve_state(row) -> str:
        return row.target.state

    @staticmethod
    def resolve_state_label(row) -> str:
        return str(row.target.get_state_display())

    @staticmethod
    def resolve_published_at(row) -> datetime.datetime | None:
        if row.target.state != LanguageState.PUBLISHED or row.target.published_at is None:
            return None
        return row.target.published_at.astimezone(datetime.UTC)

    @staticmethod
    def resolve_translators(row) -> list[str]:
        return row.credited

    @staticmethod
    def resolve_other_translators(row) -> int:
        return row.others

    @staticmethod
    def resolve_url(row) -> str:
        return _absolute(row.target.get_absolute_url())

    @staticmethod
    def resolve_pdf_url(row) -> str | None:
        target = row.target
        if target.state != LanguageState.PUBLISHED or not target.campaign.text_only:
            return None
        return _absolute(
            reverse("translations:language_pdf", args=[target.campaign.slug, target.language])
        )

    @staticmethod
    def resolve_file_url(row) -> str | None:
        target = row.target
        if target.state != LanguageState.PUBLISHED or not target.uploaded_file:
            return None
        return _absolute(
            reverse("translations:language_file", args=[target.campaign.slug, target.language])
        )


class CampaignDetailOut(CampaignOut):
    supporters: list[OrganisationOut]
    segment_count: int
    summary: str
    languages: list[LanguageOut]

    @staticmethod
    def resolve_supporters(obj) -> list:
        return obj.api_supporters

    @staticmethod
    def resolve_languages(obj) -> list:
        return obj.api_languages


class CoverageWeekOut(Schema):
    start: datetime.date
    published: int
    in_progress: int


class CoverageOut(Schema):
    """Coverage figures as the campaign page computes them (`coverage.py`)."""

    summary: str
    total: int
    published: int
    in_progress: int
    wanted: int
    by_state: dict[str, int]
    languages: list[LanguageOut]
    weeks: list[CoverageWeekOut]
    chart_description: str


class WorkCampaignOut(Schema):
    slug: str
    title: str


class WorkLanguageOut(Schema):
    campaign: WorkCampaignOut
    language: str
    name: str
    state: str
    state_label: str
    segments_done: int
    segments_total: int
    url: str


class ClaimOut(WorkLanguageOut):
    is_lead: bool
    credit: bool


class MyWorkOut(Schema):
    translating: list[ClaimOut]
    reviewing: list[WorkLanguageOut]


class CoverageFilters(Schema):
    region: Region | None = None
    state: LanguageState | None = None


# --- Helpers -----------------------------------------------------------------------------------


def _work_row(target, *, done: int, total: int, **extra) -> dict:
    return {
        "campaign": target.campaign,
        "language": target.language,
        "name": coverage.ui_name(target.language),
        "state": target.state,
        "state_label": str(target.get_state_display()),
        "segments_done": done,
        "segments_total": total,
        "url": _absolute(target.get_absolute_url()),
        **extra,
    }


# --- Endpoints ---------------------------------------------------------------------------------


@router.get(
    "/campaigns",
    response=list[CampaignOut],
    auth=PUBLIC,
    summary="Translation campaigns",
    description="Published campaigns (and, for their organisers, drafts), newest first.",
)
@paginate(Pagination)
def campaign_list(request):
    require_scope(request, AREA)
    return campaign_selectors.campaign_list_for_user(user=request.user)


@router.get(
    "/campaigns/{slug}",
    response=CampaignDetailOut,
    auth=PUBLIC,
    summary="A translation campaign",
    description="The campaign with every wanted language, its state and credited translators.",
)
def campaign_detail(request, slug: str):
    require_scope(request, AREA)
    campaign = campaign_selectors.campaign_get_for_user(user=request.user, slug=slug)
    targets = campaign_selectors.campaign_targets(campaign=campaign)
    campaign.language_count = len(targets)
    campaign.published_count = sum(1 for t in targets if t.state == LanguageState.PUBLISHED)
    campaign.api_supporters = campaign_selectors.campaign_supporters(campaign=campaign)
    campaign.segment_count = len(campaign_selectors.campaign_segments(campaign=campaign))
    campaign.summary = coverage.summary_sentence([target.state for target in targets])
    campaign.api_languages = coverage.board_rows(targets)
    return campaign


@router.get(
    "/campaigns/{slug}/coverage",
    response=CoverageOut,
    auth=PUBLIC,
    summary="A campaign's coverage",
    description=(
        "How many languages are published, in progress and still wanted, each language's "
        "state (filter with `region` and `state`), and the last weeks' coverage."
    ),
)
def campaign_coverage(request, slug: str, filters: Query[CoverageFilters]):
    require_scope(request, AREA)
    campaign = campaign_selectors.campaign_get_for_user(user=request.user, slug=slug)
    states = campaign_selectors.campaign_states(campaign=campaign)
    targets = campaign_selectors.campaign_targets(
        campaign=campaign, region=filters.region or "", state=filters.state or ""
    )
    counts = Counter(states)
    chart = coverage.coverage_chart(campaign=campaign)
    return {
        "summary": coverage.summary_sentence(states),
        "total": len(states),
        "published": counts[LanguageState.PUBLISHED],
        "in_progress": sum(counts[state] for state in coverage.IN_PROGRESS_STATES),
        "wanted": counts[LanguageState.WANTED],
        "by_state": {state: counts[state] for state in LanguageState.values},
        "languages": coverage.board_rows(targets),
        "weeks": chart.weeks,
        "chart_description": chart.description,
    }


@router.get(
    "/my",
    response=MyWorkOut,
    summary="Languages I work on",
    description=(
        "The languages I translate (lead or co-translator) and those waiting for my review, "
        "with how many segments have a translation."
    ),
)
def my_work(request):
    require_scope(request, AREA)
    claims = work_selectors.my_claims(user=request.user)
    reviews = work_selectors.my_reviews(user=request.user)
    return {
        "translating": [
            _work_row(
                claim.target,
                done=claim.segment_done,
                total=claim.segment_total,
                is_lead=claim.is_lead,
                credit=claim.credit,
            )
            for claim in claims
        ],
        "reviewing": [
            _work_row(target, done=target.segment_done, total=target.segment_total)
            for target in reviews
        ],
    }
