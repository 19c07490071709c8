"""Hostile uploads against every real upload page: files that lie about their type, oversized
files, zip bombs, SVG with script and PDFs with active content are refused with a message, and
nothing is stored (no new row, no new file)."""

import datetime as dt
import functools
import io
import zipfile
import zlib
from types import SimpleNamespace

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from atheneum.coaching.models import Coach
from atheneum.common import uploads
from atheneum.events.models import EventPartner, Recording, Speaker
from atheneum.learning.enums import ModuleStatus
from atheneum.learning.models import KitPart, Resource
from atheneum.portfolio.files import check_evidence_file, sniff_content_type
from atheneum.portfolio.models import Activity, Evidence
from atheneum.translations.enums import LanguageState
from atheneum.translations.models import Campaign, TargetLanguage
from tests.coaching.factories import CoachFactory, ProgrammeFactory
from tests.events.core_factories import EventFactory, SessionFactory
from tests.learning.factories import ModuleFactory, TopicFactory
from tests.learning.test_kit_support import KitFactory
from tests.portfolio.factories import ActivityFactory
from tests.translations.test_work_support import claimed_target

pytestmark = pytest.mark.django_db

MEGABYTE = 1024 * 1024


def _pdf(body: bytes) -> bytes:
    return b"%PDF-1.7\n" + body + b"\ntrailer <<>>\n%%EOF\n"


def _flate_stream(content: bytes) -> bytes:
    packed = zlib.compress(content)
    return (
        b"5 0 obj <</Type /ObjStm /Filter /FlateDecode /Length "
        + str(len(packed)).encode()
        + b">>\nstream\n"
        + packed
        + b"\nendstream\nendobj"
    )


def _office_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@functools.cache
def _many_entries_docx() -> bytes:
    return _office_zip({f"word/media/part{index}.xml": b"<p/>" for index in range(1200)})


@functools.cache
def _bomb_docx() -> bytes:
    return _office_zip({"word/document.xml": b"\x00" * (20 * MEGABYTE)})


HOSTILE = {
    "exe_as_pdf": ("report.pdf", lambda: b"MZ\x90\x00\x03" + b"\x00" * 200),
    "elf_as_png": ("photo.png", lambda: b"\x7fELF\x02\x01\x01" + b"\x00" * 200),
    "html_as_docx": (
        "notes.docx",
        lambda: b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
    ),
    "html_as_vtt": ("captions.vtt", lambda: b"<html><script>alert(1)</script></html>"),
    "svg_with_script": (
        "logo.svg",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ),
    "pdf_javascript": (
        "form.pdf",
        lambda: _pdf(b"1 0 obj <</Type /Catalog /OpenAction <</S /JavaScript /JS (app.alert(1))>>"),
    ),
    "pdf_launch": ("run.pdf", lambda: _pdf(b"1 0 obj <</S /Launch /F (calc.exe)>> endobj")),
    "pdf_embedded_file": (
        "attach.pdf",
        lambda: _pdf(b"1 0 obj <</Type /Filespec /EF <</F 2 0 R>> /Type /EmbeddedFile>> endobj"),
    ),
    "pdf_js_in_object_stream": (
        "hidden.pdf",
        lambda: _pdf(_flate_stream(b"<</S /J#61vaScript /J#53 (app.alert(1))>>")),
    ),
    "zip_bomb_docx": ("big.docx", _bomb_docx),
    "zip_many_entries_docx": ("parts.docx", _many_entries_docx),
    "oversized_pdf": ("huge.pdf", lambda: _pdf(b"\x00" * (10 * MEGABYTE + 1))),
}


@pytest.fixture
def cast(member, organiser, organisation):
    """The uploader of each kind: a member for their own things, an organiser for the rest."""
    return SimpleNamespace(member=member, organiser=organiser, organisation=organisation)


def _all_files(path: str = "") -> set[str]:
    directories, files = default_storage.listdir(path)
    found = {f"{path}/{name}" if path else name for name in files}
    for directory in directories:
        found |= _all_files(f"{path}/{directory}" if path else directory)
    return found


# Each endpoint: a set-up returning (client, url, data for a file, a count of what it stores,
# phrases one of which the refusal shows).


def _portfolio_create(client, cast):
    client.force_login(cast.member)
    data = {
        "title": "Workshop",
        "kind": "course",
        "start": "2026-03-02T09:00",
        "end": "2026-03-02T12:00",
        "hours": "3",
    }
    return (
        reverse("portfolio:activity_create"),
        lambda upload: {**data, "evidence": upload},
        lambda: (Activity.objects.count(), Evidence.objects.count()),
    )


def _portfolio_evidence(client, cast):
    client.force_login(cast.member)
    activity = ActivityFactory(owner=cast.member)
    return (
        reverse("portfolio:evidence_upload", args=[activity.pk]),
        lambda upload: {"evidence": upload},
        Evidence.objects.count,
    )


