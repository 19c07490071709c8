"""Reads of news posts, comments, subscriptions and newsletter issues.

Selectors own every select_related / prefetch_related, so list pages cost the same number of
queries whatever their length.
"""

import datetime as dt
from bisect import bisect_right

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from atheneum.common import fragments
from atheneum.organisations.models import Organisation
from atheneum.organisations.selectors import roles_for

from .enums import CommentStatus, PostStatus
from .models import Comment, NewsletterIssue, Post, Subscriber, Tag

User = get_user_model()

# The cache tag of everything the public post lists show (posts, their tags, authors'
# names, organisations' names); bumped by `signals`.
NEWS_TAG = "news"
# How long the index of public posts is kept; it lists the scheduled posts that appear within
# twice this time, so it never outlives its list.
INDEX_SECONDS = 60 * 60


def _posts_for_listing(queryset: QuerySet[Post]) -> QuerySet[Post]:
    return queryset.select_related("author", "organisation").prefetch_related(
        Prefetch("tags", queryset=Tag.objects.order_by("name"))
    )


def post_list_published() -> QuerySet[Post]:
    """Posts anyone may read: published, and not scheduled for later."""
    return _posts_for_listing(
        Post.objects.filter(status=PostStatus.PUBLISHED, published_at__lte=timezone.now())
    ).order_by("-published_at", "-pk")


def post_list_published_cards() -> QuerySet[Post]:
    """The public posts with only what a list card shows (no bodies)."""
    return post_list_published().defer("body", "body_html", "translation_group")


def _published_index() -> dict:
    now = timezone.now()
    published = Post.objects.filter(status=PostStatus.PUBLISHED)
    horizon = now + dt.timedelta(seconds=2 * INDEX_SECONDS)
    return {
        "count": published.filter(published_at__lte=now).count(),
        "scheduled": sorted(
            published.filter(published_at__gt=now, published_at__lte=horizon).values_list(
                "published_at", flat=True
            )
        ),
    }


def post_list_published_state() -> tuple[int, int]:
    """How many posts are public now, and how many scheduled ones became public since the
    cached index was built (a cache key part: it moves when the public list does by itself).

    One cache read while nothing changes; post changes bump `NEWS_TAG`."""
    index = fragments.cached(
        ["news:published-index"],
        tags=[NEWS_TAG],
        build=_published_index,
        timeout=INDEX_SECONDS,
    )
    appeared = bisect_right(index["scheduled"], timezone.now())
    return index["count"] + appeared, appeared


def post_list_latest(*, limit: int = 5) -> list[Post]:
    return list(post_list_published()[:limit])


def post_list_for_tag(*, tag: Tag) -> QuerySet[Post]:
    return post_list_published().filter(tags=tag)


def post_list_by_author(*, author) -> QuerySet[Post]:
    return post_list_published().filter(author=author)


def post_list_for_organisation_staff(*, user) -> QuerySet[Post]:
    """Every post (drafts and scheduled ones too) of the organisations the user organises."""
    queryset = Post.objects.all()
    if not user.is_superuser:
        roles = roles_for(user)
        organising = [org_id for org_id in roles.org_roles if roles.is_organiser(org_id)]
        queryset = queryset.filter(organisation_id__in=organising)
    return _posts_for_listing(queryset).order_by("-created_at", "-pk")


def post_get_for_user(*, user, slug: str) -> Post:
    """A post the viewer may read; 404 for unknown posts and for drafts they may not see."""
    post = _posts_for_listing(Post.objects.filter(slug=slug)).first()
    if post is None or not user.has_perm("news.view_post", post):
        raise Http404
    return post


def post_translations(*, post: Post, user) -> list[Post]:
    """The other language versions of a post that the viewer may read."""
    others = Post.objects.filter(translation_group=post.translation_group).exclude(pk=post.pk)
    if not (user.is_superuser or roles_for(user).is_organiser(post.organisation_id)):
        others = others.filter(status=PostStatus.PUBLISHED, published_at__lte=timezone.now())
    return list(others.order_by("language"))


def tag_get(*, slug: str) -> Tag:
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404
    return tag


def tag_list_in_use() -> QuerySet[Tag]:
    """Tags with at least one published post, with how many."""
    published = Q(posts__status=PostStatus.PUBLISHED, posts__published_at__lte=timezone.now())
    return (
        Tag.objects.annotate(post_count=Count("posts", filter=published))
        .filter(post_count__gt=0)
        .order_by("name")
    )


