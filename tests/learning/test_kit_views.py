"""Training kit pages for every role, the ZIP, scheduling and query counts."""

import datetime as dt
import io
import re
import zoneinfo

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atheneum.events.models import Session
from atheneum.learning.models import Kit, KitPart, KitSession, KitWorkshop

from ..events.core_factories import EventFactory
from .test_kit_support import (
    PDF_BYTES,
    KitFactory,
    KitPartFactory,
    KitSessionFactory,
    part_with_file,
    unzip,
)

ROLES = [
    "anonymous",
    "member",
    "other_member",
    "manager",
    "other_org_manager",
    "organiser",
    "admin",
]
EDITORS = {"organiser", "admin"}
# Who may create kits somewhere: organisers, team managers and the site admin.
TRAINERS = {"manager", "other_org_manager", "organiser", "admin"}
ARABIC = "ورشة الترحيب بالقراء"


def signed_in_only(role: str, allowed: bool) -> int:
    if role == "anonymous":
        return 302
    return 200 if allowed else 403


@pytest.fixture
def kit(organisation, organiser):
    kit = KitFactory(
        organisation=organisation,
        created_by=organiser,
        slug="welcome",
        title="Welcoming every reader",
        purpose="Make the desk **welcoming**.<script>alert(1)</script>",
    )
    KitSessionFactory(kit=kit, position=0, title="First contact", minutes=30)
    KitSessionFactory(kit=kit, position=1, title="Practice scenarios", minutes=60)
    KitPartFactory(kit=kit, position=0, title="Desk checklist")
    part_with_file(kit, title="Slide deck", position=1)
    return kit


@pytest.fixture
def draft(organisation, organiser):
    draft = KitFactory(
        organisation=organisation, created_by=organiser, slug="secret-draft", is_published=False
    )
    KitSessionFactory(kit=draft, title="Hidden session")
    return draft


@pytest.fixture
def event(organisation):
    return EventFactory(organisation=organisation, slug="futures", title="Library futures")


@pytest.mark.parametrize("role", ROLES)
def test_kit_list_for_role(client_as, role, kit, draft):
    response = client_as(role).get(reverse("learning:kits"))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1
    assert b"Welcoming every reader" in response.content
    assert (draft.title.encode() in response.content) is (role in EDITORS)
    assert (b"New training kit" in response.content) is (role in TRAINERS)


@pytest.mark.parametrize("role", ROLES)
def test_kit_detail_for_role(client_as, role, kit, event):
    response = client_as(role).get(reverse("learning:kit", args=[kit.slug]))
    assert response.status_code == 200
    content = response.content
    assert content.count(b"<h1") == 1
    assert b"<strong>welcoming</strong>" in content
    assert b"<script>alert" not in content
    assert b"First contact" in content
    assert b"minute 30 to 90" in content
    assert b"https://creativecommons.org/licenses/by/4.0/" in content
    assert b"Desk checklist" in content
    assert reverse("learning:kit_download", args=[kit.slug]).encode() in content
    assert (reverse("learning:kit_edit", args=[kit.slug]).encode() in content) is (role in EDITORS)
    assert (reverse("learning:kit_copy", args=[kit.slug]).encode() in content) is (role in TRAINERS)
    assert (reverse("learning:kit_schedule", args=[kit.slug]).encode() in content) is (
        role in EDITORS
    )


@pytest.mark.parametrize("role", ROLES)
def test_kit_draft_detail_is_404_for_others(client_as, role, draft):
    client = client_as(role)
    names = ["learning:kit", "learning:kit_edit"]
    if role not in EDITORS:  # test_kit_download_zip_contents downloads a draft as an editor
        names.append("learning:kit_download")
    for name in names:
        response = client.get(reverse(name, args=[draft.slug]))
        if role in EDITORS:
            assert response.status_code == 200
        elif role == "anonymous" and name == "learning:kit_edit":
            assert response.status_code == 302
        else:
            assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_kit_edit_for_role(client_as, role, kit):
    response = client_as(role).get(reverse("learning:kit_edit", args=[kit.slug]))
    assert response.status_code == signed_in_only(role, role in EDITORS)
    if response.status_code == 200:
        assert response.content.count(b"<h1") == 1
        assert b"Move \xe2\x80\x9cFirst contact\xe2\x80\x9d down" in response.content


