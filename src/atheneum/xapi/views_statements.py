"""The xAPI statement resource for learning tools: /xapi/statements and /xapi/about.

Plain Django views (not ninja): xAPI has its own wire rules — Basic auth with a key and secret,
the `X-Experience-API-Version` header on every request and response, `more` links, 204 for PUT.
Errors are JSON: `{"status": 400, "message": "…", "property": "actor.mbox"}`.
"""

import json
import re
from urllib.parse import urlencode

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from . import selectors
from .auth import Unauthorized, credential_from_request, rate_limit
from .ingest import IngestError, iso, statements_store
from .validation import UUID_RE, StatementError, check_batch, check_statement

MAX_BODY = 1024 * 1024  # 1 MB
SUPPORTED_VERSIONS = ["1.0.3", "2.0.0"]
HEADER_VERSION_RE = re.compile(r"^(1\.0|2\.0)(\.\d+)?$")
LIST_FILTERS = {"verb", "activity", "since", "until", "limit", "cursor", "format", "attachments",
                "ascending"}  # fmt: skip
UNSUPPORTED_FILTERS = {"agent", "registration", "related_activities", "related_agents"}


def _answer_version(requested: str) -> str:
    return "2.0.0" if requested.startswith("2.") else "1.0.3"


def _json(data, *, status: int = 200, version: str = "1.0.3", headers=None) -> JsonResponse:
    response = JsonResponse(
        data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
    )
    response["X-Experience-API-Version"] = version
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _error(status: int, message: str, *, prop: str = "", version: str = "1.0.3", headers=None):
    body = {"status": status, "message": str(message)}
    if prop:
        body["property"] = prop
    return _json(body, status=status, version=version, headers=headers)


@csrf_exempt
def about(request):
    if request.method not in {"GET", "HEAD"}:
        return _error(405, _("Only GET is allowed here."), headers={"Allow": "GET"})
    return _json({"version": SUPPORTED_VERSIONS})


@csrf_exempt
def statements(request):
    version = _answer_version(request.headers.get("X-Experience-API-Version", ""))
    try:
        credential = credential_from_request(request)
    except Unauthorized:
        return _error(
            401,
            _("Please authenticate with a valid key and secret (HTTP Basic)."),
            version=version,
            headers={"WWW-Authenticate": 'Basic realm="Atheneum xAPI"'},
        )
    decision = rate_limit(request, credential)
    if not decision.allowed:
        return _error(
            429,
            _("Too many requests for this key. Please wait and try again."),
            version=version,
            headers={"Retry-After": str(decision.retry_after)},
        )
    requested = request.headers.get("X-Experience-API-Version", "")
    if not HEADER_VERSION_RE.match(requested):
        return _error(
            400,
            _("Please send the X-Experience-API-Version header (1.0.x or 2.0.x)."),
            prop="X-Experience-API-Version",
            version=version,
        )
    if request.method == "GET":
        return _get(request, credential, version)
    if request.method in {"POST", "PUT"}:
        return _write(request, credential, version, requested)
    return _error(
        405, _("Use GET, POST or PUT."), version=version, headers={"Allow": "GET, POST, PUT"}
    )


