"""Import and export of frameworks as CSV and as IMS CASE 1.0 JSON.

CSV is the lossless format: one `framework` row, one `level` row per step of the scale, and one
`competency` row per competency *and language*, so every translation travels with it.

CASE 1.0 holds one language per document, so a CASE export is one document in one language
(the framework's source language unless another is asked for); a competency without a text in
that language is exported in its source language and its CFItem says so in `language`. Levels
travel as a CASE rubric (CFRubrics → one criterion → CFRubricCriterionLevels with score/quality).
The "managers rate too" setting is not part of CASE; use CSV to keep it.

Imports check the whole file before writing anything, name the row or item at fault, and write in
one transaction with bulk inserts, so a file of thousands of items costs a bounded number of
queries. From CASE files they keep what the model holds and summarise what they ignored.
"""

import csv
import io
import json
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from atheneum.common import fragments
from atheneum.organisations.models import Organisation

from .caching import CATALOGUE
from .enums import CompetencyKind
from .models import Competency, CompetencyText, Framework, ProficiencyLevel
from .rules import can
from .selectors import flatten, framework_tree, text_for
from .services import DEFAULT_LEVELS, unique_slug

CSV_COLUMNS = [
    "record",
    "identifier",
    "parent",
    "kind",
    "code",
    "position",
    "value",
    "language",
    "title",
    "description",
    "version",
    "publisher",
    "manager_ratings",
]
CASE_TYPES = {
    CompetencyKind.AREA: "Area",
    CompetencyKind.COMPETENCY: "Competency",
    CompetencyKind.INDICATOR: "Indicator",
}
# CFItem fields this import reads; any other field is reported as ignored.
CASE_ITEM_FIELDS = {
    "identifier",
    "uri",
    "fullStatement",
    "abbreviatedStatement",
    "humanCodingScheme",
    "listEnumeration",
    "CFItemType",
    "language",
    "CFDocumentURI",
    "lastChangeDateTime",
}
BATCH = 500
TITLE_MAX = CompetencyText._meta.get_field("title").max_length
DESCRIPTION_MAX = CompetencyText._meta.get_field("description").max_length
CODE_MAX = Competency._meta.get_field("code").max_length


class FrameworkFileError(ValidationError):
    """A file that cannot be imported; the message names the row or item at fault."""


@dataclass
class ItemData:
    identifier: uuid.UUID
    kind: str
    code: str
    position: int
    parent: uuid.UUID | None = None
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)
    where: str = ""


@dataclass
class FrameworkData:
    identifier: uuid.UUID
    title: str
    description: str = ""
    language: str = "en"
    version: str = ""
    publisher: str = ""
    uses_manager_ratings: bool = False
    changed_at: datetime | None = None
    levels: list[tuple[int, str, str]] = field(default_factory=list)
    items: list[ItemData] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    framework: Framework
    summary: list[str]


def _fail(message: str) -> None:
    raise FrameworkFileError(message)


def _uuid(value: str, where: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value).strip())
    except (ValueError, AttributeError):
        _fail(
            _("%(where)s: “%(value)s” is not a valid identifier (a UUID).")
            % {"where": where, "value": value}
        )


def _check_lengths(item: ItemData) -> None:
    if len(item.code) > CODE_MAX:
        _fail(
            _("%(where)s: the code may have at most %(max)s characters.")
            % {"where": item.where, "max": CODE_MAX}
        )
    for title, description in item.texts.values():
        if len(description) > DESCRIPTION_MAX:
            _fail(
                _("%(where)s: the description may have at most %(max)s characters.")
                % {"where": item.where, "max": DESCRIPTION_MAX}
            )
        if len(title) > TITLE_MAX:
            _fail(
                _("%(where)s: the name may have at most %(max)s characters.")
                % {"where": item.where, "max": TITLE_MAX}
            )


def _check_tree(items: list[ItemData]) -> list[ItemData]:
    """Items ordered parents first; fails on unknown parents and on cycles."""
    by_id = {item.identifier: item for item in items}
    depth: dict[uuid.UUID, int] = {}
    for item in items:
        seen = []
        current = item
        while current.parent is not None and current.identifier not in depth:
            if current.identifier in seen:
                _fail(_("%(where)s: it is part of itself.") % {"where": item.where})
            seen.append(current.identifier)
            parent = by_id.get(current.parent)
            if parent is None:
                _fail(
                    _("%(where)s: its parent %(parent)s is not in the file.")
                    % {"where": current.where, "parent": current.parent}
                )
            current = parent
        base = depth.get(current.identifier, 0)
        for offset, identifier in enumerate(reversed(seen), start=1):
            depth[identifier] = base + offset
        depth.setdefault(item.identifier, 0)
    return sorted(items, key=lambda item: depth[item.identifier])


