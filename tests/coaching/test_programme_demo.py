import datetime
import zoneinfo

from django.utils import timezone

from atheneum.coaching import demo
from atheneum.coaching.enums import ApplicationStatus, CoachStatus
from atheneum.coaching.models import Coach, CoachApplication, PreparationGuide, Programme, Round

from ..factories import OrganisationFactory, UserFactory


def snapshot():
    return (
        list(Programme.objects.values_list("slug", "organisation_id", "is_published")),
        list(Round.objects.values_list("title", "coaching_starts", "booking_closes")),
        list(PreparationGuide.objects.values_list("language", "title")),
        list(Coach.objects.values_list("user__email", "status", "time_zone")),
        list(CoachApplication.objects.values_list("user__email", "status")),
    )


def test_demo_loads_and_is_idempotent(db):
    organisations = {
        "association": OrganisationFactory(slug="illa"),
        "riverside": OrganisationFactory(slug="riverside"),
        "hilltown": OrganisationFactory(slug="hilltown"),
    }
    users = {key: UserFactory() for key in ("member", "manager", "organiser", "admin")}
    demo.load(organisations=organisations, users=users)
    first = snapshot()
    demo.load(organisations=organisations, users=users)
    assert snapshot() == first

    programme = Programme.objects.get(slug=demo.SLUG)
    assert list(programme.partners.all()) == [organisations["hilltown"]]
    round_ = programme.rounds.get()
    local = round_.coaching_starts.astimezone(zoneinfo.ZoneInfo(round_.time_zone))
    assert local.weekday() == 0
    assert round_.coaching_starts - timezone.now() >= datetime.timedelta(weeks=3)
    assert round_.booking_opens < timezone.now() < round_.booking_closes
    assert (round_.session_minutes, round_.buffer_minutes) == (45, 15)
    assert sorted(programme.guides.values_list("language", flat=True)) == ["en", "es", "fr", "sv"]
    coaches = Coach.objects.filter(programme=programme)
    assert coaches.count() == 8
    assert coaches.filter(status=CoachStatus.PAUSED).count() == 1
    assert len({coach.time_zone for coach in coaches}) == 5
    languages = {code for coach in coaches for code in coach.languages}
    assert {"en", "es", "fr", "sv", "ar", "zh", "sw", "pt"} <= languages
    assert programme.applications.filter(status=ApplicationStatus.PENDING).count() == 2
