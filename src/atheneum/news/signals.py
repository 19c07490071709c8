"""Keeps the cached public post lists fresh: every change to what they show bumps the news tag.

Connected once from `NewsConfig.ready`. Only cache versions move here, no business rules."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_delete

from atheneum.common import fragments
from atheneum.organisations.models import Organisation

from .models import Post, Tag
from .selectors import NEWS_TAG

# The user fields a post card shows (the author's public name).
AUTHOR_FIELDS = frozenset({"display_name", "email", "is_active"})


def _news_tags(instance) -> list[str]:
    return [NEWS_TAG]


def _author_changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw") or kwargs.get("created"):
        return  # fixtures; a new person has written nothing yet
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not AUTHOR_FIELDS & set(update_fields):
        return  # a sign-in (last_login) and the like: no name on a card changes
    if Post.objects.filter(author_id=instance.pk).exists():
        fragments.bump(NEWS_TAG)


def connect() -> None:
    fragments.bump_on_change(_news_tags, Post, Tag, Organisation)
    user_model = get_user_model()
    post_save.connect(_author_changed, sender=user_model, dispatch_uid="news:author-saved")
    # A deleted author's posts lose their author by an UPDATE, which sends no signal; before
    # the delete, the posts still name them.
    pre_delete.connect(_author_changed, sender=user_model, dispatch_uid="news:author-deleted")
