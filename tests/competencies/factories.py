import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from atheneum.competencies.enums import CompetencyKind, RatingKind, RatingSource
from atheneum.competencies.models import (
    Competency,
    CompetencyText,
    Framework,
    ProficiencyLevel,
    Rating,
    RatingSharing,
)
from atheneum.portfolio.models import Activity

from ..factories import UserFactory

LEVELS = [(0, "None"), (1, "Aware"), (2, "Practising"), (3, "Proficient"), (4, "Expert")]


class FrameworkFactory(DjangoModelFactory):
    class Meta:
        model = Framework
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Framework {n}")
    slug = factory.Sequence(lambda n: f"framework-{n}")
    language = "en"

    @factory.post_generation
    def levels(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            ProficiencyLevel.objects.bulk_create(
                ProficiencyLevel(framework=obj, value=value, label=label, description=f"{label}.")
                for value, label in LEVELS
            )


class CompetencyFactory(DjangoModelFactory):
    class Meta:
        model = Competency
        skip_postgeneration_save = True

    framework = factory.SubFactory(FrameworkFactory)
    kind = CompetencyKind.COMPETENCY
    code = factory.Sequence(lambda n: f"C{n}")
    position = factory.Sequence(lambda n: n)

    @factory.post_generation
    def title(obj, create, extracted, **kwargs):
        if create:
            CompetencyText.objects.create(
                competency=obj,
                language=obj.framework.language,
                title=extracted or f"Competency {obj.code}",
                description=kwargs.get("description", f"What {obj.code} means."),
            )


class RatingFactory(DjangoModelFactory):
    class Meta:
        model = Rating

    user = factory.SubFactory(UserFactory)
    competency = factory.SubFactory(CompetencyFactory)
    kind = RatingKind.CURRENT
    source = RatingSource.SELF
    rater = factory.LazyAttribute(lambda o: o.user)
    level = 2


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    kind = "course"
    mode = "participatory"
    start = factory.LazyFunction(timezone.now)
    end = factory.LazyAttribute(lambda o: o.start)
    hours = 2


def share(user, value=True):
    RatingSharing.objects.update_or_create(user=user, defaults={"share_with_managers": value})