@pytest.mark.parametrize("role", ROLES)
def test_kit_edit_post_for_role(client_as, role, kit):
    response = client_as(role).post(
        reverse("learning:kit_edit", args=[kit.slug]),
        {
            "title": "Changed",
            "purpose": "New purpose",
            "audience": "Everyone",
            "duration_minutes": "120",
            "language": "en",
            "licence": "CC-BY-SA-4.0",
            "credits": "",
        },
    )
    kit.refresh_from_db()
    if role in EDITORS:
        assert response.status_code == 302
        assert (kit.title, kit.licence) == ("Changed", "CC-BY-SA-4.0")
    else:
        assert response.status_code == signed_in_only(role, False)
        assert kit.title == "Welcoming every reader"


@pytest.mark.parametrize("role", ROLES)
def test_kit_create_for_role(client_as, role, organisation, other_organisation):
    client = client_as(role)
    response = client.get(reverse("learning:kit_create"))
    assert response.status_code == signed_in_only(role, role in TRAINERS)
    if role not in TRAINERS:
        return
    target = other_organisation if role == "other_org_manager" else organisation
    response = client.post(
        reverse("learning:kit_create"),
        {
            "organisation": target.pk,
            "title": "Story time for babies",
            "purpose": "Rhymes and songs.",
            "audience": "Children's staff",
            "duration_minutes": "60",
            "language": "en",
            "licence": "CC-BY-4.0",
        },
    )
    kit = Kit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:kit_edit", args=[kit.slug])
    assert (kit.organisation, kit.is_published) == (target, False)
    # The creator may edit the draft they made, whoever they are.
    assert client.get(reverse("learning:kit_edit", args=[kit.slug])).status_code == 200


