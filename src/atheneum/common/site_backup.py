"""A whole site in one archive: every app's rows and every uploaded file they point to.

`export_site` writes `manifest.json`, `data.json` (Django's JSON serialisation) and `media/<name>`
for each stored file, as a zip or as a plain directory. `import_site` checks the whole archive
first (format, migrations, names, sizes, sha256 of every part) and only then loads the rows and
writes the files inside one transaction, so an archive that fails a check changes nothing.

Rows keep their primary keys, so references between them need no lookups. Content types and
permissions are different: `migrate` recreates them on every server with ids of its own, so they
are never exported and every reference to them is written by natural key
(`["translations", "campaign"]`), as `dumpdata --natural-foreign` would.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import json
import os
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

import django
from django.apps import apps
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JsonSerializer
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models import Prefetch
from django.utils import timezone

from atheneum.common import fragments

FORMAT = "atheneum-site"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.json"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
# data.json is parsed in memory (as `loaddata` does); media files are streamed.
MAX_DATA_BYTES = 4 * 1024**3
DEFAULT_MAX_TOTAL_BYTES = 200 * 1024**3

# Third-party rows worth keeping besides every model of the atheneum.* apps.
THIRD_PARTY_MODELS = ("sites.Site", "auth.Group", "account.EmailAddress", "mfa.Authenticator")
# Recreated by `migrate` on every server: referred to by natural key, never exported.
RECREATED_MODELS = ("contenttypes.ContentType", "auth.Permission")
# Deliberately left out, and why; a test checks every installed model is in one of the lists.
SKIPPED_MODELS = {
    "admin.LogEntry": "the admin's change history, not site content",
    "sessions.Session": "sign-ins end with a move; people sign in again",
    "account.EmailConfirmation": "pending confirmation links expire within days",
    "axes.AccessAttempt": "lockout counters",
    "axes.AccessAttemptExpiration": "lockout counters",
    "axes.AccessFailureLog": "a security log kept by the old server",
    "axes.AccessLog": "a security log kept by the old server",
}
# Emptied along with the restored tables by --replace, so no old sign-in outlives the data.
REPLACE_ALSO_FLUSHES = ("sessions.Session",)
# Already compressed: stored as they are instead of deflated again.
STORED_SUFFIXES = {
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".mp4", ".m4v", ".webm", ".mov",
    ".mp3", ".m4a", ".ogg", ".oga", ".opus", ".zip", ".gz", ".xz", ".bz2", ".7z", ".pdf",
    ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub",
}  # fmt: skip


class BackupError(Exception):
    """The archive or the database is not fit for the requested export or import."""


# --- What is exported --------------------------------------------------------------------------


def _get_models(labels: Iterable[str]) -> list[type[models.Model]]:
    """The installed models among `labels` ("app_label.ModelName"); absent apps are skipped."""
    found = []
    for label in labels:
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue
    return found


def backup_models() -> list[type[models.Model]]:
    """Every model whose rows the archive holds, in an order that loads (dependencies first)."""
    app_list: dict = {}
    for config in apps.get_app_configs():
        if config.name.startswith("atheneum."):
            chosen = [
                model
                for model in config.get_models()
                if model._meta.managed and not model._meta.proxy
            ]
            if chosen:
                app_list[config] = chosen
    for model in _get_models(THIRD_PARTY_MODELS):
        app_list.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    return serializers.sort_dependencies(app_list.items(), allow_cycles=True)


def _recreated_models() -> tuple[type[models.Model], ...]:
    return tuple(_get_models(RECREATED_MODELS))


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _through_models(model: type[models.Model]) -> list[type[models.Model]]:
    return [
        f.remote_field.through
        for f in model._meta.local_many_to_many
        if f.remote_field.through._meta.auto_created
    ]


class _Encoder(DjangoJSONEncoder):
    """Keeps microseconds, which DjangoJSONEncoder cuts to milliseconds: a restored row keeps
    its exact time (and rows made in the same millisecond keep their order)."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and o.utcoffset() is None:
            return o.isoformat()
        return super().default(o)


class _Serializer(JsonSerializer):
    """Django's JSON serialiser, using natural keys only for the rows `migrate` recreates.

    Every other reference stays a primary key: the rows keep theirs, so loading needs no
    lookup per reference (plain `--natural-foreign` would look up every user by email).
    """

    recreated: tuple = ()

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model in self.recreated
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model in self.recreated
        super().handle_m2m_field(obj, field)


