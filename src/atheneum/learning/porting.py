"""Modules as folders: a `module.yaml` manifest beside Markdown, captions, transcripts and
media files (the format is described in docs/learning-import-format.md).

Import reads and checks the whole folder first — every error names the field path at fault,
such as ``topics[2].media[0].captions: file not found`` — and only then writes, inside one
transaction, so a bad folder imports nothing and stores no file. Export writes the same format;
importing an export gives back the same module (`canonical` compares them).
"""

import hashlib
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from atheneum.competencies.models import Competency
from atheneum.organisations.models import Organisation
from atheneum.organisations.rules import can

from . import authoring_services as services
from .enums import Level, Licence, MediaKind, QuestionKind
from .models import Choice, Exercise, Media, Module, Question, Resource, Topic

MANIFEST = "module.yaml"
FORMAT_VERSION = 1
MAX_TEXT_BYTES = 1024 * 1024
MAX_ZIP_BYTES = 300 * 1024 * 1024
MAX_ZIP_MEMBERS = 500
MAX_LIST_ITEMS = 200  # topics, questions, choices…: also bounds what YAML aliases can multiply
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


class PortingError(ValidationError):
    """A folder or archive that can't be imported; `messages` name each field path at fault."""


@dataclass
class _Plan:
    """Everything an import will write, read and checked before the first write."""

    fields: dict = field(default_factory=dict)
    competencies: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    questions: list = field(default_factory=list)


class _Reader:
    def __init__(self, root: Path, *, skip_unknown_competencies: bool = False):
        self.root = root.resolve()
        self.skip_unknown_competencies = skip_unknown_competencies
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    def file(self, path: str, relative, *, limit: int = MAX_TEXT_BYTES) -> tuple[str, bytes] | None:
        """The (name, bytes) of a file inside the folder, or None after recording why not."""
        if not isinstance(relative, str) or not relative.strip():
            self.error(path, _("expected a file path"))
            return None
        pure = PurePosixPath(relative)
        if pure.is_absolute() or ".." in pure.parts or "\\" in relative:
            self.error(path, _("the file must be inside the module folder"))
            return None
        target = (self.root / pure).resolve()
        if not target.is_relative_to(self.root) or not target.is_file():
            self.error(path, _("file not found"))
            return None
        if target.stat().st_size > limit:
            self.error(path, _("the file is too large"))
            return None
        return pure.name, target.read_bytes()

    def text(self, path: str, relative, *, required: bool = False) -> str:
        if relative in (None, "") and not required:
            return ""
        found = self.file(path, relative)
        if found is None:
            return ""
        try:
            return found[1].decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            self.error(path, _("the file is not UTF-8 text"))
            return ""

    def string(self, data: dict, path: str, key: str, *, required=False, max_length=None) -> str:
        value = data.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.error(f"{path}{key}", _("expected text"))
            return ""
        value = str(value).strip()
        if required and not value:
            self.error(f"{path}{key}", _("required"))
        if max_length and len(value) > max_length:
            self.error(
                f"{path}{key}",
                _("at most %(count)d characters") % {"count": max_length},
            )
        return value

    def items(self, data: dict, path: str, key: str) -> list:
        value = data.get(key) or []
        if not isinstance(value, list):
            self.error(f"{path}{key}", _("expected a list"))
            return []
        if len(value) > MAX_LIST_ITEMS:
            self.error(f"{path}{key}", _("at most %(count)d entries") % {"count": MAX_LIST_ITEMS})
            return []
        return value

    def mappings(self, data: dict, path: str, key: str):
        """(path, mapping) of each entry of a list of mappings, recording the others."""
        for index, value in enumerate(self.items(data, path, key)):
            here = f"{path}{key}[{index}]"
            if self.mapping(value, here) is not None:
                yield here, value

    def mapping(self, value, path: str) -> dict | None:
        if not isinstance(value, dict):
            self.error(path, _("expected a mapping of keys and values"))
            return None
        return value


