import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atheneum.translations.enums import LanguageState
from atheneum.translations.models import SegmentTranslation, TargetLanguage, Volunteer

from ..conftest import ROLES
from .factories import (
    GlossaryTermFactory,
    GlossaryTranslationFactory,
    ReviewCommentFactory,
    SegmentFactory,
    SegmentTranslationFactory,
    TargetLanguageFactory,
    VolunteerFactory,
)
from .test_work_support import PDF, campaign_with_segments, claimed_target, upload

pytestmark = pytest.mark.django_db


def _url(name, target, *extra):
    return reverse(f"translations:{name}", args=[target.campaign.slug, target.language, *extra])


@pytest.fixture
def target(organisation, member, settings, tmp_path):
    """A French translation led by `member`, with an uploaded draft file."""
    settings.MEDIA_ROOT = tmp_path
    target, segments = claimed_target(organisation, member, state=LanguageState.IN_TRANSLATION)
    target.uploaded_file.save("draft.pdf", upload("draft.pdf", PDF), save=True)
    return target


def _expected(role, allowed):
    if role == "anonymous":
        return 302
    return 200 if role in allowed else 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("page", "allowed"),
    [
        ("translate", {"member"}),
        ("upload", {"member"}),
        ("review", {"organiser", "admin"}),
        ("upload_download", {"member", "organiser", "admin"}),
        ("claim", {"member", "other_member", "manager", "other_org_manager", "organiser", "admin"}),
    ],
)
def test_pages_role_matrix(client_as, target, role, page, allowed):
    response = client_as(role).get(_url(page, target))
    assert response.status_code == _expected(role, allowed)
    if page == "upload_download" and response.status_code == 200:
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("role", ROLES)
def test_my_work_role_matrix(client_as, target, role):
    response = client_as(role).get(reverse("translations:my_work"))
    assert response.status_code == (302 if role == "anonymous" else 200)
    if role == "member":
        assert target.campaign.title in response.content.decode()
        assert "0 of 2 translated" in response.content.decode()
    if role == "organiser":
        assert target.campaign.title not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_segment_save_role_matrix(client_as, target, role):
    segment = target.campaign.segments.first()
    response = client_as(role).post(
        _url("segment_save", target, segment.pk),
        {f"s{segment.pk}-text": "Bonjour", f"s{segment.pk}-version": "0", "page": "1"},
    )
    if role == "member":
        assert response.status_code == 302
        assert response["Location"].endswith(f"?page=1#segment-{segment.pk}")
        assert SegmentTranslation.objects.get().text == "Bonjour"
    else:
        assert response.status_code == _expected(role, set())
        assert SegmentTranslation.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_approve_role_matrix(client_as, target, role):
    TargetLanguage.objects.filter(pk=target.pk).update(state=LanguageState.SUBMITTED)
    response = client_as(role).post(_url("approve", target))
    target.refresh_from_db()
    if role in {"organiser", "admin"}:
        assert response.status_code == 302
        assert target.state == LanguageState.APPROVED
    else:
        assert response.status_code == _expected(role, set())
        assert target.state == LanguageState.SUBMITTED


@pytest.mark.parametrize("role", ROLES)
def test_review_comment_role_matrix(client_as, target, role):
    response = client_as(role).post(_url("review_comment", target), {"text": "Bien."})
    if role in {"organiser", "admin"}:
        assert response.status_code == 302
        assert list(target.comments.values_list("text", flat=True)) == ["Bien."]
    else:
        assert response.status_code == _expected(role, set())
        assert target.comments.count() == 0


def test_claim_post_wanted_then_join(client_as, organisation, member, other_member):
    campaign, _ = campaign_with_segments(organisation)
    target = TargetLanguageFactory(campaign=campaign, language="ar")
    response = client_as("member").post(_url("claim", target), {"credit": "on"})
    assert response.status_code == 302
    assert response["Location"] == _url("translate", target)
    client_as("other_member").post(_url("claim", target), {})
    assert list(
        Volunteer.objects.filter(target=target).values_list("user__email", "is_lead", "credit")
    ) == [("member@example.org", True, True), ("other@example.org", False, False)]


def test_translate_shows_direction_glossary_and_comments(client_as, organisation, member):
    campaign, _ = campaign_with_segments(organisation, 0, source_language="en")
    segment = SegmentFactory(campaign=campaign, source_text="Visit your library today.")
    target = TargetLanguageFactory(campaign=campaign, language="ar", state="changes_requested")
    VolunteerFactory(target=target, user=member)
    term = GlossaryTermFactory(campaign=campaign, term="library", explanation="A public one.")
    GlossaryTranslationFactory(term=term, language="ar", text="مكتبة")
    GlossaryTermFactory(campaign=campaign, term="museum")
    ReviewCommentFactory(target=target, segment=segment, text="Shorter, please.")
    html = client_as("member").get(_url("translate", target)).content.decode()
    assert 'lang="ar" dir="rtl"' in html
    assert 'lang="en" dir="ltr"' in html
    assert "A public one." in html
    assert "مكتبة" in html
    assert "museum" not in html
    assert "Open comment:" in html
    assert "Shorter, please." in html
    assert "0 of 1 translated" in html
    assert html.count("<h1") == 1
    assert "Translation of segment 1:</label>" in html


def test_translate_not_editable_state_read_only(client_as, organisation, member):
    target, _ = claimed_target(organisation, member, state=LanguageState.SUBMITTED)
    response = client_as("member").get(_url("translate", target))
    html = response.content.decode()
    assert response.status_code == 200
    assert "you can read it but not change it" in html
    assert "<textarea" not in html


