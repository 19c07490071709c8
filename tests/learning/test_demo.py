import pytest

from atheneum.competencies.models import Competency, Framework
from atheneum.learning import demo
from atheneum.learning.enums import ModuleStatus
from atheneum.learning.models import Enrolment, Media, Module, Question, TopicProgress
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def demo_world(db):
    organisations = {"association": OrganisationFactory(slug="illa", name="ILLA")}
    users = {
        "member": UserFactory(email="demo-member@example.org"),
        "organiser": UserFactory(email="demo-organiser@example.org"),
    }
    return organisations, users


def test_load_links_competencies_of_the_demo_framework(demo_world):
    framework = Framework.objects.create(
        title="Library and information competencies",
        slug="library-information-competencies",
        is_published=True,
    )
    for code in ("D1", "D2", "D4", "E2"):
        Competency.objects.create(framework=framework, code=code)
    demo.load(organisations=demo_world[0], users=demo_world[1])
    codes = {
        module.slug: sorted(module.competencies.values_list("code", flat=True))
        for module in Module.objects.all()
    }
    assert codes == {
        "disability-awareness-library-staff": ["D2", "E2"],
        "accessible-library": ["D1", "D4", "E2"],
        "assistive-technology-library": ["D2", "D4"],
    }


def test_load_twice_creates_each_module_once(demo_world):
    organisations, users = demo_world
    demo.load(organisations=organisations, users=users)
    demo.load(organisations=organisations, users=users)
    modules = Module.objects.order_by("slug")
    assert [m.slug for m in modules] == sorted(demo.SLUGS)
    for module in modules:
        assert module.status == ModuleStatus.PUBLISHED
        assert module.organisation == organisations["association"]
        assert list(module.authors.all()) == [users["organiser"]]
        assert module.licence == "CC-BY-4.0"
        assert 30 <= module.estimated_minutes <= 60
        assert module.topics.count() >= 4
        assert module.questions.count() >= 6
        assert {q.kind for q in module.questions.all()} == {
            "single",
            "multiple",
            "true_false",
            "reflection",
        }
        for topic in module.topics.all():
            assert topic.body.count("\n\n") >= 2
            assert topic.examples
            assert topic.exercises.count() == 1
            assert 1 <= topic.resources.count() <= 2
    assert Question.objects.filter(choices__feedback="").count() == 0
    media = Media.objects.get()
    assert media.topic.module.slug == demo.SLUGS[0]
    assert media.is_accessible
    assert media.file.size < 400_000
    enrolment = Enrolment.objects.get()
    assert (enrolment.module.slug, enrolment.user) == (demo.SLUGS[0], users["member"])
    assert TopicProgress.objects.filter(enrolment=enrolment).count() == 1
