import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from atheneum.events import cfp_services as services
from atheneum.events.enums import ProposalStatus
from atheneum.events.models import Proposal, Review, Session, SessionText, Speaker

from .test_cfp_support import (  # noqa: F401
    competency_fixture,
    event_fixture,
    proposal_fixture,
    reviewed_fixture,
)


def test_accept_creates_draft_session(
    proposal, organiser, member, competency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_decide(proposal=proposal, accept=True, acting_user=organiser)
    proposal.refresh_from_db()
    session = proposal.session
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.decided_at is not None
    assert session.is_published is False
    assert (session.kind, session.languages) == ("workshop", ["es"])
    assert (session.start, session.event) == (proposal.event.start, proposal.event)
    text = SessionText.objects.get(session=session)
    assert (text.language, text.title) == ("es", "Storytelling with puppets")
    assert [s.user for s in session.speakers.all()] == [member]
    assert list(session.competencies.all()) == [competency]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["member@example.org"]
    assert mail.outbox[0].subject == "Your proposal to Reading futures is accepted"


def test_accept_reuses_speaker_profile_of_the_event(proposal, organiser, member):
    speaker = Speaker.objects.create(
        user=member, event=proposal.event, name="Mira M.", bio="Puppeteer"
    )
    services.proposal_decide(proposal=proposal, accept=True, acting_user=organiser)
    assert Speaker.objects.count() == 1
    assert list(Session.objects.get().speakers.all()) == [speaker]


def test_accept_copies_bio_from_an_earlier_events_profile(proposal, organiser, member):
    Speaker.objects.create(user=member, name="Mira M.", bio="Puppeteer")
    services.proposal_decide(proposal=proposal, accept=True, acting_user=organiser)
    speaker = Session.objects.get().speakers.get()
    assert (speaker.event_id, speaker.name, speaker.bio) == (
        proposal.event_id,
        "Mira M.",
        "Puppeteer",
    )
    assert Speaker.objects.count() == 2


def test_reject_mail_in_submitter_language(
    proposal, organiser, member, django_capture_on_commit_callbacks
):
    member.interface_language = "es"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_decide(proposal=proposal, accept=False, acting_user=organiser)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
    assert not Session.objects.exists()
    assert len(mail.outbox) == 1
    # The event's title comes in the submitter's language.
    assert "Futuros de la lectura" in mail.outbox[0].subject
    assert "SECRET" not in mail.outbox[0].body


def test_decide_twice_is_refused(proposal, organiser):
    services.proposal_decide(proposal=proposal, accept=True, acting_user=organiser)
    with pytest.raises(PermissionDenied):
        services.proposal_decide(proposal=proposal, accept=False, acting_user=organiser)
    assert Session.objects.count() == 1


def test_decide_by_manager_is_refused(proposal, manager):
    with pytest.raises(PermissionDenied):
        services.proposal_decide(proposal=proposal, accept=True, acting_user=manager)
    assert not Session.objects.exists()


def test_review_replaces_own_review(proposal, organiser):
    services.review_save(proposal=proposal, score=3, comment="ok", acting_user=organiser)
    services.review_save(proposal=proposal, score=5, comment="better", acting_user=organiser)
    assert list(Review.objects.values_list("score", "comment")) == [(5, "better")]


@pytest.mark.parametrize("score", [0, 6, "3"])
def test_review_with_bad_score_changes_nothing(proposal, organiser, score):
    with pytest.raises(ValidationError):
        services.review_save(proposal=proposal, score=score, comment="", acting_user=organiser)
    assert not Review.objects.exists()


def test_submit_with_foreign_competency_changes_nothing(event, member, competency):
    with pytest.raises(ValidationError):
        services.proposal_submit(
            event=event,
            title="T",
            abstract="A",
            language="en",
            kind="talk",
            competency_ids=[competency.pk + 999],
            acting_user=member,
        )
    assert not Proposal.objects.exists()


def test_submit_strips_markup_from_title(event, member):
    proposal = services.proposal_submit(
        event=event,
        title="<b>Bold</b> idea",
        abstract="A",
        language="en",
        kind="talk",
        competency_ids=[],
        acting_user=member,
    )
    assert proposal.title == "Bold idea"


def test_withdraw_by_other_member_is_refused(proposal, other_member):
    with pytest.raises(PermissionDenied):
        services.proposal_withdraw(proposal=proposal, acting_user=other_member)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_edit_after_decision_is_refused(proposal, organiser, member):
    services.proposal_decide(proposal=proposal, accept=False, acting_user=organiser)
    with pytest.raises(PermissionDenied):
        services.proposal_update(
            proposal=proposal,
            title="Changed",
            abstract="x",
            language="en",
            kind="talk",
            competency_ids=[],
            acting_user=member,
        )
    proposal.refresh_from_db()
    assert proposal.title == "Storytelling with puppets"
