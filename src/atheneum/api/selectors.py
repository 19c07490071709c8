"""Reads for the API's own pages: a member's tokens, and the reference built from the schema."""

from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import QuerySet
from django.http import Http404

from .models import ApiToken
from .scopes import AREAS, READ, WRITE


def token_list_for_user(*, user) -> QuerySet[ApiToken]:
    """The member's tokens, newest first (revoked ones too, so the history stays visible)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_get_for_user(*, user, pk: int) -> ApiToken:
    """One of the member's own tokens; anyone else's is simply not found."""
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise Http404
    return token


# --- The reference page ---------------------------------------------------------------------

WRITE_METHODS = {"post", "put", "patch", "delete"}
METHOD_ORDER = ("get", "post", "put", "patch", "delete")
PUBLIC_SCHEMES = {"OptionalAuth"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    description: str = ""
    location: str = ""
    # The object type the field holds (alone, in a list or nullable), described under "Objects".
    ref: str = ""


@dataclass(frozen=True)
class Response:
    status: str
    description: str
    schema_name: str
    paginated: bool
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    anchor: str
    scope: str
    public: bool
    parameters: tuple[Field, ...]
    body_fields: tuple[Field, ...]
    body_required: bool
    responses: tuple[Response, ...]


@dataclass(frozen=True)
class Tag:
    name: str
    operations: tuple[Operation, ...] = field(default_factory=tuple)

    @property
    def label(self):
        """The area's name in the reader's language (resolved when shown, not when cached)."""
        return AREAS.get(self.name, self.name)


@dataclass(frozen=True)
class ObjectType:
    name: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Reference:
    tags: tuple[Tag, ...]
    objects: tuple[ObjectType, ...]


class _Resolver:
    def __init__(self, schema: dict) -> None:
        self.components = schema.get("components", {}).get("schemas", {})
        self.nested: dict[str, None] = {}  # object types met inside fields, in order

    def object_ref(self, node: dict, depth: int = 0) -> str:
        """The name of the object type a field holds, looking inside lists and unions."""
        if not isinstance(node, dict) or depth > 5:
            return ""
        if "$ref" in node:
            target = self.deref(node)
            if target.get("type") == "object" or "properties" in target:
                return self.ref_name(node)
            return ""
        parts = [*node.get("anyOf", ()), *node.get("oneOf", ()), *node.get("allOf", ())]
        if node.get("type") == "array":
            parts.append(node.get("items", {}))
        for part in parts:
            found = self.object_ref(part, depth + 1)
            if found:
                return found
        return ""

    def deref(self, node: dict) -> dict:
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 20:
            node = self.components.get(node["$ref"].rsplit("/", 1)[-1], {})
            seen += 1
        return node or {}

    def ref_name(self, node: dict) -> str:
        if isinstance(node, dict) and "$ref" in node:
            return node["$ref"].rsplit("/", 1)[-1]
        return ""

    def type_of(self, node: dict, depth: int = 0) -> str:
        """A short, readable type: `string (date-time) | null`, `array of ActivityOut`…"""
        if not isinstance(node, dict) or depth > 5:
            return "any"
        if "$ref" in node:
            target = self.deref(node)
            is_object = target.get("type") == "object" or "properties" in target
            return self.ref_name(node) if is_object else self.type_of(target, depth + 1)
        combined = node.get("anyOf") or node.get("oneOf")
        if combined:
            return self._union([self.type_of(part, depth + 1) for part in combined])
        if len(node.get("allOf", ())) == 1:
            return self.type_of(node["allOf"][0], depth + 1)
        if "enum" in node:
            return "enum: " + ", ".join(str(value) for value in node["enum"])
        kind = node.get("type", "any")
        if kind == "array":
            kind = f"array of {self.type_of(node.get('items', {}), depth + 1)}"
        elif node.get("format"):
            kind = f"{kind} ({node['format']})"
        return kind

    @staticmethod
    def _union(parts: list[str]) -> str:
        nullable = "null" in parts
        text = " | ".join(dict.fromkeys(part for part in parts if part != "null")) or "any"
        return f"{text} | null" if nullable else text

    def fields_of(self, node: dict) -> tuple[Field, ...]:
        target = self.deref(node)
        required = set(target.get("required", ()))
        fields = []
        for name, prop in target.get("properties", {}).items():
            ref = self.object_ref(prop)
            if ref:
                self.nested.setdefault(ref)
            description = prop.get("description", "") or self.deref(prop).get("description", "")
            fields.append(
                Field(
                    name=name,
                    type=self.type_of(prop),
                    required=name in required,
                    description=description,
                    ref=ref,
                )
            )
        return tuple(fields)

    def objects(self) -> tuple[ObjectType, ...]:
        """Every object type met inside a field, with its own fields (and theirs, in turn)."""
        documented: dict[str, ObjectType] = {}
        while pending := [name for name in self.nested if name not in documented]:
            for name in pending:
                ref = {"$ref": f"#/components/schemas/{name}"}
                documented[name] = ObjectType(name=name, fields=self.fields_of(ref))
        return tuple(documented[name] for name in self.nested)


def _response(resolver: _Resolver, status: str, spec: dict) -> Response:
    content = spec.get("content", {})
    schema = next(iter(content.values()), {}).get("schema", {}) if content else {}
    target = resolver.deref(schema)
    props = target.get("properties", {})
    paginated = {"count", "page", "pages", "items"} <= set(props)
    if paginated:
        items = props["items"].get("items", {})
        return Response(
            status=status,
            description=spec.get("description", ""),
            schema_name=resolver.ref_name(items),
            paginated=True,
            fields=resolver.fields_of(items),
        )
    return Response(
        status=status,
        description=spec.get("description", ""),
        schema_name=resolver.ref_name(schema) or (resolver.type_of(schema) if schema else ""),
        paginated=False,
        fields=resolver.fields_of(schema),
    )


def _is_common_problem(status, response: dict) -> bool:
    from .problems import CONTENT_TYPE, PROBLEM_STATUSES

    return int(status) in PROBLEM_STATUSES and CONTENT_TYPE in response.get("content", {})


def _operation(resolver: _Resolver, schema: dict, path: str, method: str, spec: dict) -> Operation:
    tag = (spec.get("tags") or [""])[0]
    security = spec.get("security", schema.get("security", []))
    schemes = {name for requirement in security for name in requirement}
    public = bool(schemes) and schemes <= PUBLIC_SCHEMES
    level = WRITE if method in WRITE_METHODS else READ
    scope = f"{tag}:{level}" if tag in AREAS else ""
    parameters = tuple(
        Field(
            name=param.get("name", ""),
            type=resolver.type_of(param.get("schema", {})),
            required=bool(param.get("required")),
            description=param.get("description", ""),
            location=param.get("in", ""),
        )
        for param in (resolver.deref(raw) for raw in spec.get("parameters", []))
    )
    body = spec.get("requestBody", {})
    body_schema = next(iter(body.get("content", {}).values()), {}).get("schema", {})
    # The problem answers every operation may give are explained once, in the introduction.
    responses = tuple(
        _response(resolver, status, response)
        for status, response in sorted(spec.get("responses", {}).items(), key=lambda i: int(i[0]))
        if not _is_common_problem(status, response)
    )
    return Operation(
        method=method.upper(),
        path=path,
        summary=spec.get("summary", ""),
        description=spec.get("description", ""),
        anchor=spec.get("operationId") or f"{method}-{path}".replace("/", "-").strip("-"),
        scope=scope,
        public=public,
        parameters=parameters,
        body_fields=resolver.fields_of(body_schema) if body_schema else (),
        body_required=bool(body.get("required")),
        responses=responses,
    )


def api_reference_from_schema(schema: dict) -> Reference:
    """The operations of an OpenAPI document grouped by tag, in the order the tags first appear,
    each with its parameters, body and response fields spelled out for reading, and the object
    types those fields hold."""
    resolver = _Resolver(schema)
    grouped: dict[str, list[Operation]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHOD_ORDER:
            if method in item:
                operation = _operation(resolver, schema, path, method, item[method])
                tag = (item[method].get("tags") or ["other"])[0]
                grouped.setdefault(tag, []).append(operation)
    tags = tuple(
        Tag(name=name, operations=tuple(operations)) for name, operations in grouped.items()
    )
    return Reference(tags=tags, objects=resolver.objects())


@lru_cache(maxsize=1)
def api_reference() -> Reference:
    """The reference for API version 1; the schema only changes with the code, so one build per
    process is enough. Labels are resolved in the template, in the reader's language."""
    from .v1 import api

    return api_reference_from_schema(api.get_openapi_schema())


def api_data_for_user(*, user) -> dict:
    """The member's tokens for their data download: names and scopes, never the hashes."""
    return {
        "api_tokens": [
            {
                "name": token.name,
                "starts_with": f"ath_{token.lookup}_",
                "scopes": token.scopes,
                "created": token.created_at.isoformat(),
                "expires": token.expires_at.isoformat() if token.expires_at else None,
                "last_used": token.last_used_at.isoformat() if token.last_used_at else None,
                "revoked": token.revoked_at.isoformat() if token.revoked_at else None,
            }
            for token in ApiToken.objects.filter(user=user).order_by("created_at", "pk")
        ]
    }
