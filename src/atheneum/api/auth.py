"""How the API knows who is calling, and what the call may touch.

Two ways in: a personal access token (`Authorization: Bearer ath_…`), limited to its scopes,
or the site's own session cookie (CSRF-checked on writes), which carries every scope. Either way
`request.user` is the member, and the endpoints ask the same rules as the pages.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.security.session import SessionAuth as NinjaSessionAuth

from .scopes import grants
from .services import token_for_raw


class TokenAuth(HttpBearer):
    openapi_description = "A personal access token, created on the API tokens page (/api/tokens/)."

    def authenticate(self, request: HttpRequest, token: str):
        found = token_for_raw(token)
        if found is None:
            return None
        request.user = found.user
        request.api_token = found
        return found


class SessionAuth(NinjaSessionAuth):
    """The signed-in member of the site's own pages. Writes keep Django's CSRF check."""

    def authenticate(self, request: HttpRequest, key):
        if request.user.is_authenticated:
            request.api_token = None
            return SessionCaller(request.user)
        return None


class SessionCaller:
    """What `request.auth` holds for a session: printable for the per-caller rate limit."""

    def __init__(self, user) -> None:
        self.user = user

    def __str__(self) -> str:
        return f"session-user:{self.user.pk}"


class OptionalAuth(APIKeyCookie):
    """For public endpoints: lets anyone in, but recognises a token or session when present, so
    a member sees their own extra data (and a bad token still fails)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            return TokenAuth().authenticate(request, header[7:].strip())
        if request.user.is_authenticated:
            request.api_token = None
            return SessionCaller(request.user)
        request.api_token = None
        return AnonymousCaller()

    def authenticate(self, request, key):  # pragma: no cover - __call__ does the work
        return None


class AnonymousCaller:
    def __str__(self) -> str:
        return "anonymous"


def require_scope(request: HttpRequest, area: str, *, write: bool = False) -> None:
    """Refuses (403, problem type `insufficient-scope`) a token call outside the token's scopes.
    Sessions and anonymous callers pass: for them the permission rules alone decide."""
    token = getattr(request, "api_token", None)
    if token is None:
        return
    if not grants(token.scopes, area, write=write):
        raise ScopeError(area, write=write)


class ScopeError(HttpError):
    def __init__(self, area: str, *, write: bool) -> None:
        level = "write" if write else "read"
        self.scope = f"{area}:{level}"
        super().__init__(403, _("This token lacks the scope %(scope)s.") % {"scope": self.scope})


# Every authenticated endpoint accepts either way in (tokens first: the cheaper check).
AUTH = [TokenAuth(), SessionAuth()]
# Public endpoints: anyone, with their identity when given.
PUBLIC = [OptionalAuth()]
