from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .timezones import is_valid_timezone


def home(request):
    from atheneum.news.selectors import post_list_latest

    return render(request, "common/home.html", {"posts": post_list_latest(limit=5)})


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.headers.get("referer") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return target


@require_POST
def set_language(request):
    """Django's language switch, which also remembers the choice on a signed-in member."""
    code = request.POST.get("language", "")
    if not check_for_language(code) or code not in dict(settings.LANGUAGES):
        messages.error(request, _("That language is not available."))
        return HttpResponseRedirect(_safe_next(request))
    response = django_set_language(request)
    if request.user.is_authenticated:
        from atheneum.accounts.services import user_set_interface_language

        user_set_interface_language(user=request.user, language=code)
    return response


@require_POST
def set_timezone(request):
    """Stores the zone a visitor's browser reports (or picks) in a cookie."""
    name = request.POST.get("timezone", "")
    response = HttpResponseRedirect(_safe_next(request))
    if not is_valid_timezone(name):
        messages.error(request, _("That time zone is not known."))
        return response
    response.set_cookie(
        settings.TIMEZONE_COOKIE_NAME, name, max_age=365 * 24 * 3600, samesite="Lax"
    )
    return response


@never_cache
def healthz(request):
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        checks["database"] = "ok"
        checks["migrations"] = "ok" if not pending else f"{len(pending)} pending"
    except Exception as exc:  # noqa: BLE001 - the check reports any failure
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        cache.set("healthz", "1", 5)
        checks["cache"] = "ok" if cache.get("healthz") == "1" else "error"
    except Exception as exc:  # noqa: BLE001
        checks["cache"] = f"error: {exc.__class__.__name__}"
    checks["broker"] = _broker_status()
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


def _broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "ok"
    from atheneum.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}"
    return "ok"


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    if request.path.startswith("/api/v1/"):
        from atheneum.api.problems import problem

        return problem(404, "not-found", _("Not found."))
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)


def ratelimited(request, exception=None):
    return render(request, "errors/429.html", status=429)


def bench_reference(request):
    """A constant 20 KB page: the yardstick `make bench` divides every figure by."""
    return HttpResponse("<!DOCTYPE html><title>reference</title>" + "x" * 20_000)
