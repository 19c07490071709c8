"""Training kit services: copies, order, uploads, publishing and workshops."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from atheneum.events.enums import SessionKind
from atheneum.events.models import Session, SessionText
from atheneum.learning import kit_services as services
from atheneum.learning.enums import KitPartKind
from atheneum.learning.models import Kit, KitPart, KitSession, KitWorkshop

from ..events.core_factories import EventFactory
from .test_kit_support import (
    PDF_BYTES,
    KitFactory,
    KitPartFactory,
    KitSessionFactory,
    part_with_file,
)


@pytest.fixture
def kit(organisation, organiser):
    kit = KitFactory(organisation=organisation, created_by=organiser, title="Reader advisory")
    KitSessionFactory(kit=kit, position=0, title="Listening", minutes=30)
    KitSessionFactory(kit=kit, position=1, title="Suggesting", minutes=60)
    KitPartFactory(kit=kit, position=0, title="Question sheet", url="https://example.org/q")
    part_with_file(kit, title="Slides")
    return kit


def test_kit_copy_duplicates_outline_parts_and_files_with_provenance(
    kit, other_organisation, other_org_manager
):
    copy = services.kit_copy(
        kit=kit, organisation=other_organisation, acting_user=other_org_manager
    )
    assert copy.pk != kit.pk
    assert copy.organisation == other_organisation
    assert copy.copied_from == kit
    assert copy.created_by == other_org_manager
    assert copy.is_published is False
    assert copy.credits == (
        "Written by the reader services team · Adapted from “Reader advisory” by Riverside Library"
    )
    assert [(s.title, s.minutes, s.outcomes, s.plan) for s in copy.outline.all()] == [
        (s.title, s.minutes, s.outcomes, s.plan) for s in kit.outline.all()
    ]
    originals = list(kit.parts.all())
    copies = list(copy.parts.all())
    assert [(p.kind, p.title, p.body, p.url) for p in copies] == [
        (p.kind, p.title, p.body, p.url) for p in originals
    ]
    assert copies[1].file.name != originals[1].file.name
    with copies[1].file.open("rb") as handle:
        assert handle.read() == PDF_BYTES
    # The original is untouched and the copier may edit the copy.
    assert kit.outline.count() == 2
    assert kit.parts.count() == 2
    from atheneum.organisations.rules import can

    assert can(other_org_manager, "learning.change_kit", copy) is True
    assert can(other_org_manager, "learning.change_kit", kit) is False


def test_kit_copy_refuses_an_organisation_the_user_cannot_add_kits_to(
    kit, other_organisation, member
):
    with pytest.raises(ValidationError) as error:
        services.kit_copy(kit=kit, organisation=other_organisation, acting_user=member)
    assert error.value.message_dict == {
        "organisation": ["Choose an organisation you may create kits for."]
    }
    assert Kit.objects.count() == 1


def test_kit_session_move_swaps_neighbours_and_ignores_the_edge(kit, organiser):
    first, second = kit.outline.all()
    services.kit_session_move(session=second, direction="up", acting_user=organiser)
    assert list(KitSession.objects.filter(kit=kit).values_list("title", flat=True)) == [
        "Suggesting",
        "Listening",
    ]
    second.refresh_from_db()
    services.kit_session_move(session=second, direction="up", acting_user=organiser)
    assert list(KitSession.objects.filter(kit=kit).values_list("position", "title")) == [
        (0, "Suggesting"),
        (1, "Listening"),
    ]


def test_kit_part_move_down(kit, organiser):
    question_sheet = kit.parts.get(title="Question sheet")
    services.kit_part_move(part=question_sheet, direction="down", acting_user=organiser)
    assert list(KitPart.objects.filter(kit=kit).values_list("title", flat=True)) == [
        "Slides",
        "Question sheet",
    ]


def test_kit_session_move_refused_for_someone_who_cannot_edit(kit, manager):
    second = kit.outline.get(title="Suggesting")
    with pytest.raises(PermissionDenied):
        services.kit_session_move(session=second, direction="up", acting_user=manager)
    assert list(KitSession.objects.filter(kit=kit).values_list("title", flat=True)) == [
        "Listening",
        "Suggesting",
    ]


def test_kit_part_save_refuses_a_file_by_its_content(kit, organiser):
    part = kit.parts.get(title="Slides")
    old_name = part.file.name
    fake = SimpleUploadedFile("slides.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError) as error:
        services.kit_part_save(
            kit=kit,
            part=part,
            kind=KitPartKind.SLIDES,
            title="New slides",
            file=fake,
            acting_user=organiser,
        )
    assert error.value.message_dict == {
        "file": [
            "The file “slides.pdf” is not a PDF, an image (PNG, JPEG, GIF, WebP) or an office "
            "document (Word, Excel, PowerPoint, OpenDocument)."
        ]
    }
    part.refresh_from_db()
    assert part.title == "Slides"
    assert part.file.name == old_name
    assert KitPart.objects.filter(kit=kit).count() == 2


def test_kit_part_save_stores_an_accepted_file_under_a_safe_name(kit, organiser):
    upload = SimpleUploadedFile("../../Session plan.pdf", PDF_BYTES)
    part = services.kit_part_save(
        kit=kit,
        kind=KitPartKind.TEMPLATE,
        title="Session plan",
        file=upload,
        acting_user=organiser,
    )
    assert part.position == 2
    assert part.file.name.startswith("learning/kits/session-plan")
    assert part.file.name.endswith(".pdf")


def test_kit_set_published_needs_an_outline(organisation, organiser):
    draft = KitFactory(organisation=organisation, is_published=False)
    with pytest.raises(ValidationError):
        services.kit_set_published(kit=draft, published=True, acting_user=organiser)
    draft.refresh_from_db()
    assert draft.is_published is False


def test_kit_create_by_a_team_manager_for_their_organisation(organisation, manager):
    kit = services.kit_create(
        organisation=organisation,
        title="Story time for babies",
        purpose="Rhymes and songs.",
        audience="Children's staff",
        duration_minutes=60,
        language="en",
        licence="CC-BY-4.0",
        acting_user=manager,
    )
    assert (kit.slug, kit.created_by, kit.is_published) == ("story-time-for-babies", manager, False)


def test_kit_create_refused_for_another_organisation(other_organisation, manager):
    with pytest.raises(PermissionDenied):
        services.kit_create(
            organisation=other_organisation,
            title="Story time",
            purpose="Rhymes.",
            audience="Staff",
            duration_minutes=60,
            language="en",
            licence="CC-BY-4.0",
            acting_user=manager,
        )
    assert Kit.objects.count() == 0


def test_kit_schedule_creates_one_unpublished_workshop(kit, organisation, organiser):
    event = EventFactory(organisation=organisation)
    start = event.start + dt.timedelta(hours=2)
    session = services.kit_schedule(
        kit=kit, event=event, start=start, language="en", acting_user=organiser
    )
    assert Session.objects.count() == 1
    assert (session.kind, session.is_published, session.languages) == (
        SessionKind.WORKSHOP,
        False,
        ["en"],
    )
    assert session.end - session.start == dt.timedelta(minutes=90)
    text = SessionText.objects.get(session=session)
    assert (text.language, text.title, text.abstract) == ("en", kit.title, kit.purpose)
    assert KitWorkshop.objects.get().session == session


def test_kit_schedule_refused_for_an_event_the_user_does_not_organise(
    kit, other_organisation, organiser
):
    event = EventFactory(organisation=other_organisation)
    with pytest.raises(PermissionDenied):
        services.kit_schedule(
            kit=kit, event=event, start=event.start, language="en", acting_user=organiser
        )
    assert Session.objects.count() == 0
    assert KitWorkshop.objects.count() == 0
