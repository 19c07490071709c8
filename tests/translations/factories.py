"""Factories for translation campaigns, shared by the organisers' and the volunteers' tests."""

import factory
from factory.django import DjangoModelFactory

from atheneum.translations.enums import LanguageState, Region
from atheneum.translations.models import (
    Campaign,
    GlossaryTerm,
    GlossaryTranslation,
    LanguageReviewer,
    ReviewComment,
    Segment,
    SegmentTranslation,
    StateChange,
    TargetLanguage,
    Volunteer,
)
from tests.factories import OrganisationFactory, UserFactory


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    title = factory.Sequence(lambda n: f"Poster {n}")
    description = "A poster for every library."
    source_language = "en"
    is_published = True


class SegmentFactory(DjangoModelFactory):
    class Meta:
        model = Segment

    campaign = factory.SubFactory(CampaignFactory)
    position = factory.Sequence(lambda n: n)
    source_text = factory.Sequence(lambda n: f"Source sentence number {n}.")


class GlossaryTermFactory(DjangoModelFactory):
    class Meta:
        model = GlossaryTerm

    campaign = factory.SubFactory(CampaignFactory)
    term = factory.Sequence(lambda n: f"term {n}")
    explanation = "What the term means here."


class GlossaryTranslationFactory(DjangoModelFactory):
    class Meta:
        model = GlossaryTranslation

    term = factory.SubFactory(GlossaryTermFactory)
    language = "fr"
    text = factory.Sequence(lambda n: f"terme {n}")


class TargetLanguageFactory(DjangoModelFactory):
    class Meta:
        model = TargetLanguage

    campaign = factory.SubFactory(CampaignFactory)
    language = "fr"
    region = Region.EUROPE
    state = LanguageState.WANTED


class VolunteerFactory(DjangoModelFactory):
    class Meta:
        model = Volunteer

    target = factory.SubFactory(TargetLanguageFactory)
    user = factory.SubFactory(UserFactory)
    is_lead = True
    credit = True


class LanguageReviewerFactory(DjangoModelFactory):
    class Meta:
        model = LanguageReviewer

    campaign = factory.SubFactory(CampaignFactory)
    language = "fr"
    user = factory.SubFactory(UserFactory)


class SegmentTranslationFactory(DjangoModelFactory):
    class Meta:
        model = SegmentTranslation

    target = factory.SubFactory(TargetLanguageFactory)
    segment = factory.SubFactory(
        SegmentFactory, campaign=factory.SelfAttribute("..target.campaign")
    )
    text = factory.Sequence(lambda n: f"Phrase traduite {n}.")


class ReviewCommentFactory(DjangoModelFactory):
    class Meta:
        model = ReviewComment

    target = factory.SubFactory(TargetLanguageFactory)
    author = factory.SubFactory(UserFactory)
    text = "Please use the glossary term here."


class StateChangeFactory(DjangoModelFactory):
    class Meta:
        model = StateChange

    target = factory.SubFactory(TargetLanguageFactory)
    state = LanguageState.CLAIMED
