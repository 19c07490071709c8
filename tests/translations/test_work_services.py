import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone

from atheneum.translations import work_services as services
from atheneum.translations.enums import LanguageState
from atheneum.translations.models import (
    ReviewComment,
    SegmentTranslation,
    StateChange,
    TargetLanguage,
    Volunteer,
)

from .factories import (
    LanguageReviewerFactory,
    ReviewCommentFactory,
    SegmentTranslationFactory,
    TargetLanguageFactory,
    VolunteerFactory,
)
from .test_work_support import PDF, campaign_with_segments, claimed_target, upload

pytestmark = pytest.mark.django_db


def _volunteers(target):
    return list(
        Volunteer.objects.filter(target=target)
        .order_by("joined_at", "pk")
        .values_list("user__email", "is_lead")
    )


# --- Claims ------------------------------------------------------------------------------------


def test_claim_language_wanted_makes_lead_and_claimed(organisation, member):
    campaign, _ = campaign_with_segments(organisation)
    target = TargetLanguageFactory(campaign=campaign)
    volunteer = services.claim_language(target=target, credit=False, acting_user=member)
    target.refresh_from_db()
    assert (volunteer.is_lead, volunteer.credit) == (True, False)
    assert target.state == LanguageState.CLAIMED
    assert list(StateChange.objects.filter(target=target).values_list("state", flat=True)) == [
        "claimed"
    ]


def test_claim_language_claimed_joins_as_co_translator(organisation, member, other_member):
    target, _ = claimed_target(organisation, member, state=LanguageState.IN_TRANSLATION)
    services.claim_language(target=target, credit=True, acting_user=other_member)
    target.refresh_from_db()
    assert _volunteers(target) == [("member@example.org", True), ("other@example.org", False)]
    assert target.state == LanguageState.IN_TRANSLATION


def test_claim_language_submitted_refused_and_nothing_changes(organisation, member, other_member):
    target, _ = claimed_target(organisation, member, state=LanguageState.SUBMITTED)
    with pytest.raises(ValidationError):
        services.claim_language(target=target, credit=True, acting_user=other_member)
    assert _volunteers(target) == [("member@example.org", True)]


def test_claim_language_unpublished_campaign_denied(organisation, member):
    campaign, _ = campaign_with_segments(organisation, is_published=False)
    target = TargetLanguageFactory(campaign=campaign)
    with pytest.raises(PermissionDenied):
        services.claim_language(target=target, credit=True, acting_user=member)
    assert Volunteer.objects.count() == 0


def test_claim_leave_lead_hands_over_to_longest_standing(
    organisation, member, other_member, manager
):
    target, _ = claimed_target(organisation, member)
    VolunteerFactory(target=target, user=other_member, is_lead=False)
    VolunteerFactory(target=target, user=manager, is_lead=False)
    services.claim_leave(target=target, acting_user=member)
    assert _volunteers(target) == [("other@example.org", True), ("manager@example.org", False)]


def test_claim_leave_last_volunteer_returns_language_to_wanted(organisation, member):
    target, segments = claimed_target(organisation, member, state=LanguageState.IN_TRANSLATION)
    SegmentTranslationFactory(target=target, segment=segments[0], text="Bonjour")
    services.claim_leave(target=target, acting_user=member)
    target.refresh_from_db()
    assert target.state == LanguageState.WANTED
    assert SegmentTranslation.objects.filter(target=target).count() == 1


def test_claim_leave_after_submission_keeps_state(organisation, member):
    target, _ = claimed_target(organisation, member, state=LanguageState.SUBMITTED)
    services.claim_leave(target=target, acting_user=member)
    target.refresh_from_db()
    assert target.state == LanguageState.SUBMITTED


def test_lead_hand_over_by_lead(organisation, member, other_member):
    target, _ = claimed_target(organisation, member)
    VolunteerFactory(target=target, user=other_member, is_lead=False)
    services.lead_hand_over(target=target, to_user=other_member, acting_user=member)
    assert _volunteers(target) == [("member@example.org", False), ("other@example.org", True)]


def test_lead_hand_over_by_co_translator_denied(organisation, member, other_member):
    target, _ = claimed_target(organisation, member)
    VolunteerFactory(target=target, user=other_member, is_lead=False)
    with pytest.raises(PermissionDenied):
        services.lead_hand_over(target=target, to_user=other_member, acting_user=other_member)
    assert _volunteers(target) == [("member@example.org", True), ("other@example.org", False)]


# --- Segments ----------------------------------------------------------------------------------


