"""What every signed-in request reads before the page does anything."""

from django.conf import settings


def signed_in_queries() -> int:
    """The person, plus the session when sessions live in the database (SQLite runs; with
    Redis they live in the cache)."""
    return 1 + int(settings.SESSION_ENGINE == "django.contrib.sessions.backends.db")
