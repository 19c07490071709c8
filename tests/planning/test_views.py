"""Every page and export for every role, and the forms' happy paths through the views."""

import html
from decimal import Decimal

import pytest
from django.urls import reverse

from atheneum.planning.enums import PlanEventKind, PlanStatus
from atheneum.planning.models import Cycle, Goal, Plan, PlanEvent, Priority

from .factories import activity, rate, share_ratings

ROLES = [
    "anonymous",
    "member",
    "other_member",
    "manager",
    "other_org_manager",
    "organiser",
    "admin",
]


def status_for(role: str, table: dict[str, int]) -> int:
    return table[role]


TEAM_OVERVIEW = {
    "anonymous": 302,
    "member": 403,
    "other_member": 403,
    "manager": 200,
    "other_org_manager": 404,
    "organiser": 200,
    "admin": 200,
}
ORG_PAGE = {
    "anonymous": 302,
    "member": 403,
    "other_member": 403,
    "manager": 403,
    "other_org_manager": 404,
    "organiser": 200,
    "admin": 200,
}
OWN_PLAN_ONLY = {
    "anonymous": 302,
    "member": 200,
    "other_member": 404,
    "manager": 404,
    "other_org_manager": 404,
    "organiser": 404,
    "admin": 404,
}
SUBMITTED_PLAN = {**OWN_PLAN_ONLY, "manager": 200}


def assert_page(response, expected: int):
    assert response.status_code == expected
    if expected == 200 and response["Content-Type"].startswith("text/html"):
        assert response.content.count(b"<h1") == 1
        assert b'style="' not in response.content
        assert b"<script>" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_index_for_role(client_as, role):
    response = client_as(role).get(reverse("planning:index"))
    assert_page(response, 302 if role == "anonymous" else 200)


def test_index_lists_member_plan_and_team(client_as, plan, team):
    response = client_as("member").get("/planning/")
    assert reverse("planning:plan_detail", args=[plan.pk]).encode() in response.content
    assert reverse("planning:plan_create", args=[team.pk]).encode() in response.content


def test_index_shows_manager_teams_with_waiting_count(client_as, submitted_plan, team):
    response = client_as("manager").get("/planning/")
    assert reverse("planning:team_overview", args=[team.pk]).encode() in response.content
    assert b"1 plan waiting for your review" in response.content


def test_index_shows_organiser_organisations(client_as, organisation):
    response = client_as("organiser").get("/planning/")
    assert b'href="/planning/organisations/riverside/"' in response.content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.usefixtures("cycle", "team_priority", "org_priority")
def test_team_overview_for_role(client_as, role, team):
    response = client_as(role).get(reverse("planning:team_overview", args=[team.pk]))
    assert_page(response, TEAM_OVERVIEW[role])


