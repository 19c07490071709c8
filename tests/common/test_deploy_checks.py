"""`manage.py check --deploy` refuses a process-local cache."""

from atheneum.common.checks import shared_cache


def test_a_process_local_cache_is_refused_for_deployment(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [error.id for error in shared_cache(None)] == ["atheneum.E001"]


def test_redis_passes(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    assert shared_cache(None) == []
