import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from atheneum.translations import work_services as services
from atheneum.translations.enums import FileKind, LanguageState
from atheneum.translations.models import TargetLanguage
from atheneum.translations.uploads import check_upload, sanitise_svg

from .test_work_support import PDF, claimed_target, upload

ALL_KINDS = list(FileKind.values)


def _zip(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip(
    {
        "[Content_Types].xml": '<Types><Override ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.document.main+xml"/></Types>',
        "word/document.xml": "<w:document/>",
    }
)
ODT = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
IDML = _zip({"mimetype": "application/vnd.adobe.indesign-idml-package", "designmap.xml": "<D/>"})
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10"><text x="1">Bonjour</text></svg>'
SCRIBUS = b'<?xml version="1.0"?><SCRIBUSUTF8NEW Version="1.6"><DOCUMENT/></SCRIBUSUTF8NEW>'


@pytest.mark.parametrize(
    ("content", "kind", "extension"),
    [
        (PDF, "pdf", "pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "png", "png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "jpeg", "jpg"),
        (SVG, "svg", "svg"),
        (DOCX, "office", "docx"),
        (ODT, "office", "odt"),
        (SCRIBUS, "design", "sla"),
        (b"8BPS\x00\x01" + b"\x00" * 20, "design", "psd"),
        (IDML, "design", "idml"),
        (b"\x00\xffKA" + b"\x00" * 20, "design", "afdesign"),
    ],
)
def test_check_upload_accepts_each_kind_by_content(content, kind, extension):
    checked = check_upload(
        upload("whatever.bin", content), allowed_kinds=ALL_KINDS, max_megabytes=1
    )
    assert checked.kind == kind
    assert checked.name.endswith("." + extension)
    assert len(checked.name) == 32 + 1 + len(extension)


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00" + b"\x00" * 40,
        b"\x7fELF\x02\x01\x01" + b"\x00" * 40,
        b"#!/bin/sh\nrm -rf /\n",
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"<html><body>hi</body></html>",
        b"GIF89a" + b"\x00" * 20,
        b"just some text",
    ],
)
def test_check_upload_refuses_executables_and_unknown_even_named_pdf(content):
    with pytest.raises(ValidationError) as caught:
        check_upload(upload("poster.pdf", content), allowed_kinds=ALL_KINDS, max_megabytes=1)
    assert caught.value.code == "file_type"
    assert "PDF, PNG, JPEG" in caught.value.messages[0]


def test_check_upload_kind_not_allowed_names_allowed_kinds():
    with pytest.raises(ValidationError) as caught:
        check_upload(upload("a.svg", SVG), allowed_kinds=["pdf", "png"], max_megabytes=1)
    assert caught.value.messages == ["This campaign accepts only these file types: PDF, PNG."]


def test_check_upload_too_large():
    content = PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as caught:
        check_upload(upload("a.pdf", content), allowed_kinds=ALL_KINDS, max_megabytes=1)
    assert caught.value.code == "too_large"


def test_sanitise_svg_removes_scripts_handlers_and_external_links():
    dirty = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        b' onload="alert(1)" width="20">'
        b"<script>alert(2)</script>"
        b'<foreignObject><iframe src="https://evil.example"/></foreignObject>'
        b'<a href="javascript:alert(3)"><text x="1" onclick="alert(4)">Lire</text></a>'
        b'<use xlink:href="https://evil.example/x.svg#a"/>'
        b'<use href="#local"/>'
        b'<rect fill="url(https://evil.example/x)" style="x" width="2"/>'
        b"</svg>"
    )
    clean = sanitise_svg(dirty).decode()
    for banned in ("script", "alert", "foreignObject", "iframe", "evil", "onload", "onclick",
                   "javascript", "style", "<a"):  # fmt: skip
        assert banned not in clean
    assert 'width="20"' in clean
    assert '<use href="#local" />' in clean
    assert 'width="2"' in clean


def test_sanitise_svg_refuses_doctype_and_entities():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>'
    )
    assert sanitise_svg(bomb) is None


@pytest.mark.django_db
def test_upload_store_sanitises_svg_and_moves_to_in_translation(
    organisation, member, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    target, _ = claimed_target(organisation, member, allowed_file_kinds=["svg"])
    dirty = b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"><script>x()</script></svg>'
    services.upload_store(target=target, uploaded=upload("poster.svg", dirty), acting_user=member)
    target.refresh_from_db()
    assert (target.state, target.uploaded_file_kind) == (LanguageState.IN_TRANSLATION, "svg")
    assert target.uploaded_file.name.startswith("translations/uploads/")
    stored = target.uploaded_file.read()
    assert b"script" not in stored
    assert b"onload" not in stored


@pytest.mark.django_db
def test_upload_store_refusal_changes_nothing(organisation, member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    target, _ = claimed_target(organisation, member)
    disguised = upload("poster.pdf", b"MZ\x90\x00" + b"\x00" * 40)
    with pytest.raises(ValidationError):
        services.upload_store(target=target, uploaded=disguised, acting_user=member)
    target = TargetLanguage.objects.get(pk=target.pk)
    assert (target.state, target.uploaded_file.name, target.uploaded_at) == ("claimed", "", None)
    assert list(tmp_path.rglob("*.*")) == []


@pytest.mark.django_db
def test_upload_store_by_non_volunteer_denied(organisation, member, organiser):
    target, _ = claimed_target(organisation, member)
    with pytest.raises(PermissionDenied):
        services.upload_store(target=target, uploaded=upload("a.pdf", PDF), acting_user=organiser)
    target.refresh_from_db()
    assert target.uploaded_file.name == ""
