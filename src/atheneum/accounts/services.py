"""Changes to people's accounts."""

from django.contrib.auth import logout
from django.db import transaction

from .models import User


def user_set_interface_language(*, user: User, language: str) -> None:
    if user.interface_language != language:
        user.interface_language = language
        user.save(update_fields=["interface_language"])


@transaction.atomic
def profile_update(*, user: User, acting_user: User, data: dict) -> User:
    """Saves profile fields a form has already cleaned. Only the person may edit their profile."""
    if acting_user.pk != user.pk:
        raise PermissionError("Only the person may edit their profile.")
    for name, value in data.items():
        setattr(user, name, value)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def user_delete(*, user: User, request=None) -> None:
    """Deletes the account and everything that belongs only to it.

    News posts the person wrote stay (their author becomes empty); comments and
    subscriptions go with the account.
    """
    from atheneum.news.services import news_forget_user

    news_forget_user(user=user)
    if request is not None:
        logout(request)
    user.delete()
