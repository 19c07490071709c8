"""List pages cost the same number of queries for 3 items as for 30."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from atheneum.portfolio.models import RequirementQuota

from .factories import (
    ActivityFactory,
    CompetencyFactory,
    EvidenceFactory,
    ManagerShareFactory,
    ReflectionFactory,
    RequirementFactory,
    ShareLinkFactory,
)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def assert_same_queries(client, url, make):
    client.get(url)
    make(3)
    small = count_queries(client, url)
    make(27)
    large = count_queries(client, url)
    assert small == large


def make_activities(owner, framework):
    def make(count):
        for _ in range(count):
            activity = ActivityFactory(
                owner=owner,
                competencies=[
                    CompetencyFactory(framework=framework),
                    CompetencyFactory(framework=framework),
                ],
            )
            EvidenceFactory(activity=activity)
            ReflectionFactory(activity=activity)

    return make


def test_record_list_query_count_constant(client_as, member, framework):
    assert_same_queries(client_as("member"), "/portfolio/", make_activities(member, framework))


def test_record_list_filtered_query_count_constant(client_as, member, framework):
    url = "/portfolio/?kind=webinar&q=Workshop"
    assert_same_queries(client_as("member"), url, make_activities(member, framework))


def test_requirement_progress_query_count_constant(client_as, member, organisation, area):
    start = datetime.date(timezone.now().year - 1, 1, 1)

    def make(count):
        for index in range(count):
            rule = RequirementFactory(
                organisation=organisation if index % 2 else None,
                owner=None if index % 2 else member,
                cycle_start=start,
                cycle_years=3,
                min_reflections=1,
            )
            RequirementQuota.objects.create(
                requirement=rule, kind="competency_area", value=str(area.pk), min_hours=1
            )
            RequirementQuota.objects.create(
                requirement=rule, kind="mode", value="participatory", min_hours=Decimal(1)
            )
            ActivityFactory(owner=member)

    assert_same_queries(client_as("member"), "/portfolio/requirements/", make)


def test_shared_view_for_manager_query_count_constant(client_as, member, framework):
    ManagerShareFactory(owner=member, include_reflections=True)
    assert_same_queries(
        client_as("manager"), f"/portfolio/people/{member.pk}/", make_activities(member, framework)
    )


def test_shared_link_query_count_constant(client_as, member, framework):
    link = ShareLinkFactory(owner=member, include_reflections=True)
    assert_same_queries(
        client_as("anonymous"),
        f"/portfolio/shared/{link.token}/",
        make_activities(member, framework),
    )


def test_sharing_page_query_count_constant(client_as, member):
    def make(count):
        for _ in range(count):
            ShareLinkFactory(owner=member)

    assert_same_queries(client_as("member"), "/portfolio/sharing/", make)