def _rows(
    model_list: list[type[models.Model]], counts: dict[str, int], media: set[str]
) -> Iterator[models.Model]:
    """Every row in primary-key order (so two exports of the same data are identical), noting
    the counts and the stored files as it goes."""
    recreated = _recreated_models()
    for model in model_list:
        queryset = model._base_manager.order_by(model._meta.pk.name)
        natural = [
            f.name
            for f in model._meta.concrete_fields
            if f.remote_field and f.remote_field.model in recreated
        ]
        if natural:
            queryset = queryset.select_related(*natural)
        for m2m in model._meta.local_many_to_many:
            if not m2m.remote_field.through._meta.auto_created:
                continue
            related = m2m.remote_field.model._base_manager.order_by("pk")
            if m2m.remote_field.model._meta.label == "auth.Permission":
                related = related.select_related("content_type")
            queryset = queryset.prefetch_related(Prefetch(m2m.name, queryset=related))
        file_fields = _file_fields(model)
        label = model._meta.label_lower
        counts[label] = 0
        for obj in queryset.iterator(chunk_size=1000):
            counts[label] += 1
            for file_field in file_fields:
                name = getattr(obj, file_field.attname).name
                if name:
                    media.add(name)
            yield obj


def _applied_migrations(app_labels: Iterable[str]) -> dict[str, list[str]]:
    wanted = set(app_labels)
    applied = MigrationLoader(connection, ignore_no_migrations=True).applied_migrations
    found: dict[str, list[str]] = {label: [] for label in sorted(wanted)}
    for app_label, name in applied:
        if app_label in wanted:
            found[app_label].append(name)
    return {label: sorted(names) for label, names in found.items()}


def safe_name(name: str) -> bool:
    """A storage name that cannot leave the storage or the archive: relative, no `..`."""
    if not isinstance(name, str) or not name or len(name) > 1024:
        return False
    if (
        "\\" in name
        or "\x00" in name
        or name.startswith("/")
        or ":" in name.split("/", maxsplit=1)[0]
    ):
        return False
    return all(part not in {"", ".", ".."} for part in PurePosixPath(name).parts) and (
        not name.endswith("/")
    )


# --- Archive writers and readers -----------------------------------------------------------------


class _HashingSink(io.RawIOBase):
    """Passes bytes on to `target`, hashing and counting them."""

    def __init__(self, target: IO[bytes]):
        self.target = target
        self.sha256 = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.sha256.update(data)
        self.size += len(data)
        self.target.write(data)
        return len(data)


class _ZipWriter:
    def __init__(self, path: Path):
        self.zip = zipfile.ZipFile(path, "w", allowZip64=True)
        self.when = timezone.now().timetuple()[:6]

    def open(self, name: str) -> IO[bytes]:
        info = zipfile.ZipInfo(name, date_time=self.when)
        stored = PurePosixPath(name).suffix.lower() in STORED_SUFFIXES
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        return self.zip.open(info, "w", force_zip64=True)

    def close(self) -> None:
        self.zip.close()


class _DirWriter:
    def __init__(self, path: Path):
        self.root = path
        self.root.mkdir()

    def open(self, name: str) -> IO[bytes]:
        target = self.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        return target.open("xb")

    def close(self) -> None:
        pass


class _ZipReader:
    def __init__(self, path: Path):
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            raise BackupError(f"{path} is not a readable zip archive ({error}).") from error
        self.sizes: dict[str, int] = {}
        for info in self.zip.infolist():
            if info.is_dir():
                continue
            if not safe_name(info.filename):
                raise BackupError(f"{info.filename!r}: unsafe name in the archive.")
            if info.filename in self.sizes:
                raise BackupError(f"{info.filename}: appears twice in the archive.")
            self.sizes[info.filename] = info.file_size

    def open(self, name: str) -> IO[bytes]:
        # Reads stop at the declared size, so a crafted entry cannot inflate beyond it.
        return self.zip.open(name)

    def close(self) -> None:
        self.zip.close()


class _DirReader:
    def __init__(self, path: Path):
        self.root = path.resolve()
        self.sizes = {}
        for dirpath, _dirs, filenames in os.walk(self.root):
            for filename in filenames:
                full = Path(dirpath) / filename
                name = full.relative_to(self.root).as_posix()
                if full.is_symlink() or not full.is_file() or not safe_name(name):
                    raise BackupError(f"{name!r}: not a plain file with a safe name.")
                self.sizes[name] = full.stat().st_size

    def open(self, name: str) -> IO[bytes]:
        return (self.root / name).open("rb")

    def close(self) -> None:
        pass


