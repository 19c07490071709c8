"""PDF documents that print every interface language: Noto fonts from PyPI, HarfBuzz shaping.

Arabic comes out joined and right to left, Chinese from the CJK font; every PDF Atheneum makes
(CPD statements, certificates, kit outlines) starts from `Document`.
"""

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


class Document:
    """An A4 page flow with the fonts loaded and shaping on, written a paragraph at a time."""

    def __init__(self, *, title: str, author: str, size: float = 11, line_height: float = 7):
        from fpdf import FPDF

        self.size = size
        self.line_height = line_height
        self.pdf = pdf = FPDF(format="A4")
        pdf.set_title(title)
        pdf.set_author(author)
        pdf.set_creator("Atheneum")
        for family, path in font_files().items():
            pdf.add_font(family, fname=path)
        pdf.set_font("NotoSansCJK", size=size)
        pdf.set_fallback_fonts(["NotoSansArabic"])
        pdf.set_text_shaping(True)
        pdf.set_auto_page_break(auto=True, margin=15)
        pdf.add_page()

    def line(
        self, text: str, *, size: float | None = None, height: float | None = None, gap: float = 0
    ) -> None:
        """A paragraph across the page width, then `gap` millimetres of space."""
        from fpdf.enums import XPos, YPos

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
