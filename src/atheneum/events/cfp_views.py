"""Thin views for the call for speakers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atheneum.common.forms import add_service_error
from atheneum.common.markdown import render_markdown
from atheneum.organisations.rules import can

from . import cfp_selectors as selectors
from . import cfp_services as services
from .cfp_forms import DecisionForm, ProposalForm, ReviewForm
from .enums import ProposalStatus


def _language_name(code: str) -> str:
    try:
        return translation.get_language_info(code)["name_translated"]
    except KeyError:
        return code


def _proposal_form(request, event, **kwargs) -> ProposalForm:
    language = translation.get_language()
    return ProposalForm(
        request.POST if request.method == "POST" else None,
        languages=[
            (code, _language_name(code)) for code in event.languages or [event.default_language]
        ],
        competency_groups=selectors.competency_choices(event=event, language=language),
        **kwargs,
    )


def _event_context(event) -> dict:
    return {"event": event, "event_title": selectors.event_title(event, translation.get_language())}


def cfp(request, slug: str):
    event = selectors.event_get_for_cfp(user=request.user, slug=slug)
    context = _event_context(event)
    context.update(
        {
            "is_open": event.status == "proposals",
            "can_submit": can(request.user, "events.submit_proposal", event),
            "can_review": can(request.user, "events.review_proposals", event),
            "my_proposals": selectors.proposals_of_submitter(event=event, user=request.user),
        }
    )
    return render(request, "events/cfp/cfp.html", context)


@login_required
def proposal_submit(request, slug: str):
    event = selectors.event_get_for_cfp(user=request.user, slug=slug)
    if not can(request.user, "events.submit_proposal", event):
        raise PermissionDenied
    form = _proposal_form(request, event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.proposal_submit(
                event=event,
                title=data["title"],
                abstract=data["abstract"],
                language=data["language"],
                kind=data["kind"],
                competency_ids=data.get("competencies", []),
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you. Your proposal is sent to the organisers."))
            return redirect("events:cfp_proposal", slug=event.slug, pk=proposal.pk)
    context = _event_context(event)
    context.update({"form": form, "proposal": None})
    return render(
        request, "events/cfp/proposal_form.html", context, status=400 if form.is_bound else 200
    )


def _detail_context(request, event, proposal, *, review_form=None, decision_form=None) -> dict:
    user = request.user
    my_review = selectors.review_of(proposal=proposal, user=user)
    context = _event_context(event)
    context.update(
        {
            "proposal": proposal,
            "abstract_html": render_markdown(proposal.abstract),
            "competency_names": selectors.competency_names(
                proposal=proposal, language=translation.get_language()
            ),
            "language_name": _language_name(proposal.language),
            "is_submitter": proposal.submitter_id == user.pk,
            "can_change": can(user, "events.change_proposal", proposal),
            "can_review": can(user, "events.review_proposal", proposal),
            "can_decide": can(user, "events.decide_proposal", proposal),
            "is_reviewer": can(user, "events.review_proposals", event),
            "my_review": my_review,
            "other_reviews": selectors.reviews_visible_to(proposal=proposal, user=user),
            "review_form": review_form
            or ReviewForm(
                initial={"score": my_review.score, "comment": my_review.comment}
                if my_review
                else None
            ),
            "decision_form": decision_form or DecisionForm(),
        }
    )
    return context


@login_required
def proposal_detail(request, slug: str, pk: int):
    event = selectors.event_get_for_cfp(user=request.user, slug=slug)
    proposal = selectors.proposal_get_for_user(user=request.user, event=event, pk=pk)
    return render(
        request, "events/cfp/proposal_detail.html", _detail_context(request, event, proposal)
    )


@login_required
def proposal_edit(request, slug: str, pk: int):
    event = selectors.event_get_for_cfp(user=request.user, slug=slug)
    proposal = selectors.proposal_get_for_user(user=request.user, event=event, pk=pk)
    if not can(request.user, "events.change_proposal", proposal):
        raise PermissionDenied
    initial = {
        "title": proposal.title,
        "abstract": proposal.abstract,
        "language": proposal.language,
        "kind": proposal.kind,
        "competencies": [c.pk for c in proposal.competencies.all()],
    }
    form = _proposal_form(request, event, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.proposal_update(
                proposal=proposal,
                title=data["title"],
                abstract=data["abstract"],
                language=data["language"],
                kind=data["kind"],
                competency_ids=data.get("competencies", []),
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your proposal is saved."))
            return redirect("events:cfp_proposal", slug=event.slug, pk=proposal.pk)
    context = _event_context(event)
    context.update({"form": form, "proposal": proposal})
    return render(
        request, "events/cfp/proposal_form.html", context, status=400 if form.is_bound else 200
    )


@require_POST
@login_required
def proposal_withdraw(request, slug: str, pk: int):
    event = selectors.event_get_for_cfp(user=request.user, slug=slug)
    proposal = selectors.proposal_get_for_user(user=request.user, event=event, pk=pk)
    services.proposal_withdraw(proposal=proposal, acting_user=request.user)
    messages.success(request, _("Your proposal is withdrawn."))
    return redirect("events:cfp", slug=event.slug)


@login_required
def review_list(request, slug: str):
    event = selectors.event_get_for_cfp(user=request.user, slug=slug)
    if not can(request.user, "events.review_proposals", event):
        raise PermissionDenied
    status = request.GET.get("status")
    if status not in ProposalStatus.values:
        status = None
    context = _event_context(event)
    context.update(
        {
            "proposals": selectors.proposals_for_review(
                event=event, user=request.user, status=status
            ),
            "status": status,
            "statuses": ProposalStatus.choices,
        }
    )
    return render(request, "events/cfp/review_list.html", context)


@require_POST
@login_required
def review_save(request, slug: str, pk: int):
    event = selectors.event_get_for_cfp(user=request.user, slug=slug)
    proposal = selectors.proposal_get_for_user(user=request.user, event=event, pk=pk)
    if not can(request.user, "events.review_proposal", proposal):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_save(
                proposal=proposal,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your review is saved."))
            return redirect("events:cfp_proposal", slug=event.slug, pk=proposal.pk)
    return render(
        request,
        "events/cfp/proposal_detail.html",
        _detail_context(request, event, proposal, review_form=form),
        status=400,
    )


@require_POST
@login_required
def proposal_decide(request, slug: str, pk: int):
    event = selectors.event_get_for_cfp(user=request.user, slug=slug)
    proposal = selectors.proposal_get_for_user(user=request.user, event=event, pk=pk)
    if not can(request.user, "events.decide_proposal", proposal):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        services.proposal_decide(proposal=proposal, accept=accept, acting_user=request.user)
        if accept:
            messages.success(
                request, _("The proposal is accepted; a draft session waits to be scheduled.")
            )
        else:
            messages.success(request, _("The proposal is rejected."))
        return redirect("events:cfp_review_list", slug=event.slug)
    return render(
        request,
        "events/cfp/proposal_detail.html",
        _detail_context(request, event, proposal, decision_form=form),
        status=400,
    )