def _max(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _read_module(reader: _Reader, data: dict, plan: _Plan) -> None:
    fields = plan.fields
    fields["slug"] = reader.string(data, "", "slug", required=True, max_length=_max(Module, "slug"))
    if fields["slug"] in services.RESERVED_SLUGS:
        reader.error("slug", _("this short name is used by the site's own pages"))
    elif fields["slug"] and not SLUG.fullmatch(fields["slug"]):
        reader.error("slug", _("use only letters, digits, hyphens and underscores"))
    fields["title"] = reader.string(
        data, "", "title", required=True, max_length=_max(Module, "title")
    )
    fields["summary"] = reader.string(
        data, "", "summary", required=True, max_length=_max(Module, "summary")
    )
    language = reader.string(data, "", "language") or "en"
    try:
        fields["language"] = services.check_language(language)
    except ValidationError:
        reader.error("language", _("not a language tag such as en, fr or pt-BR"))
    level = reader.string(data, "", "level") or Level.INTRODUCTORY
    if level not in Level.values:
        reader.error("level", _("one of %(values)s") % {"values": ", ".join(Level.values)})
    fields["level"] = level
    licence = reader.string(data, "", "licence") or Licence.CC_BY
    if licence not in Licence.values:
        reader.error("licence", _("one of %(values)s") % {"values": ", ".join(Licence.values)})
    fields["licence"] = licence
    fields["credits"] = reader.string(data, "", "credits", max_length=_max(Module, "credits"))
    for key, default, low, high in (
        ("estimated_minutes", 60, 1, 6000),
        ("pass_mark", 70, 0, 100),
    ):
        value = data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            reader.error(
                key,
                _("a whole number from %(low)d to %(high)d") % {"low": low, "high": high},
            )
            value = default
        fields[key] = value
    is_partner = data.get("is_partner", False)
    if not isinstance(is_partner, bool):
        reader.error("is_partner", _("true or false"))
    fields["is_partner"] = is_partner is True
    objectives = reader.items(data, "", "objectives")
    if not all(isinstance(line, str) for line in objectives):
        reader.error("objectives", _("expected a list of sentences"))
        objectives = []
    fields["objectives"] = "\n".join(line.strip() for line in objectives)
    fields["introduction"] = reader.text("introduction", data.get("introduction"))
    plan.competencies = _read_competencies(reader, data)


def _read_competencies(reader: _Reader, data: dict) -> list[Competency]:
    found = []
    for path, item in reader.mappings(data, "", "competencies"):
        framework = reader.string(item, f"{path}.", "framework", required=True)
        code = reader.string(item, f"{path}.", "code", required=True)
        competency = (
            Competency.objects.filter(
                framework__slug=framework, code=code, framework__is_published=True
            ).first()
            if framework and code
            else None
        )
        if competency is None and framework and code and not reader.skip_unknown_competencies:
            reader.error(
                path,
                _("no competency %(code)s in a published framework %(framework)s")
                % {"code": code, "framework": framework},
            )
        elif competency is not None:
            found.append(competency)
    return found


def _read_topic(reader: _Reader, item: dict, path: str) -> dict:
    topic = {
        "title": reader.string(item, path, "title", required=True, max_length=_max(Topic, "title")),
        "body": reader.text(f"{path}body", item.get("body")),
        "examples": reader.text(f"{path}examples", item.get("examples")),
        "exercises": [],
    }
    for here, exercise in reader.mappings(item, path, "exercises"):
        expects = exercise.get("expects_answer", True)
        if not isinstance(expects, bool):
            reader.error(f"{here}.expects_answer", _("true or false"))
        topic["exercises"].append(
            {
                "prompt": reader.string(
                    exercise,
                    f"{here}.",
                    "prompt",
                    required=True,
                    max_length=Exercise._meta.get_field("prompt").max_length,
                ),
                "expects_answer": expects is not False,
            }
        )
    topic["media"] = [
        _read_media(reader, media, here) for here, media in reader.mappings(item, path, "media")
    ]
    topic["resources"] = [
        _read_resource(reader, resource, here)
        for here, resource in reader.mappings(item, path, "resources")
    ]
    return topic


def _read_media(reader: _Reader, media: dict, here: str) -> dict:
    kind = reader.string(media, f"{here}.", "kind") or MediaKind.VIDEO
    if kind not in MediaKind.values:
        reader.error(f"{here}.kind", _("video or audio"))
    url = reader.string(media, f"{here}.", "url", max_length=_max(Media, "url"))
    file = None
    if media.get("file"):
        file = reader.file(f"{here}.file", media["file"], limit=services.MAX_MEDIA_BYTES)
        if file and services.media_content_type(file[1][:16]) is None:
            reader.error(f"{here}.file", _("not a WebM, MP4, Ogg or MP3 file"))
    if bool(url) == bool(media.get("file")):
        reader.error(here, _("give either url or file"))
    captions = None
    if media.get("captions"):
        captions = reader.file(f"{here}.captions", media["captions"])
        if captions:
            try:
                services.check_captions_bytes(captions[1], name=captions[0])
            except ValidationError:
                reader.error(f"{here}.captions", _("not a WebVTT file (must start with WEBVTT)"))
    captions_language = reader.string(media, f"{here}.", "captions_language") or "en"
    try:
        captions_language = services.check_language(captions_language)
    except ValidationError:
        reader.error(f"{here}.captions_language", _("not a language tag"))
    return {
        "title": reader.string(
            media, f"{here}.", "title", required=True, max_length=_max(Media, "title")
        ),
        "kind": kind,
        "url": url,
        "file": file,
        "captions": captions,
        "captions_language": captions_language,
        "transcript": reader.text(f"{here}.transcript", media.get("transcript")),
    }


def _read_resource(reader: _Reader, resource: dict, here: str) -> dict:
    url = reader.string(resource, f"{here}.", "url", max_length=_max(Resource, "url"))
    file = None
    if resource.get("file"):
        file = reader.file(f"{here}.file", resource["file"], limit=services.MAX_RESOURCE_BYTES)
        if file:
            try:
                services.check_resource_file(ContentFile(file[1], name=file[0]))
            except ValidationError:
                reader.error(f"{here}.file", _("not a PDF, an image or an office document"))
    if bool(url) == bool(resource.get("file")):
        reader.error(here, _("give either url or file"))
    return {
        "title": reader.string(
            resource, f"{here}.", "title", required=True, max_length=_max(Resource, "title")
        ),
        "description": reader.string(
            resource, f"{here}.", "description", max_length=_max(Resource, "description")
        ),
        "url": url,
        "file": file,
    }


def _read_question(reader: _Reader, item: dict, path: str) -> dict:
    kind = reader.string(item, path, "kind", required=True)
    if kind and kind not in QuestionKind.values:
        reader.error(
            f"{path}kind", _("one of %(values)s") % {"values": ", ".join(QuestionKind.values)}
        )
    choices = []
    for here, choice in reader.mappings(item, path, "choices"):
        correct = choice.get("correct", False)
        if not isinstance(correct, bool):
            reader.error(f"{here}.correct", _("true or false"))
        choices.append(
            {
                "text": reader.string(
                    choice, f"{here}.", "text", required=True, max_length=_max(Choice, "text")
                ),
                "is_correct": correct is True,
                "feedback": reader.string(choice, f"{here}.", "feedback"),
            }
        )
    if kind in QuestionKind.values:
        try:
            services.check_choices(kind, choices)
        except ValidationError as error:
            reader.error(f"{path}choices", " ".join(error.messages))
    return {
        "kind": kind,
        "text": reader.string(item, path, "text", required=True),
        "feedback": reader.string(item, path, "feedback"),
        "choices": choices,
    }


def read_folder(folder: Path, *, skip_unknown_competencies: bool = False) -> _Plan:
    """Reads and checks a module folder; raises PortingError listing every problem.
    Competencies not found are an error unless `skip_unknown_competencies` (for demo data,
    which may load before the frameworks)."""
    reader = _Reader(Path(folder), skip_unknown_competencies=skip_unknown_competencies)
    found = reader.file(MANIFEST, MANIFEST)
    if found is None:
        raise PortingError(reader.errors)
    try:
        data = yaml.safe_load(found[1].decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise PortingError([f"{MANIFEST}: {_('not valid YAML')} ({error})"]) from None
    if not isinstance(data, dict):
        raise PortingError([f"{MANIFEST}: {_('expected a mapping of keys and values')}"])
    if data.get("format", FORMAT_VERSION) != FORMAT_VERSION:
        reader.error("format", _("only format 1 is understood"))
    plan = _Plan()
    _read_module(reader, data, plan)
    for path, item in reader.mappings(data, "", "topics"):
        plan.topics.append(_read_topic(reader, item, f"{path}."))
    assessment = data.get("assessment") or {}
    if reader.mapping(assessment, "assessment") is not None:
        for path, item in reader.mappings(assessment, "assessment.", "questions"):
            plan.questions.append(_read_question(reader, item, f"{path}."))
    if reader.errors:
        raise PortingError(reader.errors)
    return plan


# --- Writing ----------------------------------------------------------------------------------


def _sync(existing: list, wanted: list, create, update) -> None:
    """Updates rows position by position (so learners' answers stay attached), creates the
    missing ones and deletes the rest."""
    for position, data in enumerate(wanted):
        if position < len(existing):
            update(existing[position], position, data)
        else:
            create(position, data)
    for row in existing[len(wanted) :]:
        row.delete()


def _save_file(field_file, found: tuple[str, bytes] | None) -> None:
    if found is not None:
        field_file.save(found[0], ContentFile(found[1]), save=False)


def _write_topic(topic: Topic, data: dict) -> None:
    def exercise(row, position, item):
        row.position, row.prompt, row.expects_answer = (
            position,
            item["prompt"],
            item["expects_answer"],
        )
        row.save()

    _sync(
        list(topic.exercises.order_by("position", "pk")),
        data["exercises"],
        lambda position, item: exercise(Exercise(topic=topic), position, item),
        exercise,
    )
    topic.media.all().delete()
    for position, item in enumerate(data["media"]):
        media = Media(
            topic=topic,
            position=position,
            kind=item["kind"],
            title=item["title"],
            url=item["url"],
            captions_language=item["captions_language"],
            transcript=item["transcript"],
        )
        _save_file(media.file, item["file"])
        _save_file(media.captions, item["captions"])
        media.save()
    topic.resources.all().delete()
    for position, item in enumerate(data["resources"]):
        resource = Resource(
            topic=topic,
            position=position,
            title=item["title"],
            description=item["description"],
            url=item["url"],
        )
        _save_file(resource.file, item["file"])
        resource.save()


def _write(module: Module, plan: _Plan) -> None:
    def topic(row, position, item):
        row.position, row.title, row.body, row.examples = (
            position,
            item["title"],
            item["body"],
            item["examples"],
        )
        row.save()
        _write_topic(row, item)

    _sync(
        list(module.topics.order_by("position", "pk")),
        plan.topics,
        lambda position, item: topic(Topic(module=module), position, item),
        topic,
    )

    def question(row, position, item):
        row.position, row.kind, row.text, row.feedback = (
            position,
            item["kind"],
            item["text"],
            item["feedback"],
        )
        row.save()
        services._set_choices(row, item["choices"])

    _sync(
        list(module.questions.order_by("position", "pk")),
        plan.questions,
        lambda position, item: question(Question(module=module), position, item),
        question,
    )


def import_folder(
    *,
    folder: Path,
    organisation: Organisation,
    acting_user,
    update: bool = False,
    skip_unknown_competencies: bool = False,
) -> Module:
    """Creates a draft module from a folder (or, with `update`, rewrites the module with the
    same slug in place, keeping its status, version and learners)."""
    plan = read_folder(folder, skip_unknown_competencies=skip_unknown_competencies)
    existing = Module.objects.filter(slug=plan.fields["slug"]).first()
    if existing is not None and not update:
        raise PortingError(
            [f"slug: {_('a module with this short name exists; choose update to replace it')}"]
        )
    with transaction.atomic():
        if existing is None:
            if acting_user is not None and not can(
                acting_user, "learning.add_module", organisation
            ):
                raise PermissionDenied
            module = Module.objects.create(
                organisation=organisation, created_by=acting_user, **plan.fields
            )
            if acting_user is not None:
                module.authors.set([acting_user])
        else:
            module = existing
            if existing.organisation_id != organisation.pk:
                raise PortingError([f"slug: {_('the module belongs to another organisation')}"])
            if acting_user is not None and not can(acting_user, "learning.change_module", module):
                raise PermissionDenied
            for name, value in plan.fields.items():
                setattr(module, name, value)
            module.save()
        module.competencies.set(plan.competencies)
        _write(module, plan)
    return module


# --- Export -----------------------------------------------------------------------------------


def _file_name(field_file) -> str:
    return PurePosixPath(field_file.name).name


def manifest_and_files(module: Module) -> tuple[dict, dict[str, bytes]]:
    """The manifest of a module, and the files it refers to by their paths in the folder."""
    files: dict[str, bytes] = {}

    def put(path: str, content: bytes) -> str:
        files[path] = content
        return path

    def put_text(path: str, text: str) -> str | None:
        return put(path, text.encode("utf-8")) if text else None

    def put_file(folder: str, field_file) -> str | None:
        if not field_file:
            return None
        path = f"{folder}/{_file_name(field_file)}"
        if path in files:
            path = f"{folder}/{len(files)}-{_file_name(field_file)}"
        with field_file.open("rb") as handle:
            return put(path, handle.read())

    manifest: dict = {
        "format": FORMAT_VERSION,
        "slug": module.slug,
        "title": module.title,
        "summary": module.summary,
        "language": module.language,
        "level": module.level,
        "estimated_minutes": module.estimated_minutes,
        "licence": module.licence,
        "credits": module.credits,
        "is_partner": module.is_partner,
        "pass_mark": module.pass_mark,
        "objectives": [line for line in module.objectives.splitlines() if line.strip()],
        "competencies": [
            {"framework": c.framework.slug, "code": c.code}
            for c in module.competencies.select_related("framework").order_by(
                "framework__slug", "code"
            )
        ],
        "introduction": put_text("introduction.md", module.introduction),
        "topics": [],
        "assessment": {"questions": []},
    }
    topics = module.topics.prefetch_related("exercises", "media", "resources")
    for number, topic in enumerate(topics, start=1):
        folder = f"topics/{number:02d}"
        entry = {
            "title": topic.title,
            "body": put_text(f"{folder}/body.md", topic.body),
            "examples": put_text(f"{folder}/examples.md", topic.examples),
            "exercises": [
                {"prompt": e.prompt, "expects_answer": e.expects_answer}
                for e in topic.exercises.all()
            ],
            "media": [],
            "resources": [],
        }
        for index, media in enumerate(topic.media.all(), start=1):
            entry["media"].append(
                {
                    "title": media.title,
                    "kind": media.kind,
                    "url": media.url or None,
                    "file": put_file(f"{folder}/media", media.file),
                    "captions": put_file(f"{folder}/media", media.captions),
                    "captions_language": media.captions_language,
                    "transcript": put_text(
                        f"{folder}/media/transcript-{index}.txt", media.transcript
                    ),
                }
            )
        for resource in topic.resources.all():
            entry["resources"].append(
                {
                    "title": resource.title,
                    "description": resource.description,
                    "url": resource.url or None,
                    "file": put_file(f"{folder}/resources", resource.file),
                }
            )
        manifest["topics"].append(_without_empty(entry))
    for question in module.questions.prefetch_related("choices"):
        manifest["assessment"]["questions"].append(
            _without_empty(
                {
                    "kind": question.kind,
                    "text": question.text,
                    "feedback": question.feedback,
                    "choices": [
                        _without_empty(
                            {"text": c.text, "correct": c.is_correct, "feedback": c.feedback}
                        )
                        for c in question.choices.all()
                    ],
                }
            )
        )
    return _without_empty(manifest), files


def _without_empty(data: dict) -> dict:
    cleaned = {}
    for key, value in data.items():
        if isinstance(value, list):
            cleaned[key] = [_without_empty(v) if isinstance(v, dict) else v for v in value]
        elif value is None or value == "":
            continue
        else:
            cleaned[key] = value
    return cleaned


def _dump(manifest: dict) -> bytes:
    return yaml.safe_dump(
        manifest, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    ).encode("utf-8")


def export_folder(*, module: Module, folder: Path) -> None:
    manifest, files = manifest_and_files(module)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).write_bytes(_dump(manifest))
    for path, content in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def export_zip(*, module: Module) -> bytes:
    manifest, files = manifest_and_files(module)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{module.slug}/{MANIFEST}", _dump(manifest))
        for path, content in files.items():
            archive.writestr(f"{module.slug}/{path}", content)
    return buffer.getvalue()


def _safe_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise PortingError(
            [_("The archive holds more than %(count)d files.") % {"count": MAX_ZIP_MEMBERS}]
        )
    if sum(member.file_size for member in members) > MAX_ZIP_BYTES:
        raise PortingError([_("The archive is larger than 300 MB when unpacked.")])
    for member in members:
        pure = PurePosixPath(member.filename)
        if (
            pure.is_absolute()
            or ".." in pure.parts
            or "\\" in member.filename
            or ":" in member.filename
            or member.external_attr >> 28 == 0o12  # a symbolic link
        ):
            raise PortingError(
                [
                    _("The archive holds a file outside its folder: %(name)s")
                    % {"name": member.filename}
                ]
            )
    return members


def import_zip(
    *, uploaded, organisation: Organisation, acting_user, update: bool = False
) -> Module:
    """Imports an uploaded .zip of a module folder (at its root or in one top folder)."""
    try:
        archive = zipfile.ZipFile(uploaded)
    except (zipfile.BadZipFile, OSError):
        raise PortingError([_("The file is not a zip archive.")]) from None
    with archive, tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        for member in _safe_members(archive):
            if member.is_dir():
                continue
            target = root / member.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as source, target.open("wb") as sink:
                copied = 0
                while chunk := source.read(1024 * 1024):
                    copied += len(chunk)
                    if copied > member.file_size or copied > MAX_ZIP_BYTES:
                        raise PortingError([_("The archive's sizes are not what it claims.")])
                    sink.write(chunk)
        if not (root / MANIFEST).is_file():
            folders = [p for p in root.iterdir() if p.is_dir()]
            if len(folders) == 1 and (folders[0] / MANIFEST).is_file():
                root = folders[0]
        return import_folder(
            folder=root, organisation=organisation, acting_user=acting_user, update=update
        )


def canonical(module: Module) -> dict:
    """The module's content as plain data with file contents hashed, to compare two modules."""
    manifest, files = manifest_and_files(module)
    digests = {path: hashlib.sha256(content).hexdigest() for path, content in files.items()}

    def resolve(value):
        if isinstance(value, dict):
            return {key: resolve(item) for key, item in value.items()}
        if isinstance(value, list):
            return [resolve(item) for item in value]
        if isinstance(value, str) and value in digests:
            return digests[value]
        return value

    return resolve(manifest)
