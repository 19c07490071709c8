"""Writes to news: posts, comments, subscriptions and newsletter issues."""

from django.db import transaction

from .models import Comment, Subscriber


@transaction.atomic
def news_forget_user(*, user) -> None:
    """Removes what belongs only to a person who deletes their account."""
    Comment.objects.filter(author=user).delete()
    Subscriber.objects.filter(user=user).delete()
    Subscriber.objects.filter(email__iexact=user.email).delete()
