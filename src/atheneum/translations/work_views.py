"""The volunteers' and reviewers' pages. Thin: selectors read, services write."""

import mimetypes

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atheneum.organisations.rules import can

from . import coverage
from . import work_selectors as selectors
from . import work_services as services
from .enums import EDITABLE_STATES, LanguageState
from .models import SegmentTranslation
from .uploads import allowed_kinds_label
from .work_forms import (
    ChangesForm,
    ClaimForm,
    CommentForm,
    HandOverForm,
    SegmentForm,
    UploadForm,
)

SEGMENTS_PER_PAGE = 10


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _target(request, slug: str, code: str, perm: str):
    return selectors.target_get_for_user(user=request.user, slug=slug, code=code, perm=perm)


def _language_url(target, name: str) -> str:
    return reverse(f"translations:{name}", args=[target.campaign.slug, target.language])


@login_required
def my_work(request):
    return render(
        request,
        "translations/my_work.html",
        {
            "claims": selectors.my_claims(user=request.user),
            "reviews": selectors.my_reviews(user=request.user),
        },
    )


# --- Claims ------------------------------------------------------------------------------------


@login_required
def claim(request, slug: str, code: str):
    target = _target(request, slug, code, "translations.claim")
    form = ClaimForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = services.claim_language(
                target=target, credit=form.cleaned_data["credit"], acting_user=request.user
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect(target.get_absolute_url())
        if volunteer.is_lead:
            messages.success(request, _("You lead the translation of this language. Thank you!"))
        else:
            messages.success(request, _("You joined the translators of this language. Thank you!"))
        return redirect(_language_url(target, "translate"))
    return render(
        request,
        "translations/claim_confirm.html",
        {"target": target, "campaign": target.campaign, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def claim_leave(request, slug: str, code: str):
    target = _target(request, slug, code, "translations.translate")
    try:
        services.claim_leave(target=target, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("You no longer translate this language."))
    return redirect(target.get_absolute_url())


@login_required
@require_POST
def lead_hand_over(request, slug: str, code: str):
    target = _target(request, slug, code, "translations.manage_volunteers")
    form = HandOverForm(request.POST, volunteers=target.volunteers.all())
    if not form.is_valid():
        messages.error(request, _("Choose one of this language's translators."))
        return redirect(_language_url(target, "translate"))
    new_lead = get_user_model().objects.get(pk=form.cleaned_data["user"])
    try:
        services.lead_hand_over(target=target, to_user=new_lead, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The lead translator is changed."))
    if can(request.user, "translations.translate", target):
        return redirect(_language_url(target, "translate"))
    return redirect(target.get_absolute_url())


# --- The editor --------------------------------------------------------------------------------


def _editor(request, target, *, bound=None, status=200):
    """Renders the editor; `bound` = (segment_id, form, conflict) keeps a refused save."""
    rows = selectors.segment_rows(target=target)
    done, total = selectors.progress(rows)
    editable = target.state in EDITABLE_STATES
    target_dir = selectors.language_dir(target.language)
    page_number = request.GET.get("page") or 1
    if bound is not None:
        index = next((i for i, row in enumerate(rows) if row.segment.pk == bound[0]), 0)
        page_number = index // SEGMENTS_PER_PAGE + 1
    page = Paginator(rows, SEGMENTS_PER_PAGE).get_page(page_number)
    for number, row in enumerate(page.object_list, start=page.start_index()):
        if bound is not None and row.segment.pk == bound[0]:
            row.form, row.conflict = bound[1], bound[2]
        else:
            row.conflict = None
            row.form = SegmentForm(
                initial={"text": row.text, "version": row.version},
                prefix=f"s{row.segment.pk}",
                language=target.language,
                direction=target_dir,
            )
        row.form.fields["text"].label = _("Translation of segment %(number)d") % {"number": number}
    return render(
        request,
        "translations/editor_translate.html",
        {
            "target": target,
            "language_name": coverage.ui_name(target.language),
            "campaign": target.campaign,
            "page": page,
            "done": done,
            "total": total,
            "editable": editable,
            "source_dir": selectors.language_dir(target.campaign.source_language),
            "target_dir": target_dir,
            "general_comments": selectors.general_comments(target=target),
            "can_manage": can(request.user, "translations.manage_volunteers", target),
            "hand_over_form": HandOverForm(
                volunteers=[v for v in target.volunteers.all() if v.user_id != request.user.pk]
            ),
            "complete": target.uploaded_file or (total and done == total),
            "changes_requested": target.state == LanguageState.CHANGES_REQUESTED,
        },
        status=status,
    )


@login_required
def translate(request, slug: str, code: str):
    target = _target(request, slug, code, "translations.translate")
    return _editor(request, target)


@login_required
@require_POST
def segment_save(request, slug: str, code: str, segment_id: int):
    target = _target(request, slug, code, "translations.translate")
    segment = selectors.segment_for(target=target, segment_id=segment_id)
    form = SegmentForm(
        request.POST,
        prefix=f"s{segment.pk}",
        language=target.language,
        direction=selectors.language_dir(target.language),
    )
    if not form.is_valid():
        return _editor(request, target, bound=(segment.pk, form, None), status=400)
    try:
        services.segment_save(
            target=target,
            segment=segment,
            text=form.cleaned_data["text"],
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
        )
    except services.Conflict as conflict:
        # Keep the translator's text in the box and show what is saved now beside it; the
        # hidden version moves on so that saving again deliberately replaces the other text.
        current = conflict.current or SegmentTranslation(text="", version=0)
        data = request.POST.copy()
        data[form.add_prefix("version")] = current.version
        kept = SegmentForm(
            data,
            prefix=f"s{segment.pk}",
            language=target.language,
            direction=selectors.language_dir(target.language),
        )
        kept.is_valid()
        return _editor(request, target, bound=(segment.pk, kept, current), status=409)
    except ValidationError as error:
        form.add_error(None, error)
        return _editor(request, target, bound=(segment.pk, form, None), status=400)
    messages.success(request, _("The segment is saved."))
    page = request.POST.get("page", "1")
    url = _language_url(target, "translate")
    return redirect(f"{url}?page={page if page.isdigit() else 1}#segment-{segment.pk}")


@login_required
@require_POST
def comment_resolve(request, slug: str, code: str, comment_id: int):
    target = _target(request, slug, code, "translations.translate")
    comment = selectors.comment_for(target=target, comment_id=comment_id)
    services.comment_resolve(comment=comment, acting_user=request.user)
    messages.success(request, _("The comment is marked as resolved."))
    return redirect(_language_url(target, "translate"))


@login_required
def upload(request, slug: str, code: str):
    target = _target(request, slug, code, "translations.translate")
    if target.state not in EDITABLE_STATES:
        messages.info(request, _("This translation cannot be changed in its current state."))
        return redirect(_language_url(target, "translate"))
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_store(
                target=target, uploaded=form.cleaned_data["file"], acting_user=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("Your translated file is uploaded."))
            return redirect(_language_url(target, "translate"))
    return render(
        request,
        "translations/upload_form.html",
        {
            "target": target,
            "campaign": target.campaign,
            "form": form,
            "allowed": allowed_kinds_label(target.campaign.allowed_file_kinds),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def upload_download(request, slug: str, code: str):
    """The draft translated file, for its translators, reviewers and organisers only."""
    target = _target(
        request,
        slug,
        code,
        ("translations.translate", "translations.review", "translations.publish"),
    )
    if not target.uploaded_file:
        raise Http404
    name = target.uploaded_file.name.rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1]
    filename = f"{target.campaign.slug}-{target.language}.{extension}"
    response = FileResponse(
        target.uploaded_file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def submit(request, slug: str, code: str):
    target = _target(request, slug, code, "translations.translate")
    try:
        services.submit(target=target, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Your translation is submitted for review. Thank you!"))
    return redirect(_language_url(target, "translate"))


# --- Reviewing ---------------------------------------------------------------------------------


def _review_page(request, target, *, comment_form=None, changes_form=None, status=200):
    rows = selectors.segment_rows(target=target)
    done, total = selectors.progress(rows)
    return render(
        request,
        "translations/review_page.html",
        {
            "target": target,
            "language_name": coverage.ui_name(target.language),
            "campaign": target.campaign,
            "rows": rows,
            "done": done,
            "total": total,
            "source_dir": selectors.language_dir(target.campaign.source_language),
            "target_dir": selectors.language_dir(target.language),
            "general_comments": selectors.general_comments(target=target),
            "comment_form": comment_form or CommentForm(),
            "changes_form": changes_form or ChangesForm(),
            "can_start": target.state == LanguageState.SUBMITTED,
            "can_decide": target.state in services.REVIEWABLE_STATES
            and can(request.user, "translations.approve", target),
        },
        status=status,
    )


@login_required
def review(request, slug: str, code: str):
    return _review_page(request, _target(request, slug, code, "translations.review"))


@login_required
@require_POST
def review_comment(request, slug: str, code: str):
    target = _target(request, slug, code, "translations.review")
    segment = None
    if request.POST.get("segment"):
        segment = selectors.segment_for(target=target, segment_id=request.POST["segment"])
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(
                target=target,
                segment=segment,
                text=form.cleaned_data["text"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your comment is saved."))
            anchor = f"#segment-{segment.pk}" if segment else "#general"
            return redirect(_language_url(target, "review") + anchor)
    messages.error(request, _("Write a comment."))
    return _review_page(request, target, comment_form=form, status=400)


def _review_action(request, slug, code, *, action, success: str, perm="translations.review"):
    target = _target(request, slug, code, perm)
    try:
        action(target)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, success)
    return redirect(_language_url(target, "review"))


@login_required
@require_POST
def review_start(request, slug: str, code: str):
    return _review_action(
        request,
        slug,
        code,
        action=lambda target: services.review_start(target=target, acting_user=request.user),
        success=_("You started reviewing this translation."),
    )


@login_required
@require_POST
def request_changes(request, slug: str, code: str):
    target = _target(request, slug, code, "translations.review")
    form = ChangesForm(request.POST)
    if not form.is_valid():
        return _review_page(request, target, changes_form=form, status=400)
    try:
        services.changes_request(
            target=target, message=form.cleaned_data["message"], acting_user=request.user
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The translators are asked for changes."))
    return redirect(_language_url(target, "review"))


@login_required
@require_POST
def approve(request, slug: str, code: str):
    return _review_action(
        request,
        slug,
        code,
        action=lambda target: services.approve(target=target, acting_user=request.user),
        success=_("The translation is approved."),
        perm="translations.approve",
    )
