"""Writes to news: posts, comments, subscriptions and newsletter issues."""

import datetime
import html
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from atheneum.common.markdown import render_markdown, sanitise_plain
from atheneum.organisations.models import Organisation

from . import emails, selectors
from .enums import CommentStatus, IssueStatus, PostStatus
from .models import Comment, NewsletterDelivery, NewsletterIssue, Post, Subscriber, Tag

logger = logging.getLogger(__name__)

# First path segments under /news/ that belong to pages, so no post may take them as its slug.
RESERVED_SLUGS = frozenset(
    {
        "authors",
        "comments",
        "feed",
        "manage",
        "moderation",
        "newsletters",
        "organisations",
        "subscription",
        "tags",
        "unsubscribe",
        "write",
    }
)
TAG_NAME_MAX = Tag._meta.get_field("name").max_length
COMMENT_MAX = Comment._meta.get_field("body").max_length


def plain_text(text: str) -> str:
    """Text with every tag removed, kept unescaped: templates escape it when they show it."""
    return html.unescape(sanitise_plain(text)).strip()


# --- Posts ----------------------------------------------------------------------------------


def _unique_post_slug(*, base: str, exclude_pk: int | None = None) -> str:
    base = base[:190].strip("-") or "post"
    slug, number = base, 2
    while slug in RESERVED_SLUGS or Post.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def tags_from_names(*, names: list[str]) -> list[Tag]:
    """The tags with these names, created when new; matched by their slug."""
    tags: list[Tag] = []
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            continue
        if len(name) > TAG_NAME_MAX:
            raise ValidationError(
                _("A tag may have at most %(max)d characters.") % {"max": TAG_NAME_MAX},
                code="tag_too_long",
            )
        slug = slugify(name, allow_unicode=True)
        if not slug:
            raise ValidationError(
                _("The tag “%(name)s” needs at least one letter or digit.") % {"name": name},
                code="tag_empty",
            )
        tag = Tag.objects.filter(slug=slug).first() or Tag.objects.filter(name=name).first()
        if tag is None:
            tag = Tag.objects.create(name=name, slug=slug)
        if tag not in tags:
            tags.append(tag)
    return tags


def _check_translation(*, post: Post, translation_of: Post | None) -> None:
    if translation_of is None:
        return
    if translation_of.organisation_id != post.organisation_id:
        raise ValidationError(
            _("A translation must belong to the same organisation as the original post."),
            code="translation_other_organisation",
        )
    post.translation_group = translation_of.translation_group
    clash = Post.objects.filter(
        translation_group=post.translation_group, language=post.language
    ).exclude(pk=post.pk)
    if clash.exists():
        raise ValidationError(
            _("There is already a version of this post in that language."),
            code="translation_exists",
        )


def _save_post(
    *,
    post: Post,
    title: str,
    body: str,
    summary: str,
    language: str,
    status: str,
    published_at: datetime.datetime | None,
    tag_names: list[str],
    translation_of: Post | None,
    slug: str,
) -> Post:
    post.title = title.strip()
    post.body = body
    post.body_html = render_markdown(body)
    post.summary = plain_text(summary)
    post.language = language
    post.status = status
    if status == PostStatus.PUBLISHED and published_at is None:
        published_at = post.published_at or timezone.now()
    post.published_at = published_at
    wanted_slug = slugify(slug or title, allow_unicode=True)
    if slug and wanted_slug in RESERVED_SLUGS:
        raise ValidationError(
            {"slug": _("This short name is used by a page of the site; please choose another.")}
        )
    post.slug = _unique_post_slug(base=wanted_slug, exclude_pk=post.pk)
    _check_translation(post=post, translation_of=translation_of)
    post.full_clean(exclude=["translation_group"])
    tags = tags_from_names(names=tag_names)
    post.save()
    post.tags.set(tags)
    return post


@transaction.atomic
def post_create(
    *,
    organisation: Organisation,
    title: str,
    body: str,
    language: str,
    acting_user,
    summary: str = "",
    status: str = PostStatus.DRAFT,
    published_at: datetime.datetime | None = None,
    tag_names: list[str] | None = None,
    translation_of: Post | None = None,
    slug: str = "",
) -> Post:
    """A new post by the acting user, who must organise the organisation's news."""
    if not acting_user.has_perm("news.add_post", organisation):
        raise PermissionDenied
    post = Post(organisation=organisation, author=acting_user)
    return _save_post(
        post=post,
        title=title,
        body=body,
        summary=summary,
        language=language,
        status=status,
        published_at=published_at,
        tag_names=tag_names or [],
        translation_of=translation_of,
        slug=slug,
    )