# --- CSV ---------------------------------------------------------------------------------------


def export_csv(*, framework: Framework) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    blank = dict.fromkeys(CSV_COLUMNS, "")

    def row(**values):
        writer.writerow([{**blank, **values}[column] for column in CSV_COLUMNS])

    row(
        record="framework",
        identifier=framework.case_identifier,
        language=framework.language,
        title=framework.title,
        description=framework.description,
        version=framework.version,
        publisher=framework.publisher,
        manager_ratings="yes" if framework.uses_manager_ratings else "no",
    )
    for level in framework.levels.order_by("value"):
        row(record="level", value=level.value, title=level.label, description=level.description)
    nodes = flatten(framework_tree(framework=framework, language=framework.language))
    identifiers = {node.pk: node.competency.case_identifier for node in nodes}
    for node in nodes:
        competency = node.competency
        parent = str(identifiers[competency.parent_id]) if competency.parent_id else ""
        texts = sorted(
            competency.texts.all(),
            key=lambda text: (text.language != framework.language, text.language),
        )
        for text in texts:
            row(
                record="competency",
                identifier=competency.case_identifier,
                parent=parent,
                kind=competency.kind,
                code=competency.code,
                position=competency.position,
                language=text.language,
                title=text.title,
                description=text.description,
            )
    return buffer.getvalue()


class _CsvParser:
    """Reads the rows of a CSV export; each method checks one kind of record."""

    def __init__(self) -> None:
        self.data: FrameworkData | None = None
        self.items: dict[uuid.UUID, ItemData] = {}
        self.parents: dict[uuid.UUID, str] = {}
        self.codes: dict[str, uuid.UUID] = {}

    def framework(self, row: dict, where: str) -> None:
        if self.data is not None:
            _fail(_("%(where)s: the file may describe only one framework.") % {"where": where})
        if not row.get("title"):
            _fail(_("%(where)s: the framework needs a title.") % {"where": where})
        self.data = FrameworkData(
            identifier=_uuid(row.get("identifier") or uuid.uuid4(), where),
            title=row["title"][:200],
            description=row.get("description", ""),
            language=row.get("language") or "en",
            version=row.get("version", "")[:40],
            publisher=row.get("publisher", "")[:200],
            uses_manager_ratings=row.get("manager_ratings", "").lower() in {"yes", "true", "1"},
        )

    def level(self, row: dict, where: str) -> None:
        try:
            value = int(row.get("value", ""))
        except ValueError:
            _fail(_("%(where)s: the level needs a whole number value.") % {"where": where})
        if not 0 <= value <= 100:
            _fail(_("%(where)s: a level's value must be 0 to 100.") % {"where": where})
        if value in {existing for existing, _label, _d in self.data.levels}:
            _fail(_("%(where)s: level %(value)s appears twice.") % {"where": where, "value": value})
        if not row.get("title") or len(row["title"]) > 80:
            _fail(
                _("%(where)s: a level needs a label of at most 80 characters.") % {"where": where}
            )
        self.data.levels.append((value, row["title"], row.get("description", "")))

    def competency(self, row: dict, where: str) -> None:
        identifier = _uuid(row.get("identifier") or uuid.uuid4(), where)
        kind = (row.get("kind") or CompetencyKind.COMPETENCY).lower()
        if kind not in CompetencyKind.values:
            _fail(
                _("%(where)s: the kind must be area, competency or indicator, not “%(kind)s”.")
                % {"where": where, "kind": kind}
            )
        position_text = row.get("position", "")
        if position_text and not position_text.isdigit():
            _fail(_("%(where)s: the position must be a whole number.") % {"where": where})
        language = row.get("language") or self.data.language
        if not row.get("title"):
            _fail(_("%(where)s: the competency needs a name.") % {"where": where})
        item = self.items.get(identifier)
        if item is None:
            item = ItemData(
                identifier=identifier,
                kind=kind,
                code=row.get("code", ""),
                position=int(position_text) if position_text else len(self.items),
                where=where,
            )
            self.items[identifier] = item
            if row.get("parent"):
                self.parents[identifier] = row["parent"]
            if item.code:
                self.codes.setdefault(item.code, identifier)
        elif language in item.texts:
            _fail(
                _("%(where)s: a second text in “%(language)s” for the same competency.")
                % {"where": where, "language": language}
            )
        item.texts[language] = (row["title"], row.get("description", ""))

    def row(self, raw: dict, number: int) -> None:
        row = {key: (value or "").strip() for key, value in raw.items() if key}
        where = _("Row %(number)s") % {"number": number}
        record = row.get("record", "").lower()
        if record == "framework":
            self.framework(row, where)
        elif self.data is None:
            _fail(_("%(where)s: the first record must be the framework.") % {"where": where})
        elif record == "level":
            self.level(row, where)
        elif record == "competency":
            self.competency(row, where)
        else:
            _fail(
                _("%(where)s: the record must be framework, level or competency.")
                % {"where": where}
            )

    def finish(self) -> FrameworkData:
        if self.data is None:
            _fail(_("The file describes no framework."))
        for identifier, parent in self.parents.items():
            item = self.items[identifier]
            try:
                item.parent = uuid.UUID(parent)
            except ValueError:
                if parent not in self.codes:
                    _fail(
                        _("%(where)s: its parent “%(parent)s” is not in the file.")
                        % {"where": item.where, "parent": parent}
                    )
                item.parent = self.codes[parent]
        for item in self.items.values():
            _check_lengths(item)
        self.data.items = _check_tree(list(self.items.values()))
        return self.data


