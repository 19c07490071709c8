import pytest
from django.urls import reverse

from atheneum.news.enums import CommentStatus
from atheneum.news.models import Comment

from .factories import CommentFactory, PostFactory


def comment_url(post):
    return reverse("news:comment_create", args=[post.slug])


def test_comment_by_anonymous_redirects_to_sign_in(client, post):
    response = client.post(comment_url(post), {"body": "Hello"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert Comment.objects.count() == 0


def test_comment_get_is_not_allowed(client_as, post):
    assert client_as("member").get(comment_url(post)).status_code == 405


def test_comment_held_for_moderation_redirects_back(client_as, post, member):
    response = client_as("member").post(comment_url(post), {"body": "Very helpful, thanks"})
    assert response.status_code == 302
    assert response["Location"] == f"/news/{post.slug}/#comments"
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING
    assert comment.author == member


def test_pending_comment_shown_only_to_its_author(client_as, post, member):
    CommentFactory(post=post, author=member, status=CommentStatus.PENDING, body="Wait for me")
    own = client_as("member").get(reverse("news:post_detail", args=[post.slug]))
    assert b"Wait for me" in own.content
    assert b'<span class="badge">Waiting for moderation</span>' in own.content
    for role in ["anonymous", "other_member", "manager", "other_org_manager", "organiser", "admin"]:
        other = client_as(role).get(reverse("news:post_detail", args=[post.slug]))
        assert b"Wait for me" not in other.content, role


def test_rejected_comment_never_shown(client_as, post, member):
    CommentFactory(post=post, author=member, status=CommentStatus.REJECTED, body="Rejected words")
    for role in ["anonymous", "member", "organiser"]:
        response = client_as(role).get(reverse("news:post_detail", args=[post.slug]))
        assert b"Rejected words" not in response.content, role


def test_comment_published_at_once_without_moderation(client_as, post):
    post.organisation.moderate_comments = False
    post.organisation.save()
    client_as("member").post(comment_url(post), {"body": "Straight in"})
    response = client_as("anonymous").get(reverse("news:post_detail", args=[post.slug]))
    assert b"Straight in" in response.content


def test_comment_body_shown_escaped_with_line_breaks(client_as, post, member):
    CommentFactory(post=post, author=member, body="First & <i>second</i>\nthird")
    response = client_as("anonymous").get(reverse("news:post_detail", args=[post.slug]))
    assert b"<p>First &amp; &lt;i&gt;second&lt;/i&gt;<br>third</p>" in response.content


def test_comment_script_is_removed(client_as, post):
    client_as("member").post(comment_url(post), {"body": "Hi <script>alert(1)</script>there"})
    assert Comment.objects.get().body == "Hi there"


def test_comment_too_long_shows_message_and_changes_nothing(client_as, post):
    response = client_as("member").post(comment_url(post), {"body": "a" * 3001})
    assert response.status_code == 400
    assert b"A comment may have at most 3000 characters; this one has 3001." in response.content
    assert b'aria-invalid="true"' in response.content
    assert Comment.objects.count() == 0


def test_comment_empty_shows_message(client_as, post):
    response = client_as("member").post(comment_url(post), {"body": "  "})
    assert response.status_code == 400
    assert b"Please write a comment." in response.content
    assert Comment.objects.count() == 0


def test_comment_on_draft_is_404(client_as, draft_post):
    response = client_as("member").post(comment_url(draft_post), {"body": "Sneaky"})
    assert response.status_code == 404
    assert Comment.objects.count() == 0


def test_comment_on_unknown_post_is_404(client_as, db, member):
    response = client_as("member").post("/news/nothing-here/comments/", {"body": "Hello"})
    assert response.status_code == 404


def test_comment_with_htmx_returns_comment_section(client_as, post):
    response = client_as("member").post(
        comment_url(post), {"body": "Via htmx"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.content.startswith(b'<section id="comments"')
    assert b"Your comment will appear once an organiser has approved it." in response.content


def test_comment_rate_limited_returns_429(client_as, post, settings):
    settings.COMMENT_RATE = "2/m"
    client = client_as("member")
    assert client.post(comment_url(post), {"body": "one"}).status_code == 302
    assert client.post(comment_url(post), {"body": "two"}).status_code == 302
    response = client.post(comment_url(post), {"body": "three"})
    assert response.status_code == 429
    assert b"<h1>Too many requests</h1>" in response.content
    assert Comment.objects.count() == 2


@pytest.mark.parametrize(
    ("role", "status", "final"),
    [
        ("anonymous", 302, CommentStatus.PENDING),
        ("member", 403, CommentStatus.PENDING),
        ("other_member", 403, CommentStatus.PENDING),
        ("manager", 403, CommentStatus.PENDING),
        ("other_org_manager", 403, CommentStatus.PENDING),
        ("organiser", 302, CommentStatus.APPROVED),
        ("admin", 302, CommentStatus.APPROVED),
    ],
)
def test_comment_moderate_approve_for_role(client_as, role, status, final, post):
    comment = CommentFactory(post=post, status=CommentStatus.PENDING)
    response = client_as(role).post(
        reverse("news:comment_moderate", args=[comment.pk]), {"decision": "approve"}
    )
    assert response.status_code == status
    comment.refresh_from_db()
    assert comment.status == final


def test_comment_moderate_reject_removes_from_queue(client_as, post, other_member):
    comment = CommentFactory(post=post, author=other_member, status=CommentStatus.PENDING)
    response = client_as("organiser").post(
        reverse("news:comment_moderate", args=[comment.pk]), {"decision": "reject"}, follow=True
    )
    assert b"The comment is rejected." in response.content
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED


def test_comment_moderate_forged_for_other_organisation_is_403(
    client_as, other_organisation, other_member, organiser
):
    foreign_post = PostFactory(organisation=other_organisation)
    comment = CommentFactory(post=foreign_post, author=other_member, status=CommentStatus.PENDING)
    response = client_as("organiser").post(
        reverse("news:comment_moderate", args=[comment.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    assert comment.moderated_by is None


def test_comment_moderate_with_unknown_decision_changes_nothing(client_as, post, other_member):
    comment = CommentFactory(post=post, author=other_member, status=CommentStatus.PENDING)
    response = client_as("organiser").post(
        reverse("news:comment_moderate", args=[comment.pk]), {"decision": "delete"}, follow=True
    )
    assert b"Please choose whether to approve or reject the comment." in response.content
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_comment_moderate_get_is_not_allowed(client_as, post, other_member):
    comment = CommentFactory(post=post, author=other_member, status=CommentStatus.PENDING)
    response = client_as("organiser").get(reverse("news:comment_moderate", args=[comment.pk]))
    assert response.status_code == 405


def test_moderation_queue_of_other_organisation_is_403(client_as, other_organisation):
    response = client_as("organiser").get(
        reverse("news:moderation_queue", args=[other_organisation.slug])
    )
    assert response.status_code == 403
