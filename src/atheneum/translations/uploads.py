"""Translated files uploaded by volunteers: what a file really is, judged by its content.

Recognised kinds (by the first bytes or the container's own manifest, never by the name):

- PDF: starts with ``%PDF-``.
- PNG: the 8-byte PNG signature. JPEG: ``FF D8 FF``.
- SVG: well-formed XML (parsed with defusedxml: no DOCTYPE, no entities) whose root is
  ``<svg>``; it is SANITISED and only the sanitised bytes are stored (see `sanitise_svg`).
- Office: Word/Excel/PowerPoint (OOXML) and OpenDocument, recognised by
  `atheneum.portfolio.files.sniff_content_type` from the zip's manifest. Legacy OLE files
  (.doc/.ppt) are refused: their container cannot be told apart from other OLE content
  reliably without parsing it, and they may carry macros.
- Design: Scribus (XML whose root is ``<SCRIBUSUTF8NEW>``), Photoshop (``8BPS``), InDesign
  package/IDML (a zip holding ``designmap.xml``), Affinity (``00 FF 4B 41``).

Executables and web pages (``MZ``, ELF, Mach-O, shebang, HTML) are always refused, whatever
kind is allowed.
"""

import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement, tostring  # noqa: S405 (writing only)

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from atheneum.common.uploads import zip_is_safe
from atheneum.portfolio.files import sniff_content_type

from .enums import FileKind

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

SVG_ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "title", "desc", "symbol", "use", "path", "rect", "circle",
        "ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath",
        "linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern", "image",
        "marker", "metadata",
    }
)  # fmt: skip
SVG_ATTRIBUTES = frozenset(
    {
        "id", "class", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "d",
        "width", "height", "viewBox", "preserveAspectRatio", "points", "transform", "fill",
        "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
        "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset",
        "stroke-miterlimit", "opacity", "font-family", "font-size", "font-weight",
        "font-style", "text-anchor", "dominant-baseline", "letter-spacing", "word-spacing",
        "dx", "dy", "rotate", "lengthAdjust", "textLength", "offset", "stop-color",
        "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod", "fx", "fy",
        "clip-path", "clip-rule", "mask", "patternUnits", "patternTransform", "markerWidth",
        "markerHeight", "refX", "refY", "orient", "visibility", "display", "href",
        "version", "lang", "direction", "writing-mode", "xml:space", "xml:lang",
    }
)  # fmt: skip
_XML_NS = "http://www.w3.org/XML/1998/namespace"
# Only in-document references (#id) and embedded raster images may be linked to.
_SAFE_HREF = re.compile(r"^(#[\w.:-]+|data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*)$")
_URL_IN_VALUE = re.compile(r"url\s*\(\s*(?!['\"]?#)", re.IGNORECASE)

EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/svg+xml": "svg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/vnd.scribus": "sla",
    "image/vnd.adobe.photoshop": "psd",
    "application/vnd.adobe.indesign-idml-package": "idml",
    "application/x-affinity": "afdesign",
}
KIND_OF_TYPE = {
    "application/pdf": FileKind.PDF,
    "image/png": FileKind.PNG,
    "image/jpeg": FileKind.JPEG,
    "image/svg+xml": FileKind.SVG,
    "application/vnd.scribus": FileKind.DESIGN,
    "image/vnd.adobe.photoshop": FileKind.DESIGN,
    "application/vnd.adobe.indesign-idml-package": FileKind.DESIGN,
    "application/x-affinity": FileKind.DESIGN,
}
_REFUSED_HEADS = (
    b"MZ",
    b"\x7fELF",
    b"#!",
    b"\xcf\xfa\xed\xfe",
    b"\xfe\xed\xfa",
    b"\xca\xfe\xba\xbe",
)
_HTML_HEAD = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<script)", re.IGNORECASE)


@dataclass(frozen=True)
class CheckedFile:
    """An accepted upload: its kind, content type and the bytes to store under `name`."""

    kind: str
    content_type: str
    name: str
    content: bytes

    def as_file(self) -> ContentFile:
        return ContentFile(self.content, name=self.name)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _attribute_name(name: str) -> str:
    if name.startswith("{" + XLINK_NS + "}"):
        return "href" if name.endswith("}href") else ""
    if name.startswith("{" + _XML_NS + "}"):
        return "xml:" + _local(name)
    return name if not name.startswith("{") else ""


