import pytest

from atheneum.planning.enums import PlanStatus

from .factories import (
    CompetencyFactory,
    CycleFactory,
    FrameworkFactory,
    GoalFactory,
    PlanFactory,
    PriorityFactory,
)


@pytest.fixture
def framework(organisation):
    return FrameworkFactory(
        organisation=organisation, title="Riverside core", slug="riverside-core"
    )


@pytest.fixture
def storytelling(framework):
    return CompetencyFactory(framework=framework, code="S1", title="Storytelling")


@pytest.fixture
def digital(framework):
    return CompetencyFactory(framework=framework, code="D1", title="Digital literacy")


@pytest.fixture
def cataloguing(framework):
    return CompetencyFactory(framework=framework, code="K1", title="Cataloguing")


@pytest.fixture
def cycle(organisation):
    return CycleFactory(organisation=organisation, name="2026")


@pytest.fixture
def other_cycle(other_organisation):
    return CycleFactory(organisation=other_organisation, name="Hilltown 2026")


@pytest.fixture
def team_priority(cycle, team, storytelling, manager):
    return PriorityFactory(
        cycle=cycle, team=team, competency=storytelling, target_level=4, created_by=manager
    )


@pytest.fixture
def org_priority(cycle, digital, organiser):
    return PriorityFactory(
        cycle=cycle, team=None, competency=digital, target_level=3, created_by=organiser
    )


@pytest.fixture
def plan(member, team, cycle):
    return PlanFactory(member=member, team=team, cycle=cycle, summary="Private hopes of Mira")


@pytest.fixture
def goal(plan, storytelling):
    return GoalFactory(plan=plan, title="Run a bilingual story hour", competencies=[storytelling])


@pytest.fixture
def submitted_plan(plan, goal):
    plan.status = PlanStatus.SUBMITTED
    plan.save()
    return plan
