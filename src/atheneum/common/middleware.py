import uuid
import zoneinfo

from django.conf import settings
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from .logging import request_id_var
from .timezones import is_valid_timezone


class RequestIdMiddleware:
    """Gives every request an id (or keeps the proxy's) for logs and the response header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming[:64] if incoming.isascii() and incoming else uuid.uuid4().hex
        token = request_id_var.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.id
        return response


class UserPreferencesMiddleware:
    """Activates the viewer's time zone and, for signed-in members, their interface language.

    Anonymous visitors get the zone their browser reported (a cookie set by a small script),
    or UTC; signed-in members get the zone from their profile.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        zone_name = None
        if user.is_authenticated and is_valid_timezone(user.time_zone):
            zone_name = user.time_zone
        else:
            cookie = request.COOKIES.get(settings.TIMEZONE_COOKIE_NAME)
            if is_valid_timezone(cookie):
                zone_name = cookie
        request.timezone_name = zone_name or "UTC"
        request.timezone_guessed = not user.is_authenticated and zone_name is not None
        timezone.activate(zoneinfo.ZoneInfo(request.timezone_name))
        if user.is_authenticated and user.interface_language:
            translation.activate(user.interface_language)
            request.LANGUAGE_CODE = translation.get_language()
        try:
            response = self.get_response(request)
        finally:
            timezone.deactivate()
        patch_vary_headers(response, ["Cookie"])
        return response


MFA_EXEMPT_PREFIXES = (
    "/accounts/",
    "/static/",
    "/i18n/",
    "/healthz",
    "/me/two-factor-required/",
)


class RequireMfaMiddleware:
    """Organisers and admins must turn on two-factor sign-in before they use the site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from atheneum.accounts.selectors import user_must_set_up_mfa

        if (
            request.user.is_authenticated
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and user_must_set_up_mfa(user=request.user)
        ):
            return redirect("accounts:mfa_required")
        return self.get_response(request)


class PrivateCacheMiddleware:
    """Pages seen by a signed-in member are private: no shared or browser cache may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The API revalidates with ETags instead (atheneum.api.middleware: private, no-cache).
        if request.path.startswith("/api/v1/"):
            return response
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
