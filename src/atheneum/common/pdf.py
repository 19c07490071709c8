"""PDF documents that print every interface language: Noto fonts from PyPI, HarfBuzz shaping.

Arabic comes out joined and right to left, Chinese from the CJK font; every PDF Atheneum makes
(CPD statements, certificates, kit outlines) starts from `Document`.
"""

import re
from functools import cache
from pathlib import Path


@cache
def font_files() -> dict[str, str]:
    """The fonts shipped as Python packages: Noto Sans CJK (Latin, Cyrillic, Chinese…) and
    Noto Sans Arabic."""
    import cvttf_NotoSansCJK_Regular
    import fontpkg_noto_sans_arabic

    arabic = next(Path(fontpkg_noto_sans_arabic.ROOT, "files").glob("NotoSansArabic*.ttf"))
    return {"NotoSansCJK": cvttf_NotoSansCJK_Regular.get_TTF_path(), "NotoSansArabic": str(arabic)}


# Scripts whose letters are drawn one after the other, each with its own width: Latin, Greek,
# Cyrillic, punctuation and symbols, CJK. Anything else (Arabic, Hebrew, Indic scripts, emoji …)
# needs HarfBuzz to join, reorder or combine glyphs, and so do the bidirectional controls.
# Shaping costs about three times as much per line (fpdf2 shapes the text again for every
# character it fits on the line), so it is switched on only for the lines that need it.
_NEEDS_SHAPING = re.compile(
    r"[^\x00-\u058f\u1e00-\u200d\u2010-\u2029\u202f-\u2065\u206a-\u2bff\u2e80-\u9fff"
    r"\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)


@cache
def _font_template(family: str, path: str):
    """The font as fpdf2 reads it (the character widths and glyph ids of some 65,000 glyphs:
    about half a second for the CJK font), read once per process."""
    from fpdf import FPDF

    scratch = FPDF()
    scratch.add_font(family, fname=path)
    return scratch.fonts[family.lower()]


def _add_font(pdf, family: str, path: str) -> None:
    """Adds a font to one document, sharing the read-only parts of `_font_template` (widths,
    glyph ids and the HarfBuzz font, as fpdf2's own copy for recorders does) but with its own font
    file object and glyph subset: the subset is cut from the file object in place when the
    document is written."""
    from fontTools import ttLib
    from fpdf.fonts import SubsetMap, TTFFont

    template = _font_template(family, path)
    if template.color_font is not None:  # pragma: no cover (Noto Sans has no colour glyphs)
        pdf.add_font(family, fname=path)
        return
    font = TTFFont.__new__(TTFFont)
    for name in TTFFont.__slots__:
        if hasattr(template, name):
            setattr(font, name, getattr(template, name))
    font.i = len(pdf.fonts) + 1
    font.ttfont = ttLib.TTFont(path, recalcTimestamp=False, lazy=True)
    font._hbfont = template.hbfont
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font.subset = SubsetMap(font)
    pdf.fonts[font.fontkey] = font


class Document:
    """An A4 page flow with the fonts loaded, written a paragraph at a time, each shaped by
    HarfBuzz if its script needs it."""

    def __init__(self, *, title: str, author: str, size: float = 11, line_height: float = 7):
        from fpdf import FPDF

        self.size = size
        self.line_height = line_height
        self.pdf = pdf = FPDF(format="A4")
        pdf.set_title(title)
        pdf.set_author(author)
        pdf.set_creator("Atheneum")
        for family, path in font_files().items():
            _add_font(pdf, family, path)
        pdf.set_font("NotoSansCJK", size=size)
        pdf.set_fallback_fonts(["NotoSansArabic"])
        pdf.set_text_shaping(True)
        self.shaping = True
        pdf.set_auto_page_break(auto=True, margin=15)
        pdf.add_page()

    def line(
        self, text: str, *, size: float | None = None, height: float | None = None, gap: float = 0
    ) -> None:
        """A paragraph across the page width, then `gap` millimetres of space."""
        from fpdf.enums import XPos, YPos

        shaping = _NEEDS_SHAPING.search(text) is not None
        if shaping != self.shaping:
            self.pdf.set_text_shaping(shaping)
            # A shaped line sets its fonts inside its own saved graphics state; fpdf2 does not
            # know they are gone after it, so the next plain line must set its font again.
            self.pdf.current_font_is_set_on_page = False
            self.shaping = shaping
        self.pdf.set_font_size(size or self.size)
        self.pdf.multi_cell(
            self.pdf.epw,
            height or self.line_height,
            text,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        if gap:
            self.pdf.ln(gap)

    def output(self) -> bytes:
        return bytes(self.pdf.output())