def test_segment_save_first_save_creates_and_moves_to_in_translation(organisation, member):
    target, segments = claimed_target(organisation, member)
    TargetLanguage.objects.filter(pk=target.pk).update(release_reminder_sent_at=timezone.now())
    target.refresh_from_db()
    saved = services.segment_save(
        target=target, segment=segments[0], text=" Bonjour ", expected_version=0,
        acting_user=member,
    )  # fmt: skip
    target.refresh_from_db()
    assert (saved.text, saved.version, saved.updated_by) == ("Bonjour", 1, member)
    assert target.state == LanguageState.IN_TRANSLATION
    assert target.last_activity_at is not None
    assert target.release_reminder_sent_at is None


def test_segment_save_stale_version_conflicts_and_keeps_both_texts(
    organisation, member, other_member
):
    target, segments = claimed_target(organisation, member, state=LanguageState.IN_TRANSLATION)
    VolunteerFactory(target=target, user=other_member, is_lead=False)
    SegmentTranslationFactory(target=target, segment=segments[0], text="Premier", version=1)
    services.segment_save(
        target=target, segment=segments[0], text="Le leur", expected_version=1,
        acting_user=other_member,
    )  # fmt: skip
    with pytest.raises(services.Conflict) as caught:
        services.segment_save(
            target=target, segment=segments[0], text="Le mien", expected_version=1,
            acting_user=member,
        )  # fmt: skip
    assert (caught.value.current.text, caught.value.current.version) == ("Le leur", 2)
    row = SegmentTranslation.objects.get(target=target, segment=segments[0])
    assert (row.text, row.version, row.updated_by) == ("Le leur", 2, other_member)


def test_segment_save_not_editable_state_refused(organisation, member):
    target, segments = claimed_target(organisation, member, state=LanguageState.SUBMITTED)
    with pytest.raises(ValidationError):
        services.segment_save(
            target=target, segment=segments[0], text="x", expected_version=0, acting_user=member
        )
    assert SegmentTranslation.objects.count() == 0


def test_segment_save_non_volunteer_denied(organisation, member, organiser):
    target, segments = claimed_target(organisation, member)
    with pytest.raises(PermissionDenied):
        services.segment_save(
            target=target, segment=segments[0], text="x", expected_version=0,
            acting_user=organiser,
        )  # fmt: skip
    assert SegmentTranslation.objects.count() == 0


# --- Submitting --------------------------------------------------------------------------------


def test_submit_incomplete_refused(organisation, member):
    target, segments = claimed_target(organisation, member, state=LanguageState.IN_TRANSLATION)
    SegmentTranslationFactory(target=target, segment=segments[0])
    with pytest.raises(ValidationError):
        services.submit(target=target, acting_user=member)
    target.refresh_from_db()
    assert target.state == LanguageState.IN_TRANSLATION


def test_submit_all_segments_mails_organisers(organisation, member, organiser, admin):
    target, segments = claimed_target(organisation, member, state=LanguageState.IN_TRANSLATION)
    for segment in segments:
        SegmentTranslationFactory(target=target, segment=segment)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.submit(target=target, acting_user=member)
    target.refresh_from_db()
    assert target.state == LanguageState.SUBMITTED
    assert sorted(m.to[0] for m in mail.outbox) == ["admin@example.org", "organiser@example.org"]


