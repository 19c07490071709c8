"""Documents share the fonts as read once per process, never one another's glyphs."""

import io
import re

import pypdf

from atheneum.common.pdf import Document

LONG = "图书馆员终身学习与专业发展 مكتبة التعلم المستمر Библиотека обучение " * 20
SHORT = "你好 Hello"


def _document(text: str) -> bytes:
    document = Document(title="Test", author="Atheneum")
    document.line(text)
    return document.output()


def _text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return re.sub(r"[\x00-\x09\x0b-\x1f ]", "", "".join(p.extract_text() for p in reader.pages))


def test_each_document_embeds_only_its_own_glyphs():
    alone = _document(SHORT)
    after_long = [_document(LONG), _document(SHORT)]
    assert "你好" in _text(alone)
    assert "图书馆员终身学习" in _text(after_long[0])
    assert _text(after_long[1]) == _text(alone)
    # The short document's subsets hold the same glyphs whatever was written before it (the
    # creation date is the only difference, and it has the same length).
    assert len(after_long[1]) == len(alone)
    assert len(after_long[0]) > len(alone) + 2000


def test_shaping_is_switched_on_for_the_lines_that_need_it():
    from atheneum.common.pdf import _NEEDS_SHAPING

    simple = ["Webinar · 1.50 hours – Ünïcode", "Привет", "图书馆员，学习", "Ελληνικά “quotes” €"]
    complex_ = ["مرحبا", "שלום", "a\u202eb", "नमस्ते", "🎉"]
    assert not any(_NEEDS_SHAPING.search(text) for text in simple)
    assert all(_NEEDS_SHAPING.search(text) for text in complex_)
    document = Document(title="Test", author="Atheneum")
    for text in ("Reading group", "مكتبة التعلم", "读书会", "التعلم المستمر", "Webinar"):
        document.line(text)
    text = _text(document.output())
    for expected in ("Readinggroup", "مكتبة", "التعلم", "读书会", "المستمر", "Webinar"):
        assert expected in text