def test_kit_create_refuses_an_organisation_a_manager_does_not_train_for(
    client_as, other_organisation
):
    response = client_as("manager").post(
        reverse("learning:kit_create"),
        {
            "organisation": other_organisation.pk,
            "title": "Elsewhere",
            "purpose": "No.",
            "audience": "Staff",
            "duration_minutes": "60",
            "language": "en",
            "licence": "CC-BY-4.0",
        },
    )
    assert response.status_code == 400
    assert Kit.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_kit_copy_for_role(client_as, role, kit, organisation, other_organisation):
    client = client_as(role)
    url = reverse("learning:kit_copy", args=[kit.slug])
    assert client.get(url).status_code == signed_in_only(role, role in TRAINERS)
    target = other_organisation if role == "other_org_manager" else organisation
    response = client.post(url, {"organisation": target.pk})
    if role not in TRAINERS:
        assert response.status_code == signed_in_only(role, False)
        assert Kit.objects.count() == 1
        return
    copy = Kit.objects.exclude(pk=kit.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:kit_edit", args=[copy.slug])
    assert (copy.organisation, copy.copied_from, copy.is_published) == (target, kit, False)
    assert copy.outline.count() == 2
    assert copy.parts.count() == 2
    detail = client.get(reverse("learning:kit", args=[copy.slug]))
    assert reverse("learning:kit", args=[kit.slug]).encode() in detail.content
    assert b"Adapted from \xe2\x80\x9cWelcoming every reader\xe2\x80\x9d" in detail.content


def test_kit_download_zip_contents(client_as, organisation, organiser):
    """A draft, downloaded by its creator (the ZIP respects learning.view_kit)."""
    original = KitFactory(organisation=organisation, title="Original kit", slug="original")
    kit = KitFactory(
        organisation=organisation,
        created_by=organiser,
        slug="arabic",
        title=ARABIC,
        copied_from=original,
        credits="Adapted from “Original kit” by Riverside Library",
        is_published=False,
    )
    KitSessionFactory(kit=kit, position=0, title="Opening circle", minutes=20)
    KitSessionFactory(kit=kit, position=1, title="Role play at the desk", minutes=70)
    KitPartFactory(kit=kit, position=0, title="../../Checklist: desk/door", body="Smile.")
    part_with_file(kit, title="Slides", position=1)
    response = client_as("organiser").get(reverse("learning:kit_download", args=[kit.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="arabic.zip"'
    assert "no-store" in response["Cache-Control"]
    files = unzip(response.content)
    assert sorted(files) == [
        "README.md",
        "outline.pdf",
        "parts/01-handout-checklist-deskdoor.md",
        "parts/02-slides-slides.md",
        "parts/02-slides-slides.pdf",
    ]
    readme = files["README.md"].decode()
    assert readme.startswith(f"# {ARABIC}\n")
    assert (
        "Creative Commons Attribution 4.0 (CC BY 4.0) — https://creativecommons.org/licenses/by/4.0/"
        in readme
    )
    assert "Adapted from “Original kit” by Riverside Library" in readme
    assert "- “Original kit” by Riverside Library" in readme
    assert files["parts/02-slides-slides.pdf"] == PDF_BYTES
    reader = pypdf.PdfReader(io.BytesIO(files["outline.pdf"]))
    text = re.sub(r"[\x00-\x09\x0b-\x1f]", "", "".join(p.extract_text() for p in reader.pages))
    assert "Opening circle" in text
    assert "Role play at the desk" in text
    assert "20 minutes" in text


def test_kit_part_file_is_an_attachment(client, kit):
    part = kit.parts.get(title="Slide deck")
    response = client.get(reverse("learning:kit_part_file", args=[kit.slug, part.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="slide-deck.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_kit_part_upload_refused_by_content_with_a_message(client_as, kit):
    response = client_as("organiser").post(
        reverse("learning:kit_part_create", args=[kit.slug]),
        {
            "kind": "slides",
            "title": "Not really a PDF",
            "file": SimpleUploadedFile("deck.pdf", b"MZ\x90\x00 pretending"),
        },
    )
    assert response.status_code == 400
    assert "The file “deck.pdf” is not a PDF" in response.content.decode()
    assert KitPart.objects.filter(kit=kit).count() == 2


def test_kit_outline_add_move_delete_through_the_pages(client_as, kit):
    client = client_as("organiser")
    response = client.post(
        reverse("learning:kit_session_create", args=[kit.slug]),
        {"title": "Wrap-up", "minutes": "15", "outcomes": "Plan one change", "plan": ""},
    )
    assert response.status_code == 302
    wrap_up = KitSession.objects.get(kit=kit, title="Wrap-up")
    client.post(
        reverse("learning:kit_session_move", args=[kit.slug, wrap_up.pk]), {"direction": "up"}
    )
    assert list(kit.outline.values_list("title", flat=True)) == [
        "First contact",
        "Wrap-up",
        "Practice scenarios",
    ]
    client.post(reverse("learning:kit_session_delete", args=[kit.slug, wrap_up.pk]))
    assert list(kit.outline.values_list("title", flat=True)) == [
        "First contact",
        "Practice scenarios",
    ]


def test_kit_publish_and_unpublish(client_as, draft):
    client = client_as("organiser")
    client.post(reverse("learning:kit_publish", args=[draft.slug]), {"publish": "1"})
    draft.refresh_from_db()
    assert draft.is_published is True
    client.post(reverse("learning:kit_publish", args=[draft.slug]), {"publish": "0"})
    draft.refresh_from_db()
    assert draft.is_published is False


@pytest.mark.parametrize("role", ROLES)
def test_kit_schedule_for_role(client_as, role, kit, event):
    response = client_as(role).get(reverse("learning:kit_schedule", args=[kit.slug]))
    assert response.status_code == signed_in_only(role, role in EDITORS)
    if response.status_code == 200:
        assert response.content.count(b"<h1") == 1
        assert b"Library futures" in response.content


def test_kit_schedule_creates_the_workshop_in_the_organisers_time_zone(
    client_as, organiser, kit, event
):
    organiser.time_zone = "Europe/Stockholm"
    organiser.save(update_fields=["time_zone"])
    zone = zoneinfo.ZoneInfo("Europe/Stockholm")
    day = (event.start + dt.timedelta(days=1)).astimezone(zone).date()
    client = client_as("organiser")
    response = client.post(
        reverse("learning:kit_schedule", args=[kit.slug]),
        {"event": event.pk, "day": day.isoformat(), "start_time": "10:00", "language": "es"},
    )
    session = Session.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("events:session_edit", args=[event.slug, session.pk])
    assert session.start == dt.datetime.combine(day, dt.time(10, 0), tzinfo=zone)
    assert session.end - session.start == dt.timedelta(minutes=kit.duration_minutes)
    assert (session.kind, session.is_published) == ("workshop", False)
    assert session.texts.get().title == "Welcoming every reader"
    assert KitWorkshop.objects.get().kit == kit
    assert client.get(response["Location"]).status_code == 200


def test_kit_schedule_refused_for_an_event_the_user_does_not_organise(
    client_as, kit, event, other_organisation
):
    foreign = EventFactory(organisation=other_organisation, slug="elsewhere")
    day = (foreign.start + dt.timedelta(days=1)).date()
    response = client_as("organiser").post(
        reverse("learning:kit_schedule", args=[kit.slug]),
        {"event": foreign.pk, "day": day.isoformat(), "start_time": "10:00", "language": "en"},
    )
    assert response.status_code == 400
    assert Session.objects.count() == 0
    assert KitWorkshop.objects.count() == 0


def _kit_with_content(organisation, *, sessions: int, parts: int, copied_from=None) -> Kit:
    kit = KitFactory(organisation=organisation, copied_from=copied_from)
    for position in range(sessions):
        KitSessionFactory(kit=kit, position=position)
    for position in range(parts):
        KitPartFactory(kit=kit, position=position, url="https://example.org/r")
    return kit


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["anonymous", "organiser"])
def test_kit_list_query_count_is_constant(client_as, role, organisation, other_organisation):
    client = client_as(role)
    _kit_with_content(organisation, sessions=1, parts=1)
    client.get(reverse("learning:kits"))  # the viewer's roles are cached from then on
    small = _count(client, reverse("learning:kits"))
    for _index in range(4):
        _kit_with_content(other_organisation, sessions=2, parts=2)
    KitFactory(organisation=organisation, is_published=False)
    assert _count(client, reverse("learning:kits")) == small


@pytest.mark.parametrize("role", ["anonymous", "organiser"])
def test_kit_detail_query_count_is_constant(client_as, role, organisation):
    client = client_as(role)
    original = _kit_with_content(organisation, sessions=0, parts=0)
    small = _kit_with_content(organisation, sessions=1, parts=1, copied_from=original)
    large = _kit_with_content(organisation, sessions=5, parts=6, copied_from=original)
    part_with_file(large, position=10)
    client.get(reverse("learning:kit", args=[small.slug]))  # the viewer's roles are cached
    small_count = _count(client, reverse("learning:kit", args=[small.slug]))
    assert _count(client, reverse("learning:kit", args=[large.slug])) == small_count


def test_kit_schedule_refuses_a_language_the_event_does_not_offer(client_as, kit, event):
    day = (event.start + dt.timedelta(days=1)).date()
    response = client_as("organiser").post(
        reverse("learning:kit_schedule", args=[kit.slug]),
        {"event": event.pk, "day": day.isoformat(), "start_time": "10:00", "language": "sv"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["language"] == ["Choose languages the event offers."]
    assert Session.objects.count() == 0
    assert KitWorkshop.objects.count() == 0
