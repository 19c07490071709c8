import io
import zipfile
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from atheneum.competencies.models import Competency, Framework
from atheneum.learning import porting
from atheneum.learning.enums import ModuleStatus
from atheneum.learning.models import Media, Module, Topic
from tests.learning.factories import EnrolmentFactory

WEBM = b"\x1a\x45\xdf\xa3" + b"\x00" * 60
PDF = b"%PDF-1.4 checklist"


def manifest() -> dict:
    return {
        "format": 1,
        "slug": "plain-words",
        "title": "Plain words",
        "summary": "Short words, short sentences.",
        "language": "en",
        "level": "intermediate",
        "estimated_minutes": 40,
        "licence": "CC-BY-SA-4.0",
        "credits": "Pictures by Kim.",
        "is_partner": True,
        "pass_mark": 60,
        "objectives": ["Write short sentences.", "Use everyday words."],
        "competencies": [{"framework": "lic", "code": "D1"}],
        "introduction": "intro.md",
        "topics": [
            {
                "title": "Why plain words",
                "body": "topics/one.md",
                "examples": "topics/one-examples.md",
                "exercises": [{"prompt": "Rewrite a sign.", "expects_answer": False}],
                "media": [
                    {
                        "title": "A short talk",
                        "kind": "video",
                        "file": "media/talk.webm",
                        "captions": "media/talk.vtt",
                        "captions_language": "en",
                        "transcript": "media/talk.txt",
                    },
                    {
                        "title": "A podcast",
                        "kind": "audio",
                        "url": "https://audio.example.org/plain",
                    },
                ],
                "resources": [
                    {"title": "Checklist", "file": "files/checklist.pdf"},
                    {"title": "Guide", "description": "A guide.", "url": "https://example.org/g"},
                ],
            },
            {"title": "Second", "body": "topics/two.md"},
        ],
        "assessment": {
            "questions": [
                {
                    "kind": "single",
                    "text": "Which is plain?",
                    "feedback": "Short wins.",
                    "choices": [
                        {"text": "Use", "correct": True, "feedback": "Yes."},
                        {"text": "Utilise", "feedback": "No."},
                    ],
                },
                {"kind": "reflection", "text": "What will you rewrite?"},
            ]
        },
    }


def write_folder(folder: Path, data: dict | None = None) -> Path:
    files = {
        "intro.md": b"Welcome to **plain words**.",
        "topics/one.md": "Short words help everyone — même en français.".encode(),
        "topics/one-examples.md": b"- *Use* rather than *utilise*.",
        "topics/two.md": b"More.",
        "media/talk.webm": WEBM,
        "media/talk.vtt": b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n",
        "media/talk.txt": b"Hello.",
        "files/checklist.pdf": PDF,
    }
    for path, content in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    (folder / "module.yaml").write_text(yaml.safe_dump(data or manifest()), encoding="utf-8")
    return folder


def stored_files() -> set[str]:
    found = set()
    for folder in ("learning/media", "learning/captions", "learning/resources"):
        if default_storage.exists(folder):
            found |= {f"{folder}/{name}" for name in default_storage.listdir(folder)[1]}
    return found


@pytest.fixture
def framework(db):
    framework = Framework.objects.create(
        title="Library competencies", slug="lic", is_published=True
    )
    Competency.objects.create(framework=framework, code="D1")
    return framework


