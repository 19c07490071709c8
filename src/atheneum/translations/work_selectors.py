"""Reads of the volunteers' and reviewers' side; every select_related/prefetch_related is here."""

import re
from dataclasses import dataclass, field

import langcodes
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from atheneum.organisations.enums import OrganisationRole
from atheneum.organisations.rules import can
from atheneum.organisations.selectors import roles_for

from .enums import LanguageState
from .models import (
    GlossaryTerm,
    GlossaryTranslation,
    LanguageReviewer,
    ReviewComment,
    Segment,
    SegmentTranslation,
    TargetLanguage,
    Volunteer,
)

RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand", "Samr"})
STALE_STATES = (
    LanguageState.CLAIMED,
    LanguageState.IN_TRANSLATION,
    LanguageState.CHANGES_REQUESTED,
)


def language_dir(code: str) -> str:
    """ "rtl" for languages written right to left, else "ltr"."""
    try:
        script = langcodes.Language.get(code).maximize().script
    except (ValueError, LookupError):
        return "ltr"
    return "rtl" if script in RTL_SCRIPTS else "ltr"


def target_get_for_user(*, user, slug: str, code: str, perm: str | tuple) -> TargetLanguage:
    """The language `code` of campaign `slug` if `user` holds `perm` on it (any of them, for
    a tuple), else 404: a draft translation is never shown to anyone who may not work on it."""
    perms = (perm,) if isinstance(perm, str) else perm
    target = (
        TargetLanguage.objects.select_related("campaign__organisation", "approved_by")
        .prefetch_related(
            Prefetch("volunteers", queryset=Volunteer.objects.select_related("user")),
            "campaign__coordinators",
        )
        .filter(campaign__slug=slug, language__iexact=code)
        .first()
    )
    if target is None or not any(can(user, name, target) for name in perms):
        raise Http404
    return target


def _organiser_org_ids(user) -> set[int]:
    return {
        org_id
        for org_id, role in roles_for(user).org_roles.items()
        if role in (OrganisationRole.ORGANISER, OrganisationRole.ADMIN)
    }


@dataclass
class SegmentRow:
    """One line of the editor or the review page."""

    segment: Segment
    translation: SegmentTranslation | None
    comments: list = field(default_factory=list)
    glossary: list = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.translation.text if self.translation else ""

    @property
    def version(self) -> int:
        return self.translation.version if self.translation else 0

    @property
    def unresolved(self) -> int:
        return sum(1 for comment in self.comments if not comment.resolved)


def _glossary_for(*, target: TargetLanguage) -> list[tuple[re.Pattern, GlossaryTerm, str]]:
    terms = GlossaryTerm.objects.filter(campaign_id=target.campaign_id).prefetch_related(
        Prefetch(
            "translations",
            queryset=GlossaryTranslation.objects.filter(language__iexact=target.language),
            to_attr="in_target",
        )
    )
    return [
        (
            re.compile(r"(?<!\w)" + re.escape(term.term) + r"(?!\w)", re.IGNORECASE),
            term,
            term.in_target[0].text if term.in_target else "",
        )
        for term in terms
    ]


def segment_rows(*, target: TargetLanguage, only_segment_ids=None) -> list[SegmentRow]:
    """Every segment with this language's translation, its review comments and the glossary
    terms found in its source text; a fixed number of queries however many segments."""
    segments = Segment.objects.filter(campaign_id=target.campaign_id)
    if only_segment_ids is not None:
        segments = segments.filter(pk__in=only_segment_ids)
    translations = {
        row.segment_id: row
        for row in SegmentTranslation.objects.filter(target=target).select_related("updated_by")
    }
    comments: dict[int | None, list] = {}
    for comment in ReviewComment.objects.filter(
        target=target, segment__isnull=False
    ).select_related("author"):
        comments.setdefault(comment.segment_id, []).append(comment)
    glossary = _glossary_for(target=target)
    rows = []
    for segment in segments:
        found = [
            (term, translated)
            for pattern, term, translated in glossary
            if pattern.search(segment.source_text)
        ]
        rows.append(
            SegmentRow(
                segment=segment,
                translation=translations.get(segment.pk),
                comments=comments.get(segment.pk, []),
                glossary=found,
            )
        )
    return rows


