"""Every call-for-speakers page for every role."""

import pytest
from django.urls import reverse

from atheneum.events.enums import EventStatus, ProposalStatus
from atheneum.events.models import Proposal, Review, Session

from .test_cfp_support import (  # noqa: F401
    competency_fixture,
    event_fixture,
    proposal_fixture,
    reviewed_fixture,
)

ROLES = [
    "anonymous",
    "member",
    "other_member",
    "manager",
    "other_org_manager",
    "organiser",
    "admin",
]
ORGANISERS = {"organiser", "admin"}


def for_proposal(role, *, submitter, organisers, others=404):
    if role == "anonymous":
        return 302
    if role == "member":
        return submitter
    if role in ORGANISERS:
        return organisers
    return others


@pytest.mark.parametrize("role", ROLES)
def test_cfp_page_for_role(client_as, role, event, proposal):
    response = client_as(role).get(reverse("events:cfp", args=[event.slug]))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1
    assert b"Call for speakers: Reading futures" in response.content
    # Only the submitter sees their proposal listed here.
    assert (b"Storytelling with puppets" in response.content) is (role == "member")
    assert (reverse("events:cfp_submit", args=[event.slug]).encode() in response.content) is (
        role != "anonymous"
    )


def test_cfp_page_path(event):
    assert reverse("events:cfp", args=[event.slug]) == "/events/reading-futures/proposals/"