def _copy(source: IO[bytes], target: IO[bytes], *, limit: int | None = None) -> tuple[str, int]:
    """Streams source to target (if any) in chunks; returns its sha256 and size."""
    sha256 = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        size += len(chunk)
        if limit is not None and size > limit:
            raise BackupError("larger than the manifest says")
        sha256.update(chunk)
        if target is not None:
            target.write(chunk)
    return sha256.hexdigest(), size


# --- Export ----------------------------------------------------------------------------------


@contextlib.contextmanager
def _snapshot():
    """One consistent view of the data while it is read (PostgreSQL: REPEATABLE READ)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


@dataclass
class ExportResult:
    manifest: dict
    path: Path
    missing: list[str] = field(default_factory=list)


def export_site(path: Path, *, as_directory: bool = False) -> ExportResult:
    """Writes the archive to `path` (a new .zip, or a new directory) and returns its manifest.

    The archive is written beside `path` under a `.partial` name and renamed when complete, so
    `path` is either a whole archive or absent.
    """
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists; choose a new name.")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a directory.")
    partial = path.with_name(path.name + ".partial")
    if partial.exists():
        raise BackupError(f"{partial} exists (an interrupted export?); remove it first.")
    writer = _DirWriter(partial) if as_directory else _ZipWriter(partial)
    try:
        manifest, missing = _write_archive(writer)
        writer.close()
        partial.rename(path)
    except BaseException:
        writer.close()
        if partial.is_dir():
            shutil.rmtree(partial)
        else:
            partial.unlink(missing_ok=True)
        raise
    return ExportResult(manifest=manifest, path=path, missing=missing)


def _write_archive(writer) -> tuple[dict, list[str]]:
    model_list = backup_models()
    counts: dict[str, int] = {}
    media: set[str] = set()
    files: dict[str, dict] = {}
    serializer = _Serializer()
    serializer.recreated = _recreated_models()
    with _snapshot():
        migrations = _applied_migrations({m._meta.app_label for m in model_list})
        with writer.open(DATA) as raw:
            sink = _HashingSink(raw)
            text = io.TextIOWrapper(io.BufferedWriter(sink, CHUNK), encoding="utf-8")
            serializer.serialize(_rows(model_list, counts, media), stream=text, cls=_Encoder)
            text.close()
        files[DATA] = {"sha256": sink.sha256.hexdigest(), "size": sink.size}

    # Outside the transaction: files are read after the rows, without holding the database.
    missing = []
    for name in sorted(media):
        if not safe_name(name):
            raise BackupError(f"{name!r}: a stored file name that cannot be archived safely.")
        try:
            source = default_storage.open(name, "rb")
        except (FileNotFoundError, OSError):
            missing.append(name)
            continue
        with source, writer.open(MEDIA_PREFIX + name) as target:
            sha256, size = _copy(source, target)
        files[MEDIA_PREFIX + name] = {"sha256": sha256, "size": size}

    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created": timezone.now().isoformat(),
        "atheneum_version": _atheneum_version(),
        "django_version": django.get_version(),
        "database_vendor": connection.vendor,
        "migrations": migrations,
        "models": counts,
        "files": files,
        "missing_media": missing,
    }
    with writer.open(MANIFEST) as target:
        target.write(json.dumps(manifest, indent=2, ensure_ascii=False).encode())
    return manifest, missing


def _atheneum_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("atheneum")
    except PackageNotFoundError:
        return "unknown"


# --- Import ----------------------------------------------------------------------------------


@dataclass
class ImportResult:
    manifest: dict
    counts: dict[str, int]
    media: int
    warnings: list[str] = field(default_factory=list)


def import_site(
    path: Path,
    *,
    replace: bool = False,
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Restores an archive made by `export_site` into this database and default storage.

    Refuses (raising BackupError, changing nothing) when the archive fails any check or, unless
    `replace`, when the database already holds site data. With `replace`, the restored tables are
    emptied first, in the same transaction as the load.
    """
    path = Path(path)
    say = progress or (lambda message: None)
    if path.is_dir():
        reader = _DirReader(path)
    elif path.is_file():
        reader = _ZipReader(path)
    else:
        raise BackupError(f"{path} does not exist.")
    try:
        manifest = _read_manifest(reader)
        model_list = backup_models()
        warnings = _check_compatible(manifest, model_list)
        _check_contents(reader, manifest, max_total_bytes)
        say("Archive checked: every part matches its checksum.")
        counts, media = _restore(reader, manifest, model_list, replace=replace, say=say)
    finally:
        reader.close()
    # The rows were loaded raw (no signals): nothing cached before the restore may be shown.
    fragments.bump(fragments.EVERYTHING)
    return ImportResult(manifest=manifest, counts=counts, media=media, warnings=warnings)