def parse_csv(content: str) -> FrameworkData:
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    columns = reader.fieldnames or []
    missing = [column for column in ("record", "identifier", "title") if column not in columns]
    if missing:
        _fail(
            _("The first row must name the columns; missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    parser = _CsvParser()
    try:
        for number, raw in enumerate(reader, start=2):
            parser.row(raw, number)
    except csv.Error as error:
        _fail(_("The file is not valid CSV: %(error)s") % {"error": error})
    return parser.finish()


# --- CASE --------------------------------------------------------------------------------------


def _case_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def export_case(*, framework: Framework, language: str | None = None) -> dict:
    language = language or framework.language
    changed = _case_time(framework.updated_at)
    document_uri = f"urn:uuid:{framework.case_identifier}"
    document_ref = {
        "title": framework.title,
        "identifier": str(framework.case_identifier),
        "uri": document_uri,
    }
    document = {
        "identifier": str(framework.case_identifier),
        "uri": document_uri,
        "creator": framework.publisher
        or (framework.organisation.name if framework.organisation_id else "Atheneum"),
        "title": framework.title,
        "lastChangeDateTime": changed,
        "language": language,
    }
    for key, value in (
        ("description", framework.description),
        ("version", framework.version),
        ("publisher", framework.publisher),
    ):
        if value:
            document[key] = value
    items, associations = [], []
    nodes = flatten(framework_tree(framework=framework, language=language))
    by_pk = {node.pk: node for node in nodes}
    for node in nodes:
        competency = node.competency
        text = text_for(competency, language=language, framework_language=framework.language)
        item = {
            "identifier": str(competency.case_identifier),
            "uri": f"urn:uuid:{competency.case_identifier}",
            "fullStatement": text.description or text.title,
            "CFItemType": CASE_TYPES[competency.kind],
            "language": text.language,
            "listEnumeration": str(competency.position),
            "CFDocumentURI": document_ref,
            "lastChangeDateTime": changed,
        }
        if text.description:
            item["abbreviatedStatement"] = text.title
        if competency.code:
            item["humanCodingScheme"] = competency.code
        items.append(item)
        parent = by_pk.get(competency.parent_id)
        destination = (
            {
                "title": parent.text.title,
                "identifier": str(parent.competency.case_identifier),
                "uri": f"urn:uuid:{parent.competency.case_identifier}",
            }
            if parent
            else document_ref
        )
        identifier = uuid.uuid5(competency.case_identifier, "isChildOf")
        associations.append(
            {
                "identifier": str(identifier),
                "uri": f"urn:uuid:{identifier}",
                "associationType": "isChildOf",
                "sequenceNumber": competency.position,
                "originNodeURI": {
                    "title": text.title,
                    "identifier": item["identifier"],
                    "uri": item["uri"],
                },
                "destinationNodeURI": destination,
                "CFDocumentURI": document_ref,
                "lastChangeDateTime": changed,
            }
        )
    package = {"CFDocument": document, "CFItems": items, "CFAssociations": associations}
    levels = list(framework.levels.order_by("value"))
    if levels:
        rubric_id = uuid.uuid5(framework.case_identifier, "proficiency-scale")
        criterion_id = uuid.uuid5(framework.case_identifier, "proficiency-scale-criterion")
        package["CFRubrics"] = [
            {
                "identifier": str(rubric_id),
                "uri": f"urn:uuid:{rubric_id}",
                "title": framework.title,
                "lastChangeDateTime": changed,
                "CFRubricCriteria": [
                    {
                        "identifier": str(criterion_id),
                        "uri": f"urn:uuid:{criterion_id}",
                        "rubricId": str(rubric_id),
                        "lastChangeDateTime": changed,
                        "CFRubricCriterionLevels": [
                            _case_level(framework, level, criterion_id, changed) for level in levels
                        ],
                    }
                ],
            }
        ]
    return package


def _case_level(framework, level, criterion_id, changed) -> dict:
    identifier = uuid.uuid5(framework.case_identifier, f"level-{level.value}")
    return {
        "identifier": str(identifier),
        "uri": f"urn:uuid:{identifier}",
        "rubricCriterionId": str(criterion_id),
        "quality": level.label,
        "score": level.value,
        "position": level.value,
        "description": level.description,
        "lastChangeDateTime": changed,
    }


def export_case_json(*, framework: Framework, language: str | None = None) -> str:
    return json.dumps(
        export_case(framework=framework, language=language), ensure_ascii=False, indent=2
    )


def _strings(value, language: str) -> dict[str, str]:
    """A CASE string, or a multilingual {language: text} mapping, as {language: text}."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return {str(key): str(text).strip() for key, text in value.items() if str(text).strip()}
    text = str(value).strip()
    return {language: text} if text else {}


def _parse_time(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _case_package(content: str) -> dict:
    try:
        package = json.loads(content)
    except json.JSONDecodeError as error:
        _fail(
            _("The file is not valid JSON (line %(line)s, column %(column)s).")
            % {"line": error.lineno, "column": error.colno}
        )
    if isinstance(package, dict) and "CFPackage" in package:
        package = package["CFPackage"]
    if not isinstance(package, dict) or not isinstance(package.get("CFDocument"), dict):
        _fail(_("The file has no CFDocument: it is not a CASE package."))
    if not isinstance(package.get("CFItems") or [], list):
        _fail(_("CFItems must be a list."))
    if not isinstance(package.get("CFAssociations") or [], list):
        _fail(_("CFAssociations must be a list."))
    return package


def _case_document(document: dict) -> FrameworkData:
    title = str(document.get("title") or "").strip()
    if not title:
        _fail(_("The CFDocument needs a title."))
    return FrameworkData(
        identifier=_uuid(document.get("identifier"), "CFDocument"),
        title=title[:200],
        description=str(document.get("description") or ""),
        language=str(document.get("language") or "en").strip(),
        version=str(document.get("version") or "")[:40],
        publisher=str(document.get("publisher") or "")[:200],
        changed_at=_parse_time(document.get("lastChangeDateTime")),
    )


def _case_texts(raw: dict, language: str, where: str) -> dict[str, tuple[str, str]]:
    full = _strings(raw.get("fullStatement"), language)
    if not full:
        _fail(_("%(where)s: fullStatement is missing.") % {"where": where})
    short = _strings(raw.get("abbreviatedStatement"), language)
    texts = {}
    for text_language, statement in full.items():
        name = short.get(text_language)
        if name:
            texts[text_language] = (name, statement)
        elif len(statement) > TITLE_MAX:
            texts[text_language] = (statement[: TITLE_MAX - 1].rstrip() + "…", statement)
        else:
            texts[text_language] = (statement, "")
    return texts


@dataclass
class _CaseReport:
    unknown_types: Counter = field(default_factory=Counter)
    ignored_fields: set[str] = field(default_factory=set)
    ignored_associations: Counter = field(default_factory=Counter)
    outside: int = 0
    extra_parents: int = 0


def _case_items(
    raw_items: list, data: FrameworkData, report: _CaseReport
) -> dict[uuid.UUID, ItemData]:
    items: dict[uuid.UUID, ItemData] = {}
    for index, raw in enumerate(raw_items, start=1):
        where = _("CFItem %(number)s") % {"number": index}
        if not isinstance(raw, dict):
            _fail(_("%(where)s is not an object.") % {"where": where})
        identifier = _uuid(raw.get("identifier"), where)
        where = _("CFItem %(number)s (%(identifier)s)") % {
            "number": index,
            "identifier": identifier,
        }
        if identifier in items:
            _fail(_("%(where)s: the identifier appears twice.") % {"where": where})
        item_type = str(raw.get("CFItemType") or "").strip()
        kind = next((k for k, name in CASE_TYPES.items() if name.lower() == item_type.lower()), "")
        if not kind:
            report.unknown_types[item_type or _("(none)")] += 1
        position_text = str(raw.get("listEnumeration") or "").strip()
        items[identifier] = ItemData(
            identifier=identifier,
            kind=kind,
            code=str(raw.get("humanCodingScheme") or "").strip(),
            position=int(position_text) if position_text.isdigit() else index,
            texts=_case_texts(raw, str(raw.get("language") or data.language).strip(), where),
            where=where,
        )
        report.ignored_fields |= set(raw) - CASE_ITEM_FIELDS
    return items


def _case_associations(
    raw_associations: list,
    data: FrameworkData,
    items: dict[uuid.UUID, ItemData],
    report: _CaseReport,
) -> None:
    for index, raw in enumerate(raw_associations, start=1):
        where = _("CFAssociation %(number)s") % {"number": index}
        if not isinstance(raw, dict):
            _fail(_("%(where)s is not an object.") % {"where": where})
        association_type = str(raw.get("associationType") or "")
        if association_type != "isChildOf":
            report.ignored_associations[association_type or _("(none)")] += 1
            continue
        origin = _uuid((raw.get("originNodeURI") or {}).get("identifier"), where)
        destination = _uuid((raw.get("destinationNodeURI") or {}).get("identifier"), where)
        child = items.get(origin)
        if child is None or (destination not in items and destination != data.identifier):
            report.outside += 1
            continue
        if child.parent is not None:
            report.extra_parents += 1
            continue
        if destination != data.identifier:
            child.parent = destination
        sequence = raw.get("sequenceNumber")
        if isinstance(sequence, int) and not isinstance(sequence, bool) and sequence >= 0:
            child.position = sequence


def _case_levels(rubrics) -> list[tuple[int, str, str]]:
    """The first rubric criterion's levels: score → value, quality → label."""
    for rubric in rubrics if isinstance(rubrics, list) else []:
        for criterion in (rubric or {}).get("CFRubricCriteria") or []:
            levels: dict[int, tuple[int, str, str]] = {}
            for level in (criterion or {}).get("CFRubricCriterionLevels") or []:
                score = (level or {}).get("score")
                if isinstance(score, int | float) and int(score) == score and 0 <= score <= 100:
                    label = str(level.get("quality") or int(score))[:80]
                    levels.setdefault(
                        int(score), (int(score), label, str(level.get("description") or ""))
                    )
            if levels:
                return sorted(levels.values())
    return []


def _case_notes(report: _CaseReport) -> list[str]:
    notes = []
    total = report.ignored_associations.total()
    if total:
        types = ", ".join(
            f"{name} ({count:,})" for name, count in sorted(report.ignored_associations.items())
        )
        notes.append(
            ngettext(
                "Ignored %(count)s association of the types %(types)s.",
                "Ignored %(count)s associations of the types %(types)s.",
                total,
            )
            % {"count": f"{total:,}", "types": types}
        )
    if report.outside:
        notes.append(
            ngettext(
                "Ignored %(count)s “isChildOf” link to items outside this document.",
                "Ignored %(count)s “isChildOf” links to items outside this document.",
                report.outside,
            )
            % {"count": f"{report.outside:,}"}
        )
    if report.extra_parents:
        notes.append(
            ngettext(
                "Ignored %(count)s second parent (an item sits in one place here).",
                "Ignored %(count)s second parents (an item sits in one place here).",
                report.extra_parents,
            )
            % {"count": f"{report.extra_parents:,}"}
        )
    if report.unknown_types:
        notes.append(
            _("Items of the types %(types)s were read as areas or competencies by their place.")
            % {"types": ", ".join(sorted(report.unknown_types))}
        )
    if report.ignored_fields:
        notes.append(
            _("Ignored item fields: %(fields)s.")
            % {"fields": ", ".join(sorted(report.ignored_fields))}
        )
    return notes


def parse_case(content: str) -> FrameworkData:
    package = _case_package(content)
    data = _case_document(package["CFDocument"])
    report = _CaseReport()
    items = _case_items(package.get("CFItems") or [], data, report)
    _case_associations(package.get("CFAssociations") or [], data, items, report)
    # Items of unknown types: groups that hold others are areas, the rest competencies.
    holders = {item.parent for item in items.values() if item.parent}
    for identifier, item in items.items():
        if not item.kind:
            item.kind = CompetencyKind.AREA if identifier in holders else CompetencyKind.COMPETENCY
    for item in items.values():
        _check_lengths(item)
    data.items = _check_tree(list(items.values()))
    data.levels = _case_levels(package.get("CFRubrics"))
    data.notes = _case_notes(report)
    return data


# --- Writing -----------------------------------------------------------------------------------


def parse(*, content: bytes | str, file_format: str) -> FrameworkData:
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            _fail(_("The file must be encoded as UTF-8."))
    if file_format == "csv":
        return parse_csv(content)
    if file_format == "case":
        return parse_case(content)
    _fail(_("The format must be CSV or CASE."))


@transaction.atomic
def framework_import(
    *,
    content: bytes | str,
    file_format: str,
    organisation: Organisation | None,
    acting_user,
    slug: str = "",
) -> ImportResult:
    """Creates a new, unpublished framework from a CSV or CASE file, all or nothing."""
    if acting_user is not None and not can(
        acting_user, "competencies.import_framework", organisation
    ):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    data = parse(content=content, file_format=file_format)
    summary: list[str] = []
    identifier = data.identifier
    existing = Framework.objects.filter(case_identifier=identifier).first()
    if existing is not None:
        identifier = uuid.uuid4()
        summary.append(
            _("“%(title)s” already has this identifier; the copy got a new one.")
            % {"title": existing.title}
        )
    if slug and Framework.objects.filter(slug=slug).exists():
        _fail(_("Another framework already uses “%(slug)s”.") % {"slug": slug})
    framework = Framework.objects.create(
        organisation=organisation,
        title=data.title,
        slug=unique_slug(data.title, wanted=slug),
        description=data.description,
        language=data.language,
        version=data.version,
        publisher=data.publisher,
        uses_manager_ratings=data.uses_manager_ratings,
        case_identifier=identifier,
    )
    levels = data.levels
    if not levels:
        levels = [(value, str(label), str(d)) for value, label, d in DEFAULT_LEVELS]
        summary.append(_("The file has no proficiency scale; the default 0–4 scale was added."))
    ProficiencyLevel.objects.bulk_create(
        ProficiencyLevel(framework=framework, value=value, label=label, description=description)
        for value, label, description in sorted(levels)
    )
    pks: dict[uuid.UUID, int] = {}
    depth_groups: list[list[ItemData]] = []
    placed: set[uuid.UUID] = set()
    remaining = data.items  # parents first
    while remaining:
        group = [item for item in remaining if item.parent is None or item.parent in placed]
        depth_groups.append(group)
        placed |= {item.identifier for item in group}
        remaining = [item for item in remaining if item.identifier not in placed]
    texts = []
    for group in depth_groups:
        created = Competency.objects.bulk_create(
            [
                Competency(
                    framework=framework,
                    parent_id=pks[item.parent] if item.parent else None,
                    kind=item.kind,
                    code=item.code,
                    position=item.position,
                    case_identifier=item.identifier,
                )
                for item in group
            ],
            batch_size=BATCH,
        )
        for item, competency in zip(group, created, strict=True):
            pks[item.identifier] = competency.pk
            texts.extend(
                CompetencyText(
                    competency_id=competency.pk,
                    language=language,
                    title=title,
                    description=description,
                )
                for language, (title, description) in item.texts.items()
            )
    CompetencyText.objects.bulk_create(texts, batch_size=BATCH)
    fragments.bump(CATALOGUE)  # bulk_create sends no signals
    Framework.objects.filter(pk=framework.pk).update(updated_at=data.changed_at or timezone.now())
    framework.refresh_from_db()
    summary.insert(
        0,
        ngettext("Imported %(count)s item.", "Imported %(count)s items.", len(data.items))
        % {"count": f"{len(data.items):,}"},
    )
    return ImportResult(framework=framework, summary=summary + data.notes)


def detect_format(name: str) -> str:
    return "case" if re.search(r"\.json$", name, re.IGNORECASE) else "csv"