def test_submit_with_uploaded_file_and_designated_reviewer(
    organisation, member, other_member, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    target, _ = claimed_target(organisation, member)
    LanguageReviewerFactory(campaign=target.campaign, language="fr", user=other_member)
    services.upload_store(target=target, uploaded=upload("x.pdf", PDF), acting_user=member)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.submit(target=target, acting_user=member)
    target.refresh_from_db()
    assert target.state == LanguageState.SUBMITTED
    assert [m.to for m in mail.outbox] == [["other@example.org"]]


# --- Reviewing ---------------------------------------------------------------------------------


def test_approve_by_organiser_from_submitted(organisation, member, organiser):
    target, _ = claimed_target(organisation, member, state=LanguageState.SUBMITTED)
    services.approve(target=target, acting_user=organiser)
    target.refresh_from_db()
    assert (target.state, target.approved_by) == (LanguageState.APPROVED, organiser)
    assert target.approved_at is not None


@pytest.mark.parametrize("state", ["claimed", "in_translation", "changes_requested", "approved"])
def test_approve_wrong_state_refused(organisation, member, organiser, state):
    target, _ = claimed_target(organisation, member, state=state)
    with pytest.raises(ValidationError):
        services.approve(target=target, acting_user=organiser)
    target.refresh_from_db()
    assert (target.state, target.approved_by) == (state, None)


def test_approve_own_language_refused_even_for_organiser(organisation, organiser):
    target, _ = claimed_target(organisation, organiser, state=LanguageState.IN_REVIEW)
    with pytest.raises(PermissionDenied):
        services.approve(target=target, acting_user=organiser)
    target.refresh_from_db()
    assert (target.state, target.approved_by) == (LanguageState.IN_REVIEW, None)


def test_approve_by_co_translator_admin_refused(organisation, member, admin):
    target, _ = claimed_target(organisation, member, state=LanguageState.SUBMITTED)
    VolunteerFactory(target=target, user=admin, is_lead=False)
    with pytest.raises(PermissionDenied):
        services.approve(target=target, acting_user=admin)
    target.refresh_from_db()
    assert target.state == LanguageState.SUBMITTED


def test_review_flow_start_request_changes_resolve(organisation, member, other_member):
    target, segments = claimed_target(organisation, member, state=LanguageState.SUBMITTED)
    LanguageReviewerFactory(campaign=target.campaign, language="fr", user=other_member)
    services.review_start(target=target, acting_user=other_member)
    comment = services.comment_add(
        target=target, segment=segments[0], text="Use “bibliothèque”.", acting_user=other_member
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.changes_request(target=target, message="Nearly there.", acting_user=other_member)
    target.refresh_from_db()
    assert target.state == LanguageState.CHANGES_REQUESTED
    assert [m.to for m in mail.outbox] == [["member@example.org"]]
    assert list(ReviewComment.objects.filter(target=target).values_list("text", "segment")) == [
        ("Use “bibliothèque”.", segments[0].pk),
        ("Nearly there.", None),
    ]
    services.comment_resolve(comment=comment, acting_user=member)
    comment.refresh_from_db()
    assert comment.resolved is True
    assert list(StateChange.objects.filter(target=target).values_list("state", flat=True)) == [
        "in_review",
        "changes_requested",
    ]


def test_changes_request_without_message_changes_nothing(organisation, member, organiser):
    target, _ = claimed_target(organisation, member, state=LanguageState.IN_REVIEW)
    with pytest.raises(ValidationError):
        services.changes_request(target=target, message="  ", acting_user=organiser)
    target.refresh_from_db()
    assert target.state == LanguageState.IN_REVIEW
    assert ReviewComment.objects.count() == 0


def test_comment_resolve_by_reviewer_denied(organisation, member, organiser):
    target, _ = claimed_target(organisation, member, state=LanguageState.CHANGES_REQUESTED)
    comment = ReviewCommentFactory(target=target, author=organiser)
    with pytest.raises(PermissionDenied):
        services.comment_resolve(comment=comment, acting_user=organiser)
    comment.refresh_from_db()
    assert comment.resolved is False


# --- Releasing claims --------------------------------------------------------------------------


def test_claims_release_stale_reminds_then_releases(organisation, member, other_member):
    target, segments = claimed_target(
        organisation, member, state=LanguageState.IN_TRANSLATION, claim_release_days=21
    )
    VolunteerFactory(target=target, user=other_member, is_lead=False)
    SegmentTranslationFactory(target=target, segment=segments[0], text="Gardé")
    start = timezone.now()
    TargetLanguage.objects.filter(pk=target.pk).update(last_activity_at=start)
    day = datetime.timedelta(days=1)

    assert services.claims_release_stale(now=start + 13 * day) == (0, 0)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.claims_release_stale(now=start + 14 * day) == (1, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["member@example.org", "other@example.org"]
    assert services.claims_release_stale(now=start + 15 * day) == (0, 0)
    # Old enough, but the reminder is not yet a week old.
    assert services.claims_release_stale(now=start + 20 * day) == (0, 0)
    assert services.claims_release_stale(now=start + 21 * day) == (0, 1)
    target.refresh_from_db()
    assert target.state == LanguageState.WANTED
    assert target.release_reminder_sent_at is None
    assert Volunteer.objects.filter(target=target).count() == 0
    assert SegmentTranslation.objects.filter(target=target).count() == 1
    assert services.claims_release_stale(now=start + 40 * day) == (0, 0)


def test_claims_release_stale_activity_after_reminder_keeps_claim(organisation, member):
    target, segments = claimed_target(organisation, member, claim_release_days=21)
    start = timezone.now() - datetime.timedelta(days=14)
    TargetLanguage.objects.filter(pk=target.pk).update(last_activity_at=start)
    assert services.claims_release_stale() == (1, 0)
    target.refresh_from_db()
    services.segment_save(
        target=target, segment=segments[0], text="Je suis là", expected_version=0,
        acting_user=member,
    )  # fmt: skip
    later = timezone.now() + datetime.timedelta(days=8)
    assert services.claims_release_stale(now=later) == (0, 0)
    target.refresh_from_db()
    assert target.state == LanguageState.IN_TRANSLATION
    assert Volunteer.objects.filter(target=target).count() == 1