def _read_body(request, version: str):
    """The parsed JSON body, or an error response."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY:
        return None, _error(413, _("The request is larger than 1 MB."), version=version)
    content_type = request.content_type or ""
    if content_type.startswith("multipart/"):
        return None, _error(
            400, _("This store does not accept attachments."), prop="attachments", version=version
        )
    if content_type != "application/json":
        return None, _error(
            400,
            _("Please send statements as application/json."),
            prop="Content-Type",
            version=version,
        )
    try:
        body = request.body
    except RequestDataTooBig:  # no Content-Length, and more than Django reads into memory
        body = None
    if body is None or len(body) > MAX_BODY:
        return None, _error(413, _("The request is larger than 1 MB."), version=version)
    try:
        return json.loads(body), None
    except (ValueError, UnicodeDecodeError):
        return None, _error(400, _("The body is not valid JSON."), version=version)


def _write(request, credential, version: str, requested: str):  # noqa: PLR0911 - one per error
    statement_id = request.GET.get("statementId", "")
    if request.method == "PUT" and not statement_id:
        return _error(
            400, _("PUT needs a statementId parameter."), prop="statementId", version=version
        )
    if statement_id and not UUID_RE.match(statement_id):
        return _error(400, _("Must be a UUID."), prop="statementId", version=version)
    payload, problem = _read_body(request, version)
    if problem:
        return problem
    try:
        if statement_id:
            if not isinstance(payload, dict):
                raise StatementError("statement", _("Send one statement with statementId."))
            check_statement({**payload, "id": payload.get("id", statement_id)})
            batch = [payload]
        else:
            batch = check_batch(payload)
    except StatementError as error:
        return _error(400, error.message, prop=error.path, version=version)
    try:
        ids = statements_store(
            credential=credential,
            statements=batch,
            version=requested,
            statement_id=statement_id,
            batch=isinstance(payload, list),
        )
    except IngestError as error:
        return _error(error.status, error.message, prop=error.path, version=version)
    if statement_id:
        response = HttpResponse(status=204)
        response["X-Experience-API-Version"] = version
        return response
    return _json(ids, version=version)


def _parse_moment(value: str):
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    return moment if moment and moment.tzinfo else None


def _get(request, credential, version: str):  # noqa: PLR0911, PLR0912 - one answer per bad parameter
    params = request.GET
    headers = {"X-Experience-API-Consistent-Through": iso(timezone.now())}
    single = [name for name in ("statementId", "voidedStatementId") if name in params]
    if single:
        others = set(params) - {"statementId", "voidedStatementId", "format", "attachments"}
        if len(single) > 1 or others:
            return _error(
                400,
                _("Ask for one statement by id without other filters."),
                prop=single[-1],
                version=version,
            )
        try:
            statement = selectors.statement_get_for_credential(
                credential=credential,
                statement_id=params[single[0]],
                voided=single[0] == "voidedStatementId",
            )
        except Http404:
            return _error(404, _("No such statement."), version=version, headers=headers)
        return _json(statement.data, version=version, headers=headers)

    unknown = sorted(set(params) - LIST_FILTERS)
    if unknown:
        message = (
            _("This filter is not supported by this store.")
            if unknown[0] in UNSUPPORTED_FILTERS
            else _("Unknown parameter.")
        )
        return _error(400, message, prop=unknown[0], version=version)
    if params.get("ascending", "false") != "false":
        return _error(
            400, _("Only newest-first order is supported."), prop="ascending", version=version
        )
    filters = {"verb": params.get("verb", ""), "activity": params.get("activity", "")}
    for name in ("since", "until"):
        if name in params:
            moment = _parse_moment(params[name])
            if moment is None:
                return _error(
                    400,
                    _("Must be an ISO 8601 timestamp with a time zone."),
                    prop=name,
                    version=version,
                )
            filters[name] = moment
    try:
        limit = int(params.get("limit", selectors.LIST_LIMIT))
    except ValueError:
        limit = -1
    if limit < 0:
        return _error(400, _("Must be a whole number, 0 or more."), prop="limit", version=version)
    limit = min(limit or selectors.LIST_MAX, selectors.LIST_MAX)
    after = None
    if "cursor" in params:
        after = selectors.decode_cursor(params["cursor"])
        if after is None:
            return _error(
                400, _("This link has expired or is broken."), prop="cursor", version=version
            )
    rows, more = selectors.statement_list_for_credential(
        credential=credential, limit=limit, after=after, **filters
    )
    more_url = ""
    if more:
        query = {k: v for k, v in params.items() if k != "cursor"}
        query["cursor"] = selectors.encode_cursor(rows[-1])
        more_url = f"{reverse('xapi:statements')}?{urlencode(query)}"
    return _json(
        {"statements": [row.data for row in rows], "more": more_url},
        version=version,
        headers=headers,
    )
