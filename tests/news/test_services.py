import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from atheneum.news import services
from atheneum.news.enums import CommentStatus, IssueStatus, PostStatus
from atheneum.news.models import Comment, NewsletterDelivery, Post, Subscriber, Tag

from .factories import CommentFactory, IssueFactory, PostFactory, SubscriberFactory


def make_post(organisation, organiser, **overrides):
    fields = {
        "organisation": organisation,
        "title": "Learning in small steps",
        "body": "Plain text.",
        "language": "en",
        "status": PostStatus.PUBLISHED,
        "acting_user": organiser,
    }
    fields.update(overrides)
    return services.post_create(**fields)


def test_post_create_removes_script_from_markdown(organisation, organiser):
    post = make_post(organisation, organiser, body="Hello <script>alert('x')</script> **world**")
    assert "<script" not in post.body_html
    assert "alert" not in post.body_html
    assert "<strong>world</strong>" in post.body_html


def test_post_create_removes_javascript_links(organisation, organiser):
    post = make_post(
        organisation, organiser, body="[click](javascript:alert(1)) and [ok](https://example.org)"
    )
    assert "javascript:" not in post.body_html
    assert '<a href="https://example.org" rel="nofollow noopener">ok</a>' in post.body_html


def test_post_create_removes_event_handlers(organisation, organiser):
    post = make_post(
        organisation, organiser, body='<p onclick="steal()">hi</p><img src=x onerror=alert(1)>'
    )
    assert "onclick" not in post.body_html
    assert "onerror" not in post.body_html
    assert "<img" not in post.body_html


def test_post_create_sets_publication_time_when_published(organisation, organiser):
    before = timezone.now()
    post = make_post(organisation, organiser)
    assert post.published_at >= before
    assert post.author == organiser


def test_post_create_makes_slug_and_tags(organisation, organiser):
    post = make_post(
        organisation,
        organiser,
        tag_names=["Coaching", " coaching ", "Continuing professional development"],
    )
    assert post.slug == "learning-in-small-steps"
    assert sorted(post.tags.values_list("slug", flat=True)) == [
        "coaching",
        "continuing-professional-development",
    ]


def test_post_create_avoids_taken_and_reserved_slugs(organisation, organiser):
    first = make_post(organisation, organiser, title="Tags")
    second = make_post(organisation, organiser, title="Tags")
    assert first.slug == "tags-2"
    assert second.slug == "tags-3"


def test_post_create_rejects_reserved_slug_given_explicitly(organisation, organiser):
    with pytest.raises(ValidationError) as error:
        make_post(organisation, organiser, slug="feed")
    assert "slug" in error.value.message_dict
    assert Post.objects.count() == 0


def test_post_create_rejects_overlong_title(organisation, organiser):
    with pytest.raises(ValidationError) as error:
        make_post(organisation, organiser, title="x" * 201)
    assert "title" in error.value.message_dict
    assert Post.objects.count() == 0


def test_post_create_rejects_overlong_tag(organisation, organiser):
    with pytest.raises(ValidationError):
        make_post(organisation, organiser, tag_names=["t" * 81])
    assert Post.objects.count() == 0
    assert Tag.objects.count() == 0


@pytest.mark.parametrize("role", ["member", "manager", "other_org_manager"])
def test_post_create_denied_to_non_organisers(organisation, role_user, role):
    with pytest.raises(PermissionDenied):
        make_post(organisation, role_user(role), acting_user=role_user(role))
    assert Post.objects.count() == 0


def test_post_create_denied_to_organiser_of_another_organisation(other_organisation, organiser):
    with pytest.raises(PermissionDenied):
        make_post(other_organisation, organiser)
    assert Post.objects.count() == 0


def test_post_create_links_translation(organisation, organiser):
    original = make_post(organisation, organiser)
    spanish = make_post(
        organisation,
        organiser,
        title="Aprender poco a poco",
        language="es",
        translation_of=original,
    )
    assert spanish.translation_group == original.translation_group


