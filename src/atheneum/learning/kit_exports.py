"""A kit as a ZIP to take away: README.md, outline.pdf and every part as Markdown with its file.

Every name inside the archive is made by the site (slugified, no folders from users), so an
archive can never write outside the folder it is unpacked in.
"""

import io
import zipfile
from pathlib import PurePath

from django.utils.text import slugify
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from atheneum.common.pdf import Document

from . import kit_selectors as selectors
from .models import Kit, KitPart


def safe_name(text: str, *, fallback: str) -> str:
    """A file name made of lowercase letters, digits and hyphens only."""
    return slugify(text)[:60].strip("-") or fallback


def archive_name(kit: Kit) -> str:
    return f"{safe_name(kit.slug, fallback='kit')}.zip"


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _minutes(minutes: int) -> str:
    return _("%(minutes)d minutes") % {"minutes": minutes}


def readme_markdown(*, kit: Kit, chain: list[Kit]) -> str:
    licence_url = selectors.licence_url(kit)
    lines = [f"# {kit.title}", ""]
    lines += [f"**{_('Organisation')}:** {kit.organisation.name}  "]
    lines += [f"**{_('Audience')}:** {kit.audience}  "]
    lines += [f"**{_('Duration')}:** {_minutes(kit.duration_minutes)}  "]
    lines += [f"**{_('Language')}:** {language_name(kit.language)}  "]
    licence = kit.get_licence_display()
    lines += [f"**{_('Licence')}:** {licence}" + (f" — {licence_url}" if licence_url else "")]
    lines += ["", f"## {_('Purpose')}", "", kit.purpose.strip(), ""]
    lines += [f"## {_('Credits')}", ""]
    lines += [kit.credits.strip() or _("No credits given."), ""]
    if chain:
        lines += [f"## {_('Provenance')}", ""]
        lines += [_("This kit was copied from:"), ""]
        for ancestor in chain:
            lines.append(
                "- "
                + _("“%(title)s” by %(organisation)s")
                % {
                    "title": ancestor.title,
                    "organisation": ancestor.organisation.name,
                }
                + (f" ({ancestor.credits.strip()})" if ancestor.credits.strip() else "")
            )
        lines.append("")
    lines += [f"## {_('Outline')}", ""]
    for number, timed in enumerate(selectors.outline_with_timings(kit=kit), start=1):
        lines.append(
            f"{number}. {timed.session.title} — "
            + _("minute %(start)d to %(end)d") % {"start": timed.starts_at, "end": timed.ends_at}
        )
    lines += ["", _("See outline.pdf for outcomes and plans, and the parts folder.")]
    return "\n".join(lines).strip() + "\n"


def part_markdown(part: KitPart) -> str:
    lines = [f"# {part.title}", "", f"*{part.get_kind_display()}*", ""]
    if part.url:
        lines += [f"<{part.url}>", ""]
    if part.body:
        lines += [part.body.strip(), ""]
    return "\n".join(lines).strip() + "\n"


def outline_pdf(*, kit: Kit) -> bytes:
    """The outline as a printable PDF: each session with its minutes, outcomes and plan.
    Noto fonts cover Latin, Cyrillic, Chinese and (with shaping) Arabic."""
    document = Document(
        title=kit.title,
        author=kit.organisation.name,
        size=11,
        line_height=6,
    )
    pdf = document.pdf
    line = document.line

    line(kit.title, size=18, height=10, gap=2)
    line(_("Outline"), size=13, height=8)
    line(
        _("%(organisation)s · %(duration)s · %(licence)s")
        % {
            "organisation": kit.organisation.name,
            "duration": _minutes(kit.duration_minutes),
            "licence": kit.get_licence_display(),
        },
        size=9,
        height=5,
    )
    line(_("Audience: %(audience)s") % {"audience": kit.audience}, size=9, height=5, gap=4)
    timed_sessions = selectors.outline_with_timings(kit=kit)
    for timed in timed_sessions:
        session = timed.session
        line(session.title, size=13, height=8)
        line(
            _("%(minutes)s · minute %(start)d to %(end)d")
            % {
                "minutes": _minutes(session.minutes),
                "start": timed.starts_at,
                "end": timed.ends_at,
            },
            size=9,
            height=5,
            gap=1,
        )
        if timed.outcomes:
            line(_("Learning outcomes"), size=10, height=6)
            for outcome in timed.outcomes:
                line(f"• {outcome}", size=10, height=5)
            pdf.ln(1)
        if session.plan:
            line(_("Plan"), size=10, height=6)
            line(selectors.plain_text(session.plan), size=9, height=5)
        pdf.ln(4)
    total = timed_sessions[-1].ends_at if timed_sessions else 0
    line(_("Total: %(minutes)s") % {"minutes": _minutes(total)}, size=11, height=7)
    return bytes(pdf.output())


def kit_zip(*, kit: Kit) -> bytes:
    """The archive for a kit fetched with `kit_get_for_user` (outline and parts prefetched)."""
    chain = selectors.provenance_chain(kit=kit)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.md", readme_markdown(kit=kit, chain=chain))
        archive.writestr("outline.pdf", outline_pdf(kit=kit))
        for number, part in enumerate(kit.parts.all(), start=1):
            stem = f"{number:02d}-{part.kind}-{safe_name(part.title, fallback='part')}"
            archive.writestr(f"parts/{stem}.md", part_markdown(part))
            if part.file:
                extension = safe_name(PurePath(part.file.name).suffix, fallback="")
                try:
                    with part.file.open("rb") as handle:
                        content = handle.read()
                except (FileNotFoundError, OSError):
                    continue
                archive.writestr(
                    f"parts/{stem}.{extension}" if extension else f"parts/{stem}", content
                )
    return buffer.getvalue()
