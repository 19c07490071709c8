"""Reads of news posts, comments and subscriptions."""

from django.utils import timezone

from .enums import PostStatus
from .models import Comment, Post, Subscriber


def post_list_published():
    return (
        Post.objects.filter(status=PostStatus.PUBLISHED, published_at__lte=timezone.now())
        .select_related("author", "organisation")
        .prefetch_related("tags")
        .order_by("-published_at", "-pk")
    )


def post_list_latest(*, limit: int = 5):
    return list(post_list_published()[:limit])


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
