import datetime

from django.utils import timezone

from atheneum.common.demo import load_demo
from atheneum.events import cfp_demo
from atheneum.events.enums import EventStatus
from atheneum.events.models import Event, EventText, Proposal, Review


def test_cfp_demo_is_idempotent(db):
    world = load_demo()
    start = timezone.now() + datetime.timedelta(days=90)
    event = Event.objects.filter(status=EventStatus.PROPOSALS).first() or Event.objects.create(
        organisation=world["organisations"]["association"],
        slug="cfp-demo-test",
        languages=["en", "es"],
        start=start,
        end=start + datetime.timedelta(days=1),
        status=EventStatus.PROPOSALS,
    )
    EventText.objects.get_or_create(event=event, language="en", defaults={"title": "Upcoming"})
    cfp_demo.load(organisations=world["organisations"], users=world["users"])
    first = (list(Proposal.objects.values_list("pk", "title")), Review.objects.count())
    cfp_demo.load(organisations=world["organisations"], users=world["users"])
    assert (list(Proposal.objects.values_list("pk", "title")), Review.objects.count()) == first
    assert Proposal.objects.filter(event=event).count() == 2
    assert Review.objects.filter(proposal__event=event).count() == 1


def test_cfp_demo_without_event_does_nothing(db):
    world = load_demo()
    Event.objects.filter(status=EventStatus.PROPOSALS).delete()
    cfp_demo.load(organisations=world["organisations"], users=world["users"])
    assert not Proposal.objects.exists()
