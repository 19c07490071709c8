import io

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from atheneum.translations.enums import LanguageState, Region
from atheneum.translations.models import Campaign, Segment, TargetLanguage
from tests.factories import OrganisationFactory
from tests.translations.factories import (
    CampaignFactory,
    SegmentFactory,
    SegmentTranslationFactory,
    StateChangeFactory,
    TargetLanguageFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "member",
    "other_member",
    "manager",
    "other_org_manager",
    "organiser",
    "admin",
]
ORGANISERS = {"organiser", "admin"}


@pytest.fixture
def campaign(organisation):
    return CampaignFactory(organisation=organisation, slug="poster", title="CPD poster")


@pytest.fixture
def draft(organisation):
    return CampaignFactory(organisation=organisation, slug="draft", is_published=False)


def _published(campaign, code, text, **kwargs):
    target = TargetLanguageFactory(
        campaign=campaign,
        language=code,
        state=LanguageState.PUBLISHED,
        published_at=timezone.now(),
        **kwargs,
    )
    for segment in campaign.segments.all():
        SegmentTranslationFactory(target=target, segment=segment, text=f"{text} {segment.position}")
    return target


@pytest.mark.parametrize("role", ROLES)
def test_campaign_page_role_matrix(client_as, role, campaign, draft):
    client = client_as(role)

    assert client.get(reverse("translations:campaigns")).status_code == 200
    assert client.get(campaign.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == (200 if role in ORGANISERS else 404)
    listing = client.get(reverse("translations:campaigns")).content.decode()
    assert ("/translations/draft/" in listing) is (role in ORGANISERS)


@pytest.mark.parametrize("role", ROLES)
def test_organiser_pages_role_matrix(client_as, role, campaign):
    client = client_as(role)
    expected = 200 if role in ORGANISERS else (302 if role == "anonymous" else 403)
    for name in ["campaign_edit", "segment_list", "glossary_manage", "campaign_languages"]:
        assert client.get(reverse(f"translations:{name}", args=[campaign.slug])).status_code == (
            expected
        ), name
    create = client.get(reverse("translations:campaign_create")).status_code
    assert create == expected


@pytest.mark.parametrize("role", ROLES)
def test_language_page_role_matrix(client_as, role, campaign, draft):
    SegmentFactory(campaign=campaign, position=0, source_text="Learn every day.")
    SegmentFactory(campaign=draft)
    published = _published(campaign, "fr", "Apprendre")
    in_review = TargetLanguageFactory(
        campaign=campaign, language="de", state=LanguageState.IN_REVIEW
    )
    SegmentTranslationFactory(target=in_review, text="GEHEIMER ENTWURF")
    hidden = _published(draft, "es", "Aprender")
    client = client_as(role)

    page = client.get(published.get_absolute_url())
    assert page.status_code == 200
    assert "Apprendre 0" in page.content.decode()
    review_page = client.get(in_review.get_absolute_url())
    assert review_page.status_code == 200
    assert "GEHEIMER ENTWURF" not in review_page.content.decode()
    assert client.get(hidden.get_absolute_url()).status_code == (200 if role in ORGANISERS else 404)
    pdf_url = reverse("translations:language_pdf", args=["poster", "de"])
    assert client.get(pdf_url).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_publish_view_role_matrix(client_as, role, campaign):
    target = TargetLanguageFactory(campaign=campaign, language="sv", state=LanguageState.APPROVED)
    client = client_as(role)

    client.post(reverse("translations:language_publish", args=["poster", "sv"]))

    target.refresh_from_db()
    assert (target.state == LanguageState.PUBLISHED) is (role in ORGANISERS)


def test_board_shows_native_names_credits_and_filters(client, campaign):
    ar = TargetLanguageFactory(campaign=campaign, language="ar", region=Region.ARAB)
    VolunteerFactory(target=ar, user__display_name="Layla Haddad", credit=True)
    VolunteerFactory(target=ar, is_lead=False, credit=False, user__display_name="Hidden One")
    VolunteerFactory(target=ar, is_lead=False, credit=False)
    TargetLanguageFactory(campaign=campaign, language="zh-Hans", region=Region.ASIA_OCEANIA)
    TargetLanguageFactory(
        campaign=campaign, language="de", region=Region.EUROPE, state=LanguageState.PUBLISHED
    )

    html = client.get(campaign.get_absolute_url()).content.decode()

    assert "العربية" in html
    assert "中文" in html
    assert "Deutsch" in html
    assert "Layla Haddad and 2 more" in html
    assert "Hidden One" not in html
    assert "1 of 3 languages published, 0 in progress, 2 still looking for translators." in html
    assert "<svg" in html and "<title" in html and "<desc" in html

    filtered = client.get(campaign.get_absolute_url(), {"region": Region.ARAB}).content.decode()
    board = filtered.split('id="coverage"')[1].split("<h2>")[0]
    assert "العربية" in board
    assert "中文" not in board
    by_state = client.get(campaign.get_absolute_url(), {"state": "published"}).content.decode()
    board = by_state.split('id="coverage"')[1].split("<h2>")[0]
    assert "Deutsch" in board
    assert "العربية" not in board


def _board_queries(client, campaign, count):
    existing = campaign.languages.count()
    codes = [f"x-lang{n}" for n in range(existing, count)]
    for code in codes:
        target = TargetLanguageFactory(campaign=campaign, language=code)
        VolunteerFactory(target=target)
        StateChangeFactory(target=target)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(campaign.get_absolute_url()).status_code == 200
    return len(queries)


def test_board_query_count_is_constant(client, campaign):
    SegmentFactory(campaign=campaign)
    assert _board_queries(client, campaign, 5) == _board_queries(client, campaign, 150)


def test_campaign_list_query_count_is_constant(client, organisation):
    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("translations:campaigns"))
        return len(queries)

    CampaignFactory(organisation=organisation)
    small = count()
    for _n in range(6):
        TargetLanguageFactory(campaign=CampaignFactory(organisation=OrganisationFactory()))
    assert count() == small


