"""gunicorn settings for Atheneum. `gunicorn -c deploy/gunicorn.conf.py atheneum.config.wsgi`."""

import gc
import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("ACCESS_LOG", "-") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
raw_env = [
    "DJANGO_SETTINGS_MODULE="
    + os.environ.get("DJANGO_SETTINGS_MODULE", "atheneum.config.settings.production")
]


def post_worker_init(worker):
    """Moves what loading the application created out of the garbage collector's sight.

    Django, its apps and the URL conf leave hundreds of thousands of long-lived objects; a full
    collection walks all of them (65-80 ms here, every few dozen requests), which is most of the
    p99 tail. Frozen objects are never collected (they live as long as the worker anyway)."""
    gc.collect()
    gc.freeze()
