"""Fixtures for the call-for-speakers tests (imported by the test_cfp_* modules)."""

import datetime

import pytest
from django.utils import timezone

from atheneum.competencies.models import Competency, CompetencyText, Framework
from atheneum.events.enums import EventStatus, ProposalStatus, SessionKind
from atheneum.events.models import Event, EventText, Proposal, Review


@pytest.fixture(name="event")
def event_fixture(organisation):
    start = timezone.now() + datetime.timedelta(days=60)
    event = Event.objects.create(
        organisation=organisation,
        slug="reading-futures",
        default_language="en",
        languages=["en", "es"],
        time_zone="America/Los_Angeles",
        start=start,
        end=start + datetime.timedelta(days=2),
        status=EventStatus.PROPOSALS,
    )
    EventText.objects.create(event=event, language="en", title="Reading futures")
    EventText.objects.create(event=event, language="es", title="Futuros de la lectura")
    return event


@pytest.fixture(name="competency")
def competency_fixture(organisation):
    framework = Framework.objects.create(
        organisation=organisation, title="Core competencies", slug="core", language="en"
    )
    competency = Competency.objects.create(framework=framework, code="C1")
    CompetencyText.objects.create(competency=competency, language="en", title="Outreach")
    return competency


@pytest.fixture(name="proposal")
def proposal_fixture(event, member, competency):
    proposal = Proposal.objects.create(
        event=event,
        submitter=member,
        title="Storytelling with puppets",
        abstract="How **puppets** help shy readers.",
        language="es",
        kind=SessionKind.WORKSHOP,
        status=ProposalStatus.SUBMITTED,
    )
    proposal.competencies.set([competency])
    return proposal


@pytest.fixture(name="reviewed")
def reviewed_fixture(proposal, manager, other_org_manager):
    """A review by a second organiser, whose score others may see only after scoring."""
    from atheneum.organisations.enums import OrganisationRole

    from ..factories import UserFactory, add_member

    colleague = UserFactory(email="colleague@example.org", display_name="Cora Colleague")
    add_member(colleague, proposal.event.organisation, role=OrganisationRole.ORGANISER)
    return Review.objects.create(
        proposal=proposal, reviewer=colleague, score=2, comment="SECRET-COMMENT on pacing"
    )