@transaction.atomic
def post_update(
    *,
    post: Post,
    title: str,
    body: str,
    language: str,
    acting_user,
    summary: str = "",
    status: str = PostStatus.DRAFT,
    published_at: datetime.datetime | None = None,
    tag_names: list[str] | None = None,
    translation_of: Post | None = None,
    slug: str = "",
) -> Post:
    if not acting_user.has_perm("news.change_post", post):
        raise PermissionDenied
    return _save_post(
        post=post,
        title=title,
        body=body,
        summary=summary,
        language=language,
        status=status,
        published_at=published_at,
        tag_names=tag_names or [],
        translation_of=translation_of,
        slug=slug or post.slug,
    )


# --- Comments -------------------------------------------------------------------------------


@transaction.atomic
def comment_create(*, post: Post, body: str, acting_user) -> Comment:
    """A comment by the acting user; held for moderation when the organisation asks for it."""
    if not acting_user.has_perm("news.add_comment", post) or not post_is_public(post=post):
        raise PermissionDenied
    text = plain_text(body)
    if not text:
        raise ValidationError({"body": _("Please write a comment.")}, code="required")
    if len(text) > COMMENT_MAX:
        raise ValidationError(
            {
                "body": _("A comment may have at most %(max)d characters; this one has %(length)d.")
                % {"max": COMMENT_MAX, "length": len(text)}
            },
            code="max_length",
        )
    held = post.organisation.moderate_comments
    return Comment.objects.create(
        post=post,
        author=acting_user,
        body=text,
        status=CommentStatus.PENDING if held else CommentStatus.APPROVED,
    )


def post_is_public(*, post: Post) -> bool:
    return (
        post.status == PostStatus.PUBLISHED
        and post.published_at is not None
        and post.published_at <= timezone.now()
    )


@transaction.atomic
def comment_moderate(*, comment: Comment, approve: bool, acting_user) -> Comment:
    """Approves or rejects a comment waiting for moderation."""
    if not acting_user.has_perm("news.moderate_comment", comment):
        raise PermissionDenied
    updated = Comment.objects.filter(pk=comment.pk, status=CommentStatus.PENDING).update(
        status=CommentStatus.APPROVED if approve else CommentStatus.REJECTED,
        moderated_by=acting_user,
        moderated_at=timezone.now(),
    )
    if not updated:
        raise ValidationError(_("This comment has already been moderated."), code="moderated")
    comment.refresh_from_db()
    return comment


# --- Subscriptions --------------------------------------------------------------------------


@transaction.atomic
def subscription_request(
    *, organisation: Organisation, email: str, language: str, acting_user=None
) -> None:
    """Asks the address to confirm a subscription (double opt-in).

    Returns nothing, and the caller shows the same answer whatever happened, so that nobody
    learns whether an address is subscribed.
    """
    email = email.strip().lower()
    user = acting_user if acting_user is not None and acting_user.is_authenticated else None
    subscriber = (
        Subscriber.objects.select_for_update()
        .filter(organisation=organisation, email__iexact=email)
        .first()
    )
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(
                    organisation=organisation,
                    email=email,
                    language=language,
                    user=user if user is not None and user.email.lower() == email else None,
                )
        except IntegrityError:
            return
    elif subscriber.confirmed_at and not subscriber.unsubscribed_at:
        return  # Already receiving the newsletter: nothing to confirm, nothing to tell.
    else:
        subscriber.language = language
        subscriber.confirmed_at = None
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["language", "confirmed_at", "unsubscribed_at"])
    message = emails.confirmation_message(subscriber=subscriber)
    transaction.on_commit(message.send)


@transaction.atomic
def subscription_confirm(*, subscriber: Subscriber) -> Subscriber:
    if subscriber.confirmed_at is None or subscriber.unsubscribed_at is not None:
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["confirmed_at", "unsubscribed_at"])
    return subscriber


@transaction.atomic
def subscription_cancel(*, subscriber: Subscriber) -> Subscriber:
    """Unsubscribes; doing it twice is harmless."""
    if subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at"])
    return subscriber


# --- Newsletter issues ----------------------------------------------------------------------


