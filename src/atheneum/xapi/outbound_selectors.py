"""Reads for outbound xAPI pages: an organisation's destinations, deliveries and activity maps,
and a member's own reflections as statements."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from atheneum.competencies.models import Competency
from atheneum.competencies.selectors import competencies_for_organisation, text_for
from atheneum.organisations.rules import can
from atheneum.organisations.selectors import organisation_get_for_user
from atheneum.portfolio.models import Reflection

from .models import ActivityMap, Delivery, DeliveryState, Destination

RECENT_DELIVERIES = 30


def organisation_for_manager(*, user, slug: str):
    """The organisation at `slug` (else 404) if `user` may manage its xAPI settings (else 403)."""
    organisation = organisation_get_for_user(user=user, slug=slug)
    if not can(user, "xapi.manage_organisation", organisation):
        raise PermissionDenied
    return organisation


def destinations_of(*, organisation) -> QuerySet[Destination]:
    """The organisation's destinations with their number of deliveries per state."""
    return (
        Destination.objects.filter(organisation=organisation)
        .annotate(
            pending_count=Count("deliveries", filter=Q(deliveries__state=DeliveryState.PENDING)),
            sent_count=Count("deliveries", filter=Q(deliveries__state=DeliveryState.SENT)),
            failed_count=Count("deliveries", filter=Q(deliveries__state=DeliveryState.FAILED)),
        )
        .order_by("name", "pk")
    )


def destination_get(*, organisation, pk: int) -> Destination:
    destination = Destination.objects.filter(organisation=organisation, pk=pk).first()
    if destination is None:
        raise Http404
    return destination


@dataclass(frozen=True)
class DeliveryRow:
    delivery: Delivery
    verb: str
    object_name: str


def _object_name(payload: dict) -> str:
    names = (payload.get("object") or {}).get("definition", {}).get("name") or {}
    return next(iter(names.values()), "") if isinstance(names, dict) else ""


def recent_deliveries(*, organisation, limit: int = RECENT_DELIVERIES) -> list[DeliveryRow]:
    """The latest deliveries to the organisation's destinations, newest first."""
    deliveries = (
        Delivery.objects.filter(destination__organisation=organisation)
        .select_related("destination")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        DeliveryRow(
            delivery=delivery,
            verb=((delivery.payload.get("verb") or {}).get("display") or {}).get("en-US", ""),
            object_name=_object_name(delivery.payload),
        )
        for delivery in deliveries
    ]


@dataclass(frozen=True)
class MapRow:
    activity_map: ActivityMap
    competency_labels: list[str]


def _label(competency: Competency, language: str) -> str:
    text = text_for(competency, language=language, framework_language=competency.framework.language)
    return f"{competency.code} {text.title}".strip() if competency.code else text.title


def _map_queryset(organisation) -> QuerySet[ActivityMap]:
    return ActivityMap.objects.filter(organisation=organisation).prefetch_related(
        Prefetch(
            "competencies",
            queryset=Competency.objects.select_related("framework")
            .prefetch_related("texts")
            .order_by("framework__title", "position", "pk"),
        )
    )


def activity_maps_of(*, organisation, language: str) -> list[MapRow]:
    maps = _map_queryset(organisation).order_by("iri_prefix", "pk")
    return [
        MapRow(
            activity_map=activity_map,
            competency_labels=[_label(c, language) for c in activity_map.competencies.all()],
        )
        for activity_map in maps
    ]


def activity_map_get(*, organisation, pk: int) -> ActivityMap:
    activity_map = _map_queryset(organisation).filter(pk=pk).first()
    if activity_map is None:
        raise Http404
    return activity_map


def competency_choices(*, organisation, language: str) -> list[tuple[str, list[tuple[int, str]]]]:
    """Competencies an activity map may name, grouped by framework (for a select with groups)."""
    groups = []
    for framework in competencies_for_organisation(organisation=organisation):
        options = []
        for competency in framework.competencies.all():
            competency.framework = framework
            options.append((competency.pk, _label(competency, language)))
        if options:
            groups.append((framework.title, options))
    return groups


def own_reflections(*, user) -> QuerySet[Reflection]:
    """The member's own reflections with their activities, oldest first (for the download)."""
    return (
        Reflection.objects.filter(activity__owner=user)
        .select_related("activity__owner")
        .order_by("created_at", "pk")
    )