def test_import_export_import_is_lossless(tmp_path, organisation, organiser, framework):
    module = porting.import_folder(
        folder=write_folder(tmp_path / "a"), organisation=organisation, acting_user=organiser
    )
    assert (module.status, module.title, module.pass_mark) == (
        ModuleStatus.DRAFT,
        "Plain words",
        60,
    )
    assert module.objectives == "Write short sentences.\nUse everyday words."
    assert list(module.authors.all()) == [organiser]
    assert module.competencies.get().code == "D1"
    media = Media.objects.get(title="A short talk")
    assert media.is_accessible and media.file.read() == WEBM
    first = porting.canonical(module)
    assert first["topics"][0]["body"] != "topics/01/body.md"  # file contents are compared

    porting.export_folder(module=module, folder=tmp_path / "b")
    module.delete()
    again = porting.import_folder(
        folder=tmp_path / "b", organisation=organisation, acting_user=organiser
    )
    assert porting.canonical(again) == first
    assert again.topics.first().body == "Short words help everyone — même en français."


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda m: m["topics"][0]["media"][0].update(captions="media/missing.vtt"),
            "topics[0].media[0].captions: file not found",
        ),
        (
            lambda m: m["topics"][0]["media"][0].update(captions="media/talk.txt"),
            "topics[0].media[0].captions: not a WebVTT file (must start with WEBVTT)",
        ),
        (
            lambda m: m["topics"][1].update(body="../../etc/passwd"),
            "topics[1].body: the file must be inside the module folder",
        ),
        (
            lambda m: m["assessment"]["questions"][0]["choices"][0].update(correct=False),
            "assessment.questions[0].choices: Mark exactly one choice as correct.",
        ),
        (
            lambda m: m.update(language="not a language"),
            "language: not a language tag such as en, fr or pt-BR",
        ),
        (
            lambda m: m.update(slug="authoring"),
            "slug: this short name is used by the site's own pages",
        ),
        (
            lambda m: m["topics"][0]["resources"][0].update(file="media/talk.txt"),
            "topics[0].resources[0].file: not a PDF, an image or an office document",
        ),
        (
            lambda m: m.update(competencies=[{"framework": "lic", "code": "Z9"}]),
            "competencies[0]: no competency Z9 in a published framework lic",
        ),
    ],
)
@pytest.mark.usefixtures("framework")
def test_import_bad_manifest_names_the_field_and_imports_nothing(
    tmp_path, organisation, organiser, change, message
):
    data = manifest()
    change(data)
    stored = stored_files()
    with pytest.raises(ValidationError) as caught:
        porting.import_folder(
            folder=write_folder(tmp_path, data), organisation=organisation, acting_user=organiser
        )
    assert caught.value.messages == [message]
    assert Module.objects.count() == 0
    assert stored_files() == stored


def test_import_update_rewrites_in_place_and_keeps_learners(
    tmp_path, organisation, organiser, member, framework
):
    module = porting.import_folder(
        folder=write_folder(tmp_path / "a"), organisation=organisation, acting_user=organiser
    )
    topic_ids = list(module.topics.values_list("pk", flat=True))
    EnrolmentFactory(module=module, user=member)
    data = manifest()
    data["title"] = "Plain words, revised"
    data["topics"] = data["topics"][:1]
    with pytest.raises(ValidationError):
        porting.import_folder(
            folder=write_folder(tmp_path / "b", data),
            organisation=organisation,
            acting_user=organiser,
        )
    porting.import_folder(
        folder=tmp_path / "b", organisation=organisation, acting_user=organiser, update=True
    )
    module.refresh_from_db()
    assert module.title == "Plain words, revised"
    assert list(Topic.objects.filter(module=module).values_list("pk", flat=True)) == topic_ids[:1]
    assert module.enrolments.count() == 1


def _zip(entries: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return SimpleUploadedFile("module.zip", buffer.getvalue(), content_type="application/zip")


def test_import_zip_refuses_paths_outside_the_folder(organisation, organiser):
    upload = _zip({"module.yaml": b"slug: x", "../evil.txt": b"boo"})
    with pytest.raises(ValidationError) as caught:
        porting.import_zip(uploaded=upload, organisation=organisation, acting_user=organiser)
    assert caught.value.messages == ["The archive holds a file outside its folder: ../evil.txt"]
    assert Module.objects.count() == 0


def test_import_zip_refuses_too_many_files(organisation, organiser, monkeypatch):
    monkeypatch.setattr(porting, "MAX_ZIP_MEMBERS", 2)
    upload = _zip({"module.yaml": b"slug: x", "a.md": b"a", "b.md": b"b"})
    with pytest.raises(ValidationError) as caught:
        porting.import_zip(uploaded=upload, organisation=organisation, acting_user=organiser)
    assert caught.value.messages == ["The archive holds more than 2 files."]


def test_export_zip_imports_back(tmp_path, organisation, organiser, framework):
    module = porting.import_folder(
        folder=write_folder(tmp_path), organisation=organisation, acting_user=organiser
    )
    first = porting.canonical(module)
    archive = porting.export_zip(module=module)
    module.delete()
    again = porting.import_zip(
        uploaded=SimpleUploadedFile("m.zip", archive),
        organisation=organisation,
        acting_user=organiser,
    )
    assert porting.canonical(again) == first


def test_commands_export_then_import(tmp_path, organisation, framework):
    porting.import_folder(
        folder=write_folder(tmp_path / "a"), organisation=organisation, acting_user=None
    )
    call_command("export_module", "plain-words", str(tmp_path / "out"), stdout=io.StringIO())
    assert (tmp_path / "out" / "module.yaml").is_file()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_module", str(tmp_path / "out"), "--organisation", organisation.slug)
    call_command(
        "import_module",
        str(tmp_path / "out"),
        "--organisation",
        organisation.slug,
        "--update",
        stdout=io.StringIO(),
    )
    assert Module.objects.count() == 1