def test_segment_save_conflict_shows_both_texts(client_as, organisation, member, other_member):
    target, segments = claimed_target(organisation, member, state=LanguageState.IN_TRANSLATION)
    SegmentTranslationFactory(
        target=target, segment=segments[0], text="Leur texte", version=2, updated_by=other_member
    )
    prefix = f"s{segments[0].pk}"
    response = client_as("member").post(
        _url("segment_save", target, segments[0].pk),
        {f"{prefix}-text": "Mon texte", f"{prefix}-version": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this segment" in html
    assert "Saved now by Omar Other:" in html
    assert "Leur texte" in html
    assert ">\nMon texte</textarea>" in html
    assert f'name="{prefix}-version" value="2"' in html
    assert SegmentTranslation.objects.get().text == "Leur texte"


def test_submit_view_incomplete_keeps_state(client_as, organisation, member):
    target, _ = claimed_target(organisation, member, state=LanguageState.IN_TRANSLATION)
    response = client_as("member").post(_url("submit", target), follow=True)
    target.refresh_from_db()
    assert target.state == LanguageState.IN_TRANSLATION
    assert "Translate every segment" in response.content.decode()


def test_request_changes_view(client_as, organisation, member, organiser):
    target, _ = claimed_target(organisation, member, state=LanguageState.IN_REVIEW)
    response = client_as("organiser").post(
        _url("request_changes", target), {"message": "Check the title."}
    )
    target.refresh_from_db()
    assert response.status_code == 302
    assert target.state == LanguageState.CHANGES_REQUESTED
    html = client_as("member").get(_url("translate", target)).content.decode()
    assert "Check the title." in html


def test_upload_view_refusal_shows_allowed_kinds(client_as, target):
    before = target.uploaded_file.name
    response = client_as("member").post(
        _url("upload", target), {"file": upload("x.pdf", b"MZ\x90\x00" + b"\x00" * 40)}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This campaign accepts only these file types: PDF, PNG, JPEG, Office" in html
    target.refresh_from_db()
    assert target.uploaded_file.name == before


def _editor_data(organisation, member, count):
    target, segments = claimed_target(
        organisation, member, state=LanguageState.IN_TRANSLATION, segments=count
    )
    for segment in segments:
        SegmentTranslationFactory(target=target, segment=segment)
        ReviewCommentFactory(target=target, segment=segment)
        GlossaryTermFactory(campaign=target.campaign, term=f"number {segment.position}")
    ReviewCommentFactory(target=target, segment=None)
    return target


@pytest.mark.parametrize("page", ["translate", "review"])
def test_editor_and_review_query_count_constant(
    client_as, organisation, member, other_member, page
):
    counts = []
    for count in (2, 12):
        target = _editor_data(organisation, member, count)
        viewer = "member"
        if page == "review":
            TargetLanguage.objects.filter(pk=target.pk).update(state=LanguageState.SUBMITTED)
            from .factories import LanguageReviewerFactory

            LanguageReviewerFactory(campaign=target.campaign, language="fr", user=other_member)
            viewer = "other_member"
        client = client_as(viewer)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_url(page, target))
        assert response.status_code == 200
        assert response.content.decode().count("<h1") == 1
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_my_work_query_count_constant(client_as, organisation, member, organiser):
    counts = []
    for count in (1, 4):
        for _ in range(count):
            target, _segments = claimed_target(organisation, member, state="submitted")
            other, _segments = claimed_target(organisation, organiser, state="submitted")
        client = client_as("organiser")
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("translations:my_work")).content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # The member's languages await the organiser's review; the organiser's own never do.
    assert html.count("/review/") == 5
    assert target.campaign.title in html
    assert other.campaign.title in html


def _state_after(target):
    target.refresh_from_db()
    return (
        target.state,
        list(target.volunteers.order_by("pk").values_list("user__email", "is_lead")),
        list(target.comments.values_list("text", "resolved")),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "case",
    [
        ("submit", "in_translation", {"member"}),
        ("claim_leave", "in_translation", {"member"}),
        ("comment_resolve", "changes_requested", {"member"}),
        ("lead_hand_over", "in_translation", {"member", "organiser", "admin"}),
        ("review_start", "submitted", {"organiser", "admin"}),
        ("request_changes", "in_review", {"organiser", "admin"}),
    ],
)
def test_post_actions_role_matrix(client_as, role_user, organisation, role, case):
    action, state, allowed = case
    member, other_member = role_user("member"), role_user("other_member")
    target, segments = claimed_target(organisation, member, state=state)
    for segment in segments:
        SegmentTranslationFactory(target=target, segment=segment)
    VolunteerFactory(target=target, user=other_member, is_lead=False)
    comment = ReviewCommentFactory(target=target, text="Fix it.")
    args = (comment.pk,) if action == "comment_resolve" else ()
    data = {"user": other_member.pk, "message": "Again, please."}
    before = _state_after(target)
    response = client_as(role).post(_url(action, target, *args), data)
    if role in allowed:
        assert response.status_code == 302
        assert _state_after(target) != before
    else:
        # other_member is a co-translator here, so translator-only actions are theirs too.
        if role == "other_member" and action in {"submit", "claim_leave", "comment_resolve"}:
            assert response.status_code == 302
            return
        assert response.status_code == (302 if role == "anonymous" else 404)
        assert _state_after(target) == before
