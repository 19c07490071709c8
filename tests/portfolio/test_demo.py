from atheneum.portfolio import demo
from atheneum.portfolio.models import (
    Activity,
    ManagerShare,
    Reflection,
    Requirement,
    RequirementQuota,
)

from ..factories import OrganisationFactory, UserFactory


def _counts():
    return [
        model.objects.count()
        for model in (Activity, Reflection, Requirement, RequirementQuota, ManagerShare)
    ]


def test_demo_load_is_idempotent(db):
    organisations = {
        "association": OrganisationFactory(slug="illa"),
        "riverside": OrganisationFactory(slug="riverside"),
        "hilltown": OrganisationFactory(slug="hilltown"),
    }
    users = {key: UserFactory() for key in ("member", "manager", "organiser", "admin")}
    demo.load(organisations=organisations, users=users)
    first = _counts()
    demo.load(organisations=organisations, users=users)
    assert _counts() == first
    assert first == [5, 2, 2, 1, 1]
    assert Activity.objects.filter(title="حلقة قراءة للأطفال باللغة العربية").exists()
