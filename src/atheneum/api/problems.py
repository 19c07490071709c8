"""Errors as RFC 9457 problem documents, in the caller's language.

Every error the API returns has `type`, `title`, `status` and `detail`; validation errors add
`errors`, a list of `{"field", "detail"}` naming the field at fault (a JSON-pointer-like dotted
path for bodies, the parameter name for queries).
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

PROBLEM_BASE = "https://atheneum.example/problems/"
CONTENT_TYPE = "application/problem+json"

# The answers every operation may give besides its own, declared in the OpenAPI document.
PROBLEM_STATUSES = {
    401: "Not signed in, or the token is missing, revoked or expired.",
    403: "The token lacks the scope, or the caller may not do this.",
    404: "Not found, or not yours.",
    409: "Conflicts with the current state.",
    422: "The request is not valid; `errors` names the fields.",
    429: "Too many requests; see Retry-After.",
}
PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "scope": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "detail"],
                "properties": {"field": {"type": "string"}, "detail": {"type": "string"}},
            },
        },
    },
}


def declare(document: dict) -> dict:
    """Declares the problem answers on every operation of an OpenAPI document (in place)."""
    document.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for item in document["paths"].values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            for status, description in PROBLEM_STATUSES.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {
                            CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}
                        },
                    },
                )
    return document


def problem(
    status: int, kind: str, title: str, detail: str = "", errors=None, **extra
) -> JsonResponse:
    body = {"type": PROBLEM_BASE + kind, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    body.update(extra)
    return JsonResponse(body, status=status, content_type=CONTENT_TYPE)


def _ninja_errors(exc: NinjaValidationError) -> list[dict]:
    errors = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ())]
        # ninja prefixes the source ("body", "query", "path") and the schema argument name.
        if loc and loc[0] in {"body", "query", "path", "header", "cookie", "form"}:
            source, rest = loc[0], loc[1:]
            if source == "body" and len(rest) > 1:
                rest = rest[1:]
            loc = rest or [source]
        errors.append({"field": ".".join(loc), "detail": str(error.get("msg", ""))})
    return errors


def _django_errors(exc: DjangoValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": field if field != "__all__" else "", "detail": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": "", "detail": str(message)} for message in exc.messages]


def install(api) -> None:
    """Registers the handlers on a NinjaAPI instance."""

    @api.exception_handler(NinjaValidationError)
    def validation(request, exc):
        return problem(422, "validation", _("The request is not valid."), errors=_ninja_errors(exc))

    @api.exception_handler(DjangoValidationError)
    def service_validation(request, exc):
        return problem(
            422, "validation", _("The request is not valid."), errors=_django_errors(exc)
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        response = problem(
            401,
            "unauthenticated",
            _("Sign in or send a valid personal access token."),
        )
        response["WWW-Authenticate"] = 'Bearer realm="atheneum"'
        return response

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        return problem(429, "rate-limited", _("Too many requests; wait and try again."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return problem(403, "forbidden", _("You may not do this."))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return problem(404, "not-found", _("Not found."))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        from .auth import ScopeError

        if isinstance(exc, ScopeError):
            return problem(
                403,
                "insufficient-scope",
                _("This token may not do this."),
                detail=exc.message,
                scope=exc.scope,
            )
        kinds = {400: "bad-request", 403: "forbidden", 404: "not-found", 409: "conflict"}
        return problem(
            exc.status_code,
            kinds.get(exc.status_code, "error"),
            str(exc.message),
        )
