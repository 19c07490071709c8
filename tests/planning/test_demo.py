from atheneum.common.demo import load_demo
from atheneum.planning import demo
from atheneum.planning.enums import PlanStatus
from atheneum.planning.models import Cycle, Goal, Plan, PlanEvent, Priority


def counts():
    return [model.objects.count() for model in (Cycle, Priority, Plan, Goal, PlanEvent)]


def test_demo_load_is_idempotent(db):
    world = load_demo()  # runs the planning demo once, after the competencies demo
    first = counts()
    demo.load(organisations=world["organisations"], users=world["users"])
    assert counts() == first
    assert first == [3, 4, 2, 3, 4]
    plan = Plan.objects.get(team__slug="children")
    assert plan.status == PlanStatus.APPROVED
    assert plan.goals.order_by("position").first().priorities.count() == 1


def test_demo_pages_render_for_demo_people(db, client):
    world = load_demo()
    users = world["users"]
    plan = Plan.objects.get(team__slug="children")
    client.force_login(users["member"])
    assert client.get(f"/planning/plans/{plan.pk}/").status_code == 200
    client.force_login(users["manager"])
    assert client.get(f"/planning/teams/{plan.team_id}/").status_code == 200
    assert client.get(f"/planning/plans/{plan.pk}/").status_code == 200
