"""Reads of the organisers' and public side; every select_related/prefetch_related is here."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from atheneum.organisations.enums import OrganisationRole
from atheneum.organisations.models import Organisation
from atheneum.organisations.rules import can, is_site_admin
from atheneum.organisations.selectors import roles_for

from .enums import LanguageState
from .models import Campaign, GlossaryTerm, Segment, SegmentTranslation, TargetLanguage, Volunteer


def _organiser_org_ids(user) -> set[int]:
    roles = roles_for(user)
    return {
        org_id
        for org_id, role in roles.org_roles.items()
        if role in (OrganisationRole.ORGANISER, OrganisationRole.ADMIN)
    }


def campaigns_visible_to(*, user) -> QuerySet[Campaign]:
    """Published campaigns, plus drafts the viewer organises (all for site admins)."""
    campaigns = Campaign.objects.all()
    if not is_site_admin(user):
        visible = Q(is_published=True)
        if user is not None and user.is_authenticated:
            visible |= Q(organisation_id__in=_organiser_org_ids(user)) | Q(coordinators=user)
        campaigns = campaigns.filter(pk__in=Campaign.objects.filter(visible).values("pk"))
    return campaigns


def campaign_list_for_user(*, user) -> list[Campaign]:
    return list(
        campaigns_visible_to(user=user)
        .select_related("organisation")
        .annotate(
            language_count=Count("languages", distinct=True),
            published_count=Count(
                "languages", filter=Q(languages__state=LanguageState.PUBLISHED), distinct=True
            ),
        )
        .order_by("-created_at", "pk")
    )


def campaign_get_for_user(*, user, slug: str) -> Campaign:
    campaign = (
        Campaign.objects.select_related("organisation")
        .prefetch_related("coordinators")
        .filter(slug=slug)
        .first()
    )
    if campaign is None or not can(user, "translations.view_campaign", campaign):
        raise Http404
    return campaign


def campaign_get_for_organiser(*, user, slug: str) -> Campaign:
    """404 for those who may not see it; the caller raises PermissionDenied if not organiser."""
    return campaign_get_for_user(user=user, slug=slug)


def campaign_targets(*, campaign: Campaign, region: str = "", state: str = "") -> list:
    targets = TargetLanguage.objects.filter(campaign=campaign).select_related("campaign")
    targets = targets.prefetch_related(
        Prefetch(
            "volunteers",
            queryset=Volunteer.objects.select_related("user").order_by("-is_lead", "joined_at"),
        )
    )
    if region:
        targets = targets.filter(region=region)
    if state:
        targets = targets.filter(state=state)
    return list(targets.order_by("language"))


def campaign_states(*, campaign: Campaign) -> list[str]:
    return list(TargetLanguage.objects.filter(campaign=campaign).values_list("state", flat=True))


def campaign_segments(*, campaign: Campaign) -> list[Segment]:
    return list(Segment.objects.filter(campaign=campaign).order_by("position", "pk"))


def campaign_glossary(*, campaign: Campaign) -> list[GlossaryTerm]:
    return list(
        GlossaryTerm.objects.filter(campaign=campaign)
        .prefetch_related("translations")
        .order_by("term")
    )


def campaign_supporters(*, campaign: Campaign) -> list[Organisation]:
    return list(campaign.supporters.order_by("name"))


def target_get_for_user(*, user, slug: str, code: str) -> TargetLanguage:
    target = (
        TargetLanguage.objects.select_related("campaign__organisation")
        .prefetch_related(Prefetch("volunteers", queryset=Volunteer.objects.select_related("user")))
        .filter(campaign__slug=slug, language__iexact=code)
        .first()
    )
    if target is None or not can(user, "translations.view_language", target):
        raise Http404
    return target


def published_text(*, target: TargetLanguage) -> list[tuple[Segment, str]]:
    """The segments with their translation, in order — only for a published language."""
    if target.state != LanguageState.PUBLISHED:
        return []
    texts = dict(SegmentTranslation.objects.filter(target=target).values_list("segment_id", "text"))
    return [
        (segment, texts.get(segment.pk, ""))
        for segment in Segment.objects.filter(campaign_id=target.campaign_id).order_by(
            "position", "pk"
        )
    ]


def published_languages(*, campaign: Campaign | None = None) -> QuerySet[TargetLanguage]:
    targets = TargetLanguage.objects.filter(
        state=LanguageState.PUBLISHED, campaign__is_published=True
    ).select_related("campaign__organisation")
    if campaign is not None:
        targets = targets.filter(campaign=campaign)
    return targets.order_by("-published_at", "pk")


def organisations_for_authoring(*, user) -> QuerySet[Organisation]:
    if is_site_admin(user):
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(pk__in=_organiser_org_ids(user)).order_by("name")


def campaign_for_guide(*, programme) -> Campaign | None:
    """The newest published campaign whose source is one of the programme's guides."""
    from django.contrib.contenttypes.models import ContentType

    from atheneum.coaching.models import PreparationGuide

    guide_ids = PreparationGuide.objects.filter(programme=programme).values("pk")
    return (
        Campaign.objects.filter(
            is_published=True,
            source_content_type=ContentType.objects.get_for_model(PreparationGuide),
            source_object_id__in=guide_ids,
        )
        .order_by("-created_at")
        .first()
    )
