"""The conference demo: believable, current, idempotent, and its pages render."""

from django.urls import reverse

from atheneum.events import demo
from atheneum.events.enums import EventStatus
from atheneum.events.models import Event, EventText, FaqEntry, Recording, Session, Speaker

from ..factories import OrganisationFactory, UserFactory


def load():
    organisations = {
        "association": OrganisationFactory(
            name="International Library Learning Association", slug="illa"
        ),
        "riverside": OrganisationFactory(slug="riverside"),
        "hilltown": OrganisationFactory(slug="hilltown"),
    }
    users = {key: UserFactory() for key in ["member", "manager", "organiser", "admin"]}
    demo.load(organisations=organisations, users=users)
    return organisations, users


def counts():
    return [
        Event.objects.count(),
        EventText.objects.count(),
        Session.objects.count(),
        Speaker.objects.count(),
        Recording.objects.count(),
        FaqEntry.objects.count(),
    ]


def test_demo_conference_is_bilingual_with_recordings(db, client):
    load()
    conference = Event.objects.get(slug=demo.CONFERENCE)
    assert conference.languages == ["en", "es"]
    assert Session.objects.filter(event=conference).count() == 20
    assert set(conference.texts.values_list("language", flat=True)) == {"en", "es"}
    assert Recording.objects.filter(session__event=conference).count() >= 1
    assert Event.objects.get(slug=demo.UPCOMING).status == EventStatus.PROPOSALS
    for name in ("event_detail", "schedule", "schedule_xml", "event_calendar"):
        assert client.get(reverse(f"events:{name}", args=[conference.slug])).status_code == 200


def test_demo_load_twice_changes_nothing(db):
    organisations, users = load()
    before = counts()
    demo.load(organisations=organisations, users=users)
    assert counts() == before
