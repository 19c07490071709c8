import pytest

from atheneum.badges import demo, selectors
from atheneum.badges.models import Credential
from atheneum.learning.models import Enrolment
from tests.events.core_factories import EventFactory, SessionFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.learning.factories import ModuleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(record):
    association = OrganisationFactory(slug="illa", name="Library Association")
    member = UserFactory(email="demo-member@example.org", display_name="Demo Member")
    started = ModuleFactory(organisation=association)
    Enrolment.objects.create(module=started, user=member)
    finished_elsewhere = ModuleFactory(organisation=association)
    session = SessionFactory(event=EventFactory(organisation=association))
    record(member, f"events:session:{session.uid}")
    Credential.objects.all().delete()  # as if the signal had not run yet (demo in one commit)
    return {"association": association}, {"member": member}, started, finished_elsewhere


def test_load_issues_attendance_and_module_badges(demo_world):
    organisations, users, started, other = demo_world
    demo.load(organisations=organisations, users=users)
    keys = set(Credential.objects.values_list("achievement_key", flat=True))
    assert f"learning:module:{other.pk}" in keys
    assert f"learning:module:{started.pk}" not in keys
    assert len(keys) == 2
    for credential in Credential.objects.all():
        assert selectors.verify(credential.jwt).status == "valid"


def test_load_twice_changes_nothing(demo_world):
    organisations, users, _started, _other = demo_world
    demo.load(organisations=organisations, users=users)
    before = list(Credential.objects.order_by("pk").values_list("pk", flat=True))
    demo.load(organisations=organisations, users=users)
    assert list(Credential.objects.order_by("pk").values_list("pk", flat=True)) == before