def _clean(source, target: Element) -> None:
    for name, value in source.attrib.items():
        plain = _attribute_name(name)
        if not plain or plain not in SVG_ATTRIBUTES or plain.lower().startswith("on"):
            continue
        if plain == "href":
            if not _SAFE_HREF.match(value.strip()):
                continue
            target.set("href", value.strip())
            continue
        if _URL_IN_VALUE.search(value) or "javascript:" in value.lower():
            continue
        target.set(plain, value)
    target.text = source.text
    for child in source:
        if not isinstance(child.tag, str):
            continue  # comments and processing instructions are dropped
        if _local(child.tag) in SVG_ELEMENTS:
            _clean(child, SubElement(target, _local(child.tag)))
        # the child's tail belongs to the parent's text flow and is kept
        if child.tail:
            last = target[-1] if len(target) else None
            if last is not None:
                last.tail = (last.tail or "") + child.tail
            else:
                target.text = (target.text or "") + child.tail


def sanitise_svg(data: bytes) -> bytes | None:
    """The SVG rebuilt from an allowlist of elements and attributes, or None if it is not a
    well-formed SVG. Scripts, foreignObject, styles, event handlers, external and
    `javascript:` links are all dropped; DOCTYPEs and entities are refused while parsing."""
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True)
    except (DefusedXmlException, SafeET.ParseError, ValueError):
        return None
    if _local(root.tag) != "svg":
        return None
    clean = Element("svg", {"xmlns": SVG_NS})
    _clean(root, clean)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(clean, encoding="unicode").encode()
    )


def _xml_root(data: bytes) -> str | None:
    try:
        return _local(SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True).tag)
    except (DefusedXmlException, SafeET.ParseError, ValueError):
        return None


def _is_idml(data: bytes) -> bool:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        return zip_is_safe(archive) and "designmap.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, RuntimeError):
        return False


def sniff(data: bytes, uploaded) -> str | None:  # noqa: PLR0911 (one return per kind)
    """The content type of `data` if it is one of the kinds we recognise, else None."""
    head = data[:64]
    if head.startswith(_REFUSED_HEADS) or _HTML_HEAD.match(head):
        return None
    if head.startswith(b"8BPS"):
        return "image/vnd.adobe.photoshop"
    if head.startswith(b"\x00\xffKA"):
        return "application/x-affinity"
    if head.startswith(b"PK\x03\x04") and _is_idml(data):
        return "application/vnd.adobe.indesign-idml-package"
    content_type = sniff_content_type(uploaded)
    if content_type in EXTENSIONS:
        return content_type
    if content_type is not None:
        return None  # GIF, WebP: recognised elsewhere, not accepted here
    stripped = data.lstrip()
    if stripped.startswith(b"<"):
        root = _xml_root(data)
        if root == "svg":
            return "image/svg+xml"
        if root == "SCRIBUSUTF8NEW":
            return "application/vnd.scribus"
    return None


def kind_of(content_type: str) -> str:
    return KIND_OF_TYPE.get(content_type, FileKind.OFFICE)


def allowed_kinds_label(kinds) -> str:
    labels = [str(label) for value, label in FileKind.choices if value in set(kinds)]
    return ", ".join(labels)


def check_upload(uploaded, *, allowed_kinds, max_megabytes: int) -> CheckedFile:
    """Validates an uploaded translation and returns what to store; raises ValidationError
    with a message naming the accepted types otherwise."""
    limit = max_megabytes * 1024 * 1024
    if uploaded.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)d MB. Please upload a smaller file.")
            % {"limit": max_megabytes},
            code="too_large",
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    uploaded.seek(0)
    data = uploaded.read(limit + 1)
    uploaded.seek(0)
    content_type = sniff(data, uploaded)
    kind = kind_of(content_type) if content_type else None
    if kind is None or kind not in set(allowed_kinds):
        raise ValidationError(
            _("This campaign accepts only these file types: %(kinds)s.")
            % {"kinds": allowed_kinds_label(allowed_kinds)},
            code="file_type",
        )
    if content_type == "image/svg+xml":
        data = sanitise_svg(data)
        if data is None:
            raise ValidationError(_("The SVG file could not be read."), code="file_type")
    name = f"{uuid.uuid4().hex}.{EXTENSIONS[content_type]}"
    return CheckedFile(kind=kind, content_type=content_type, name=name, content=data)
