"""The registration demo builds on the conference demo and loads twice without change."""

from atheneum.events import demo as core_demo
from atheneum.events import registration_demo
from atheneum.events.models import AgendaItem, Attendance, Question, Registration, RegistrationForm
from atheneum.organisations.enums import OrganisationKind
from atheneum.portfolio.models import Activity

from ..factories import OrganisationFactory, UserFactory


def _load():
    organisations = {
        "association": OrganisationFactory(
            name="International Library Learning Association", slug="illa",
            kind=OrganisationKind.ASSOCIATION,
        ),
        "riverside": OrganisationFactory(slug="riverside"),
        "hilltown": OrganisationFactory(slug="hilltown"),
    }  # fmt: skip
    users = {key: UserFactory(email=f"{key}@demo.example") for key in
             ["member", "manager", "organiser", "admin"]}  # fmt: skip
    core_demo.load(organisations=organisations, users=users)
    registration_demo.load(organisations=organisations, users=users)
    return organisations, users


def _counts():
    return [
        model.objects.count()
        for model in (RegistrationForm, Question, Registration, AgendaItem, Attendance, Activity)
    ]


def test_registration_demo_loads_believable_data_and_is_idempotent(db):
    organisations, users = _load()
    conference = core_demo.CONFERENCE
    assert set(
        RegistrationForm.objects.filter(event__slug=conference).values_list("language", flat=True)
    ) == {"en", "es"}
    mine = Registration.objects.get(event__slug=conference, user=users["member"])
    assert mine.status == "confirmed"
    assert mine.agenda.count() == 5
    activity = Activity.objects.get(owner=users["member"])
    assert activity.source_key.startswith("events:session:")
    assert activity.reflection_requested is True
    statuses = sorted(
        Registration.objects.filter(event__slug=registration_demo.CLINIC).values_list(
            "status", flat=True
        )
    )
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    before = _counts()
    registration_demo.load(organisations=organisations, users=users)
    assert _counts() == before
