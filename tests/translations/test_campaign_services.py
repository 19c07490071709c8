from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from atheneum.coaching.models import PreparationGuide
from atheneum.portfolio.enums import ActivityKind
from atheneum.portfolio.models import Activity
from atheneum.translations import campaign_services as services
from atheneum.translations.enums import LanguageState
from atheneum.translations.models import Campaign, StateChange, TargetLanguage
from tests.factories import UserFactory
from tests.translations.factories import (
    CampaignFactory,
    SegmentFactory,
    SegmentTranslationFactory,
    TargetLanguageFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(organisation):
    return CampaignFactory(organisation=organisation, title="CPD poster")


def test_language_set_state_writes_history(campaign, member):
    target = TargetLanguageFactory(campaign=campaign)

    services.language_set_state(target=target, state=LanguageState.CLAIMED, acting_user=member)

    target.refresh_from_db()
    assert target.state == LanguageState.CLAIMED
    assert target.last_activity_at is not None
    assert list(StateChange.objects.values_list("target", "state", "changed_by")) == [
        (target.pk, LanguageState.CLAIMED, member.pk)
    ]


def test_language_set_state_unknown_state_changes_nothing(campaign, member):
    target = TargetLanguageFactory(campaign=campaign)
    with pytest.raises(ValidationError):
        services.language_set_state(target=target, state="lost", acting_user=member)
    assert TargetLanguage.objects.get().state == LanguageState.WANTED
    assert not StateChange.objects.exists()


def test_language_publish_only_from_approved(campaign, organiser):
    target = TargetLanguageFactory(campaign=campaign, state=LanguageState.IN_REVIEW)
    with pytest.raises(ValidationError):
        services.language_publish(target=target, acting_user=organiser)
    target.refresh_from_db()
    assert target.state == LanguageState.IN_REVIEW
    assert target.published_at is None
    assert not StateChange.objects.exists()


def test_language_publish_by_member_is_refused(campaign, member):
    target = TargetLanguageFactory(campaign=campaign, state=LanguageState.APPROVED)
    with pytest.raises(PermissionDenied):
        services.language_publish(target=target, acting_user=member)
    assert TargetLanguage.objects.get().state == LanguageState.APPROVED


def test_language_publish_records_one_activity_per_volunteer_once(
    campaign, organiser, django_capture_on_commit_callbacks
):
    SegmentFactory(campaign=campaign, source_text=" ".join(["word"] * 500))
    target = TargetLanguageFactory(campaign=campaign, state=LanguageState.APPROVED)
    lead = VolunteerFactory(target=target, is_lead=True).user
    helper = VolunteerFactory(target=target, is_lead=False, credit=False).user

    with django_capture_on_commit_callbacks(execute=True):
        services.language_publish(target=target, acting_user=organiser)

    target.refresh_from_db()
    assert target.state == LanguageState.PUBLISHED
    assert target.published_at is not None
    activities = Activity.objects.order_by("owner_id")
    assert [(a.owner_id, a.kind, a.hours, a.source_key) for a in activities] == [
        (lead.pk, ActivityKind.VOLUNTEERING, Decimal("2.0"), f"translations:{target.pk}:{lead.pk}"),
        (
            helper.pk,
            ActivityKind.VOLUNTEERING,
            Decimal("2.0"),
            f"translations:{target.pk}:{helper.pk}",
        ),
    ]
    assert activities[0].title == "Translated “CPD poster” into French"
    assert sorted(mail.outbox[0].to) == sorted([lead.email, helper.email])

    services.language_unpublish(target=target, acting_user=organiser)
    target.refresh_from_db()
    services.language_set_state(target=target, state=LanguageState.APPROVED, acting_user=organiser)
    services.language_publish(target=target, acting_user=organiser)
    assert Activity.objects.count() == 2


def test_estimated_hours_has_a_floor(campaign):
    SegmentFactory(campaign=campaign, source_text="Short.")
    assert services.estimated_hours(campaign=campaign) == Decimal("0.5")


def test_language_unpublish_goes_back_to_approved(campaign, organiser):
    target = TargetLanguageFactory(campaign=campaign, state=LanguageState.PUBLISHED)
    services.language_unpublish(target=target, acting_user=organiser)
    target.refresh_from_db()
    assert (target.state, target.published_at) == (LanguageState.APPROVED, None)


def test_target_add_normalises_and_validates(campaign, organiser):
    target = services.target_add(
        campaign=campaign, language="zh-hans", region="asia_oceania", acting_user=organiser
    )
    assert target.language == "zh-Hans"
    with pytest.raises(ValidationError):
        services.target_add(campaign=campaign, language="zz-!!", region="", acting_user=organiser)
    with pytest.raises(ValidationError):
        services.target_add(campaign=campaign, language="zh-Hans", region="", acting_user=organiser)
    assert list(TargetLanguage.objects.values_list("language", flat=True)) == ["zh-Hans"]


def test_campaign_create_refuses_reserved_slug(organisation, organiser):
    with pytest.raises(ValidationError):
        services.campaign_create(
            organisation=organisation,
            title="Feed",
            slug="feed",
            source_language="en",
            acting_user=organiser,
        )
    assert not Campaign.objects.exists()


def test_segments_add_paragraphs_and_move(campaign, organiser):
    services.segments_add_paragraphs(
        campaign=campaign, text="One.\n\nTwo\nstill two.\n\n\nThree.", acting_user=organiser
    )
    texts = list(campaign.segments.order_by("position").values_list("source_text", flat=True))
    assert texts == ["One.", "Two\nstill two.", "Three."]
    first = campaign.segments.get(source_text="One.")
    services.segment_move(segment=first, direction="down", acting_user=organiser)
    texts = list(campaign.segments.order_by("position").values_list("source_text", flat=True))
    assert texts == ["Two\nstill two.", "One.", "Three."]


@pytest.fixture
def guide(organisation):
    from atheneum.coaching.models import Programme

    programme = Programme.objects.create(organisation=organisation, title="Coaching", slug="coach")
    return PreparationGuide.objects.create(
        programme=programme,
        language="en",
        title="Before your session",
        body="Think about your goals.\n\nBring one question.",
        steps="Write down a goal\nRead the guide",
    )


def test_campaign_from_guide_creates_segments_and_missing_languages(guide, organiser, settings):
    settings.LANGUAGES = [("en", "English"), ("fr", "French"), ("ar", "Arabic")]

    campaign = services.campaign_from_guide(guide=guide, acting_user=organiser)

    assert campaign.source_object == guide
    assert not campaign.is_published
    assert list(campaign.segments.values_list("source_text", flat=True)) == [
        "Before your session",
        "Think about your goals.",
        "Bring one question.",
        "✓ Write down a goal",
        "✓ Read the guide",
    ]
    assert sorted(campaign.languages.values_list("language", flat=True)) == ["ar", "fr"]


def test_campaign_from_guide_refused_for_member(guide, member):
    with pytest.raises(PermissionDenied):
        services.campaign_from_guide(guide=guide, acting_user=member)
    assert not Campaign.objects.exists()


def test_published_guide_language_creates_guide_once(guide, organiser, settings):
    settings.LANGUAGES = [("en", "English"), ("fr", "French")]
    campaign = services.campaign_from_guide(guide=guide, acting_user=organiser)
    target = campaign.languages.get(language="fr")
    texts = ["Avant la séance", "Pensez à vos buts.", "Apportez une question.", "✓ But", "✓ Lire"]
    for segment, text in zip(campaign.segments.order_by("position"), texts, strict=True):
        SegmentTranslationFactory(target=target, segment=segment, text=text)
    target.state = LanguageState.APPROVED
    target.save()

    services.language_publish(target=target, acting_user=organiser)
    services.language_unpublish(target=target, acting_user=organiser)
    services.language_publish(target=target, acting_user=organiser)

    french = PreparationGuide.objects.get(language="fr")
    assert (french.title, french.body, french.steps) == (
        "Avant la séance",
        "Pensez à vos buts.\n\nApportez une question.",
        "But\nLire",
    )
    assert PreparationGuide.objects.count() == 2


def test_campaign_set_people_unknown_email_changes_nothing(campaign, organiser):
    UserFactory(email="known@example.org")
    with pytest.raises(ValidationError):
        services.campaign_set_people(
            campaign=campaign,
            supporters=[],
            coordinator_emails=["known@example.org", "nobody@example.org"],
            acting_user=organiser,
        )
    assert not campaign.coordinators.exists()


def test_guide_translation_link_points_to_published_campaign(guide, organiser, settings):
    from atheneum.coaching.programme_selectors import guide_translation_links

    def guide_translation_link(*, programme, language):
        return guide_translation_links(programme=programme, languages=[language])[language]

    settings.LANGUAGES = [("en", "English"), ("fr", "French")]
    programme = guide.programme
    fallback = f"/organisations/{programme.organisation.slug}/"
    assert guide_translation_link(programme=programme, language="fr").endswith(fallback)

    campaign = services.campaign_from_guide(guide=guide, acting_user=organiser)
    assert guide_translation_link(programme=programme, language="fr").endswith(fallback)

    campaign.is_published = True
    campaign.save()
    assert guide_translation_link(programme=programme, language="fr") == (
        f"/translations/{campaign.slug}/languages/fr/"
    )
    assert guide_translation_link(programme=programme, language="de") == (
        f"/translations/{campaign.slug}/"
    )


@pytest.mark.parametrize(
    "role",
    ["anonymous", "member", "other_member", "manager", "other_org_manager", "organiser", "admin"],
)
def test_campaign_from_guide_view_role_matrix(client_as, role, guide):
    from django.urls import reverse

    response = client_as(role).post(reverse("translations:campaign_from_guide", args=[guide.pk]))

    created = Campaign.objects.filter(source_object_id=guide.pk).exists()
    assert created is (role in {"organiser", "admin"})
    if created:
        assert response.status_code == 302
    else:
        assert response.status_code in {302, 403}
