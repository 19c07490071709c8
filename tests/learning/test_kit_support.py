"""Factories for the training kit tests (imported by the other test_kit_* modules), and tests
of the kit's small helpers and demo data."""

import io
import zipfile

import factory
import pytest
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from atheneum.learning import kit_demo
from atheneum.learning.enums import KitPartKind, Licence
from atheneum.learning.kit_exports import safe_name
from atheneum.learning.kit_selectors import plain_text
from atheneum.learning.kit_services import stored_file_name
from atheneum.learning.models import Kit, KitPart, KitSession
from tests.factories import OrganisationFactory, UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class KitFactory(DjangoModelFactory):
    """A published kit by default; pass `is_published=False` for a draft."""

    class Meta:
        model = Kit

    organisation = factory.SubFactory(OrganisationFactory)
    slug = factory.Sequence(lambda n: f"kit-{n}")
    title = factory.Sequence(lambda n: f"Reader advisory workshop {n}")
    purpose = "Help colleagues **suggest** the next good book."
    audience = "Desk staff"
    duration_minutes = 90
    language = "en"
    licence = Licence.CC_BY
    credits = "Written by the reader services team"
    is_published = True


class KitSessionFactory(DjangoModelFactory):
    class Meta:
        model = KitSession

    kit = factory.SubFactory(KitFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Session {n}")
    minutes = 45
    outcomes = "Ask what the reader enjoyed last\nSuggest three titles"
    plan = "Warm-up in pairs, then *role play*."


class KitPartFactory(DjangoModelFactory):
    class Meta:
        model = KitPart

    kit = factory.SubFactory(KitFactory)
    position = factory.Sequence(lambda n: n)
    kind = KitPartKind.HANDOUT
    title = factory.Sequence(lambda n: f"Handout {n}")
    body = "Questions to **ask** a reader."


def part_with_file(
    kit, *, title="Slides", content=PDF_BYTES, name="slides.pdf", position=1
) -> KitPart:
    part = KitPartFactory(kit=kit, kind=KitPartKind.SLIDES, title=title, position=position)
    part.file.save(name, ContentFile(content), save=True)
    return part


def unzip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_safe_name_strips_paths_and_symbols():
    assert safe_name("../../etc/passwd", fallback="part") == "etcpasswd"
    assert safe_name("Slides: part 1/2", fallback="part") == "slides-part-12"
    assert safe_name("", fallback="part") == "part"


def test_stored_file_name_uses_the_content_type_extension():
    assert stored_file_name(original="../evil.exe", content_type="application/pdf") == "evil.pdf"
    assert stored_file_name(original="", content_type="image/png") == "file.png"


@pytest.mark.django_db
def test_kit_demo_load_is_idempotent():
    association = OrganisationFactory(slug="illa", name="Association")
    organiser = UserFactory()
    kit_demo.load(organisations={"association": association}, users={"organiser": organiser})
    kit_demo.load(organisations={"association": association}, users={"organiser": organiser})
    kit = Kit.objects.get()
    assert kit.slug == kit_demo.SLUG
    assert kit.organisation == association
    assert kit.created_by == organiser
    assert kit.is_published is True
    assert kit.licence == Licence.CC_BY
    assert kit.outline.count() == 2
    assert kit.duration_minutes == sum(session.minutes for session in kit.outline.all())
    kinds = list(kit.parts.values_list("kind", flat=True))
    assert kinds.count(KitPartKind.TEMPLATE) == 1
    assert kinds.count(KitPartKind.SLIDES) == 1
    assert kinds.count(KitPartKind.HANDOUT) == 1
    assert kinds.count(KitPartKind.READING) == 3
    assert kinds.count(KitPartKind.ASSESSMENT) == 4
    assert all(part.url.startswith("https://") for part in kit.parts.filter(kind="reading"))


def test_plain_text_drops_markdown_marks_for_the_pdf():
    assert plain_text("## Plan\n**Warm-up**, then *role play*. 2 * 3") == (
        "Plan\nWarm-up, then role play. 2 * 3"
    )
