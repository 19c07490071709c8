"""The PDF of a published language of a text-only campaign, made from its segments."""

from atheneum.common.pdf import Document

from . import campaign_selectors as selectors
from .coverage import native_name
from .models import TargetLanguage


def language_pdf(*, target: TargetLanguage) -> bytes:
    """Only ever called for published languages: never unapproved text."""
    campaign = target.campaign
    rows = selectors.published_text(target=target)
    document = Document(title=campaign.title, author=campaign.organisation.name)
    document.line(native_name(target.language), size=9, gap=2)
    for index, (_segment, text) in enumerate(rows):
        if not text.strip():
            continue
        document.line(text, size=16 if index == 0 else None, gap=3)
    document.line(campaign.organisation.name, size=8, gap=0)
    return document.output()


def preview_pdf(*, title: str, author: str, paragraphs: list[str]) -> bytes:
    document = Document(title=title, author=author)
    for index, text in enumerate(paragraphs):
        document.line(text, size=18 if index == 0 else None, gap=3)
    return document.output()
