from atheneum.common.demo import load_demo
from atheneum.organisations.rules import can
from atheneum.portfolio.models import Activity
from atheneum.translations import demo
from atheneum.translations.enums import LanguageState
from atheneum.translations.models import (
    Campaign,
    LanguageReviewer,
    SegmentTranslation,
    StateChange,
    TargetLanguage,
)


def snapshot():
    return (
        list(Campaign.objects.values_list("slug", "is_published")),
        list(TargetLanguage.objects.values_list("language", "state", "published_at")),
        StateChange.objects.count(),
        SegmentTranslation.objects.count(),
        Activity.objects.filter(source_key__startswith="translations:").count(),
    )


def test_demo_loads_and_is_idempotent(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = load_demo()
    users = world["users"]
    demo.load(organisations=world["organisations"], users=users)
    first = snapshot()
    demo.load(organisations=world["organisations"], users=users)
    assert snapshot() == first

    campaign = Campaign.objects.get(slug=demo.SLUG)
    assert campaign.segments.count() == len(demo.SOURCE) == 12
    assert 180 <= sum(len(text.split()) for text in demo.SOURCE) <= 220
    states = dict(campaign.languages.values_list("language", "state"))
    assert len(states) == 12
    assert [code for code, state in states.items() if state == LanguageState.PUBLISHED] == [
        "ar",
        "es",
        "fr",
        "zh-Hans",
    ]
    # One activity per volunteer of each published language (French has two).
    assert first[4] == 5
    assert Activity.objects.filter(owner=users["member"], source_key__startswith="translations:")
    reviewer = LanguageReviewer.objects.get(user=users["member"])
    assert reviewer.language == "de"
    assert can(users["member"], "translations.review", campaign.languages.get(language="de"))
    assert campaign.template_file.read().startswith(b"<?xml")
    assert campaign.preview_pdf.read(5) == b"%PDF-"

    from django.test import Client

    client = Client()
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "4 of 12 languages published, 6 in progress, 2 still looking for translators." in page
    assert 'lang="ar" dir="rtl">العربية</span>' in page
    arabic = client.get(campaign.languages.get(language="ar").get_absolute_url()).content.decode()
    assert '<div class="article-body" lang="ar" dir="rtl">' in arabic
    assert demo.TRANSLATIONS["ar"][0] in arabic
    german = client.get(campaign.languages.get(language="de").get_absolute_url()).content.decode()
    assert demo.TRANSLATIONS["de"][0] not in german