def test_post_create_rejects_second_translation_in_same_language(organisation, organiser):
    original = make_post(organisation, organiser)
    with pytest.raises(ValidationError):
        make_post(organisation, organiser, title="Again", translation_of=original)
    assert Post.objects.count() == 1


def test_post_update_rerenders_html(post, organiser):
    services.post_update(
        post=post,
        title=post.title,
        body="## Title\n\n*new*",
        language="en",
        status=PostStatus.PUBLISHED,
        acting_user=organiser,
    )
    post.refresh_from_db()
    assert post.body_html == "<h2>Title</h2>\n<p><em>new</em></p>"


def test_post_update_denied_to_member(post, member):
    with pytest.raises(PermissionDenied):
        services.post_update(post=post, title="Hacked", body="x", language="en", acting_user=member)
    post.refresh_from_db()
    assert post.title == "Why reflection matters"


def test_comment_create_held_when_organisation_moderates(post, member):
    comment = services.comment_create(post=post, body="Nice post", acting_user=member)
    assert comment.status == CommentStatus.PENDING


def test_comment_create_approved_when_organisation_does_not_moderate(post, member):
    post.organisation.moderate_comments = False
    post.organisation.save()
    comment = services.comment_create(post=post, body="Nice post", acting_user=member)
    assert comment.status == CommentStatus.APPROVED


def test_comment_create_strips_tags(post, member):
    comment = services.comment_create(
        post=post, body="Tom & Jerry <script>alert(1)</script><b>bold</b>", acting_user=member
    )
    assert comment.body == "Tom & Jerry bold"


def test_comment_create_rejects_overlong_body(post, member):
    with pytest.raises(ValidationError) as error:
        services.comment_create(post=post, body="a" * 3001, acting_user=member)
    assert error.value.message_dict["body"] == [
        "A comment may have at most 3000 characters; this one has 3001."
    ]
    assert Comment.objects.count() == 0


def test_comment_create_rejects_body_of_only_markup(post, member):
    with pytest.raises(ValidationError):
        services.comment_create(post=post, body="<script>x</script>", acting_user=member)
    assert Comment.objects.count() == 0


def test_comment_create_denied_on_draft(draft_post, member):
    with pytest.raises(PermissionDenied):
        services.comment_create(post=draft_post, body="Early!", acting_user=member)
    assert Comment.objects.count() == 0


def test_comment_moderate_approves(post, member, organiser):
    comment = CommentFactory(post=post, author=member, status=CommentStatus.PENDING)
    services.comment_moderate(comment=comment, approve=True, acting_user=organiser)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED
    assert comment.moderated_by == organiser


def test_comment_moderate_denied_to_other_organisation(post, member, other_organisation):
    from ..factories import UserFactory, add_member

    stranger = UserFactory()
    add_member(stranger, other_organisation, role="organiser")
    comment = CommentFactory(post=post, author=member, status=CommentStatus.PENDING)
    with pytest.raises(PermissionDenied):
        services.comment_moderate(comment=comment, approve=True, acting_user=stranger)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_comment_moderate_twice_is_refused(post, member, organiser):
    comment = CommentFactory(post=post, author=member, status=CommentStatus.PENDING)
    services.comment_moderate(comment=comment, approve=False, acting_user=organiser)
    with pytest.raises(ValidationError):
        services.comment_moderate(comment=comment, approve=True, acting_user=organiser)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED


