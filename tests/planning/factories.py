"""Factories and bulk builders for planning tests; competencies and activities via the ORM."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from atheneum.accounts.models import User
from atheneum.competencies.enums import CompetencyKind, RatingKind, RatingSource
from atheneum.competencies.models import (
    Competency,
    CompetencyText,
    Framework,
    ProficiencyLevel,
    Rating,
    RatingSharing,
)
from atheneum.organisations.models import Membership, TeamMembership
from atheneum.planning.enums import BudgetUnit, PlanStatus
from atheneum.planning.models import Cycle, Goal, Plan, Priority
from atheneum.portfolio.enums import ActivityKind, LearningMode
from atheneum.portfolio.models import Activity

from ..factories import OrganisationFactory


class FrameworkFactory(DjangoModelFactory):
    class Meta:
        model = Framework
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Core competencies {n}")
    slug = factory.Sequence(lambda n: f"core-{n}")
    language = "en"
    is_published = True

    @factory.post_generation
    def levels(obj, create, extracted, **kwargs):
        if create:
            for value in extracted or range(1, 6):
                ProficiencyLevel.objects.create(framework=obj, value=value, label=f"Level {value}")


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
                competency=obj, language="en", title=extracted or f"Competency {obj.code}"
            )


def this_year_cycle_dates() -> tuple[datetime.date, datetime.date]:
    """A cycle that is running today, whatever day the tests run."""
    today = timezone.localdate()
    return today - datetime.timedelta(days=200), today + datetime.timedelta(days=165)


class CycleFactory(DjangoModelFactory):
    class Meta:
        model = Cycle

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Cycle {n}")
    start = factory.LazyFunction(lambda: this_year_cycle_dates()[0])
    end = factory.LazyFunction(lambda: this_year_cycle_dates()[1])
    working_hours_per_person = Decimal(1600)


class PriorityFactory(DjangoModelFactory):
    class Meta:
        model = Priority

    cycle = factory.SubFactory(CycleFactory)
    team = None
    competency = factory.SubFactory(CompetencyFactory)
    target_level = 3
    rationale = "Our readers need it."
    budget_unit = BudgetUnit.HOURS_PER_PERSON
    budget_value = Decimal(10)


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    cycle = factory.SubFactory(CycleFactory)
    status = PlanStatus.DRAFT
    summary = "Grow in storytelling and digital skills."


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Goal {n}")
    target_hours = Decimal(10)

    @factory.post_generation
    def competencies(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.competencies.set(extracted)


def rate(user, competency, level, kind=RatingKind.CURRENT):
    return Rating.objects.create(
        user=user, competency=competency, kind=kind, source=RatingSource.SELF, level=level
    )


def share_ratings(user, share=True):
    RatingSharing.objects.update_or_create(user=user, defaults={"share_with_managers": share})


def activity(owner, *, competencies=(), hours=Decimal(2), start=None, title="Storytelling course"):
    start = start or timezone.now() - datetime.timedelta(days=3)
    item = Activity.objects.create(
        owner=owner,
        title=title,
        kind=ActivityKind.COURSE,
        mode=LearningMode.PARTICIPATORY,
        start=start,
        end=start + datetime.timedelta(hours=2),
        hours=hours,
    )
    item.competencies.set(competencies)
    return item


def bulk_team(*, team, members: int, competencies: list, prefix: str) -> list[User]:
    """`members` people in `team`, each rated on every competency and with two activities."""
    users = User.objects.bulk_create(
        [
            User(email=f"{prefix}{n}@bulk.example.org", display_name=f"{prefix} {n}")
            for n in range(members)
        ]
    )
    users = list(User.objects.filter(email__endswith="@bulk.example.org", email__startswith=prefix))
    Membership.objects.bulk_create(
        [Membership(user=user, organisation=team.organisation) for user in users],
        ignore_conflicts=True,
    )
    TeamMembership.objects.bulk_create([TeamMembership(user=user, team=team) for user in users])
    Rating.objects.bulk_create(
        [
            Rating(
                user=user, competency=competency, kind=kind, source=RatingSource.SELF, level=level
            )
            for user in users
            for competency in competencies
            for kind, level in ((RatingKind.CURRENT, 2), (RatingKind.TARGET, 4))
        ]
    )
    RatingSharing.objects.bulk_create(
        [RatingSharing(user=user, share_with_managers=n % 2 == 0) for n, user in enumerate(users)]
    )
    start = timezone.now() - datetime.timedelta(days=5)
    Activity.objects.bulk_create(
        [
            Activity(
                owner=user,
                title=f"Webinar {n}",
                kind=ActivityKind.WEBINAR,
                mode=LearningMode.PARTICIPATORY,
                start=start,
                end=start + datetime.timedelta(hours=1),
                hours=Decimal("1.5"),
            )
            for user in users
            for n in range(2)
        ]
    )
    return users


def bulk_competencies(*, framework, count: int, prefix: str) -> list[Competency]:
    created = Competency.objects.bulk_create(
        [
            Competency(framework=framework, code=f"{prefix}{n}", position=1000 + n)
            for n in range(count)
        ]
    )
    created = list(Competency.objects.filter(framework=framework, code__startswith=prefix))
    CompetencyText.objects.bulk_create(
        [CompetencyText(competency=c, language="en", title=f"Skill {c.code}") for c in created]
    )
    return created
