"""Factories for the coaching app (shared by the programme and the booking tests).

Times: a round's booking window is open now and its coaching window starts in two weeks; slots
default to the first hour of that window. Build minimal data and pass what the test cares about.
"""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from atheneum.coaching.enums import (
    ApplicationStatus,
    BookingStatus,
    CoachStatus,
    LinkMode,
    RequestStatus,
)
from atheneum.coaching.models import (
    Availability,
    Booking,
    Coach,
    CoachApplication,
    CoachingRequest,
    PreparationGuide,
    Programme,
    Round,
    Slot,
)

from ..factories import OrganisationFactory, UserFactory


def in_days(days: float, hour: int = 9) -> datetime.datetime:
    """A whole hour `days` from now, in UTC."""
    moment = timezone.now() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    slug = factory.Sequence(lambda n: f"coaching-{n}")
    title = factory.Sequence(lambda n: f"Career coaching {n}")
    description = "One-to-one conversations with experienced colleagues."
    is_published = True

    @factory.post_generation
    def partners(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.partners.set(extracted)


class PreparationGuideFactory(DjangoModelFactory):
    class Meta:
        model = PreparationGuide

    programme = factory.SubFactory(ProgrammeFactory)
    language = "en"
    title = "Preparing for your session"
    body = "Think about **one** goal you want to work on."
    steps = "Choose a goal\nWrite down two questions"


class RoundFactory(DjangoModelFactory):
    class Meta:
        model = Round

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Congress week {n}")
    time_zone = "Europe/Stockholm"
    booking_opens = factory.LazyFunction(lambda: in_days(-1))
    booking_closes = factory.LazyFunction(lambda: in_days(13))
    coaching_starts = factory.LazyFunction(lambda: in_days(14, hour=7))
    coaching_ends = factory.LazyFunction(lambda: in_days(19, hour=16))
    session_minutes = 45
    buffer_minutes = 15
    max_bookings_per_coachee = 2
    link_mode = LinkMode.PER_COACH
    cancel_cutoff_hours = 24
    is_published = True


class CoachApplicationFactory(DjangoModelFactory):
    class Meta:
        model = CoachApplication

    programme = factory.SubFactory(ProgrammeFactory)
    round = None
    user = factory.SubFactory(UserFactory)
    experience = "Ten years of mentoring new reference librarians."
    approach = "I listen first and ask open questions."
    languages = factory.LazyFunction(lambda: ["en", "sv"])
    topics = "career change, leadership"
    time_zone = "Europe/Stockholm"
    availability = "Mornings, Monday to Wednesday."
    consent = True
    status = ApplicationStatus.PENDING


class CoachFactory(DjangoModelFactory):
    class Meta:
        model = Coach
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    application = None
    bio = "I have led a public library for ten years."
    languages = factory.LazyFunction(lambda: ["en"])
    topics = factory.LazyFunction(lambda: ["leadership"])
    time_zone = "Europe/Stockholm"
    meeting_url = "https://meet.example.org/coach-room"
    status = CoachStatus.ACTIVE

    @factory.post_generation
    def competencies(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.competencies.set(extracted)


class AvailabilityFactory(DjangoModelFactory):
    class Meta:
        model = Availability

    coach = factory.SubFactory(CoachFactory)
    round = factory.SubFactory(RoundFactory, programme=factory.SelfAttribute("..coach.programme"))
    start = factory.LazyAttribute(lambda o: o.round.coaching_starts)
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=3))


class SlotFactory(DjangoModelFactory):
    class Meta:
        model = Slot

    coach = factory.SubFactory(CoachFactory)
    round = factory.SubFactory(RoundFactory, programme=factory.SelfAttribute("..coach.programme"))
    availability = None
    start = factory.LazyAttribute(lambda o: o.round.coaching_starts)
    end = factory.LazyAttribute(
        lambda o: o.start + datetime.timedelta(minutes=o.round.session_minutes)
    )
    is_withdrawn = False


class BookingFactory(DjangoModelFactory):
    class Meta:
        model = Booking

    slot = factory.SubFactory(SlotFactory)
    round = factory.LazyAttribute(lambda o: o.slot.round)
    coach = factory.LazyAttribute(lambda o: o.slot.coach)
    coachee = factory.SubFactory(UserFactory)
    start = factory.LazyAttribute(lambda o: o.slot.start)
    end = factory.LazyAttribute(lambda o: o.slot.end)
    status = BookingStatus.CONFIRMED
    goals = "I want to prepare for my first team-lead interview."
    meeting_url = factory.LazyAttribute(lambda o: o.slot.coach.meeting_url)


class CoachingRequestFactory(DjangoModelFactory):
    class Meta:
        model = CoachingRequest
        skip_postgeneration_save = True

    round = factory.SubFactory(RoundFactory)
    coachee = factory.SubFactory(UserFactory)
    languages = factory.LazyFunction(lambda: ["en"])
    topics = "leadership"
    message = "I am about to lead a team for the first time."
    status = RequestStatus.OPEN

    @factory.post_generation
    def offered_slots(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.offered_slots.set(extracted)