def _learning_resource(client, cast):
    client.force_login(cast.organiser)
    module = ModuleFactory(organisation=cast.organisation)
    module.status = ModuleStatus.DRAFT
    module.save()
    topic = TopicFactory(module=module)
    return (
        reverse("learning:authoring_resource_add", args=[module.slug, topic.pk]),
        lambda upload: {"resource-title": "Reading", "resource-file": upload},
        Resource.objects.count,
    )


def _kit_part(client, cast):
    client.force_login(cast.organiser)
    kit = KitFactory(organisation=cast.organisation, created_by=cast.organiser)
    return (
        reverse("learning:kit_part_create", args=[kit.slug]),
        lambda upload: {"kind": "slides", "title": "Deck", "file": upload},
        KitPart.objects.count,
    )


def _translation_upload(client, cast):
    client.force_login(cast.member)
    target, _segments = claimed_target(
        cast.organisation, cast.member, state=LanguageState.IN_TRANSLATION
    )
    Campaign.objects.filter(pk=target.campaign_id).update(max_upload_megabytes=10)
    return (
        reverse("translations:upload", args=[target.campaign.slug, target.language]),
        lambda upload: {"file": upload},
        lambda: list(TargetLanguage.objects.values_list("uploaded_file", flat=True)),
    )


def _campaign_files(field):
    def setup(client, cast):
        client.force_login(cast.organiser)
        target, _segments = claimed_target(cast.organisation, cast.member)
        campaign = target.campaign
        data = {
            "title": campaign.title,
            "slug": campaign.slug,
            "source_language": "en",
            "claim_release_days": 10,
            "max_upload_megabytes": 5,
            "allowed_file_kinds": ["pdf"],
        }
        return (
            reverse("translations:campaign_edit", args=[campaign.slug]),
            lambda upload: {**data, field: upload},
            lambda: list(Campaign.objects.values_list("template_file", "preview_pdf")),
        )

    return setup


def _past_session(organisation):
    now = timezone.now()
    event = EventFactory(organisation=organisation, start=now - dt.timedelta(days=1))
    return event, SessionFactory(
        event=event, start=now - dt.timedelta(hours=5), end=now - dt.timedelta(hours=4)
    )


def _recording(field):
    def setup(client, cast):
        client.force_login(cast.organiser)
        event, session = _past_session(cast.organisation)
        return (
            reverse("events:recording_edit", args=[event.slug, session.pk]),
            lambda upload: {"url": "https://video.example.org/1", field: upload},
            lambda: list(Recording.objects.values_list("captions", "transcript_file")),
        )

    return setup


def _event_item(kind, field, model):
    def setup(client, cast):
        client.force_login(cast.organiser)
        event = EventFactory(organisation=cast.organisation)
        return (
            reverse("events:item_create", args=[event.slug, kind]),
            lambda upload: {"name": "Someone", "position": 0, field: upload, f"{field}_alt": "x"},
            model.objects.count,
        )

    return setup


def _coach_photo(client, cast):
    coach = CoachFactory(
        programme=ProgrammeFactory(organisation=cast.organisation),
        user=cast.member,
    )
    client.force_login(cast.member)
    data = {
        "bio": "Hello",
        "languages": ["en"],
        "topics": "careers",
        "time_zone": "Europe/Stockholm",
        "meeting_url": "https://meet.example.org/me",
        "photo_alt": "Me",
    }
    return (
        reverse("coaching:coach_edit", args=[coach.programme.slug, coach.pk]),
        lambda upload: {**data, "photo": upload},
        lambda: list(Coach.objects.values_list("photo", flat=True)),
    )