def _read_manifest(reader) -> dict:
    size = reader.sizes.get(MANIFEST)
    if size is None:
        raise BackupError(f"{MANIFEST} is missing: this is not a site archive.")
    if size > MAX_MANIFEST_BYTES:
        raise BackupError(f"{MANIFEST} is implausibly large ({size} bytes).")
    with reader.open(MANIFEST) as source:
        try:
            manifest = json.loads(source.read(MAX_MANIFEST_BYTES + 1))
        except (ValueError, UnicodeDecodeError) as error:
            raise BackupError(f"{MANIFEST} is not valid JSON ({error}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} does not describe an Atheneum site archive.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"Archive format version {manifest.get('format_version')!r} is not supported "
            f"(this Atheneum reads version {FORMAT_VERSION})."
        )
    for key, kind in (("files", dict), ("models", dict), ("migrations", dict)):
        if not isinstance(manifest.get(key), kind):
            raise BackupError(f"{MANIFEST} lacks its {key!r} section.")
    return manifest


def _check_compatible(manifest: dict, model_list: list[type[models.Model]]) -> list[str]:
    known = {model._meta.label_lower for model in model_list}
    unknown = sorted(set(manifest["models"]) - known)
    if unknown:
        raise BackupError(
            "The archive holds rows of models this site does not have: " + ", ".join(unknown)
        )
    here = _applied_migrations(manifest["migrations"])
    ahead = sorted(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in set(names) - set(here.get(app, []))
    )
    if ahead:
        raise BackupError(
            "The archive was made after migrations this database lacks ("
            + ", ".join(ahead)
            + "). Install the same Atheneum version and run `manage.py migrate` first."
        )
    behind = sorted(
        f"{app}.{name}"
        for app, names in here.items()
        for name in set(names) - set(manifest["migrations"].get(app, []))
    )
    if behind:
        return [
            "This database has migrations the archive predates ("
            + ", ".join(behind)
            + "); restoring on the version that made the archive, then upgrading, is safer."
        ]
    return []


def _check_contents(reader, manifest: dict, max_total_bytes: int) -> None:
    """Every part listed is present with its size and sha256, and nothing else is there."""
    files = manifest["files"]
    _check_listing(reader, files, max_total_bytes)
    for name, entry in files.items():
        if reader.sizes[name] != entry["size"]:
            raise BackupError(f"{name}: its size does not match the manifest.")
        with reader.open(name) as source:
            try:
                sha256, size = _copy(source, None, limit=entry["size"])
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                raise BackupError(f"{name}: unreadable ({error}).") from error
            except BackupError as error:
                raise BackupError(f"{name}: {error}.") from error
        if sha256 != entry.get("sha256") or size != entry["size"]:
            raise BackupError(f"{name}: its checksum does not match the manifest.")


def _check_listing(reader, files: dict, max_total_bytes: int) -> None:
    if DATA not in files:
        raise BackupError(f"{MANIFEST} does not list {DATA}.")
    for name, entry in files.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("size"), int):
            raise BackupError(f"{name}: the manifest entry is malformed.")
        if name != DATA and not (
            name.startswith(MEDIA_PREFIX) and safe_name(name[len(MEDIA_PREFIX) :])
        ):
            raise BackupError(f"{name!r}: unsafe or unexpected name in the manifest.")
        if name not in reader.sizes:
            raise BackupError(f"{name}: listed in the manifest but missing from the archive.")
    extra = sorted(set(reader.sizes) - set(files) - {MANIFEST})
    if extra:
        raise BackupError(f"{extra[0]}: in the archive but not in the manifest.")
    total = sum(entry["size"] for entry in files.values())
    if total > max_total_bytes:
        raise BackupError(f"The archive unpacks to {total} bytes, over the limit.")
    if files[DATA]["size"] > MAX_DATA_BYTES:
        raise BackupError(f"{DATA} is larger than {MAX_DATA_BYTES} bytes.")