@pytest.mark.parametrize("role", ROLES)
def test_cfp_page_of_draft_event_for_role(client_as, role, event):
    event.status = EventStatus.DRAFT
    event.save()
    response = client_as(role).get(reverse("events:cfp", args=[event.slug]))
    assert response.status_code == (200 if role in ORGANISERS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_submit_page_for_role(client_as, role, event):
    response = client_as(role).get(reverse("events:cfp_submit", args=[event.slug]))
    assert response.status_code == (302 if role == "anonymous" else 200)
    if response.status_code == 200:
        assert b"novalidate" in response.content
        assert response.content.count(b"<h1") == 1


@pytest.mark.parametrize("role", ROLES)
def test_submit_page_when_closed_for_role(client_as, role, event):
    event.status = EventStatus.REGISTRATION
    event.save()
    response = client_as(role).get(reverse("events:cfp_submit", args=[event.slug]))
    assert response.status_code == (302 if role == "anonymous" else 403)


@pytest.mark.parametrize("role", ROLES)
def test_proposal_page_for_role(client_as, role, proposal, reviewed):
    response = client_as(role).get(
        reverse("events:cfp_proposal", args=[proposal.event.slug, proposal.pk])
    )
    assert response.status_code == for_proposal(role, submitter=200, organisers=200)
    if response.status_code == 200:
        assert response.content.count(b"<h1") == 1
        assert b"<strong>puppets</strong>" in response.content
        # Nobody sees another reviewer's comment before scoring; the submitter never does.
        assert b"SECRET-COMMENT" not in response.content
    else:
        assert b"Storytelling" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_proposal_edit_page_for_role(client_as, role, proposal):
    response = client_as(role).get(
        reverse("events:cfp_proposal_edit", args=[proposal.event.slug, proposal.pk])
    )
    assert response.status_code == for_proposal(role, submitter=200, organisers=403)


@pytest.mark.parametrize("role", ROLES)
def test_review_list_for_role(client_as, role, event, proposal, reviewed):
    response = client_as(role).get(reverse("events:cfp_review_list", args=[event.slug]))
    expected = 302 if role == "anonymous" else (200 if role in ORGANISERS else 403)
    assert response.status_code == expected
    if response.status_code == 200:
        assert b"Storytelling with puppets" in response.content
        assert b"<td>2.0</td>" not in response.content  # the average waits for my score


@pytest.mark.parametrize("role", ROLES)
def test_withdraw_for_role(client_as, role, proposal):
    response = client_as(role).post(
        reverse("events:cfp_proposal_withdraw", args=[proposal.event.slug, proposal.pk])
    )
    assert response.status_code == for_proposal(role, submitter=302, organisers=403)
    proposal.refresh_from_db()
    expected = ProposalStatus.WITHDRAWN if role == "member" else ProposalStatus.SUBMITTED
    assert proposal.status == expected


@pytest.mark.parametrize("role", ROLES)
def test_review_post_for_role(client_as, role, proposal):
    response = client_as(role).post(
        reverse("events:cfp_review", args=[proposal.event.slug, proposal.pk]),
        {"score": "4", "comment": "Lovely"},
    )
    assert response.status_code == for_proposal(role, submitter=403, organisers=302)
    assert Review.objects.count() == (1 if role in ORGANISERS else 0)


@pytest.mark.parametrize("role", ROLES)
def test_decide_for_role(client_as, role, proposal):
    response = client_as(role).post(
        reverse("events:cfp_decide", args=[proposal.event.slug, proposal.pk]),
        {"decision": "accept"},
    )
    assert response.status_code == for_proposal(role, submitter=403, organisers=302)
    assert Session.objects.count() == (1 if role in ORGANISERS else 0)


def test_reviewer_sees_others_after_scoring(client_as, proposal, reviewed):
    client = client_as("organiser")
    url = reverse("events:cfp_proposal", args=[proposal.event.slug, proposal.pk])
    assert b"SECRET-COMMENT" not in client.get(url).content
    client.post(
        reverse("events:cfp_review", args=[proposal.event.slug, proposal.pk]),
        {"score": "5", "comment": ""},
    )
    page = client.get(url).content
    assert b"SECRET-COMMENT" in page
    listing = client.get(reverse("events:cfp_review_list", args=[proposal.event.slug])).content
    assert b"<td>3.5</td>" in listing


def test_submitter_never_sees_scores(client_as, proposal, reviewed):
    response = client_as("member").get(
        reverse("events:cfp_proposal", args=[proposal.event.slug, proposal.pk])
    )
    assert b"SECRET-COMMENT" not in response.content
    assert b"Score" not in response.content


def test_submit_proposal_by_member(client_as, event, competency, member):
    response = client_as("member").post(
        reverse("events:cfp_submit", args=[event.slug]),
        {
            "title": "Library podcasts",
            "abstract": "Making a podcast with teens.",
            "language": "en",
            "kind": "talk",
            "competencies": [str(competency.pk)],
        },
    )
    proposal = Proposal.objects.get(title="Library podcasts")
    assert response.status_code == 302
    assert (proposal.submitter, proposal.language, proposal.kind) == (member, "en", "talk")
    assert list(proposal.competencies.all()) == [competency]


def test_submit_proposal_in_a_language_not_offered_changes_nothing(client_as, event):
    response = client_as("member").post(
        reverse("events:cfp_submit", args=[event.slug]),
        {"title": "Library podcasts", "abstract": "x", "language": "fr", "kind": "talk"},
    )
    assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_submit_empty_proposal_changes_nothing(client_as, event):
    response = client_as("member").post(reverse("events:cfp_submit", args=[event.slug]), {})
    assert response.status_code == 400
    assert b"This field is required." in response.content
    assert not Proposal.objects.exists()


def test_bad_score_changes_nothing(client_as, proposal):
    response = client_as("organiser").post(
        reverse("events:cfp_review", args=[proposal.event.slug, proposal.pk]), {"score": "9"}
    )
    assert response.status_code == 400
    assert not Review.objects.exists()


def test_edit_own_proposal(client_as, proposal):
    response = client_as("member").post(
        reverse("events:cfp_proposal_edit", args=[proposal.event.slug, proposal.pk]),
        {"title": "Puppets, revised", "abstract": "New", "language": "en", "kind": "talk"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.title, proposal.language, proposal.kind) == ("Puppets, revised", "en", "talk")
    assert list(proposal.competencies.all()) == []
