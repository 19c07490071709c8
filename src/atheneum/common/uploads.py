"""Hostile uploads: checks every upload path shares, before a file is trusted or stored.

- Zip containers (OOXML, ODF, IDML) are measured from their central directory before any
  member is read: too many members, too much unpacked data or a member that unpacks out of all
  proportion to its packed size (a "zip bomb") makes the file unacceptable. Members are then
  read with a hard cap, since the sizes a zip claims may be lies.
- PDFs are scanned for active content (JavaScript, launch actions, embedded files): the names
  in their dictionaries, outside streams and inside FlateDecode object streams (where
  compressed dictionaries hide), inflated within a bounded budget. Names may be written with
  ``#xx`` escapes (``/J#61vaScript``); they are decoded before comparing. This is a cheap
  first line, not a PDF parser: a file crafted to confuse stream boundaries may slip past.
"""

import re
import zipfile
import zlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ZIP_MEMBERS = 1000
MAX_ZIP_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ZIP_RATIO = 100
# Tiny members (an XML manifest) compress extremely well and may exceed the ratio honestly.
ZIP_RATIO_FLOOR_BYTES = 1024 * 1024
MAX_ZIP_MEMBER_READ = 1024 * 1024

PDF_ACTIVE_NAMES = frozenset({b"JavaScript", b"JS", b"Launch", b"EmbeddedFile", b"EmbeddedFiles"})
PDF_STREAM_BUDGET = 32 * 1024 * 1024
PDF_STREAM_LIMIT = 4 * 1024 * 1024
_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_PDF_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_PDF_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\d)(?!\s+\d+\s+R)")


def zip_is_safe(archive: zipfile.ZipFile) -> bool:
    """Whether a zip's own directory promises a reasonable number and size of members."""
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        return False
    if sum(member.file_size for member in members) > MAX_ZIP_UNPACKED_BYTES:
        return False
    return all(
        member.file_size <= ZIP_RATIO_FLOOR_BYTES
        or member.file_size <= MAX_ZIP_RATIO * max(member.compress_size, 1)
        for member in members
    )


def zip_read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """A member's bytes, at most `MAX_ZIP_MEMBER_READ` of them whatever the zip claims."""
    with archive.open(name) as member:
        return member.read(MAX_ZIP_MEMBER_READ)


def _pdf_names(data: bytes) -> set[bytes]:
    names = set()
    for match in _PDF_NAME.finditer(data):
        name = match.group(1)
        if b"#" in name:
            name = _PDF_HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name)
        names.add(name)
    return names


def _pdf_parts(data: bytes):
    """(dictionaries, object streams): the PDF's bytes outside its streams, and the inflated
    contents of its object streams (where compressed dictionaries live). Other streams (page
    contents, images, fonts) are skipped: their bytes could spell "/JS" by chance."""
    outside, inflated, position, budget = [], [], 0, PDF_STREAM_BUDGET
    for match in _PDF_STREAM.finditer(data):
        if match.start() < position:
            continue
        head = data[position : match.start()]
        outside.append(head)
        start = match.end()
        dictionary = head[head.rfind(b"obj") :] if b"obj" in head else head[-2000:]
        length = _PDF_LENGTH.search(dictionary)
        end = start + int(length.group(1)) if length else -1
        if not length or not data[end : end + 20].lstrip().startswith(b"endstream"):
            end = data.find(b"endstream", start)
            end = len(data) if end == -1 else end
        position = end
        if b"ObjStm" not in _pdf_names(dictionary) or budget <= 0:
            continue
        try:
            content = zlib.decompressobj().decompress(
                data[start:end], min(budget, PDF_STREAM_LIMIT)
            )
        except zlib.error:
            continue
        budget -= len(content)
        inflated.append(content)
    outside.append(data[position:])
    return outside, inflated


def pdf_has_active_content(data: bytes) -> bool:
    """Whether a PDF carries JavaScript, a launch action or an embedded file."""
    outside, inflated = _pdf_parts(data)
    return any(_pdf_names(part) & PDF_ACTIVE_NAMES for part in [*outside, *inflated])


