"""Evidence files: what a file really is, judged by its content rather than its name."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from atheneum.common.uploads import (
    hostile_content_message,
    pdf_has_active_content,
    zip_is_safe,
    zip_read_member,
)

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_EVIDENCE_MEGABYTES = MAX_EVIDENCE_BYTES // (1024 * 1024)

OOXML_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
}
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}


def _zip_office_type(head: bytes, uploaded) -> str | None:
    """The type of an OOXML or ODF document, read from the zip container's own manifest;
    None for a zip that would unpack to far too much (see `atheneum.common.uploads`)."""
    uploaded.seek(0)
    data = uploaded.read()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if not zip_is_safe(archive):
            return None
        names = set(archive.namelist())
        if "mimetype" in names:
            mimetype = zip_read_member(archive, "mimetype").decode("ascii", "replace").strip()
            return mimetype if mimetype in ODF_TYPES else None
        if "[Content_Types].xml" in names:
            manifest = zip_read_member(archive, "[Content_Types].xml").decode("utf-8", "replace")
            for marker, content_type in OOXML_TYPES.items():
                if marker in manifest:
                    return content_type
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, EOFError):
        return None
    return None


SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
]


def sniff_content_type(uploaded) -> str | None:
    """The content type of an accepted evidence file, or None when it is not one we accept
    (PDFs with scripts, launch actions or embedded files are not accepted)."""
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    content_type = next((kind for magic, kind in SIGNATURES if head.startswith(magic)), None)
    if content_type == "application/pdf":
        has_active_content = pdf_has_active_content(uploaded.read())
        uploaded.seek(0)
        if has_active_content:
            return None
    if content_type is None and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        content_type = "image/webp"
    if content_type is None and head.startswith(b"PK\x03\x04"):
        content_type = _zip_office_type(head, uploaded)
        uploaded.seek(0)
    return content_type


def check_evidence_file(uploaded) -> str:
    """Validates an uploaded evidence file and returns its real content type."""
    if uploaded.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            _("The file “%(name)s” is larger than %(limit)d MB. Please upload a smaller file.")
            % {"name": uploaded.name, "limit": MAX_EVIDENCE_MEGABYTES},
            code="evidence_too_large",
        )
    if uploaded.size == 0:
        raise ValidationError(
            _("The file “%(name)s” is empty.") % {"name": uploaded.name}, code="evidence_empty"
        )
    refusal = hostile_content_message(uploaded)
    if refusal:
        raise ValidationError(refusal, code="evidence_hostile")
    content_type = sniff_content_type(uploaded)
    if content_type is None:
        raise ValidationError(
            _(
                "The file “%(name)s” is not a PDF, an image (PNG, JPEG, GIF, WebP) or an office "
                "document (Word, Excel, PowerPoint, OpenDocument)."
            )
            % {"name": uploaded.name},
            code="evidence_type",
        )
    return content_type
