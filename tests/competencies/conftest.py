import pytest

from atheneum.competencies.enums import CompetencyKind

from .factories import CompetencyFactory, FrameworkFactory

ROLES = [
    "anonymous",
    "member",
    "other_member",
    "manager",
    "other_org_manager",
    "organiser",
    "admin",
]


@pytest.fixture
def framework(organisation):
    """Riverside's own framework: members only, managers rate too."""
    framework = FrameworkFactory(
        organisation=organisation,
        title="Riverside core",
        slug="riverside-core",
        uses_manager_ratings=True,
    )
    area = CompetencyFactory(
        framework=framework, kind=CompetencyKind.AREA, code="A", position=0, title="Serving people"
    )
    CompetencyFactory(
        framework=framework, parent=area, code="A1", position=0, title="Customer focus"
    )
    CompetencyFactory(framework=framework, parent=area, code="A2", position=1, title="Flexibility")
    return framework


@pytest.fixture
def competency(framework):
    return framework.competencies.get(code="A1")


@pytest.fixture
def published_framework(db):
    framework = FrameworkFactory(
        organisation=None, title="Library work", slug="library-work", is_published=True
    )
    CompetencyFactory(framework=framework, code="L1", title="Metadata")
    return framework


@pytest.fixture
def other_framework(other_organisation):
    framework = FrameworkFactory(
        organisation=other_organisation, title="Hill Town secret", slug="hilltown-secret"
    )
    CompetencyFactory(framework=framework, code="H1", title="Hill skills")
    return framework
