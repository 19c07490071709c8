import pytest

from atheneum.organisations.enums import OrganisationRole

from ..factories import UserFactory, add_member, give_totp
from .factories import (
    ActivityFactory,
    CompetencyFactory,
    EvidenceFactory,
    FrameworkFactory,
    ReflectionFactory,
)

ROLES = [
    "anonymous",
    "member",
    "other_member",
    "manager",
    "other_org_manager",
    "organiser",
    "other_org_organiser",
    "admin",
]
SECRET = "Private thought about my budget worries"


@pytest.fixture
def other_org_organiser(other_organisation):
    user = UserFactory(email="other-organiser@example.org", display_name="Otto Organiser")
    add_member(user, other_organisation, role=OrganisationRole.ORGANISER)
    give_totp(user)
    return user


@pytest.fixture
def framework(db):
    return FrameworkFactory(title="Library competencies", slug="library-competencies")


@pytest.fixture
def area(framework):
    return CompetencyFactory(framework=framework, kind="area", code="A", title="Services")


@pytest.fixture
def competency(framework, area):
    return CompetencyFactory(framework=framework, parent=area, code="A1", title="Storytelling")


@pytest.fixture
def private_framework_competency(other_organisation):
    framework = FrameworkFactory(
        organisation=other_organisation, is_published=False, slug="hill-private"
    )
    return CompetencyFactory(framework=framework, code="H1", title="Hill only")


@pytest.fixture
def activity(member, competency):
    activity = ActivityFactory(
        owner=member, title="Storytelling workshop", competencies=[competency]
    )
    ReflectionFactory(activity=activity, part_1=SECRET, part_2="Concepts", part_3="An idea")
    EvidenceFactory(activity=activity, original_name="certificate.pdf")
    return activity


@pytest.fixture
def evidence(activity):
    return activity.evidence.get()


@pytest.fixture
def reflection(activity):
    return activity.reflections.get()
