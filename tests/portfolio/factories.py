import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from atheneum.competencies.models import Competency, CompetencyText, Framework
from atheneum.portfolio.enums import ActivityKind, LearningMode, ReflectionTemplate
from atheneum.portfolio.models import (
    Activity,
    Evidence,
    ManagerShare,
    Reflection,
    Requirement,
    ShareLink,
)

from ..factories import UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


class FrameworkFactory(DjangoModelFactory):
    class Meta:
        model = Framework

    title = factory.Sequence(lambda n: f"Framework {n}")
    slug = factory.Sequence(lambda n: f"framework-{n}")
    is_published = True


class CompetencyFactory(DjangoModelFactory):
    class Meta:
        model = Competency
        skip_postgeneration_save = True

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"C{n}")

    @factory.post_generation
    def title(obj, create, extracted, **kwargs):
        if create:
            CompetencyText.objects.create(
                competency=obj, language="en", title=extracted or f"Competency {obj.code}"
            )


def _start():
    return timezone.now().replace(microsecond=0) - datetime.timedelta(days=10)


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    kind = ActivityKind.WEBINAR
    mode = LearningMode.PARTICIPATORY
    provider = "Library school"
    start = factory.LazyFunction(_start)
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=2))
    hours = Decimal("2.00")

    @factory.post_generation
    def competencies(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.competencies.set(extracted)


class ReflectionFactory(DjangoModelFactory):
    class Meta:
        model = Reflection

    activity = factory.SubFactory(ActivityFactory)
    template = ReflectionTemplate.THREE_TWO_ONE
    part_1 = "Three insights"
    part_2 = "Two concepts"
    part_3 = "One idea"


class EvidenceFactory(DjangoModelFactory):
    class Meta:
        model = Evidence

    activity = factory.SubFactory(ActivityFactory)
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="certificate.pdf"))
    original_name = "certificate.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)


class RequirementFactory(DjangoModelFactory):
    class Meta:
        model = Requirement

    name = factory.Sequence(lambda n: f"Rule {n}")
    cycle_years = 1
    cycle_start = datetime.date(2020, 1, 1)
    total_hours = Decimal(30)


class ManagerShareFactory(DjangoModelFactory):
    class Meta:
        model = ManagerShare


class ShareLinkFactory(DjangoModelFactory):
    class Meta:
        model = ShareLink
