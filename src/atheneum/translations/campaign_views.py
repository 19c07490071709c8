"""Thin views of the organisers' and public side of translation campaigns."""

import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atheneum.common.forms import add_service_error
from atheneum.common.markdown import render_markdown
from atheneum.organisations.rules import can

from . import campaign_selectors as selectors
from . import campaign_services as services
from . import coverage, documents
from .campaign_forms import (
    BoardFilterForm,
    CampaignCreateForm,
    CampaignForm,
    GlossaryTermForm,
    GlossaryTranslationForm,
    ReviewerForm,
    SegmentForm,
    SegmentsPasteForm,
    TargetAddForm,
)
from .enums import LanguageState
from .models import GlossaryTerm, LanguageReviewer, Segment


def _campaign_for_organiser(request, slug: str):
    campaign = selectors.campaign_get_for_user(user=request.user, slug=slug)
    if not can(request.user, "translations.change_campaign", campaign):
        raise PermissionDenied
    return campaign


def _attachment(field_file, *, filename: str) -> FileResponse:
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(
        field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Public pages ------------------------------------------------------------------------------


def campaigns(request):
    campaign_list = selectors.campaign_list_for_user(user=request.user)
    for campaign in campaign_list:
        campaign.coverage_summary = coverage.short_summary(
            total=campaign.language_count, published=campaign.published_count
        )
    return render(
        request,
        "translations/campaign_list.html",
        {
            "campaign_list": campaign_list,
            "can_create": selectors.organisations_for_authoring(user=request.user).exists(),
        },
    )


def campaign(request, slug: str):
    campaign = selectors.campaign_get_for_user(user=request.user, slug=slug)
    filters = BoardFilterForm(request.GET or None)
    region = state = ""
    if filters.is_valid():
        region = filters.cleaned_data["region"]
        state = filters.cleaned_data["state"]
    targets = selectors.campaign_targets(campaign=campaign, region=region, state=state)
    states = selectors.campaign_states(campaign=campaign)
    published = [
        row
        for row in coverage.board_rows(selectors.campaign_targets(campaign=campaign))
        if row.target.state == LanguageState.PUBLISHED
    ]
    return render(
        request,
        "translations/campaign_detail.html",
        {
            "campaign": campaign,
            "description_html": render_markdown(campaign.description),
            "source_language_name": coverage.ui_name(campaign.source_language),
            "supporters": selectors.campaign_supporters(campaign=campaign),
            "glossary": selectors.campaign_glossary(campaign=campaign),
            "segments": selectors.campaign_segments(campaign=campaign),
            "rows": coverage.board_rows(targets),
            "published_rows": published,
            "summary": coverage.summary_sentence(states),
            "chart": coverage.coverage_chart(campaign=campaign),
            "filters": filters,
            "is_filtered": bool(region or state),
            "can_change": can(request.user, "translations.change_campaign", campaign),
            "can_download": can(request.user, "translations.download_template", campaign),
        },
    )


def template_download(request, slug: str):
    campaign = selectors.campaign_get_for_user(user=request.user, slug=slug)
    if not can(request.user, "translations.download_template", campaign) or not (
        campaign.template_file
    ):
        raise Http404
    return _attachment(campaign.template_file, filename=PurePath(campaign.template_file.name).name)


def preview_download(request, slug: str):
    campaign = selectors.campaign_get_for_user(user=request.user, slug=slug)
    if not campaign.preview_pdf:
        raise Http404
    response = _attachment(campaign.preview_pdf, filename=f"{campaign.slug}-preview.pdf")
    response["Content-Type"] = "application/pdf"
    return response


# A volunteer can still join a language as co-translator while it is in these states.
JOINABLE_STATES = frozenset(
    {LanguageState.CLAIMED, LanguageState.IN_TRANSLATION, LanguageState.CHANGES_REQUESTED}
)


def language(request, slug: str, code: str):
    target = selectors.target_get_for_user(user=request.user, slug=slug, code=code)
    if target.language != code:
        return redirect(target.get_absolute_url(), permanent=True)
    row = coverage.board_rows([target])[0]
    return render(
        request,
        "translations/language_page.html",
        {
            "target": target,
            "campaign": target.campaign,
            "row": row,
            "is_published": target.state == LanguageState.PUBLISHED,
            "text": selectors.published_text(target=target),
            "can_publish": can(request.user, "translations.publish", target),
            "can_translate": can(request.user, "translations.translate", target),
            "can_review": can(request.user, "translations.review", target),
            "may_join": target.state in JOINABLE_STATES
            and can(request.user, "translations.claim", target)
            and not can(request.user, "translations.translate", target),
        },
    )


def _published_target(request, slug: str, code: str):
    target = selectors.target_get_for_user(user=request.user, slug=slug, code=code)
    if target.state != LanguageState.PUBLISHED:
        raise Http404
    return target


def language_file(request, slug: str, code: str):
    target = _published_target(request, slug, code)
    if not target.uploaded_file:
        raise Http404
    suffix = PurePath(target.uploaded_file.name).suffix
    return _attachment(target.uploaded_file, filename=f"{target.campaign.slug}-{code}{suffix}")


def language_pdf(request, slug: str, code: str):
    target = _published_target(request, slug, code)
    if not target.campaign.text_only:
        raise Http404
    response = HttpResponse(documents.language_pdf(target=target), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{target.campaign.slug}-{code}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Organisers --------------------------------------------------------------------------------


@login_required
def campaign_create(request):
    organisations = selectors.organisations_for_authoring(user=request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = CampaignCreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.campaign_create(
                organisation=data["organisation"],
                title=data["title"],
                slug=data["slug"],
                source_language=data["source_language"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The campaign is created as a draft."))
            return redirect("translations:campaign_edit", created.slug)
    return render(request, "translations/campaign_form.html", {"form": form, "campaign": None})


@login_required
def campaign_edit(request, slug: str):
    campaign = _campaign_for_organiser(request, slug)
    form = CampaignForm(
        request.POST or None,
        request.FILES or None,
        campaign=campaign,
        initial=CampaignForm.initial_for(campaign),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        supporters = data.pop("supporters")
        emails = data.pop("coordinators").split()
        try:
            services.campaign_update(campaign=campaign, acting_user=request.user, **data)
            services.campaign_set_people(
                campaign=campaign,
                supporters=supporters,
                coordinator_emails=emails,
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The campaign is saved."))
            return redirect(campaign)
    return render(request, "translations/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
def segment_list(request, slug: str):
    campaign = _campaign_for_organiser(request, slug)
    form = SegmentsPasteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.segments_add_paragraphs(
                campaign=campaign, text=form.cleaned_data["text"], acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The segments are added."))
            return redirect("translations:segment_list", campaign.slug)
    return render(
        request,
        "translations/segment_list.html",
        {
            "campaign": campaign,
            "form": form,
            "segments": selectors.campaign_segments(campaign=campaign),
        },
    )


def _segment(campaign, segment_id: int) -> Segment:
    return get_object_or_404(Segment, pk=segment_id, campaign=campaign)


@login_required
def segment_edit(request, slug: str, segment_id: int):
    campaign = _campaign_for_organiser(request, slug)
    segment = _segment(campaign, segment_id)
    form = SegmentForm(
        request.POST or None,
        initial={"source_text": segment.source_text, "context": segment.context},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.segment_update(segment=segment, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("translations:segment_list", campaign.slug)
    return render(
        request,
        "translations/segment_list_edit.html",
        {"campaign": campaign, "segment": segment, "form": form},
    )


@login_required
@require_POST
def segment_delete(request, slug: str, segment_id: int):
    campaign = _campaign_for_organiser(request, slug)
    services.segment_delete(segment=_segment(campaign, segment_id), acting_user=request.user)
    messages.success(request, _("The segment is deleted."))
    return redirect("translations:segment_list", campaign.slug)


@login_required
@require_POST
def segment_move(request, slug: str, segment_id: int):
    campaign = _campaign_for_organiser(request, slug)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    services.segment_move(
        segment=_segment(campaign, segment_id), direction=direction, acting_user=request.user
    )
    return redirect("translations:segment_list", campaign.slug)


@login_required
def campaign_languages(request, slug: str):
    campaign = _campaign_for_organiser(request, slug)
    targets = selectors.campaign_targets(campaign=campaign)
    choices = [(t.language, coverage.ui_name(t.language)) for t in targets]
    add_form = TargetAddForm(request.POST if "add_language" in request.POST else None)
    reviewer_form = ReviewerForm(
        request.POST if "add_reviewer" in request.POST else None, languages=choices
    )
    if request.method == "POST":
        if "add_language" in request.POST and add_form.is_valid():
            try:
                services.target_add(
                    campaign=campaign, acting_user=request.user, **add_form.cleaned_data
                )
            except ValidationError as error:
                add_service_error(add_form, error)
            else:
                messages.success(request, _("The language is added."))
                return redirect("translations:campaign_languages", campaign.slug)
        elif "add_reviewer" in request.POST and reviewer_form.is_valid():
            try:
                services.reviewer_add(
                    campaign=campaign, acting_user=request.user, **reviewer_form.cleaned_data
                )
            except ValidationError as error:
                add_service_error(reviewer_form, error)
            else:
                messages.success(request, _("The reviewer is added."))
                return redirect("translations:campaign_languages", campaign.slug)
    return render(
        request,
        "translations/campaign_languages.html",
        {
            "campaign": campaign,
            "rows": coverage.board_rows(targets),
            "reviewers": list(
                LanguageReviewer.objects.filter(campaign=campaign).select_related("user")
            ),
            "add_form": add_form,
            "reviewer_form": reviewer_form,
        },
    )


@login_required
@require_POST
def language_remove(request, slug: str, code: str):
    campaign = _campaign_for_organiser(request, slug)
    target = get_object_or_404(campaign.languages, language=code)
    try:
        services.target_remove(target=target, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The language is removed."))
    return redirect("translations:campaign_languages", campaign.slug)


@login_required
@require_POST
def reviewer_remove(request, slug: str, reviewer_id: int):
    campaign = _campaign_for_organiser(request, slug)
    reviewer = get_object_or_404(LanguageReviewer, pk=reviewer_id, campaign=campaign)
    services.reviewer_remove(reviewer=reviewer, acting_user=request.user)
    return redirect("translations:campaign_languages", campaign.slug)


@login_required
def glossary_manage(request, slug: str):
    campaign = _campaign_for_organiser(request, slug)
    form = GlossaryTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.glossary_term_add(
                campaign=campaign, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("translations:glossary_manage", campaign.slug)
    return render(
        request,
        "translations/glossary_manage.html",
        {
            "campaign": campaign,
            "form": form,
            "glossary": selectors.campaign_glossary(campaign=campaign),
            "translation_form": GlossaryTranslationForm(),
        },
    )


@login_required
@require_POST
def glossary_translation(request, slug: str, term_id: int):
    campaign = _campaign_for_organiser(request, slug)
    term = get_object_or_404(GlossaryTerm, pk=term_id, campaign=campaign)
    form = GlossaryTranslationForm(request.POST)
    if form.is_valid():
        try:
            services.glossary_translation_set(
                term=term, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Enter a language tag."))
    return redirect("translations:glossary_manage", campaign.slug)


@login_required
@require_POST
def glossary_delete(request, slug: str, term_id: int):
    campaign = _campaign_for_organiser(request, slug)
    term = get_object_or_404(GlossaryTerm, pk=term_id, campaign=campaign)
    services.glossary_term_delete(term=term, acting_user=request.user)
    return redirect("translations:glossary_manage", campaign.slug)


@login_required
@require_POST
def language_publish(request, slug: str, code: str):
    target = selectors.target_get_for_user(user=request.user, slug=slug, code=code)
    try:
        services.language_publish(target=target, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The translation is published."))
    return redirect(target)


@login_required
@require_POST
def language_unpublish(request, slug: str, code: str):
    target = selectors.target_get_for_user(user=request.user, slug=slug, code=code)
    try:
        services.language_unpublish(target=target, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The translation is withdrawn from publication."))
    return redirect(target)


@login_required
@require_POST
def campaign_from_guide(request, guide_id: int):
    from atheneum.coaching.models import PreparationGuide

    guide = get_object_or_404(
        PreparationGuide.objects.select_related("programme__organisation"), pk=guide_id
    )
    if not can(request.user, "coaching.edit_guide", guide.programme):
        raise PermissionDenied
    try:
        created = services.campaign_from_guide(guide=guide, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("translations:campaigns")
    messages.success(request, _("A draft translation campaign is ready; check it and publish it."))
    return redirect("translations:campaign_edit", created.slug)
