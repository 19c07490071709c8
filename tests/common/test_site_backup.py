"""export_site / import_site: the demo site survives a round trip through an archive unchanged."""

import datetime
import io
import json
import re
import zipfile
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from atheneum.accounts.models import User
from atheneum.common.demo import load_demo
from atheneum.common.site_backup import (
    DATA,
    MANIFEST,
    MEDIA_PREFIX,
    RECREATED_MODELS,
    SKIPPED_MODELS,
    backup_models,
)
from atheneum.learning.models import Module
from atheneum.portfolio.enums import ActivityKind, LearningMode
from atheneum.portfolio.models import Activity, Evidence
from atheneum.translations.models import Campaign
from tests.factories import UserFactory

EVIDENCE_BYTES = b"%PDF-1.4\n% a certificate of attendance\n%%EOF\n"
UPLOADED_AT = datetime.datetime(2026, 10, 5, 12, 30, 1, 7, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _own_storage_and_content_types(settings):
    """A fresh in-memory storage per test (no other test's files), and no content type ids
    remembered from a transaction that was rolled back."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    yield
    ContentType.objects.clear_cache()


def _stored_files(path: str = "") -> dict[str, bytes]:
    directories, files = default_storage.listdir(path)
    found = {}
    for filename in files:
        name = f"{path}/{filename}" if path else filename
        with default_storage.open(name, "rb") as handle:
            found[name] = handle.read()
    for directory in directories:
        found.update(_stored_files(f"{path}/{directory}" if path else directory))
    return found


def _clear_storage() -> None:
    for name in _stored_files():
        default_storage.delete(name)


def _row_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in backup_models()}


def _add_evidence(owner) -> Evidence:
    start = datetime.datetime(2026, 10, 5, 9, tzinfo=datetime.UTC)
    activity = Activity.objects.create(
        owner=owner,
        title="Inclusive storytime workshop",
        kind=ActivityKind.COURSE,
        mode=LearningMode.SELF_DIRECTED,
        start=start,
        end=start + datetime.timedelta(hours=3),
        hours=Decimal("3.00"),
    )
    evidence = Evidence(
        activity=activity,
        original_name="certificate.pdf",
        content_type="application/pdf",
        size=len(EVIDENCE_BYTES),
    )
    evidence.file.save("certificate.pdf", ContentFile(EVIDENCE_BYTES), save=True)
    # Exact to the microsecond, which Django's JSON encoder alone would round to milliseconds.
    Evidence.objects.filter(pk=evidence.pk).update(uploaded_at=UPLOADED_AT)
    return evidence


def _export_and_forget(path, make_data) -> dict:
    """Builds data, exports it, then rolls the rows back and empties storage: afterwards the
    site is freshly migrated and the archive is the only copy. Returns what make_data gave
    plus the row counts and files at export time."""
    with transaction.atomic():
        made = make_data()
        call_command("export_site", str(path), stdout=io.StringIO())
        made.update(counts=_row_counts(), stored=_stored_files())
        transaction.set_rollback(True)
    _clear_storage()
    ContentType.objects.clear_cache()
    return made


@pytest.fixture
def small_archive(db, tmp_path):
    path = tmp_path / "small.zip"
    made = _export_and_forget(
        path, lambda: {"evidence": _add_evidence(UserFactory(email="kept@example.org"))}
    )
    return path, MEDIA_PREFIX + made["evidence"].file.name


def test_backup_models_cover_every_installed_model():
    handled = {m._meta.label for m in backup_models()} | set(RECREATED_MODELS)
    handled |= set(SKIPPED_MODELS)
    installed = {m._meta.label for m in apps.get_models()}

    assert installed - handled == set()
    assert {"translations.Campaign", "account.EmailAddress", "mfa.Authenticator"} <= handled


def _demo_with_upload_and_generic_source() -> dict:
    result = load_demo()
    evidence = _add_evidence(result["users"]["member"])
    module = Module.objects.order_by("pk").first()
    Campaign.objects.update(
        source_content_type=ContentType.objects.get_for_model(Module), source_object_id=module.pk
    )
    return {"evidence": evidence, "module_pk": module.pk}


def test_import_site_restores_every_row_and_file(db, tmp_path):
    archive = tmp_path / "site.zip"
    made = _export_and_forget(archive, _demo_with_upload_and_generic_source)
    assert sum(_row_counts().values()) == 1  # only the default site row is left
    # Content types get other ids on another server: move the campaign source's one.
    ContentType.objects.get_for_model(Module).delete()
    ContentType.objects.clear_cache()
    module_type = ContentType.objects.get_for_model(Module)
    out = io.StringIO()

    call_command("import_site", str(archive), stdout=out)

    assert _row_counts() == made["counts"]
    assert all(made["counts"][m] > 0 for m in ("accounts.user", "mfa.authenticator"))
    campaign = Campaign.objects.get()
    assert campaign.source_content_type_id == module_type.pk
    assert campaign.source_object == Module.objects.get(pk=made["module_pk"])
    evidence = Evidence.objects.get(pk=made["evidence"].pk)
    assert (evidence.file.read(), evidence.uploaded_at) == (EVIDENCE_BYTES, UPLOADED_AT)
    assert _stored_files() == made["stored"]
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read(MANIFEST))
        data = opened.read(DATA)
    assert set(manifest["files"]) == {DATA} | {MEDIA_PREFIX + n for n in made["stored"]}
    assert manifest["models"] == made["counts"]
    assert re.search(r"Imported \d+ rows and \d+ files", out.getvalue())

    again = tmp_path / "again"
    call_command("export_site", str(again), "--dir", stdout=io.StringIO())

    assert (again / DATA).read_bytes() == data
    for name, content in made["stored"].items():
        assert (again / MEDIA_PREFIX / name).read_bytes() == content
    # New rows get new ids (on PostgreSQL the sequences were moved past the restored rows).
    restored_max = max(User.objects.values_list("pk", flat=True))
    assert UserFactory().pk > restored_max


def _tampered(source, target, name: str) -> None:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for info in original.infolist():
            content = original.read(info)
            if info.filename == name:
                content = content[:-1] + bytes([content[-1] ^ 1])
            copy.writestr(info, content)


def test_import_site_refuses_tampered_file(small_archive, tmp_path):
    path, evidence_name = small_archive
    tampered = tmp_path / "tampered.zip"
    _tampered(path, tampered, evidence_name)

    expected = f"^{re.escape(evidence_name)}: its checksum does not match the manifest"
    with pytest.raises(CommandError, match=expected):
        call_command("import_site", str(tampered), stdout=io.StringIO())

    assert sum(_row_counts().values()) == 1  # the default site only
    assert _stored_files() == {}


def test_import_site_refuses_database_with_site_data(small_archive):
    path, _evidence_name = small_archive
    UserFactory(email="already@example.org")

    with pytest.raises(CommandError, match="already holds site data"):
        call_command("import_site", str(path), stdout=io.StringIO())

    assert list(User.objects.values_list("email", flat=True)) == ["already@example.org"]
    assert _stored_files() == {}


def test_import_site_replace_swaps_the_data(small_archive):
    path, evidence_name = small_archive
    UserFactory(email="already@example.org")

    call_command("import_site", str(path), "--replace", stdout=io.StringIO())

    assert list(User.objects.values_list("email", flat=True)) == ["kept@example.org"]
    assert list(_stored_files()) == [evidence_name.removeprefix(MEDIA_PREFIX)]


@pytest.mark.parametrize("name", ["../outside.txt", "/etc/passwd", "media/../../x"])
def test_import_site_refuses_unsafe_names(db, tmp_path, name):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as opened:
        opened.writestr(MANIFEST, "{}")
        opened.writestr(name, "x")

    with pytest.raises(CommandError, match="unsafe name"):
        call_command("import_site", str(archive), stdout=io.StringIO())


def test_export_site_refuses_existing_path(db, tmp_path):
    existing = tmp_path / "site.zip"
    existing.write_bytes(b"keep me")

    with pytest.raises(CommandError, match="already exists"):
        call_command("export_site", str(existing), stdout=io.StringIO())

    assert existing.read_bytes() == b"keep me"
