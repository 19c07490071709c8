"""Writes to "train the trainer" kits: the kit, its outline and parts, copies and workshops.

Each service checks the acting user's right, validates, and writes in one transaction. Files
are judged by their content, not their name, and stored under a name the site chooses.
"""

import datetime
import mimetypes
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from atheneum.events import services as event_services
from atheneum.events.enums import SessionKind
from atheneum.events.models import Event, Session
from atheneum.organisations.models import Organisation
from atheneum.organisations.rules import can
from atheneum.portfolio.files import MAX_EVIDENCE_MEGABYTES, check_evidence_file

from .enums import KitPartKind, Licence
from .models import Kit, KitPart, KitSession, KitWorkshop

RESERVED_KIT_SLUGS = frozenset({"new"})
SLUG_MAX = Kit._meta.get_field("slug").max_length
CREDITS_MAX = Kit._meta.get_field("credits").max_length
KIT_FILE_MAX_MEGABYTES = MAX_EVIDENCE_MEGABYTES
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
}


def _require(user, perm: str, obj) -> None:
    if not can(user, perm, obj):
        raise PermissionDenied


def _unique_slug(title: str) -> str:
    base = slugify(title)[: SLUG_MAX - 8].strip("-") or "kit"
    if base in RESERVED_KIT_SLUGS:
        base = f"{base}-kit"
    slug, number = base, 1
    while Kit.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _kit_fields(
    *,
    title: str,
    purpose: str,
    audience: str,
    duration_minutes: int,
    language: str,
    licence: str,
    credits: str,
) -> dict:
    errors: dict[str, list[str]] = {}
    title = " ".join((title or "").split())
    audience = " ".join((audience or "").split())
    purpose = (purpose or "").strip()
    if not title:
        errors["title"] = [_("Give the kit a title.")]
    if not purpose:
        errors["purpose"] = [_("Say what the kit is for.")]
    if not audience:
        errors["audience"] = [_("Say who the kit is for.")]
    if not 5 <= (duration_minutes or 0) <= 2400:
        errors["duration_minutes"] = [_("A kit takes between 5 and 2400 minutes.")]
    if licence not in Licence.values:
        errors["licence"] = [_("Choose a licence from the list.")]
    if not language:
        errors["language"] = [_("Choose a language.")]
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "purpose": purpose,
        "audience": audience,
        "duration_minutes": duration_minutes,
        "language": language,
        "licence": licence,
        "credits": (credits or "").strip(),
    }


@transaction.atomic
def kit_create(
    *,
    organisation: Organisation,
    title: str,
    purpose: str,
    audience: str,
    duration_minutes: int,
    language: str,
    licence: str,
    credits: str = "",
    acting_user,
) -> Kit:
    """Creates a draft kit for `organisation`; its address comes from the title."""
    _require(acting_user, "learning.add_kit", organisation)
    fields = _kit_fields(
        title=title,
        purpose=purpose,
        audience=audience,
        duration_minutes=duration_minutes,
        language=language,
        licence=licence,
        credits=credits,
    )
    return Kit.objects.create(
        organisation=organisation,
        slug=_unique_slug(fields["title"]),
        created_by=acting_user,
        **fields,
    )


@transaction.atomic
def kit_update(
    *,
    kit: Kit,
    title: str,
    purpose: str,
    audience: str,
    duration_minutes: int,
    language: str,
    licence: str,
    credits: str,
    acting_user,
) -> Kit:
    _require(acting_user, "learning.change_kit", kit)
    fields = _kit_fields(
        title=title,
        purpose=purpose,
        audience=audience,
        duration_minutes=duration_minutes,
        language=language,
        licence=licence,
        credits=credits,
    )
    for name, value in fields.items():
        setattr(kit, name, value)
    kit.save()
    return kit


@transaction.atomic
def kit_set_published(*, kit: Kit, published: bool, acting_user) -> Kit:
    """Publishes a kit (it needs at least one outline session) or takes it back to draft."""
    _require(acting_user, "learning.change_kit", kit)
    if published and not KitSession.objects.filter(kit=kit).exists():
        raise ValidationError(_("Add at least one session to the outline before publishing."))
    kit.is_published = published
    kit.save(update_fields=["is_published", "updated_at"])
    return kit


# --- Outline sessions ---------------------------------------------------------------------


def _next_position(queryset) -> int:
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


@transaction.atomic
def kit_session_save(
    *,
    kit: Kit,
    title: str,
    minutes: int,
    outcomes: str = "",
    plan: str = "",
    session: KitSession | None = None,
    acting_user,
) -> KitSession:
    """Adds a session at the end of the outline, or changes `session`."""
    _require(acting_user, "learning.change_kit", kit)
    if session is not None and session.kit_id != kit.pk:
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    title = " ".join((title or "").split())
    if not title:
        errors["title"] = [_("Give the session a title.")]
    if not 1 <= (minutes or 0) <= 1440:
        errors["minutes"] = [_("A session lasts between 1 and 1440 minutes.")]
    if errors:
        raise ValidationError(errors)
    if session is None:
        session = KitSession(kit=kit, position=_next_position(KitSession.objects.filter(kit=kit)))
    session.title = title
    session.minutes = minutes
    session.outcomes = (outcomes or "").strip()
    session.plan = (plan or "").strip()
    session.save()
    return session


@transaction.atomic
def kit_session_delete(*, session: KitSession, acting_user) -> None:
    _require(acting_user, "learning.change_kit", session.kit)
    session.delete()