def general_comments(*, target: TargetLanguage) -> list[ReviewComment]:
    return list(
        ReviewComment.objects.filter(target=target, segment__isnull=True).select_related("author")
    )


def progress(rows: list[SegmentRow]) -> tuple[int, int]:
    return sum(1 for row in rows if row.text), len(rows)


def segment_for(*, target: TargetLanguage, segment_id) -> Segment:
    segment = Segment.objects.filter(campaign_id=target.campaign_id, pk=segment_id).first()
    if segment is None:
        raise Http404
    return segment


def comment_for(*, target: TargetLanguage, comment_id) -> ReviewComment:
    comment = ReviewComment.objects.filter(target=target, pk=comment_id).first()
    if comment is None:
        raise Http404
    comment.target = target
    return comment


def reviewers_of(*, target: TargetLanguage) -> list:
    """Who reviews this language: its designated reviewers, else the campaign's organisers
    (the organisation's organisers and the campaign's coordinators). Never its translators."""
    users = get_user_model().objects
    volunteers = Volunteer.objects.filter(target=target).values("user_id")
    designated = list(
        users.filter(
            translation_reviews__campaign_id=target.campaign_id,
            translation_reviews__language=target.language,
        )
        .exclude(pk__in=volunteers)
        .order_by("pk")
    )
    if designated:
        return designated
    return list(
        users.filter(
            Q(
                memberships__organisation_id=target.campaign.organisation_id,
                memberships__role__in=(OrganisationRole.ORGANISER, OrganisationRole.ADMIN),
            )
            | Q(coordinated_campaigns=target.campaign_id)
        )
        .exclude(pk__in=volunteers)
        .distinct()
        .order_by("pk")
    )


def _with_progress(queryset: QuerySet, prefix: str = "") -> QuerySet:
    """Annotates rows with `segment_total` and `segment_done` of their TargetLanguage (found
    at `prefix`): subqueries, so the two counts never multiply each other."""
    total = (
        Segment.objects.filter(campaign_id=OuterRef(prefix + "campaign_id"))
        .order_by()
        .values("campaign_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    done = (
        SegmentTranslation.objects.filter(
            target_id=OuterRef(prefix + "id"),
            segment__campaign_id=OuterRef(prefix + "campaign_id"),
        )
        .exclude(text="")
        .order_by()
        .values("target_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        segment_total=Coalesce(Subquery(total), 0), segment_done=Coalesce(Subquery(done), 0)
    )


def my_claims(*, user) -> list[Volunteer]:
    """The languages `user` translates (as Volunteer rows: lead or not), with progress."""
    volunteers = _with_progress(
        Volunteer.objects.filter(user=user).select_related("target__campaign"), "target__"
    )
    return list(volunteers.order_by("target__campaign__title", "target__language"))


def my_reviews(*, user) -> list[TargetLanguage]:
    """Languages `user` reviews: designated ones, and those awaiting review in campaigns they
    organise — never a language they translate themselves."""
    designated = LanguageReviewer.objects.filter(
        user=user, campaign_id=OuterRef("campaign_id"), language=OuterRef("language")
    )
    awaiting = Q(state__in=(LanguageState.SUBMITTED, LanguageState.IN_REVIEW)) & (
        Q(campaign__organisation_id__in=_organiser_org_ids(user)) | Q(campaign__coordinators=user)
    )
    targets = (
        TargetLanguage.objects.annotate(is_designated=Exists(designated))
        .filter(Q(is_designated=True) | awaiting)
        .exclude(volunteers__user=user)
        .select_related("campaign")
        .distinct()
    )
    return list(_with_progress(targets).order_by("campaign__title", "language"))


def targets_with_stale_claims() -> list[tuple[TargetLanguage, object]]:
    """Claimed languages with the time of their last activity (or, failing that, their last
    state change), oldest first."""
    targets = (
        TargetLanguage.objects.filter(state__in=STALE_STATES)
        .select_related("campaign")
        .annotate(last=Coalesce("last_activity_at", Max("history__changed_at")))
        .filter(last__isnull=False)
        .order_by("last", "pk")
    )
    return [(target, target.last) for target in targets]
