"""Settings for the test suite: fast hashing, in-memory mail, the database from DATABASE_URL."""

import os

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, REDIS_URL

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ""}
else:
    # One test database per run, so two suites on one server (CI beside a developer) never
    # drop each other's database.
    DATABASES["default"]["TEST"] = {"NAME": f"test_atheneum_{os.getpid()}"}
ALLOWED_HOSTS = ["*"]

# Parallel test workers each get their own Redis database, so one worker's cache.clear()
# cannot wipe another's sessions.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _worker.startswith("gw"):
    _db = int(_worker[2:]) + 1
    CACHES["default"]["LOCATION"] = REDIS_URL.rsplit("/", 1)[0] + f"/{_db}"
    CELERY_BROKER_URL = CACHES["default"]["LOCATION"]
# Tests run tasks in-process whatever the broker, so they see every side effect.
CELERY_TASK_ALWAYS_EAGER = True
if REDIS_URL:
    # Keys of this run only, so clearing the cache between tests cannot touch another run.
    CACHES["default"]["KEY_PREFIX"] = f"test{os.getpid()}"
