"""The translations API: campaigns, their languages and coverage, and my own work, for every
role and scope; a draft translation's text never appears."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from atheneum.translations.enums import LanguageState, Region

from ..conftest import ROLES
from ..factories import UserFactory
from ..translations.factories import (
    CampaignFactory,
    LanguageReviewerFactory,
    SegmentFactory,
    SegmentTranslationFactory,
    StateChangeFactory,
    TargetLanguageFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db

BASE = "/api/v1/translations"
ORGANISERS = {"organiser", "admin"}
SIGNED_IN = [role for role in ROLES if role != "anonymous"]
DRAFT_TEXT = "Brouillon secret pas encore relu"
PUBLISHED_TEXT = "Texte publié"


@pytest.fixture
def as_role(api_client, role_user):
    """`as_role(role, scopes=None)`: an API client for the role (all scopes unless given)."""

    def make(role, scopes=None):
        user = role_user(role)
        return api_client(user) if scopes is None else api_client(user, scopes)

    return make


@pytest.fixture
def campaign(organisation):
    campaign = CampaignFactory(organisation=organisation, slug="poster", title="CPD poster")
    SegmentFactory(campaign=campaign, source_text="Learning never stops.")
    SegmentFactory(campaign=campaign, source_text="Join us.")
    return campaign


@pytest.fixture
def draft(organisation):
    return CampaignFactory(organisation=organisation, slug="draft", is_published=False)


@pytest.fixture
def languages(campaign, other_member):
    """French published, Arabic in translation (with draft text), Swahili wanted."""
    french = TargetLanguageFactory(
        campaign=campaign,
        language="fr",
        state=LanguageState.PUBLISHED,
        published_at=timezone.now(),
    )
    VolunteerFactory(target=french, user=UserFactory(display_name="Flore Credited"))
    VolunteerFactory(
        target=french, user=UserFactory(display_name="Hidden Helper"), is_lead=False, credit=False
    )
    arabic = TargetLanguageFactory(
        campaign=campaign, language="ar", region=Region.ARAB, state=LanguageState.IN_TRANSLATION
    )
    VolunteerFactory(target=arabic, user=other_member)
    swahili = TargetLanguageFactory(
        campaign=campaign, language="sw", region=Region.AFRICA, state=LanguageState.WANTED
    )
    for segment in campaign.segments.all():
        SegmentTranslationFactory(target=french, segment=segment, text=PUBLISHED_TEXT)
        SegmentTranslationFactory(target=arabic, segment=segment, text=DRAFT_TEXT)
    StateChangeFactory(target=arabic, state=LanguageState.IN_TRANSLATION)
    StateChangeFactory(target=french, state=LanguageState.PUBLISHED)
    return {"fr": french, "ar": arabic, "sw": swahili}


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(context)


# --- Campaign list -----------------------------------------------------------------------------


@pytest.mark.usefixtures("languages")
@pytest.mark.parametrize("role", ROLES)
def test_campaign_list_for_role(as_role, role, draft):
    response = as_role(role).get(f"{BASE}/campaigns")
    assert response.status_code == 200
    items = response.json()["items"]
    slugs = [item["slug"] for item in items]
    if role in ORGANISERS:
        assert slugs == ["draft", "poster"]
    else:
        assert slugs == ["poster"]
    poster = items[-1]
    assert poster["language_count"] == 3
    assert poster["published_count"] == 1
    assert poster["coverage_summary"] == "1 of 3 languages published"
    assert poster["organisation"] == {"slug": "riverside", "name": "Riverside Library"}
    assert DRAFT_TEXT not in response.content.decode()


def test_campaign_list_pagination_is_stable(api_client, member, organisation):
    for _ in range(5):
        CampaignFactory(organisation=organisation)
    client = api_client(member)
    seen = []
    for page in (1, 2, 3):
        body = client.get(f"{BASE}/campaigns", {"page": page, "page_size": 2}).json()
        assert (body["count"], body["pages"]) == (5, 3)
        seen += [item["slug"] for item in body["items"]]
    assert len(set(seen)) == 5
    again = [
        item["slug"]
        for page in (1, 2, 3)
        for item in client.get(f"{BASE}/campaigns", {"page": page, "page_size": 2}).json()["items"]
    ]
    assert again == seen


@pytest.mark.parametrize(("param", "value"), [("page", "0"), ("page_size", "101"), ("page", "x")])
def test_campaign_list_bad_paging_names_the_field(client, param, value):
    response = client.get(f"{BASE}/campaigns", {param: value})
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [param]


def test_campaign_list_query_count_constant(api_client, member, organisation):
    client = api_client(member)
    client.get(f"{BASE}/campaigns")

    def grow(count):
        for _ in range(count):
            campaign = CampaignFactory(organisation=organisation)
            TargetLanguageFactory(campaign=campaign, language="fr")
            TargetLanguageFactory(campaign=campaign, language="de", state=LanguageState.PUBLISHED)

    grow(3)
    small = count_queries(client, f"{BASE}/campaigns")
    grow(30)
    assert count_queries(client, f"{BASE}/campaigns") == small


# --- Campaign detail ---------------------------------------------------------------------------


@pytest.mark.usefixtures("languages")
@pytest.mark.parametrize("role", ROLES)
def test_campaign_detail_for_role(as_role, role, draft):
    client = as_role(role)
    response = client.get(f"{BASE}/campaigns/poster")
    assert response.status_code == 200
    body = response.json()
    assert body["segment_count"] == 2
    assert body["summary"] == (
        "1 of 3 languages published, 1 in progress, 1 still looking for translators."
    )
    by_code = {row["language"]: row for row in body["languages"]}
    assert list(by_code) == ["ar", "fr", "sw"]
    assert by_code["fr"]["state"] == "published"
    assert by_code["fr"]["translators"] == ["Flore Credited"]
    assert by_code["fr"]["other_translators"] == 1
    assert by_code["fr"]["published_at"] is not None
    assert by_code["fr"]["pdf_url"].endswith("/poster/languages/fr/document.pdf")
    assert by_code["ar"]["direction"] == "rtl"
    assert by_code["ar"]["state"] == "in_translation"
    assert by_code["ar"]["pdf_url"] is None
    assert by_code["ar"]["published_at"] is None
    text = response.content.decode()
    assert DRAFT_TEXT not in text
    assert "Hidden Helper" not in text
    assert client.get(f"{BASE}/campaigns/draft").status_code == (200 if role in ORGANISERS else 404)


def test_campaign_detail_missing_is_404_problem(client):
    response = client.get(f"{BASE}/campaigns/nope")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_campaign_detail_query_count_constant(api_client, member, campaign):
    client = api_client(member)
    url = f"{BASE}/campaigns/poster"
    client.get(url)

    def grow(codes):
        for code in codes:
            target = TargetLanguageFactory(campaign=campaign, language=code)
            VolunteerFactory(target=target)
            SegmentFactory(campaign=campaign)

    grow(["de", "es"])
    small = count_queries(client, url)
    grow([f"x{n:02d}" for n in range(20)])
    assert count_queries(client, url) == small


# --- Coverage ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("languages")
@pytest.mark.parametrize("role", ROLES)
def test_coverage_for_role(as_role, role, draft):
    client = as_role(role)
    response = client.get(f"{BASE}/campaigns/poster/coverage")
    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["published"], body["in_progress"], body["wanted"]) == (3, 1, 1, 1)
    assert body["by_state"]["in_translation"] == 1
    assert sum(body["by_state"].values()) == 3
    assert len(body["weeks"]) == 12
    assert body["weeks"][-1]["published"] == 1
    assert body["weeks"][-1]["in_progress"] == 1
    assert [row["language"] for row in body["languages"]] == ["ar", "fr", "sw"]
    assert DRAFT_TEXT not in response.content.decode()
    assert client.get(f"{BASE}/campaigns/draft/coverage").status_code == (
        200 if role in ORGANISERS else 404
    )


@pytest.mark.usefixtures("languages")
def test_coverage_filters_languages_not_totals(client):
    body = client.get(f"{BASE}/campaigns/poster/coverage", {"region": "arab"}).json()
    assert [row["language"] for row in body["languages"]] == ["ar"]
    assert body["total"] == 3
    body = client.get(f"{BASE}/campaigns/poster/coverage", {"state": "wanted"}).json()
    assert [row["language"] for row in body["languages"]] == ["sw"]


@pytest.mark.parametrize("field", ["region", "state"])
def test_coverage_bad_filter_names_the_field(client, campaign, field):
    response = client.get(f"{BASE}/campaigns/{campaign.slug}/coverage", {field: "nowhere"})
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_coverage_query_count_constant(api_client, member, campaign):
    client = api_client(member)
    url = f"{BASE}/campaigns/poster/coverage"
    client.get(url)

    def grow(codes):
        for code in codes:
            target = TargetLanguageFactory(campaign=campaign, language=code)
            VolunteerFactory(target=target)
            StateChangeFactory(target=target)

    grow(["de", "es"])
    small = count_queries(client, url)
    grow([f"x{n:02d}" for n in range(20)])
    assert count_queries(client, url) == small


# --- My work -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_my_work_for_role(as_role, role, languages, organiser):
    languages["ar"].state = LanguageState.SUBMITTED
    languages["ar"].save()
    response = as_role(role).get(f"{BASE}/my")
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    body = response.json()
    translating = [(row["campaign"]["slug"], row["language"]) for row in body["translating"]]
    reviewing = [(row["campaign"]["slug"], row["language"]) for row in body["reviewing"]]
    if role == "other_member":
        assert translating == [("poster", "ar")]
        row = body["translating"][0]
        assert (row["segments_done"], row["segments_total"], row["is_lead"]) == (2, 2, True)
    else:
        assert translating == []
    # The organisation's organisers (and its admin) review its campaigns' submitted languages.
    assert reviewing == ([("poster", "ar")] if role in ORGANISERS else [])
    assert DRAFT_TEXT not in response.content.decode()


def test_my_work_lists_designated_reviews(api_client, member, languages):
    LanguageReviewerFactory(campaign=languages["sw"].campaign, language="sw", user=member)
    body = api_client(member).get(f"{BASE}/my").json()
    assert [row["language"] for row in body["reviewing"]] == ["sw"]


def test_my_work_query_count_constant(api_client, member, organisation):
    client = api_client(member)
    client.get(f"{BASE}/my")

    def grow(count):
        for _ in range(count):
            campaign = CampaignFactory(organisation=organisation)
            segment = SegmentFactory(campaign=campaign)
            target = TargetLanguageFactory(campaign=campaign, state=LanguageState.IN_TRANSLATION)
            VolunteerFactory(target=target, user=member)
            SegmentTranslationFactory(target=target, segment=segment)
            LanguageReviewerFactory(campaign=campaign, language="de", user=member)
            TargetLanguageFactory(campaign=campaign, language="de")

    grow(2)
    small = count_queries(client, f"{BASE}/my")
    grow(20)
    assert count_queries(client, f"{BASE}/my") == small


# --- Scopes ------------------------------------------------------------------------------------

READS = ["/campaigns", "/campaigns/poster", "/campaigns/poster/coverage", "/my"]


@pytest.mark.usefixtures("campaign")
@pytest.mark.parametrize("path", READS)
@pytest.mark.parametrize("role", SIGNED_IN)
def test_reads_need_the_translations_scope(as_role, role, path):
    response = as_role(role, ["coaching:write"]).get(BASE + path)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["scope"] == "translations:read"
    assert as_role(role, ["translations:read"]).get(BASE + path).status_code == 200


@pytest.mark.usefixtures("campaign")
@pytest.mark.parametrize("path", ["/campaigns", "/campaigns/poster"])
def test_public_reads_refuse_a_bad_token(client, path):
    response = client.get(BASE + path, HTTP_AUTHORIZATION="Bearer ath_not-a-real-token")
    assert response.status_code == 401


def test_published_at_is_utc(client, languages):
    moment = datetime.datetime(2026, 3, 29, 1, 30, tzinfo=datetime.UTC)
    languages["fr"].published_at = moment
    languages["fr"].save()
    rows = client.get(f"{BASE}/campaigns/poster").json()["languages"]
    published = next(row["published_at"] for row in rows if row["language"] == "fr")
    assert datetime.datetime.fromisoformat(published.replace("Z", "+00:00")) == moment
    assert published.endswith(("Z", "+00:00"))
