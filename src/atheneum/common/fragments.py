"""Versioned caching of rendered fragments and prepared data.

A cached value is stored with the versions of the *tags* it depends on ("news", "events",
"coaching:programme:4" …) and used only while they are current. Changing data bumps its tags,
so the next request builds the value afresh; nothing is served stale and nothing has to be
found and deleted.

    html = fragments.cached(
        ["news:list", language, zone, page_number],
        tags=["news"],
        build=lambda: render_to_string("news/_list.html", {...}),
    )

Tags are bumped by the service that changes the data (`fragments.bump("news")`) or by
`bump_on_change(tag_for, Model, ...)` for models changed from many places (admin, imports).
A bump happens at once (so the same transaction and tests see it) and again after the
transaction commits, so a request that read the old rows during the transaction cannot keep
them under the new version. Keys never hold raw query strings: callers pass cleaned values.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

# A tag every cached value carries: bumping it makes everything stale (bulk loads, restores).
EVERYTHING = "everything"
TIMEOUT = 60 * 60 * 6  # seconds a fragment stays when nothing changes
VERSION_TIMEOUT = 60 * 60 * 24 * 30


def _build_id() -> str:
    """What identifies this release's code and templates: a deploy starts with empty fragments.

    Processes of the old release still running beside the new one keep their own keys, so
    neither serves the other's HTML. Computed once per process from the package's files."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if (
            path.suffix in {".py", ".html", ".mo", ".txt", ".md"}
            and "__pycache__" not in path.parts
        ):
            stat = path.stat()
            digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


BUILD = _build_id()


def _version_key(tag: str) -> str:
    return f"fragment-version:{tag}"


def _new_version() -> str:
    return uuid.uuid4().hex[:12]


def _current(keys: list[str], found: dict) -> list[str]:
    """The versions under `keys` from `found`, giving a version to any tag that has none.

    Missing versions are written in one round trip. Two processes racing here may overwrite
    each other's new version: that only costs a rebuild, since every version is new and no
    value was stored under the one that lost."""
    missing = {key: _new_version() for key in keys if key not in found}
    if missing:
        cache.set_many(missing, VERSION_TIMEOUT)
        found.update(missing)
    return [found[key] for key in keys]


def versions(tags: Iterable[str]) -> list[str]:
    """The current version of each tag (one cache round trip; a missing tag gets one)."""
    keys = [_version_key(tag) for tag in tags]
    return _current(keys, cache.get_many(keys))


def bump(*tags: str) -> None:
    """Makes every value cached under these tags stale, now and after the commit."""

    def new_versions():
        cache.set_many({_version_key(tag): _new_version() for tag in tags}, VERSION_TIMEOUT)

    new_versions()
    transaction.on_commit(new_versions)


def key_for(parts: Iterable[object], tags: Iterable[str]) -> str:
    raw = "\x1f".join([BUILD, *(str(part) for part in parts), "|", *tags])
    return "fragment:" + hashlib.sha256(raw.encode()).hexdigest()


def cached(parts: Iterable[object], *, tags: Iterable[str], build: Callable, timeout=TIMEOUT):
    """The value for these key parts under the tags' current versions, built when missing.

    One cache round trip when the value is there: the value is stored with the versions it was
    built under, read together with the current versions, and used only if they still match."""
    tags = [*tags, EVERYTHING]
    key = key_for(parts, tags)
    version_keys = [_version_key(tag) for tag in tags]
    found = cache.get_many([*version_keys, key])
    entry = found.pop(key, None)
    current = _current(version_keys, found)
    if entry is not None and entry[0] == current:
        return entry[1]
    value = build()
    cache.set(key, (current, value), timeout)
    return value


def bump_on_change(tag_for: Callable[[object], Iterable[str]], *models) -> Callable[[], None]:
    """Bumps `tag_for(instance)` whenever an instance of these models is saved or deleted.

    Returns a function that disconnects it again (for tests)."""

    def changed(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return  # fixtures and `loaddata`: the cache is cleared with the data
        action = kwargs.get("action")
        if action is not None and not action.startswith("post_"):
            return
        bump(*tag_for(instance))

    connected = []
    for model in models:
        uid = f"fragments:{model._meta.label}:{tag_for.__module__}.{tag_for.__qualname__}"
        connected += [(post_save, model, uid + ":save"), (post_delete, model, uid + ":delete")]
        connected += [
            (m2m_changed, field.remote_field.through, f"{uid}:{field.name}")
            for field in model._meta.many_to_many
        ]
    for signal, sender, uid in connected:
        signal.connect(changed, sender=sender, weak=False, dispatch_uid=uid)

    def disconnect():
        for signal, sender, uid in connected:
            signal.disconnect(sender=sender, dispatch_uid=uid)

    return disconnect
