"""Reads for the call for speakers: events open for proposals, proposals and their reviews.

Scores and comments leave this module only for reviewers who have scored the proposal
themselves (`reviews_visible_to`), never for the submitter.
"""

from django.db.models import Avg, Count, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404

from atheneum.competencies.models import Competency, competency_title
from atheneum.organisations.rules import can

from .enums import EventStatus
from .models import Event, EventText, Proposal, Review


def event_title(event: Event, language: str) -> str:
    """The event's title in `language`, else its main language, else any (texts prefetched)."""
    texts = list(event.texts.all())
    for wanted in (language, language.split("-", maxsplit=1)[0], event.default_language):
        for text in texts:
            if text.language == wanted:
                return text.title
    return texts[0].title if texts else event.slug


def event_get_for_cfp(*, user, slug: str) -> Event:
    """The event behind a call-for-speakers page; a draft event is a 404 except for its
    organisers."""
    event = (
        Event.objects.select_related("organisation")
        .prefetch_related(Prefetch("texts", queryset=EventText.objects.order_by("language")))
        .filter(slug=slug)
        .first()
    )
    if event is None:
        raise Http404
    if event.status == EventStatus.DRAFT and not can(user, "events.review_proposals", event):
        raise Http404
    return event


def _proposals(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return queryset.select_related("submitter", "event__organisation", "session").prefetch_related(
        Prefetch(
            "competencies",
            queryset=Competency.objects.select_related("framework").prefetch_related("texts"),
        )
    )


def proposals_of_submitter(*, event: Event, user) -> list[Proposal]:
    """The viewer's own proposals to the event (no reviews: submitters never see scores)."""
    if not user.is_authenticated:
        return []
    return list(_proposals(Proposal.objects.filter(event=event, submitter=user)).order_by("-pk"))


def proposal_get_for_user(*, user, event: Event, pk: int) -> Proposal:
    """A proposal to `event` that the viewer may see (its submitter or the organisers), else 404."""
    proposal = _proposals(Proposal.objects.filter(event=event, pk=pk)).first()
    if proposal is None:
        raise Http404
    proposal.event = event
    if not can(user, "events.view_proposal", proposal):
        raise Http404
    return proposal


def proposals_for_review(*, event: Event, user, status: str | None = None) -> list[Proposal]:
    """Every proposal to the event for its reviewers, each with `my_score`, `review_count`
    and `average_score`; the average is None until the viewer has scored that proposal."""
    mine = Review.objects.filter(proposal=OuterRef("pk"), reviewer=user).values("score")[:1]
    queryset = Proposal.objects.filter(event=event)
    if status:
        queryset = queryset.filter(status=status)
    proposals = list(
        queryset.select_related("submitter")
        .annotate(
            my_score=Subquery(mine),
            review_count=Count("reviews", distinct=True),
            average_score=Avg("reviews__score"),
        )
        .order_by("status", "created_at", "pk")
    )
    for proposal in proposals:
        proposal.event = event
        if proposal.my_score is None:
            proposal.average_score = None
    return proposals


def review_of(*, proposal: Proposal, user) -> Review | None:
    if not user.is_authenticated:
        return None
    return proposal.reviews.filter(reviewer=user).first()


def reviews_visible_to(*, proposal: Proposal, user) -> list[Review]:
    """Other reviewers' scores and comments, only for a reviewer who has scored it."""
    if not can(user, "events.see_reviews", proposal):
        return []
    return list(
        proposal.reviews.exclude(reviewer=user).select_related("reviewer").order_by("created_at")
    )


def competency_choices(*, event: Event, language: str) -> list[tuple[str, list]]:
    """Competencies a proposal may address, grouped by framework: the organisation's own
    frameworks and the published ones."""
    from atheneum.competencies.selectors import competencies_for_organisation

    groups = []
    for framework in competencies_for_organisation(organisation=event.organisation):
        options = []
        for competency in framework.competencies.all():
            competency.framework = framework
            options.append((competency.pk, competency_title(competency, language)))
        if options:
            groups.append((framework.title, options))
    return groups


def competency_names(*, proposal: Proposal, language: str) -> list[str]:
    return [competency_title(c, language) for c in proposal.competencies.all()]
