"""System checks that `manage.py check --deploy` runs before a release."""

from django.conf import settings
from django.core.checks import Error, register


@register(deploy=True)
def shared_cache(app_configs, **kwargs):
    """Several web processes must share one cache: sessions, rate limits and the versions of
    cached fragments (atheneum.common.fragments) live there, and a process-local cache would
    keep serving fragments another process has already made stale."""
    backend = settings.CACHES["default"]["BACKEND"].lower()
    if "locmem" in backend or "dummy" in backend:
        return [
            Error(
                "The default cache is local to each process.",
                hint="Set REDIS_URL so that every web process and worker shares one cache.",
                id="atheneum.E001",
            )
        ]
    return []
