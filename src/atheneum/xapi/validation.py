"""Checks an incoming xAPI statement (1.0.3 / 2.0) and says which property is wrong.

Hand-written rather than a schema so each error names the property in the statement's own
words (`actor.mbox`, `result.score.scaled`). `StatementError` carries that path and a message in
the requester's language. Only what Atheneum stores and relies on is checked strictly; the rest
follows the specification's data rules closely enough for learning tools.
"""

import datetime
import re
import uuid
from decimal import Decimal
from urllib.parse import urlsplit

import langcodes
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"
MAX_STATEMENTS = 500

STATEMENT_KEYS = {
    "id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority",
    "version", "attachments", "objectType",
}  # fmt: skip
SUBSTATEMENT_KEYS = {"objectType", "actor", "verb", "object", "result", "context", "timestamp"}
AGENT_KEYS = {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"}
GROUP_KEYS = AGENT_KEYS | {"member"}
IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")
ACTIVITY_KEYS = {"objectType", "id", "definition"}
DEFINITION_KEYS = {
    "name", "description", "type", "moreInfo", "extensions", "interactionType",
    "correctResponsesPattern", "choices", "scale", "source", "target", "steps",
}  # fmt: skip
INTERACTION_TYPES = {
    "true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing",
    "likert", "numeric", "other",
}  # fmt: skip
RESULT_KEYS = {"score", "success", "completion", "response", "duration", "extensions"}
SCORE_KEYS = {"scaled", "raw", "min", "max"}
CONTEXT_KEYS = {
    "registration", "instructor", "team", "contextActivities", "revision", "platform",
    "language", "statement", "extensions", "contextAgents", "contextGroups",
}  # fmt: skip
CONTEXT_ACTIVITY_KEYS = {"parent", "grouping", "category", "other"}

UUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
SHA1_RE = re.compile(r"^[0-9a-fA-F]{40}$")
IRI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
VERSION_RE = re.compile(r"^(1\.0|2\.0)(\.\d+)?$")
# ISO 8601 durations: PnYnMnDTnHnMnS (any part optional, at least one) or PnW.
DURATION_RE = re.compile(
    r"^P(?!$)(?:(?P<years>\d+(?:\.\d+)?)Y)?(?:(?P<months>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)
WEEKS_RE = re.compile(r"^P(?P<weeks>\d+(?:\.\d+)?)W$")
TIMESTAMP_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$", re.IGNORECASE
)


class StatementError(Exception):
    """A statement breaks a rule; `path` names the property (`actor.mbox`)."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def parse_duration(value: str) -> datetime.timedelta | None:
    """An ISO 8601 duration as a timedelta (a year counts 365 days, a month 30), or None."""
    if not isinstance(value, str):
        return None
    weeks = WEEKS_RE.match(value)
    if weeks:
        return datetime.timedelta(weeks=float(weeks["weeks"]))
    match = DURATION_RE.match(value)
    if not match or value.endswith("T"):
        return None
    parts = {name: float(number) for name, number in match.groupdict().items() if number}
    try:
        return datetime.timedelta(
            days=parts.get("years", 0) * 365 + parts.get("months", 0) * 30 + parts.get("days", 0),
            hours=parts.get("hours", 0),
            minutes=parts.get("minutes", 0),
            seconds=parts.get("seconds", 0),
        )
    except OverflowError:
        return None


def parse_timestamp(value) -> datetime.datetime | None:
    """An ISO 8601 timestamp that names its zone, as an aware datetime; else None."""
    if not isinstance(value, str) or not TIMESTAMP_RE.match(value):
        return None
    try:
        parsed = parse_datetime(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed is None or parsed.tzinfo is None:
        return None
    return parsed


def _check_keys(value: dict, allowed: set[str], path: str) -> None:
    unknown = sorted(set(value) - allowed)
    if unknown:
        where = f"{path}.{unknown[0]}" if path else unknown[0]
        raise StatementError(where, _("This property is not part of a statement."))


def _object(value, path: str) -> dict:
    if not isinstance(value, dict):
        raise StatementError(path, _("Must be a JSON object."))
    return value


def _string(value, path: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise StatementError(path, _("Must be a non-empty string."))
    return value


def _iri(value, path: str) -> str:
    if not isinstance(value, str) or not IRI_RE.match(value) or len(value) > 2048:
        raise StatementError(path, _("Must be an absolute IRI, such as https://example.org/a."))
    return value


def _uuid(value, path: str) -> str:
    if not isinstance(value, str) or not UUID_RE.match(value):
        raise StatementError(path, _("Must be a UUID."))
    return str(uuid.UUID(value))


def _language_map(value, path: str) -> None:
    if not isinstance(value, dict):
        raise StatementError(path, _("Must be a language map (language tag to text)."))
    for tag, text in value.items():
        if not langcodes.tag_is_valid(tag):
            raise StatementError(f"{path}.{tag}", _("Not a valid language tag (BCP 47)."))
        if not isinstance(text, str):
            raise StatementError(f"{path}.{tag}", _("Must be text."))


def _extensions(value, path: str) -> None:
    if not isinstance(value, dict):
        raise StatementError(path, _("Must be a JSON object."))
    for key in value:
        _iri(key, f"{path}.{key}")


def _account(value, path: str) -> None:
    _object(value, path)
    _check_keys(value, {"homePage", "name"}, path)
    _iri(value.get("homePage"), f"{path}.homePage")
    _string(value.get("name"), f"{path}.name")


def check_agent(value, path: str, *, allow_group: bool = True, anonymous_group: bool = True):
    """An Agent (exactly one identifier) or, where allowed, a Group."""
    _object(value, path)
    kind = value.get("objectType", "Agent")
    if kind == "Group" and allow_group:
        _check_keys(value, GROUP_KEYS, path)
        members = value.get("member")
        ifis = [key for key in IFI_KEYS if key in value]
        if len(ifis) > 1:
            raise StatementError(path, _("An identified group has exactly one identifier."))
        if not ifis and not (anonymous_group and isinstance(members, list) and members):
            raise StatementError(f"{path}.member", _("An anonymous group must list its members."))
        if members is not None:
            if not isinstance(members, list):
                raise StatementError(f"{path}.member", _("Must be a list of agents."))
            for index, member in enumerate(members):
                check_agent(member, f"{path}.member[{index}]", allow_group=False)
        if ifis:
            _ifi(value, ifis[0], path)
        return
    if kind != "Agent":
        raise StatementError(f"{path}.objectType", _("Must be “Agent” here."))
    _check_keys(value, AGENT_KEYS, path)
    ifis = [key for key in IFI_KEYS if key in value]
    if len(ifis) != 1:
        raise StatementError(
            path,
            _("An agent needs exactly one identifier: mbox, mbox_sha1sum, openid or account."),
        )
    _ifi(value, ifis[0], path)
    if "name" in value:
        _string(value["name"], f"{path}.name", required=False)


def _ifi(value: dict, key: str, path: str) -> None:
    ifi = value[key]
    where = f"{path}.{key}"
    if key == "mbox":
        if not isinstance(ifi, str) or not re.match(r"^mailto:[^@\s]+@[^@\s]+$", ifi):
            raise StatementError(where, _("Must be a mailto: address, such as mailto:a@b.org."))
    elif key == "mbox_sha1sum":
        if not isinstance(ifi, str) or not SHA1_RE.match(ifi):
            raise StatementError(
                where, _("Must be the SHA-1 hash (40 hex digits) of a mailto: address.")
            )
    elif key == "openid":
        _iri(ifi, where)
    else:
        _account(ifi, where)


def _verb(value, path: str) -> None:
    _object(value, path)
    _check_keys(value, {"id", "display"}, path)
    _iri(value.get("id"), f"{path}.id")
    if "display" in value:
        _language_map(value["display"], f"{path}.display")


def _definition(value, path: str) -> None:  # noqa: PLR0912 - one branch per rule
    _object(value, path)
    _check_keys(value, DEFINITION_KEYS, path)
    for key in ("name", "description"):
        if key in value:
            _language_map(value[key], f"{path}.{key}")
    for key in ("type", "moreInfo"):
        if key in value:
            _iri(value[key], f"{path}.{key}")
    if "extensions" in value:
        _extensions(value["extensions"], f"{path}.extensions")
    if "interactionType" in value and value["interactionType"] not in INTERACTION_TYPES:
        raise StatementError(f"{path}.interactionType", _("Not a known interaction type."))
    for key in ("choices", "scale", "source", "target", "steps"):
        if key in value:
            items = value[key]
            if not isinstance(items, list):
                raise StatementError(f"{path}.{key}", _("Must be a list."))
            for index, item in enumerate(items):
                where = f"{path}.{key}[{index}]"
                _object(item, where)
                _check_keys(item, {"id", "description"}, where)
                _string(item.get("id"), f"{where}.id")
                if "description" in item:
                    _language_map(item["description"], f"{where}.description")
    if "correctResponsesPattern" in value:
        pattern = value["correctResponsesPattern"]
        if not isinstance(pattern, list) or not all(isinstance(p, str) for p in pattern):
            raise StatementError(f"{path}.correctResponsesPattern", _("Must be a list of text."))


def _activity(value, path: str) -> None:
    _object(value, path)
    _check_keys(value, ACTIVITY_KEYS, path)
    if value.get("objectType", "Activity") != "Activity":
        raise StatementError(f"{path}.objectType", _("Must be “Activity” here."))
    _iri(value.get("id"), f"{path}.id")
    if "definition" in value:
        _definition(value["definition"], f"{path}.definition")


def _statement_ref(value, path: str) -> None:
    _object(value, path)
    _check_keys(value, {"objectType", "id"}, path)
    if value.get("objectType") != "StatementRef":
        raise StatementError(f"{path}.objectType", _("Must be “StatementRef”."))
    _uuid(value.get("id"), f"{path}.id")


def _statement_object(value, path: str, *, sub: bool = False) -> None:
    _object(value, path)
    kind = value.get("objectType", "Activity")
    if kind == "Activity":
        _activity(value, path)
    elif kind in {"Agent", "Group"}:
        check_agent(value, path)
    elif kind == "StatementRef":
        _statement_ref(value, path)
    elif kind == "SubStatement" and not sub:
        _check_keys(value, SUBSTATEMENT_KEYS, path)
        _body(value, path, sub=True)
    else:
        raise StatementError(
            f"{path}.objectType",
            _("Must be Activity, Agent, Group, StatementRef or SubStatement (not nested)."),
        )


def _result(value, path: str) -> None:
    _object(value, path)
    _check_keys(value, RESULT_KEYS, path)
    if "score" in value:
        score = _object(value["score"], f"{path}.score")
        _check_keys(score, SCORE_KEYS, f"{path}.score")
        numbers = {}
        for key in SCORE_KEYS & set(score):
            number = score[key]
            if isinstance(number, bool) or not isinstance(number, int | float):
                raise StatementError(f"{path}.score.{key}", _("Must be a number."))
            numbers[key] = Decimal(str(number))
        if "scaled" in numbers and not Decimal(-1) <= numbers["scaled"] <= Decimal(1):
            raise StatementError(f"{path}.score.scaled", _("Must be between -1 and 1."))
        low, high = numbers.get("min"), numbers.get("max")
        if low is not None and high is not None and low > high:
            raise StatementError(f"{path}.score.min", _("Must not be more than the maximum."))
        if "raw" in numbers and (
            (low is not None and numbers["raw"] < low)
            or (high is not None and numbers["raw"] > high)
        ):
            raise StatementError(f"{path}.score.raw", _("Must be between the minimum and maximum."))
    for key in ("success", "completion"):
        if key in value and not isinstance(value[key], bool):
            raise StatementError(f"{path}.{key}", _("Must be true or false."))
    if "response" in value and not isinstance(value["response"], str):
        raise StatementError(f"{path}.response", _("Must be text."))
    if "duration" in value and parse_duration(value["duration"]) is None:
        raise StatementError(
            f"{path}.duration", _("Must be an ISO 8601 duration, such as PT1H30M.")
        )
    if "extensions" in value:
        _extensions(value["extensions"], f"{path}.extensions")


def _context(value, path: str, *, object_kind: str) -> None:  # noqa: PLR0912 - one branch per rule
    _object(value, path)
    _check_keys(value, CONTEXT_KEYS, path)
    if "registration" in value:
        _uuid(value["registration"], f"{path}.registration")
    if "instructor" in value:
        check_agent(value["instructor"], f"{path}.instructor")
    if "team" in value:
        check_agent(value["team"], f"{path}.team")
        if value["team"].get("objectType") != "Group":
            raise StatementError(f"{path}.team.objectType", _("Must be “Group”."))
    if "contextActivities" in value:
        activities = _object(value["contextActivities"], f"{path}.contextActivities")
        _check_keys(activities, CONTEXT_ACTIVITY_KEYS, f"{path}.contextActivities")
        for key, items in activities.items():
            where = f"{path}.contextActivities.{key}"
            for index, item in enumerate(items if isinstance(items, list) else [items]):
                _activity(item, f"{where}[{index}]" if isinstance(items, list) else where)
    for key in ("revision", "platform"):
        if key in value:
            if object_kind != "Activity":
                raise StatementError(
                    f"{path}.{key}", _("Only allowed when the object is an activity.")
                )
            _string(value[key], f"{path}.{key}")
    if "language" in value and (
        not isinstance(value["language"], str) or not langcodes.tag_is_valid(value["language"])
    ):
        raise StatementError(f"{path}.language", _("Not a valid language tag (BCP 47)."))
    if "statement" in value:
        _statement_ref(value["statement"], f"{path}.statement")
    if "extensions" in value:
        _extensions(value["extensions"], f"{path}.extensions")
    for key in ("contextAgents", "contextGroups"):
        if key in value and not isinstance(value[key], list):
            raise StatementError(f"{path}.{key}", _("Must be a list."))


def _body(value: dict, path: str, *, sub: bool = False) -> None:
    prefix = f"{path}." if path else ""
    for key in ("actor", "verb", "object"):
        if key not in value:
            raise StatementError(f"{prefix}{key}", _("This property is required."))
    check_agent(value["actor"], f"{prefix}actor")
    _verb(value["verb"], f"{prefix}verb")
    _statement_object(value["object"], f"{prefix}object", sub=sub)
    if "result" in value:
        _result(value["result"], f"{prefix}result")
    if "context" in value:
        kind = value["object"].get("objectType", "Activity")
        _context(value["context"], f"{prefix}context", object_kind=kind)
    if "timestamp" in value and parse_timestamp(value["timestamp"]) is None:
        raise StatementError(
            f"{prefix}timestamp",
            _("Must be an ISO 8601 timestamp with a time zone, such as 2026-05-01T09:30:00Z."),
        )


def check_statement(value) -> dict:
    """Raises StatementError for the first rule `value` breaks; returns it unchanged."""
    if not isinstance(value, dict):
        raise StatementError("statement", _("Each statement must be a JSON object."))
    _check_keys(value, STATEMENT_KEYS, "")
    if "objectType" in value and value["objectType"] != "Statement":
        raise StatementError("objectType", _("Must be “Statement” if given."))
    if "attachments" in value:
        raise StatementError("attachments", _("This store does not accept attachments."))
    if "id" in value:
        _uuid(value["id"], "id")
    if "version" in value and (
        not isinstance(value["version"], str) or not VERSION_RE.match(value["version"])
    ):
        raise StatementError("version", _("Must be a 1.0.x or 2.0.x version."))
    _body(value, "")
    if value["actor"].get("objectType") == "Group":
        raise StatementError("actor", _("Statements here must be about one person (an Agent)."))
    if value["verb"]["id"] == VOIDED_VERB and value["object"].get("objectType") != "StatementRef":
        raise StatementError("object", _("A voiding statement's object must be a StatementRef."))
    return value


def check_batch(payload) -> list[dict]:
    """One statement or a list; returns the list. Errors name the statement's position."""
    statements = payload if isinstance(payload, list) else [payload]
    if not statements:
        raise StatementError("statements", _("Send at least one statement."))
    if len(statements) > MAX_STATEMENTS:
        raise StatementError(
            "statements", _("Send at most %(max)d statements at once.") % {"max": MAX_STATEMENTS}
        )
    for index, statement in enumerate(statements):
        try:
            check_statement(statement)
        except StatementError as error:
            if isinstance(payload, list):
                error.path = f"[{index}].{error.path}"
            raise
    return statements


def is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)
