"""Reads of "train the trainer" kits: the catalogue, one kit with its outline and parts, and
the organisations and events a user may use a kit in.

Selectors own every select_related / prefetch_related, so the kit list and a kit's page cost
the same number of queries however many kits, outline sessions and parts there are.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atheneum.events.models import Event
from atheneum.organisations.models import Organisation
from atheneum.organisations.rules import can
from atheneum.organisations.selectors import roles_for

from .enums import LICENCE_URLS, KitPartKind
from .models import Kit, KitPart, KitSession

PROVENANCE_DEPTH = 20
KIND_HEADINGS = {
    KitPartKind.TEMPLATE: _("Templates"),
    KitPartKind.SLIDES: _("Slides"),
    KitPartKind.HANDOUT: _("Handouts"),
    KitPartKind.READING: _("Suggested readings"),
    KitPartKind.ASSESSMENT: _("Assessment items"),
}


def _organising_ids(user) -> list[int]:
    roles = roles_for(user)
    return [org_id for org_id in roles.org_roles if roles.is_organiser(org_id)]


def kits_visible_to(*, user) -> QuerySet[Kit]:
    """Published kits, and the drafts the viewer may edit, in one query."""
    queryset = Kit.objects.select_related("organisation")
    if user is None or not user.is_authenticated:
        return queryset.filter(is_published=True).order_by("title", "pk")
    if user.is_superuser:
        return queryset.order_by("title", "pk")
    visible = (
        Q(is_published=True)
        | Q(created_by_id=user.pk)
        | Q(organisation_id__in=_organising_ids(user))
    )
    return queryset.filter(visible).order_by("title", "pk")


def kit_list_for_user(*, user) -> list[Kit]:
    """The catalogue: each kit with `may_edit` and a plain-text `summary` of its purpose
    (no further queries per kit)."""
    kits = list(kits_visible_to(user=user))
    for kit in kits:
        kit.may_edit = can(user, "learning.change_kit", kit)
        kit.summary = plain_text(kit.purpose)
    return kits


def _kit_queryset() -> QuerySet[Kit]:
    return Kit.objects.select_related(
        "organisation", "copied_from", "copied_from__organisation"
    ).prefetch_related(
        Prefetch("outline", queryset=KitSession.objects.order_by("position", "pk")),
        Prefetch("parts", queryset=KitPart.objects.order_by("position", "pk")),
    )


def kit_get_for_user(*, user, slug: str) -> Kit:
    """The kit at `slug` with its outline and parts, if the viewer may see it; 404 otherwise,
    so nobody learns that a draft exists."""
    kit = _kit_queryset().filter(slug=slug).first()
    if kit is None or not can(user, "learning.view_kit", kit):
        raise Http404
    return kit


def kit_get_for_editing(*, user, slug: str) -> Kit:
    """The kit at `slug` for someone who may change it: 404 if they can't see it, 403 if they
    can see it but not change it."""
    kit = kit_get_for_user(user=user, slug=slug)
    if not can(user, "learning.change_kit", kit):
        raise PermissionDenied
    return kit


def kit_session_get(*, kit: Kit, pk: int) -> KitSession:
    session = next((item for item in kit.outline.all() if item.pk == pk), None)
    if session is None:
        raise Http404
    return session


def kit_part_get(*, kit: Kit, pk: int) -> KitPart:
    part = next((item for item in kit.parts.all() if item.pk == pk), None)
    if part is None:
        raise Http404
    return part


@dataclass
class TimedSession:
    """An outline session with its place in the running order, in minutes from the start."""

    session: KitSession
    starts_at: int
    ends_at: int

    @property
    def outcomes(self) -> list[str]:
        return outcome_lines(self.session.outcomes)


def outcome_lines(text: str) -> list[str]:
    return [line.strip(" -*•\t") for line in (text or "").splitlines() if line.strip(" -*•\t")]


def outline_with_timings(*, kit: Kit) -> list[TimedSession]:
    """The outline sessions in order, each with its running start and end (uses the prefetch)."""
    timed = []
    elapsed = 0
    for session in kit.outline.all():
        timed.append(
            TimedSession(session=session, starts_at=elapsed, ends_at=elapsed + session.minutes)
        )
        elapsed += session.minutes
    return timed


def parts_by_kind(*, kit: Kit) -> list[tuple[str, str, list[KitPart]]]:
    """(kind, heading, parts) for every kind that has parts, in the order of `KitPartKind`."""
    parts = list(kit.parts.all())
    grouped = []
    for kind in KitPartKind:
        of_kind = [part for part in parts if part.kind == kind]
        if of_kind:
            grouped.append((kind.value, KIND_HEADINGS.get(kind, kind.label), of_kind))
    return grouped


def plain_text(markdown: str) -> str:
    """Markdown with its emphasis and heading marks dropped, for the PDF's single font."""
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", markdown or "")
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    return re.sub(r"^#{1,6}\s+", "", text, flags=re.MULTILINE).strip()


def licence_url(kit: Kit) -> str:
    return LICENCE_URLS.get(kit.licence, "")


def provenance_chain(*, kit: Kit) -> list[Kit]:
    """The kits this one was copied from, nearest first (one query per step; stops at loops)."""
    chain: list[Kit] = []
    seen = {kit.pk}
    current = kit.copied_from
    while current is not None and current.pk not in seen and len(chain) < PROVENANCE_DEPTH:
        chain.append(current)
        seen.add(current.pk)
        if current.copied_from_id is None:
            break
        current = (
            Kit.objects.select_related("organisation", "copied_from")
            .filter(pk=current.copied_from_id)
            .first()
        )
    return chain


def organisations_for_kits(*, user) -> QuerySet[Organisation]:
    """Organisations the user may create kits for (learning.add_kit): those they organise and
    those where they manage a team."""
    if user is None or not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.order_by("name", "pk")
    roles = roles_for(user)
    ids = set(_organising_ids(user))
    ids |= {org_id for team_id, org_id in roles.team_orgs.items() if roles.manages_team(team_id)}
    return Organisation.objects.filter(pk__in=ids).order_by("name", "pk")


def events_for_scheduling(*, user, now: datetime.datetime | None = None) -> QuerySet[Event]:
    """Events that have not ended and that the user organises (events.change_event)."""
    if user is None or not user.is_authenticated:
        return Event.objects.none()
    now = now or timezone.now()
    queryset = (
        Event.objects.filter(end__gt=now).select_related("organisation").prefetch_related("texts")
    )
    if not user.is_superuser:
        queryset = queryset.filter(organisation_id__in=_organising_ids(user))
    return queryset.order_by("start", "pk")