def _read_all(uploaded) -> bytes:
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return data


def hostile_content_message(uploaded) -> str | None:
    """Why a PDF or zip container is refused, in words for its uploader; None if it is not."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    name = getattr(uploaded, "name", "") or ""
    if head.startswith(b"%PDF-") and pdf_has_active_content(_read_all(uploaded)):
        return _(
            "The PDF “%(name)s” contains scripts, actions or embedded files, which we do not "
            "accept. Please save it again as a plain PDF (for example with “Print to PDF”)."
        ) % {"name": name}
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                safe = zip_is_safe(archive)
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
            safe = True  # not a readable zip: the type check refuses it with its own message
        finally:
            uploaded.seek(0)
        if not safe:
            return _(
                "The file “%(name)s” unpacks to far more data or far more parts than an office "
                "document should. Please save it again and upload the new copy."
            ) % {"name": name}
    return None


# --- Captions and transcripts ------------------------------------------------------------

MAX_CAPTIONS_BYTES = 1024 * 1024
MAX_TRANSCRIPT_BYTES = 10 * 1024 * 1024
_MARKUP = re.compile(
    rb"<\s*/?\s*(!doctype|html|head|body|script|iframe|svg|object|embed|meta|link|style|img)\b",
    re.IGNORECASE,
)


def check_webvtt(uploaded) -> None:
    """A captions file must be a small UTF-8 WebVTT file (which starts with WEBVTT)."""
    name = getattr(uploaded, "name", "") or ""
    if uploaded.size > MAX_CAPTIONS_BYTES:
        raise ValidationError(
            _("The captions file “%(name)s” is larger than 1 MB.") % {"name": name},
            code="captions_size",
        )
    uploaded.seek(0)
    data = uploaded.read(MAX_CAPTIONS_BYTES + 1)
    uploaded.seek(0)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    if not text.startswith("WEBVTT") or "\x00" in text:
        raise ValidationError(
            _("The captions file “%(name)s” is not a WebVTT file: it must start with WEBVTT.")
            % {"name": name},
            code="captions_format",
        )


def check_transcript_file(uploaded, *, sniff) -> None:
    """A transcript file is plain UTF-8 text, a PDF or an office document, never a web page
    or a program. `sniff` is `atheneum.portfolio.files.sniff_content_type`."""
    name = getattr(uploaded, "name", "") or ""
    if uploaded.size > MAX_TRANSCRIPT_BYTES or uploaded.size == 0:
        raise ValidationError(
            _("The transcript file “%(name)s” is empty or larger than 10 MB.") % {"name": name},
            code="transcript_size",
        )
    refusal = hostile_content_message(uploaded)
    if refusal:
        raise ValidationError(refusal, code="transcript_hostile")
    content_type = sniff(uploaded)
    if content_type == "application/pdf" or (content_type or "").startswith("application/vnd."):
        return
    data = _read_all(uploaded)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if (
        content_type is None
        and text is not None
        and "\x00" not in text
        and not _MARKUP.search(data)
    ):
        return
    raise ValidationError(
        _("The transcript file “%(name)s” must be plain text (UTF-8), a PDF or an office document.")
        % {"name": name},
        code="transcript_type",
    )


# --- Images (logos, photos) ----------------------------------------------------------------

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})


def check_image(image) -> None:
    """A logo or photo: JPEG, PNG or WebP, at most 2 MB and 40 megapixels. `image` is what a
    `forms.ImageField` cleaned (Pillow has already opened it and set `.image`)."""
    if image is None or not hasattr(image, "size"):
        return
    if image.size > MAX_IMAGE_BYTES:
        raise ValidationError(_("The image is larger than 2 MB."), code="too_large")
    opened = getattr(image, "image", None)
    if opened is None:
        return
    if (opened.format or "").upper() not in IMAGE_FORMATS:
        raise ValidationError(_("Upload a JPEG, PNG or WebP image."), code="format")
    width, height = opened.size
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(_("The image has too many pixels."), code="too_many_pixels")