@pytest.mark.parametrize("role", ROLES)
def test_team_overview_csv_for_role(client_as, role, team, cycle, team_priority):
    response = client_as(role).get(reverse("planning:team_overview_csv", args=[team.pk]))
    assert_page(response, TEAM_OVERVIEW[role])
    if response.status_code == 200:
        assert response["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize("role", ROLES)
def test_team_overview_without_cycle_for_role(client_as, role, team):
    response = client_as(role).get(reverse("planning:team_overview", args=[team.pk]))
    assert_page(response, TEAM_OVERVIEW[role])


def test_team_overview_unknown_team_404(client_as):
    assert client_as("admin").get("/planning/teams/999999/").status_code == 404


def test_team_overview_cycle_of_other_organisation_404(client_as, team, cycle, other_cycle):
    url = reverse("planning:team_overview", args=[team.pk])
    assert client_as("manager").get(f"{url}?cycle={other_cycle.pk}").status_code == 404
    assert client_as("manager").get(f"{url}?cycle={cycle.pk}").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_organisation_overview_for_role(client_as, role, organisation, cycle, org_priority):
    response = client_as(role).get(
        reverse("planning:organisation_overview", args=[organisation.slug])
    )
    assert_page(response, ORG_PAGE[role])


@pytest.mark.parametrize("role", ROLES)
def test_organisation_overview_csv_for_role(client_as, role, organisation, cycle):
    response = client_as(role).get(
        reverse("planning:organisation_overview_csv", args=[organisation.slug])
    )
    assert_page(response, ORG_PAGE[role])


@pytest.mark.parametrize("role", ROLES)
def test_cycle_create_page_for_role(client_as, role, organisation):
    response = client_as(role).get(reverse("planning:cycle_create", args=[organisation.slug]))
    assert_page(response, ORG_PAGE[role])
    if response.status_code == 200:
        assert b"novalidate" in response.content


@pytest.mark.parametrize("role", ROLES)
def test_organisation_priority_create_page_for_role(client_as, role, organisation, cycle):
    response = client_as(role).get(
        reverse("planning:organisation_priority_create", args=[organisation.slug])
    )
    assert_page(response, ORG_PAGE[role])


@pytest.mark.parametrize("role", ROLES)
def test_team_priority_create_page_for_role(client_as, role, team, cycle, storytelling):
    response = client_as(role).get(reverse("planning:team_priority_create", args=[team.pk]))
    assert_page(response, TEAM_OVERVIEW[role])


@pytest.mark.parametrize("role", ROLES)
def test_team_priority_edit_page_for_role(client_as, role, team_priority):
    response = client_as(role).get(reverse("planning:priority_edit", args=[team_priority.pk]))
    assert_page(response, TEAM_OVERVIEW[role])


@pytest.mark.parametrize("role", ROLES)
def test_organisation_priority_edit_page_for_role(client_as, role, org_priority):
    response = client_as(role).get(reverse("planning:priority_edit", args=[org_priority.pk]))
    assert_page(response, ORG_PAGE[role])


@pytest.mark.parametrize("role", ROLES)
def test_priority_delete_for_role(client_as, role, team_priority):
    response = client_as(role).post(reverse("planning:priority_delete", args=[team_priority.pk]))
    expected = TEAM_OVERVIEW[role]
    assert response.status_code == (302 if expected == 200 else expected)
    assert Priority.objects.filter(pk=team_priority.pk).exists() is (expected != 200)


@pytest.mark.parametrize("role", ROLES)
def test_plan_create_page_for_role(client_as, role, team, cycle):
    response = client_as(role).get(reverse("planning:plan_create", args=[team.pk]))
    expected = {
        "anonymous": 302,
        "member": 200,
        "other_member": 200,
        "manager": 200,
        "other_org_manager": 404,
        "organiser": 403,
        "admin": 403,
    }
    assert_page(response, expected[role])


@pytest.mark.parametrize("role", ROLES)
def test_draft_plan_detail_for_role(client_as, role, plan, goal):
    response = client_as(role).get(reverse("planning:plan_detail", args=[plan.pk]))
    assert_page(response, OWN_PLAN_ONLY[role])


@pytest.mark.parametrize("role", ROLES)
def test_submitted_plan_detail_for_role(client_as, role, submitted_plan):
    response = client_as(role).get(reverse("planning:plan_detail", args=[submitted_plan.pk]))
    assert_page(response, SUBMITTED_PLAN[role])
    if response.status_code == 200:
        assert b"Run a bilingual story hour" in response.content


@pytest.mark.parametrize("role", ROLES)
def test_plan_edit_page_for_role(client_as, role, plan):
    response = client_as(role).get(reverse("planning:plan_edit", args=[plan.pk]))
    assert_page(response, OWN_PLAN_ONLY[role])


@pytest.mark.parametrize("role", ROLES)
def test_submitted_plan_edit_page_for_role(client_as, role, submitted_plan):
    response = client_as(role).get(reverse("planning:plan_edit", args=[submitted_plan.pk]))
    assert_page(response, {**SUBMITTED_PLAN, "member": 403, "manager": 403}[role])


@pytest.mark.parametrize("role", ROLES)
def test_goal_create_page_for_role(client_as, role, plan, team_priority):
    response = client_as(role).get(reverse("planning:goal_create", args=[plan.pk]))
    assert_page(response, OWN_PLAN_ONLY[role])


@pytest.mark.parametrize("role", ROLES)
def test_goal_edit_page_for_role(client_as, role, goal):
    response = client_as(role).get(reverse("planning:goal_edit", args=[goal.pk]))
    assert_page(response, OWN_PLAN_ONLY[role])


@pytest.mark.parametrize("role", ROLES)
def test_goal_delete_for_role(client_as, role, goal):
    response = client_as(role).post(reverse("planning:goal_delete", args=[goal.pk]))
    expected = OWN_PLAN_ONLY[role]
    assert response.status_code == (302 if expected == 200 else expected)
    assert Goal.objects.filter(pk=goal.pk).exists() is (expected != 200)


@pytest.mark.parametrize("role", ROLES)
def test_plan_submit_for_role(client_as, role, plan, goal):
    response = client_as(role).post(reverse("planning:plan_submit", args=[plan.pk]))
    expected = OWN_PLAN_ONLY[role]
    assert response.status_code == (302 if expected == 200 else expected)
    plan.refresh_from_db()
    assert plan.status == (PlanStatus.SUBMITTED if role == "member" else PlanStatus.DRAFT)


@pytest.mark.parametrize("role", ROLES)
def test_plan_review_approve_for_role(client_as, role, submitted_plan):
    response = client_as(role).post(
        reverse("planning:plan_review", args=[submitted_plan.pk]),
        {"decision": "approve", "comment": "Good plan."},
    )
    expected = {**SUBMITTED_PLAN, "member": 403, "manager": 302}[role]
    assert response.status_code == expected
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == (
        PlanStatus.APPROVED if role == "manager" else PlanStatus.SUBMITTED
    )


@pytest.mark.parametrize("role", ROLES)
def test_plan_comment_for_role(client_as, role, submitted_plan):
    response = client_as(role).post(
        reverse("planning:plan_comment", args=[submitted_plan.pk]), {"comment": "Hello"}
    )
    expected = {**SUBMITTED_PLAN, "member": 302, "manager": 302}[role]
    assert response.status_code == expected
    assert PlanEvent.objects.filter(plan=submitted_plan).count() == (
        1 if role in {"member", "manager"} else 0
    )


@pytest.mark.parametrize("role", ROLES)
def test_goal_activities_for_role(client_as, role, member, goal, storytelling):
    course = activity(member, competencies=[storytelling])
    response = client_as(role).post(
        reverse("planning:goal_activities", args=[goal.pk]),
        {f"goal-{goal.pk}-activities": [course.pk]},
    )
    expected = OWN_PLAN_ONLY[role]
    assert response.status_code == (302 if expected == 200 else expected)
    assert list(goal.activities.values_list("pk", flat=True)) == (
        [course.pk] if role == "member" else []
    )


def test_full_conversation_through_views(client_as, plan, goal):
    member_client = client_as("member")
    assert (
        member_client.post(f"/planning/plans/{plan.pk}/submit/", {"comment": "Ready"}).status_code
        == 302
    )
    manager_client = client_as("manager")
    manager_client.post(
        f"/planning/plans/{plan.pk}/review/",
        {"decision": "changes", "comment": "Add hours for the second goal."},
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CHANGES_REQUESTED
    member_client = client_as("member")
    member_client.post(f"/planning/plans/{plan.pk}/submit/", {"comment": "Done"})
    manager_client = client_as("manager")
    manager_client.post(f"/planning/plans/{plan.pk}/review/", {"decision": "approve"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert list(plan.events.values_list("kind", flat=True)) == [
        PlanEventKind.SUBMITTED,
        PlanEventKind.CHANGES_REQUESTED,
        PlanEventKind.SUBMITTED,
        PlanEventKind.APPROVED,
    ]
    page = client_as("member").get(f"/planning/plans/{plan.pk}/")
    assert b"Add hours for the second goal." in page.content
    assert b"Asked for changes" in page.content


def test_review_changes_without_comment_changes_nothing(client_as, submitted_plan):
    response = client_as("manager").post(
        f"/planning/plans/{submitted_plan.pk}/review/", {"decision": "changes", "comment": "  "}
    )
    assert response.status_code == 302
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == PlanStatus.SUBMITTED
    assert PlanEvent.objects.count() == 0


def test_review_unknown_decision_changes_nothing(client_as, submitted_plan):
    client_as("manager").post(
        f"/planning/plans/{submitted_plan.pk}/review/", {"decision": "promote", "comment": "x"}
    )
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == PlanStatus.SUBMITTED
    assert PlanEvent.objects.count() == 0


def test_cycle_create_through_view(client_as, organisation):
    response = client_as("organiser").post(
        f"/planning/organisations/{organisation.slug}/cycles/new/",
        {
            "name": "2027",
            "start": "2027-01-01",
            "end": "2027-12-31",
            "working_hours_per_person": "1500",
        },
    )
    assert response.status_code == 302
    assert Cycle.objects.get().working_hours_per_person == Decimal(1500)


def test_cycle_create_bad_dates_changes_nothing(client_as, organisation):
    response = client_as("organiser").post(
        f"/planning/organisations/{organisation.slug}/cycles/new/",
        {
            "name": "2027",
            "start": "2027-12-31",
            "end": "2027-01-01",
            "working_hours_per_person": "1500",
        },
    )
    assert response.status_code == 400
    assert b"The cycle must end after it starts." in response.content
    assert Cycle.objects.count() == 0


def test_team_priority_create_through_view(client_as, team, cycle, storytelling):
    response = client_as("manager").post(
        f"/planning/teams/{team.pk}/priorities/new/",
        {
            "cycle": cycle.pk,
            "competency": storytelling.pk,
            "target_level": 4,
            "rationale": "Families ask for it.",
            "budget_unit": "percent",
            "budget_value": "1.5",
        },
    )
    assert response.status_code == 302
    priority = Priority.objects.get()
    assert (priority.team, priority.budget_value) == (team, Decimal("1.5"))


def test_team_priority_bad_level_changes_nothing(client_as, team, cycle, storytelling):
    response = client_as("manager").post(
        f"/planning/teams/{team.pk}/priorities/new/",
        {
            "cycle": cycle.pk,
            "competency": storytelling.pk,
            "target_level": 9,
            "budget_unit": "hours",
            "budget_value": "10",
        },
    )
    assert response.status_code == 400
    # Form errors render through Jinja2, which escapes the apostrophe as &#39;.
    page = html.unescape(response.content.decode())
    assert "Choose one of the framework's levels: 1, 2, 3, 4, 5." in page
    assert Priority.objects.count() == 0


def test_plan_create_and_goal_through_views(client_as, team, cycle, team_priority, digital):
    client = client_as("member")
    response = client.post(f"/planning/teams/{team.pk}/plans/new/", {"cycle": cycle.pk})
    plan = Plan.objects.get()
    assert response.status_code == 302
    form_page = client.get(f"/planning/plans/{plan.pk}/goals/new/")
    content = form_page.content.decode()
    assert content.index("Priorities of your team this cycle") < content.index("Other competencies")
    response = client.post(
        f"/planning/plans/{plan.pk}/goals/new/",
        {
            "title": "Story hour in Arabic",
            "competencies": [team_priority.competency_id, digital.pk],
            "target_hours": "12",
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert list(goal.priorities.all()) == [team_priority]


def test_goal_create_unknown_competency_changes_nothing(client_as, plan, other_team):
    from .factories import CompetencyFactory, FrameworkFactory

    foreign = CompetencyFactory(
        framework=FrameworkFactory(organisation=other_team.organisation, is_published=False)
    )
    response = client_as("member").post(
        f"/planning/plans/{plan.pk}/goals/new/",
        {"title": "Sneaky", "competencies": [foreign.pk]},
    )
    assert response.status_code == 400
    assert Goal.objects.count() == 0


@pytest.mark.usefixtures("team_priority")
def test_manager_overview_names_only_sharing_people(
    client_as, team, member, other_member, storytelling
):
    rate(member, storytelling, 2)
    rate(other_member, storytelling, 4)
    share_ratings(member)
    share_ratings(other_member, share=False)
    response = client_as("manager").get(f"/planning/teams/{team.pk}/")
    assert b"Mira Member" in response.content
    assert b"Omar Other" not in response.content
    assert b"2 people do not share their ratings" in response.content  # Omar and the manager


@pytest.mark.usefixtures("team_priority")
def test_organiser_overview_names_nobody(client_as, team, member, storytelling):
    rate(member, storytelling, 2)
    share_ratings(member)
    for url in (f"/planning/teams/{team.pk}/", f"/planning/teams/{team.pk}/export.csv"):
        response = client_as("organiser").get(url)
        assert b"Mira Member" not in response.content


@pytest.mark.usefixtures("team_priority")
def test_csv_names_only_sharing_people(client_as, team, member, other_member, storytelling):
    rate(member, storytelling, 2)
    rate(other_member, storytelling, 5)
    share_ratings(other_member)
    response = client_as("manager").get(f"/planning/teams/{team.pk}/export.csv")
    content = response.content.decode()
    assert "Omar Other,2" not in content
    assert "Omar Other,5 / " in content
    assert "Mira Member" not in content
    assert "People who do not share their ratings,2" in content


def test_plan_detail_hides_draft_summary_from_manager(client_as, plan, goal):
    response = client_as("manager").get(f"/planning/plans/{plan.pk}/")
    assert response.status_code == 404
    assert b"Private hopes" not in response.content


@pytest.mark.usefixtures("goal")
def test_plan_detail_lists_linkable_activities_for_owner_only(
    client_as, member, submitted_plan, storytelling, cataloguing
):
    activity(member, competencies=[storytelling], title="Puppet theatre workshop")
    activity(member, competencies=[cataloguing], title="RDA refresher")
    page = client_as("member").get(f"/planning/plans/{submitted_plan.pk}/")
    assert b"Puppet theatre workshop" in page.content
    assert b"RDA refresher" not in page.content
    manager_page = client_as("manager").get(f"/planning/plans/{submitted_plan.pk}/")
    assert b"Puppet theatre workshop" not in manager_page.content