def test_subscription_request_sends_one_confirmation(
    organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.subscription_request(
            organisation=organisation, email="New@Example.net", language="fr"
        )
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "new@example.net"
    assert subscriber.confirmed_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.net"]
    assert f"/news/subscription/confirm/{subscriber.token}/" in mail.outbox[0].body


def test_subscription_request_for_confirmed_address_sends_nothing(
    organisation, django_capture_on_commit_callbacks
):
    SubscriberFactory(organisation=organisation, email="known@example.net")
    with django_capture_on_commit_callbacks(execute=True):
        services.subscription_request(
            organisation=organisation, email="known@example.net", language="en"
        )
    assert Subscriber.objects.count() == 1
    assert mail.outbox == []


def test_subscription_request_after_unsubscribing_asks_again(
    organisation, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(
        organisation=organisation, email="back@example.net", unsubscribed_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.subscription_request(
            organisation=organisation, email="back@example.net", language="en"
        )
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None
    assert subscriber.unsubscribed_at is None
    assert len(mail.outbox) == 1


def test_issue_create_rejects_post_of_other_organisation(
    organisation, other_organisation, organiser
):
    foreign = PostFactory(organisation=other_organisation)
    with pytest.raises(ValidationError) as error:
        services.issue_create(
            organisation=organisation,
            subject="S",
            introduction="",
            posts=[foreign],
            acting_user=organiser,
        )
    assert error.value.message_dict["posts"] == [
        "An issue may only carry published posts of its organisation."
    ]
    assert organisation.newsletter_issues.count() == 0


def test_issue_create_rejects_draft_post(organisation, organiser, draft_post):
    with pytest.raises(ValidationError):
        services.issue_create(
            organisation=organisation,
            subject="S",
            introduction="",
            posts=[draft_post],
            acting_user=organiser,
        )
    assert organisation.newsletter_issues.count() == 0


def test_issue_create_denied_to_member(organisation, member, post):
    with pytest.raises(PermissionDenied):
        services.issue_create(
            organisation=organisation,
            subject="S",
            introduction="",
            posts=[post],
            acting_user=member,
        )
    assert organisation.newsletter_issues.count() == 0


def test_issue_deliver_twice_sends_each_subscriber_one_mail(organisation, post):
    issue = IssueFactory(organisation=organisation, posts=[post], status=IssueStatus.SENDING)
    SubscriberFactory.create_batch(3, organisation=organisation)
    SubscriberFactory(organisation=organisation, confirmed_at=None)
    SubscriberFactory(organisation=organisation, unsubscribed_at=timezone.now())
    assert services.issue_deliver(issue_id=issue.pk) == 3
    assert services.issue_deliver(issue_id=issue.pk) == 0
    assert len(mail.outbox) == 3
    assert len({message.to[0] for message in mail.outbox}) == 3
    assert NewsletterDelivery.objects.filter(sent_at__isnull=False).count() == 3
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT


def test_issue_deliver_releases_row_when_mail_fails(organisation, post, monkeypatch):
    issue = IssueFactory(organisation=organisation, posts=[post], status=IssueStatus.SENDING)
    SubscriberFactory(organisation=organisation)

    def fail(self, fail_silently=False):
        raise ConnectionError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", fail)
    with pytest.raises(ConnectionError):
        services.issue_deliver(issue_id=issue.pk)
    assert NewsletterDelivery.objects.get().sent_at is None
    monkeypatch.undo()
    assert services.issue_deliver(issue_id=issue.pk) == 1
    assert len(mail.outbox) == 1


def test_issue_deliver_uses_subscriber_language(organisation, organiser, post):
    spanish = PostFactory(
        organisation=organisation,
        title="Por qué importa reflexionar",
        language="es",
        translation_group=post.translation_group,
    )
    issue = IssueFactory(organisation=organisation, posts=[post], status=IssueStatus.SENDING)
    SubscriberFactory(organisation=organisation, email="es@example.net", language="es")
    SubscriberFactory(organisation=organisation, email="de@example.net", language="de")
    services.issue_deliver(issue_id=issue.pk)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert spanish.title in by_address["es@example.net"].body
    assert "/news/unsubscribe/" in by_address["es@example.net"].body
    assert post.title in by_address["de@example.net"].body


def test_news_forget_user_removes_comments_and_subscriptions(post, member):
    CommentFactory(post=post, author=member)
    SubscriberFactory(organisation=post.organisation, email=member.email)
    services.news_forget_user(user=member)
    assert Comment.objects.filter(author=member).count() == 0
    assert Subscriber.objects.filter(email=member.email).count() == 0


def test_future_post_is_not_public(organisation):
    future = PostFactory(
        organisation=organisation, published_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert services.post_is_public(post=future) is False