def _move(*, item, siblings, direction: str) -> None:
    """Swaps `item` with its neighbour above or below, renumbering the list 0..n-1."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose up or down."))
    ordered = list(siblings.select_for_update().order_by("position", "pk"))
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    changed = []
    for position, sibling in enumerate(ordered):
        if sibling.position != position:
            sibling.position = position
            changed.append(sibling)
    type(item).objects.bulk_update(changed, ["position"])


@transaction.atomic
def kit_session_move(*, session: KitSession, direction: str, acting_user) -> None:
    _require(acting_user, "learning.change_kit", session.kit)
    _move(
        item=session, siblings=KitSession.objects.filter(kit_id=session.kit_id), direction=direction
    )


# --- Parts --------------------------------------------------------------------------------


def check_kit_file(uploaded) -> str:
    """The file's real content type, or a ValidationError on `file` saying what is accepted."""
    try:
        return check_evidence_file(uploaded)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error


def stored_file_name(*, original: str, content_type: str) -> str:
    """A safe name for a stored file: the slugified stem and the extension its content has."""
    stem = slugify(PurePath(original or "").stem)[:80] or "file"
    extension = EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type) or ""
    return f"{stem}{extension}"


@transaction.atomic
def kit_part_save(
    *,
    kit: Kit,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    file=None,
    remove_file: bool = False,
    part: KitPart | None = None,
    acting_user,
) -> KitPart:
    """Adds a part at the end of the kit, or changes `part`. An uploaded file must be a PDF, an
    image or an office document (judged by its content) within the size limit."""
    _require(acting_user, "learning.change_kit", kit)
    if part is not None and part.kit_id != kit.pk:
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    title = " ".join((title or "").split())
    if kind not in KitPartKind.values:
        errors["kind"] = [_("Choose a kind of part from the list.")]
    if not title:
        errors["title"] = [_("Give the part a title.")]
    content_type = None
    if file is not None:
        try:
            content_type = check_kit_file(file)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if part is None:
        part = KitPart(kit=kit, position=_next_position(KitPart.objects.filter(kit=kit)))
    part.kind = kind
    part.title = title
    part.body = (body or "").strip()
    part.url = (url or "").strip()
    old_file = part.file.name if part.file else ""
    if file is not None:
        file.seek(0)
        part.file.save(
            stored_file_name(original=file.name, content_type=content_type),
            ContentFile(file.read()),
            save=False,
        )
    elif remove_file:
        part.file = ""
    part.save()
    if old_file and old_file != (part.file.name if part.file else ""):
        storage = part.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return part


@transaction.atomic
def kit_part_delete(*, part: KitPart, acting_user) -> None:
    _require(acting_user, "learning.change_kit", part.kit)
    name = part.file.name if part.file else ""
    storage = part.file.storage
    part.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def kit_part_move(*, part: KitPart, direction: str, acting_user) -> None:
    _require(acting_user, "learning.change_kit", part.kit)
    _move(item=part, siblings=KitPart.objects.filter(kit_id=part.kit_id), direction=direction)


# --- Copies and workshops -----------------------------------------------------------------


def adapted_credit(kit: Kit) -> str:
    adapted = _("Adapted from “%(title)s” by %(organisation)s") % {
        "title": kit.title,
        "organisation": kit.organisation.name,
    }
    credits = kit.credits.strip()
    return f"{credits} · {adapted}" if credits else adapted


@transaction.atomic
def kit_copy(*, kit: Kit, organisation: Organisation, acting_user) -> Kit:
    """A new draft kit for `organisation` with copies of every outline session, part and file;
    it remembers where it came from and credits the original."""
    _require(acting_user, "learning.copy_kit", kit)
    if not can(acting_user, "learning.add_kit", organisation):
        raise ValidationError(
            {"organisation": [_("Choose an organisation you may create kits for.")]}
        )
    copy = Kit.objects.create(
        organisation=organisation,
        slug=_unique_slug(kit.title),
        title=kit.title,
        purpose=kit.purpose,
        audience=kit.audience,
        duration_minutes=kit.duration_minutes,
        language=kit.language,
        licence=kit.licence,
        credits=adapted_credit(kit)[:CREDITS_MAX],
        copied_from=kit,
        is_published=False,
        created_by=acting_user,
    )
    KitSession.objects.bulk_create(
        [
            KitSession(
                kit=copy,
                position=session.position,
                title=session.title,
                minutes=session.minutes,
                outcomes=session.outcomes,
                plan=session.plan,
            )
            for session in KitSession.objects.filter(kit=kit).order_by("position", "pk")
        ]
    )
    for part in KitPart.objects.filter(kit=kit).order_by("position", "pk"):
        new_part = KitPart(
            kit=copy,
            position=part.position,
            kind=part.kind,
            title=part.title,
            body=part.body,
            url=part.url,
        )
        if part.file:
            with part.file.open("rb") as handle:
                content = handle.read()
            new_part.file.save(PurePath(part.file.name).name, ContentFile(content), save=False)
        new_part.save()
    return copy


@transaction.atomic
def kit_schedule(
    *, kit: Kit, event: Event, start: datetime.datetime, language: str, acting_user
) -> Session:
    """Adds the kit to `event` as an unpublished workshop session lasting the kit's duration,
    titled after the kit with its purpose as abstract, for the organisers to review."""
    _require(acting_user, "learning.view_kit", kit)
    _require(acting_user, "events.change_event", event)
    if start is None or start.tzinfo is None:
        raise ValidationError({"start": [_("Give the date and time the workshop starts.")]})
    session = event_services.session_save(
        event=event,
        kind=SessionKind.WORKSHOP,
        start=start,
        end=start + datetime.timedelta(minutes=kit.duration_minutes),
        texts={language: (kit.title, kit.purpose)},
        languages=[language],
        is_published=False,
        acting_user=acting_user,
    )
    KitWorkshop.objects.create(kit=kit, session=session, created_by=acting_user)
    return session