def author_get(*, pk: int):
    """A person who wrote at least one published post; 404 otherwise, so nobody is revealed."""
    author = User.objects.filter(pk=pk, is_active=True).first()
    if author is None or not post_list_by_author(author=author).exists():
        raise Http404
    return author


def comment_list_for_post(*, post: Post, user) -> list[Comment]:
    """Approved comments, plus the viewer's own comments that wait for moderation."""
    visible = Q(status=CommentStatus.APPROVED)
    if user.is_authenticated:
        visible |= Q(status=CommentStatus.PENDING, author=user)
    return list(post.comments.filter(visible).select_related("author").order_by("created_at"))


def comment_get(*, pk: int) -> Comment:
    comment = Comment.objects.select_related("post__organisation", "author").filter(pk=pk).first()
    if comment is None:
        raise Http404
    return comment


def comment_list_pending(*, organisation: Organisation) -> QuerySet[Comment]:
    return (
        Comment.objects.filter(post__organisation=organisation, status=CommentStatus.PENDING)
        .select_related("post", "author")
        .order_by("created_at", "pk")
    )


def organisation_get(*, slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return organisation


def organisations_organised_by(*, user) -> QuerySet[Organisation]:
    """The organisations whose news the user may run."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.order_by("name")
    roles = roles_for(user)
    ids = [org_id for org_id in roles.org_roles if roles.is_organiser(org_id)]
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def organises_any(*, user) -> bool:
    """Whether the user may run some organisation's news (from the cached roles)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return Organisation.objects.exists()
    return roles_for(user).is_privileged_anywhere()


def post_choices_for_issue(*, organisation: Organisation) -> QuerySet[Post]:
    """Posts an issue may carry: the organisation's published posts."""
    return post_list_published().filter(organisation=organisation)


def issue_list_for_organisation(*, organisation: Organisation) -> QuerySet[NewsletterIssue]:
    return (
        NewsletterIssue.objects.filter(organisation=organisation)
        .select_related("created_by")
        .annotate(
            post_count=Count("posts", distinct=True),
            sent_count=Count(
                "deliveries", filter=Q(deliveries__sent_at__isnull=False), distinct=True
            ),
        )
        .order_by("-created_at", "-pk")
    )


def issue_get_for_user(*, user, pk: int) -> NewsletterIssue:
    """An issue the viewer may prepare or send; 404 for everyone else."""
    issue = (
        NewsletterIssue.objects.select_related("organisation", "created_by")
        .prefetch_related(
            Prefetch(
                "posts",
                queryset=Post.objects.select_related("author").order_by("-published_at", "-pk"),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if issue is None or not user.has_perm("news.change_issue", issue):
        raise Http404
    return issue


def subscribers_confirmed(*, organisation: Organisation) -> QuerySet[Subscriber]:
    return Subscriber.objects.filter(
        organisation=organisation, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    )


def subscriber_count_confirmed(*, organisation: Organisation) -> int:
    return subscribers_confirmed(organisation=organisation).count()


def subscriber_get_by_token(*, token: str) -> Subscriber:
    subscriber = Subscriber.objects.select_related("organisation").filter(token=token).first()
    if subscriber is None:
        raise Http404
    return subscriber


def issue_posts_by_language(*, issue: NewsletterIssue) -> dict[str, list[Post]]:
    """For every language that has a version of any post, the posts to show in that language.

    A post without a version in a language falls back to the version the organiser chose.
    """
    chosen = list(issue.posts.order_by("-published_at", "-pk"))
    groups = {post.translation_group for post in chosen}
    versions: dict[tuple, Post] = {
        (post.translation_group, post.language): post
        for post in Post.objects.filter(
            translation_group__in=groups,
            status=PostStatus.PUBLISHED,
            published_at__lte=timezone.now(),
        )
    }
    languages = {language for _group, language in versions} | {"en"}
    return {
        language: [versions.get((post.translation_group, language), post) for post in chosen]
        for language in languages
    }


def news_data_for_user(*, user) -> dict:
    """A person's own news data, for their personal data download."""
    return {
        "news_comments": [
            {
                "post": c.post.title,
                "body": c.body,
                "status": c.status,
                "written": c.created_at.isoformat(),
            }
            for c in Comment.objects.filter(author=user).select_related("post")
        ],
        "newsletter_subscriptions": [
            {
                "organisation": s.organisation.name,
                "email": s.email,
                "language": s.language,
                "confirmed": s.confirmed_at.isoformat() if s.confirmed_at else None,
                "unsubscribed": s.unsubscribed_at.isoformat() if s.unsubscribed_at else None,
            }
            for s in Subscriber.objects.filter(user=user).select_related("organisation")
        ],
    }
