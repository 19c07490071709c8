"""The proposal list pages cost the same number of queries for few and many proposals."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atheneum.events.models import Proposal, Review

from ..factories import UserFactory
from .test_cfp_support import (  # noqa: F401
    competency_fixture,
    event_fixture,
)


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def make(event, competency, reviewer, n, submitter=None):  # noqa: PLR0913
    for i in range(n):
        proposal = Proposal.objects.create(
            event=event,
            submitter=submitter or UserFactory(),
            title=f"Proposal {Proposal.objects.count()} {i}",
            abstract="x",
            language="en",
            kind="talk",
        )
        proposal.competencies.set([competency])
        Review.objects.create(proposal=proposal, reviewer=reviewer, score=3)
        Review.objects.create(proposal=proposal, reviewer=UserFactory(), score=4)


def assert_constant(client, url, make_some):
    client.get(url)
    make_some(2)
    small = count(client, url)
    make_some(12)
    assert count(client, url) == small


def test_review_list_query_count_constant(client_as, event, competency, organiser):
    assert_constant(
        client_as("organiser"),
        reverse("events:cfp_review_list", args=[event.slug]),
        lambda n: make(event, competency, organiser, n),
    )


def test_cfp_page_own_proposals_query_count_constant(
    client_as, event, competency, organiser, member
):
    assert_constant(
        client_as("member"),
        reverse("events:cfp", args=[event.slug]),
        lambda n: make(event, competency, organiser, n, submitter=member),
    )