def test_language_pdf_contains_texts_and_fonts(client, campaign):
    from pypdf import PdfReader

    SegmentFactory(campaign=campaign, position=0)
    SegmentFactory(campaign=campaign, position=1)
    target = _published(campaign, "zh-Hans", "继续学习 CPD")
    arabic = _published(campaign, "ar", "التعلم المستمر CPD")

    response = client.get(reverse("translations:language_pdf", args=["poster", "zh-Hans"]))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages).replace("\x00", "")
    assert "继续学习" in text
    assert target.campaign.organisation.name in text

    response = client.get(reverse("translations:language_pdf", args=["poster", arabic.language]))
    reader = PdfReader(io.BytesIO(response.content))
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("NotoSansArabic" in font for font in fonts)
    assert "CPD 0" in "".join(page.extract_text() for page in reader.pages).replace("\x00", "")


def test_language_file_is_attachment_and_only_when_published(client, campaign, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    published = _published(campaign, "fr", "x")
    published.uploaded_file.save("poster.pdf", ContentFile(b"%PDF-1.4 test"))
    pending = TargetLanguageFactory(campaign=campaign, language="de", state=LanguageState.APPROVED)
    pending.uploaded_file.save("entwurf.pdf", ContentFile(b"%PDF-1.4 draft"))

    response = client.get(reverse("translations:language_file", args=["poster", "fr"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(reverse("translations:language_file", args=["poster", "de"])).status_code == (
        404
    )


def test_feeds_list_only_published_languages(client, campaign, draft):
    _published(campaign, "fr", "x")
    TargetLanguageFactory(campaign=campaign, language="de", state=LanguageState.APPROVED)
    _published(draft, "es", "x")

    site = feedparser.parse(client.get(reverse("translations:feed")).content)
    one = feedparser.parse(
        client.get(reverse("translations:campaign_feed", args=["poster"])).content
    )

    assert [entry.link.split("/translations/")[1] for entry in site.entries] == [
        "poster/languages/fr/"
    ]
    assert [entry.link.split("/translations/")[1] for entry in one.entries] == [
        "poster/languages/fr/"
    ]
    assert client.get(reverse("translations:campaign_feed", args=["draft"])).status_code == 404


def test_template_download_is_attachment(client, campaign, draft, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    campaign.template_file.save("poster.svg", ContentFile(b"<svg/>"))
    draft.template_file.save("draft.svg", ContentFile(b"<svg/>"))

    response = client.get(reverse("translations:template_download", args=["poster"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert client.get(reverse("translations:template_download", args=["draft"])).status_code == 404


def test_organiser_creates_and_edits_campaign(client, organiser, organisation):
    client.force_login(organiser)
    response = client.post(
        reverse("translations:campaign_create"),
        {"organisation": organisation.pk, "title": "Guide", "slug": "new", "source_language": "en"},
    )
    assert response.status_code == 200
    assert not Campaign.objects.exists()

    client.post(
        reverse("translations:campaign_create"),
        {
            "organisation": organisation.pk,
            "title": "Guide",
            "slug": "guide",
            "source_language": "en",
        },
    )
    campaign = Campaign.objects.get(slug="guide")
    assert not campaign.is_published

    client.post(reverse("translations:segment_list", args=["guide"]), {"text": "Hello.\n\nWorld."})
    assert list(Segment.objects.values_list("source_text", flat=True)) == ["Hello.", "World."]
    client.post(
        reverse("translations:campaign_languages", args=["guide"]),
        {"add_language": "1", "language": "PT-br", "region": "americas"},
    )
    assert list(TargetLanguage.objects.values_list("language", flat=True)) == ["pt-BR"]

    response = client.post(
        reverse("translations:campaign_edit", args=["guide"]),
        {
            "title": "Guide",
            "slug": "guide",
            "source_language": "en",
            "claim_release_days": 10,
            "max_upload_megabytes": 5,
            "allowed_file_kinds": ["pdf"],
            "is_published": "on",
            "preview_pdf": io.BytesIO(b"not a pdf"),
        },
    )
    assert response.status_code == 200
    campaign.refresh_from_db()
    assert not campaign.is_published


def test_language_page_query_count_is_constant(client, campaign):
    def count(n):
        for position in range(campaign.segments.count(), n):
            SegmentFactory(campaign=campaign, position=position)
        target = campaign.languages.get()
        for segment in campaign.segments.exclude(translations__target=target):
            SegmentTranslationFactory(target=target, segment=segment)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target.get_absolute_url()).status_code == 200
        return len(queries)

    target = _published(campaign, "fr", "x")
    VolunteerFactory(target=target)
    small = count(2)
    VolunteerFactory(target=target, is_lead=False)
    assert count(30) == small


@pytest.mark.parametrize("role", ROLES)
def test_segment_changes_role_matrix(client_as, role, campaign):
    first = SegmentFactory(campaign=campaign, position=0, source_text="First.")
    SegmentFactory(campaign=campaign, position=1, source_text="Second.")
    client = client_as(role)

    client.post(
        reverse("translations:segment_move", args=["poster", first.pk]), {"direction": "down"}
    )
    client.post(reverse("translations:segment_delete", args=["poster", first.pk]))

    texts = list(campaign.segments.order_by("position").values_list("source_text", flat=True))
    assert texts == (["Second."] if role in ORGANISERS else ["First.", "Second."])