def _check_issue_posts(*, organisation: Organisation, posts: list[Post]) -> None:
    allowed = set(
        selectors.post_choices_for_issue(organisation=organisation).values_list("pk", flat=True)
    )
    if not posts:
        raise ValidationError({"posts": _("Please choose at least one post.")})
    if any(post.pk not in allowed for post in posts):
        raise ValidationError(
            {"posts": _("An issue may only carry published posts of its organisation.")}
        )


@transaction.atomic
def issue_create(
    *,
    organisation: Organisation,
    subject: str,
    introduction: str,
    posts: list[Post],
    acting_user,
) -> NewsletterIssue:
    if not acting_user.has_perm("news.manage_newsletter", organisation):
        raise PermissionDenied
    _check_issue_posts(organisation=organisation, posts=posts)
    issue = NewsletterIssue(
        organisation=organisation,
        subject=subject.strip(),
        introduction=introduction,
        created_by=acting_user,
    )
    issue.full_clean(exclude=["created_by", "organisation"])
    issue.save()
    issue.posts.set(posts)
    return issue


@transaction.atomic
def issue_update(
    *, issue: NewsletterIssue, subject: str, introduction: str, posts: list[Post], acting_user
) -> NewsletterIssue:
    if not acting_user.has_perm("news.change_issue", issue):
        raise PermissionDenied
    if issue.status != IssueStatus.DRAFT:
        raise ValidationError(_("An issue that has been sent can no longer be changed."))
    _check_issue_posts(organisation=issue.organisation, posts=posts)
    issue.subject = subject.strip()
    issue.introduction = introduction
    issue.full_clean(exclude=["created_by", "organisation"])
    issue.save()
    issue.posts.set(posts)
    return issue


@transaction.atomic
def issue_send(*, issue: NewsletterIssue, acting_user) -> NewsletterIssue:
    """Queues the issue for every confirmed subscriber; the task does the sending."""
    from .tasks import send_newsletter_issue

    if not acting_user.has_perm("news.change_issue", issue):
        raise PermissionDenied
    updated = NewsletterIssue.objects.filter(pk=issue.pk, status=IssueStatus.DRAFT).update(
        status=IssueStatus.SENDING
    )
    if not updated:
        raise ValidationError(_("This issue has already been sent."), code="already_sent")
    issue.status = IssueStatus.SENDING
    issue_pk = issue.pk
    transaction.on_commit(lambda: send_newsletter_issue.delay(issue_pk))
    return issue


def issue_deliver(*, issue_id: int) -> int:
    """Sends the issue to every confirmed subscriber who has not had it yet; returns how many.

    Safe to run twice or to retry: each delivery row is claimed with a conditional update
    before its mail goes out, so no subscriber gets the issue twice.
    """
    issue = NewsletterIssue.objects.select_related("organisation").get(pk=issue_id)
    subscribers = selectors.subscribers_confirmed(organisation=issue.organisation)
    NewsletterDelivery.objects.bulk_create(
        [NewsletterDelivery(issue=issue, subscriber=s) for s in subscribers],
        ignore_conflicts=True,
    )
    posts_by_language = selectors.issue_posts_by_language(issue=issue)
    pending = NewsletterDelivery.objects.filter(
        issue=issue,
        sent_at__isnull=True,
        subscriber__confirmed_at__isnull=False,
        subscriber__unsubscribed_at__isnull=True,
    ).select_related("subscriber__organisation")
    sent = 0
    for delivery in pending:
        claimed = NewsletterDelivery.objects.filter(pk=delivery.pk, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
        if not claimed:
            continue  # Another run took it.
        subscriber = delivery.subscriber
        posts = posts_by_language.get(subscriber.language, posts_by_language["en"])
        message = emails.issue_message(issue=issue, subscriber=subscriber, posts=posts)
        try:
            message.send()
        except Exception:
            # Give the row back so that a retry sends it.
            NewsletterDelivery.objects.filter(pk=delivery.pk).update(sent_at=None)
            raise
        sent += 1
    NewsletterIssue.objects.filter(pk=issue.pk).exclude(status=IssueStatus.SENT).update(
        status=IssueStatus.SENT, sent_at=timezone.now()
    )
    logger.info("Newsletter issue %s sent to %s subscribers", issue.pk, sent)
    return sent


@transaction.atomic
def news_forget_user(*, user) -> None:
    """Removes what belongs only to a person who deletes their account."""
    Comment.objects.filter(author=user).delete()
    Subscriber.objects.filter(user=user).delete()
    Subscriber.objects.filter(email__iexact=user.email).delete()