def site_data_present(model_list: list[type[models.Model]] | None = None) -> list[str]:
    """The models that already hold rows (the default site row does not count)."""
    site_model = _get_models(["sites.Site"])
    return [
        model._meta.label_lower
        for model in model_list or backup_models()
        if model not in site_model and model._base_manager.exists()
    ]


def _restore(reader, manifest, model_list, *, replace: bool, say) -> tuple[dict[str, int], int]:
    allowed = set(model_list)
    preexisting = set(_get_models(["sites.Site"]))
    with transaction.atomic():
        if replace:
            _flush(model_list)
            say("Emptied the tables the archive restores.")
        else:
            present = site_data_present(model_list)
            if present:
                raise BackupError(
                    "The database already holds site data ("
                    + ", ".join(present[:5])
                    + (", …" if len(present) > 5 else "")
                    + "). Import into a freshly migrated database, or pass --replace."
                )
        counts = dict.fromkeys(manifest["models"], 0)
        deferred = []
        try:
            with connection.constraint_checks_disabled(), reader.open(DATA) as source:
                for item in serializers.deserialize("json", source, handle_forward_references=True):
                    model = type(item.object)
                    if model not in allowed:
                        raise BackupError(f"{DATA} holds rows of {model._meta.label}.")
                    # The tables were empty (bar the default site), so skip the UPDATE try.
                    item.save(force_insert=model not in preexisting)
                    if item.deferred_fields:
                        deferred.append(item)
                    label = model._meta.label_lower
                    counts[label] = counts.get(label, 0) + 1
            for item in deferred:
                item.save_deferred_fields()
            tables = [m._meta.db_table for m in model_list]
            tables += [t._meta.db_table for m in model_list for t in _through_models(m)]
            connection.check_constraints(table_names=tables)
        except (DeserializationError, IntegrityError, DatabaseError, ObjectDoesNotExist) as error:
            raise BackupError(f"{DATA} could not be loaded: {error}") from error
        if counts != manifest["models"]:
            wrong = sorted(k for k in counts if counts[k] != manifest["models"].get(k))
            raise BackupError(f"{DATA}: row counts differ from the manifest for {wrong}.")
        say(f"Loaded {sum(counts.values())} rows.")
        _reset_sequences(model_list)
        media = _write_media(reader, manifest)
        say(f"Wrote {media} files to storage.")
    return counts, media


def _flush(model_list: list[type[models.Model]]) -> None:
    """Empties the restored tables and every table that refers to them (found from the models,
    which is much quicker than asking SQLite for its reference graph)."""
    emptied = {*model_list, *_get_models(REPLACE_ALSO_FLUSHES)}
    emptied.update(through for model in list(emptied) for through in _through_models(model))
    every = [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy]
    grew = True
    while grew:
        referring = {
            model
            for model in every
            if model not in emptied
            and any(
                f.remote_field.model._meta.concrete_model in emptied
                for f in model._meta.concrete_fields
                if f.remote_field
            )
        }
        emptied |= referring
        grew = bool(referring)
    tables = sorted({model._meta.db_table for model in emptied if model._meta.managed})
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=False)
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with deferred checks still queued by this transaction.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    connection.ops.execute_sql_flush(statements)


def _reset_sequences(model_list: list[type[models.Model]]) -> None:
    """New rows get ids after the restored ones (PostgreSQL sequences don't follow inserts)."""
    every = [*model_list]
    every.extend(through for model in model_list for through in _through_models(model))
    statements = connection.ops.sequence_reset_sql(no_style(), every)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _write_media(reader, manifest: dict) -> int:
    """Writes the files under their old names; runs inside the load's transaction so a storage
    failure rolls the rows back too (files already written stay behind, unreferenced)."""
    written = 0
    for entry_name, entry in manifest["files"].items():
        if not entry_name.startswith(MEDIA_PREFIX):
            continue
        name = entry_name[len(MEDIA_PREFIX) :]
        with reader.open(entry_name) as source:
            content = File(source, name=PurePosixPath(name).name)
            content.size = entry["size"]
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, content)
        if saved != name:
            default_storage.delete(saved)
            raise BackupError(f"{entry_name}: storage saved it as {saved!r}, not under its name.")
        written += 1
    return written