ENDPOINTS = {
    "portfolio_activity_create": _portfolio_create,
    "portfolio_evidence_upload": _portfolio_evidence,
    "learning_resource_add": _learning_resource,
    "learning_kit_part_create": _kit_part,
    "translations_upload": _translation_upload,
    "translations_template_file": _campaign_files("template_file"),
    "translations_preview_pdf": _campaign_files("preview_pdf"),
    "events_recording_captions": _recording("captions"),
    "events_recording_transcript": _recording("transcript_file"),
    "events_partner_logo": _event_item("partners", "logo", EventPartner),
    "events_speaker_photo": _event_item("speakers", "photo", Speaker),
    "coaching_coach_photo": _coach_photo,
}
REFUSALS = (
    "is larger than",
    "is not a PDF",
    "contains scripts, actions or embedded files",
    "unpacks to far more data",
    "accepts only these file types",
    "The preview must be a PDF file.",
    "Captions must be a WebVTT (.vtt) file.",
    "is not a WebVTT file",
    "must be plain text (UTF-8), a PDF or an office document",
    "is empty or larger than 10 MB",
    "Upload a valid image.",
    "is not allowed. Allowed extensions are",
)
# Every hostile kind goes to one endpoint of each shared check; the others get the kinds their
# own checks must catch (each post renders a page, and the suite has a time budget). Campaign
# templates may be SVG (sanitised, see below) and, like previews, larger than 10 MB.
SAMPLED = {
    "portfolio_evidence_upload": list(HOSTILE),
    "portfolio_activity_create": ["exe_as_pdf", "pdf_javascript", "zip_bomb_docx"],
    "learning_resource_add": [
        "html_as_docx",
        "pdf_js_in_object_stream",
        "zip_many_entries_docx",
        "oversized_pdf",
    ],
    "learning_kit_part_create": ["elf_as_png", "pdf_launch", "oversized_pdf"],
    "translations_upload": [
        "exe_as_pdf",
        "html_as_docx",
        "pdf_javascript",
        "zip_bomb_docx",
        "oversized_pdf",
    ],
    "translations_template_file": [
        "exe_as_pdf",
        "html_as_docx",
        "pdf_embedded_file",
        "zip_many_entries_docx",
    ],
    "translations_preview_pdf": ["elf_as_png", "pdf_javascript"],
    "events_recording_captions": ["html_as_vtt", "svg_with_script", "exe_as_pdf"],
    "events_recording_transcript": [
        "html_as_docx",
        "svg_with_script",
        "pdf_javascript",
        "oversized_pdf",
    ],
    "events_partner_logo": ["svg_with_script", "elf_as_png"],
    "events_speaker_photo": ["svg_with_script", "html_as_docx"],
    "coaching_coach_photo": ["svg_with_script", "elf_as_png"],
}
CASES = [(endpoint, hostile) for endpoint, kinds in SAMPLED.items() for hostile in kinds]


@pytest.mark.parametrize(("endpoint", "hostile"), CASES)
def test_hostile_upload_is_refused_and_nothing_stored(client, cast, endpoint, hostile):
    url, data_for, stored = ENDPOINTS[endpoint](client, cast)
    name, content = HOSTILE[hostile]
    rows_before, files_before = stored(), _all_files()

    response = client.post(url, data_for(SimpleUploadedFile(name, content())))

    assert response.status_code in {200, 400}
    page = response.content.decode()
    assert any(phrase in page for phrase in REFUSALS), page[:2000]
    assert stored() == rows_before
    assert _all_files() == files_before


def test_template_svg_with_script_is_stored_sanitised(client, cast):
    url, data_for, stored = _campaign_files("template_file")(client, cast)
    name, content = HOSTILE["svg_with_script"]

    response = client.post(url, data_for(SimpleUploadedFile(name, content())))

    assert response.status_code == 302
    template_name = Campaign.objects.get().template_file.name
    assert template_name.endswith("/logo.svg")
    assert b"script" not in default_storage.open(template_name).read()


def test_recording_accepts_real_captions_and_plain_transcript(client, cast):
    url, data_for, stored = _recording("captions")(client, cast)
    data = data_for(SimpleUploadedFile("talk.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHi"))
    data["transcript_file"] = SimpleUploadedFile("talk.txt", b"We met at 9 < 10.")

    response = client.post(url, data)

    assert response.status_code == 302
    recording = Recording.objects.get()
    assert recording.captions.read().startswith(b"WEBVTT")
    assert recording.transcript_file.read() == b"We met at 9 < 10."


def _upload(content: bytes, name: str = "file.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("hostile", "message"),
    [
        ("pdf_javascript", "The PDF “form.pdf” contains scripts, actions or embedded files"),
        ("pdf_js_in_object_stream", "The PDF “hidden.pdf” contains scripts"),
        ("zip_bomb_docx", "The file “big.docx” unpacks to far more data or far more parts"),
        ("zip_many_entries_docx", "The file “parts.docx” unpacks to far more data"),
    ],
)
def test_check_evidence_file_names_the_danger(hostile, message):
    name, content = HOSTILE[hostile]
    with pytest.raises(uploads.ValidationError) as raised:
        check_evidence_file(_upload(content(), name))
    assert raised.value.messages[0].startswith(message)


def test_plain_pdf_and_office_document_still_accepted():
    plain = _pdf(b"1 0 obj <</Type /Catalog /OpenAction [3 0 R /Fit]>> endobj")
    assert check_evidence_file(_upload(plain)) == "application/pdf"
    docx = _office_zip({"word/document.xml": b"<w:document>" + b"<w:p/>" * 5000 + b"</w>"})
    assert check_evidence_file(_upload(docx, "cv.docx")).endswith("wordprocessingml.document")


def test_pdf_scan_is_bounded_for_a_flate_bomb():
    bomb = _pdf(_flate_stream(b"\x00" * (16 * MEGABYTE)) + b"/JavaScript")
    assert sniff_content_type(_upload(bomb)) is None
    quiet = _pdf(_flate_stream(b"\x00" * (16 * MEGABYTE)))
    assert sniff_content_type(_upload(quiet)) == "application/pdf"
