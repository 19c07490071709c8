"""Thin views: ask a selector for what to show and a service for what to change."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from atheneum.common import fragments
from atheneum.common.forms import add_service_error
from atheneum.organisations.selectors import organisation_list

from . import selectors, services
from .enums import CommentStatus, IssueStatus
from .forms import CommentForm, IssueForm, PostForm, SubscriptionForm


def _paginate(request: HttpRequest, queryset: QuerySet) -> Page:
    return Paginator(queryset, settings.NEWS_PAGE_SIZE).get_page(request.GET.get("page"))


def _comment_rate(group, request) -> str:
    return settings.COMMENT_RATE


def _subscription_rate(group, request) -> str:
    return getattr(settings, "NEWS_SUBSCRIPTION_RATE", "10/h")


def _too_many_requests(request: HttpRequest) -> HttpResponse:
    return import_string(settings.RATELIMIT_VIEW)(request)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- Reading --------------------------------------------------------------------------------


def post_list(request):
    count, appeared = selectors.post_list_published_state()
    paginator = Paginator(selectors.post_list_published_cards(), settings.NEWS_PAGE_SIZE)
    paginator.count = count  # known from the cached index: spares the COUNT query
    page = paginator.get_page(request.GET.get("page"))
    zone = request.timezone_name
    cards_html = fragments.cached(
        ["news:post-cards", translation.get_language(), zone, appeared, page.number],
        tags=[selectors.NEWS_TAG],
        build=lambda: render_to_string(
            "news/_post_cards.html", {"posts": page.object_list, "timezone_name": zone}
        ),
    )
    can_write = selectors.organises_any(user=request.user)
    return render(
        request,
        "news/post_list.html",
        {"page": page, "cards_html": cards_html, "can_write": can_write},
    )


def tag_list(request):
    return render(request, "news/tag_list.html", {"tags": selectors.tag_list_in_use()})


def tag_detail(request, slug: str):
    tag = selectors.tag_get(slug=slug)
    page = _paginate(request, selectors.post_list_for_tag(tag=tag))
    return render(request, "news/tag_detail.html", {"tag": tag, "page": page})


def author_detail(request, pk: int):
    author = selectors.author_get(pk=pk)
    page = _paginate(request, selectors.post_list_by_author(author=author))
    return render(request, "news/author_detail.html", {"author": author, "page": page})


def _post_detail_context(request, post, comment_form=None) -> dict:
    translations = selectors.post_translations(post=post, user=request.user)
    viewer_language = translation.get_language()
    languages = {post.language} | {other.language for other in translations}
    return {
        "post": post,
        "translations": translations,
        "viewer_language": viewer_language,
        "viewer_version": next(
            (other for other in translations if other.language == viewer_language), None
        ),
        "viewer_language_missing": viewer_language not in languages,
        "comments": selectors.comment_list_for_post(post=post, user=request.user),
        "comment_form": comment_form or CommentForm(),
        "can_comment": request.user.has_perm("news.add_comment", post)
        and services.post_is_public(post=post),
    }


def post_detail(request, slug: str):
    post = selectors.post_get_for_user(user=request.user, slug=slug)
    return render(request, "news/post_detail.html", _post_detail_context(request, post))


@require_POST
@login_required
@ratelimit(key="user_or_ip", rate=_comment_rate, method="POST", block=False)
def comment_create(request, slug: str):
    post = selectors.post_get_for_user(user=request.user, slug=slug)
    if getattr(request, "limited", False):
        return _too_many_requests(request)
    form = CommentForm(request.POST)
    comment = None
    if form.is_valid():
        try:
            comment = services.comment_create(
                post=post, body=form.cleaned_data["body"], acting_user=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
    if comment is not None:
        if comment.status == CommentStatus.PENDING:
            notice = _("Thank you. Your comment will appear once an organiser has approved it.")
        else:
            notice = _("Thank you. Your comment is published.")
        if not _is_htmx(request):
            messages.success(request, notice)
            return redirect(reverse("news:post_detail", args=[post.slug]) + "#comments")
        context = _post_detail_context(request, post)
        context["comment_notice"] = notice
        return render(request, "news/_comments.html", context)
    context = _post_detail_context(request, post, comment_form=form)
    template = "news/_comments.html" if _is_htmx(request) else "news/post_detail.html"
    return render(request, template, context, status=200 if _is_htmx(request) else 400)


# --- Writing --------------------------------------------------------------------------------


def _post_form_kwargs(request, post=None) -> dict:
    organisations = selectors.organisations_organised_by(user=request.user)
    translations = selectors.post_list_for_organisation_staff(user=request.user)
    if post is not None:
        translations = translations.filter(organisation=post.organisation).exclude(
            translation_group=post.translation_group
        )
    return {
        "organisations": organisations,
        "translation_choices": translations.prefetch_related(None),
        "editing": post is not None,
    }


@login_required
def post_create(request):
    if not selectors.organisations_organised_by(user=request.user).exists():
        raise PermissionDenied
    form = PostForm(request.POST or None, **_post_form_kwargs(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.post_create(
                organisation=data["organisation"],
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                body=data["body"],
                language=data["language"],
                tag_names=data["tags"],
                status=data["status"],
                published_at=data["published_at"],
                translation_of=data["translation_of"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The post is saved."))
            return redirect("news:post_detail", slug=post.slug)
    return render(
        request,
        "news/post_form.html",
        {"form": form, "post": None},
        status=400 if form.is_bound else 200,
    )


@login_required
def post_edit(request, slug: str):
    post = selectors.post_get_for_user(user=request.user, slug=slug)
    if not request.user.has_perm("news.change_post", post):
        raise PermissionDenied
    initial = {
        "title": post.title,
        "slug": post.slug,
        "summary": post.summary,
        "body": post.body,
        "language": post.language,
        "tags": ", ".join(tag.name for tag in post.tags.all()),
        "status": post.status,
        "published_at": post.published_at,
    }
    form = PostForm(request.POST or None, initial=initial, **_post_form_kwargs(request, post))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.post_update(
                post=post,
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                body=data["body"],
                language=data["language"],
                tag_names=data["tags"],
                status=data["status"],
                published_at=data["published_at"],
                translation_of=data["translation_of"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The post is saved."))
            return redirect("news:post_detail", slug=post.slug)
    return render(
        request,
        "news/post_form.html",
        {"form": form, "post": post},
        status=400 if form.is_bound else 200,
    )


# --- Organising -----------------------------------------------------------------------------


@login_required
def manage(request):
    organisations = selectors.organisations_organised_by(user=request.user)
    return render(request, "news/manage.html", {"organisations": organisations})


def _organisation_for(request, slug: str, perm: str):
    organisation = selectors.organisation_get(slug=slug)
    if not request.user.has_perm(perm, organisation):
        raise PermissionDenied
    return organisation


@login_required
def moderation_queue(request, slug: str):
    organisation = _organisation_for(request, slug, "news.moderate_comments")
    page = _paginate(request, selectors.comment_list_pending(organisation=organisation))
    return render(
        request, "news/moderation_queue.html", {"organisation": organisation, "page": page}
    )


@require_POST
@login_required
def comment_moderate(request, pk: int):
    comment = selectors.comment_get(pk=pk)
    decision = request.POST.get("decision")
    if not request.user.has_perm("news.moderate_comment", comment):
        raise PermissionDenied
    if decision not in {"approve", "reject"}:
        messages.error(request, _("Please choose whether to approve or reject the comment."))
    else:
        try:
            services.comment_moderate(
                comment=comment, approve=decision == "approve", acting_user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if decision == "approve":
                messages.success(request, _("The comment is approved and published."))
            else:
                messages.success(request, _("The comment is rejected."))
    return redirect("news:moderation_queue", slug=comment.post.organisation.slug)


@login_required
def issue_list(request, slug: str):
    organisation = _organisation_for(request, slug, "news.manage_newsletter")
    page = _paginate(request, selectors.issue_list_for_organisation(organisation=organisation))
    return render(
        request,
        "news/issue_list.html",
        {
            "organisation": organisation,
            "page": page,
            "subscriber_count": selectors.subscriber_count_confirmed(organisation=organisation),
        },
    )


@login_required
def issue_create(request, slug: str):
    organisation = _organisation_for(request, slug, "news.manage_newsletter")
    form = IssueForm(
        request.POST or None,
        post_choices=selectors.post_choices_for_issue(organisation=organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            issue = services.issue_create(
                organisation=organisation,
                subject=form.cleaned_data["subject"],
                introduction=form.cleaned_data["introduction"],
                posts=list(form.cleaned_data["posts"]),
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The issue is saved. Check the preview before sending."))
            return redirect("news:issue_detail", pk=issue.pk)
    return render(
        request,
        "news/issue_form.html",
        {"form": form, "organisation": organisation, "issue": None},
        status=400 if form.is_bound else 200,
    )


@login_required
def issue_edit(request, pk: int):
    issue = selectors.issue_get_for_user(user=request.user, pk=pk)
    if issue.status != IssueStatus.DRAFT:
        messages.error(request, _("An issue that has been sent can no longer be changed."))
        return redirect("news:issue_detail", pk=issue.pk)
    form = IssueForm(
        request.POST or None,
        initial={
            "subject": issue.subject,
            "introduction": issue.introduction,
            "posts": list(issue.posts.all()),
        },
        post_choices=selectors.post_choices_for_issue(organisation=issue.organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_update(
                issue=issue,
                subject=form.cleaned_data["subject"],
                introduction=form.cleaned_data["introduction"],
                posts=list(form.cleaned_data["posts"]),
                acting_user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The issue is saved."))
            return redirect("news:issue_detail", pk=issue.pk)
    return render(
        request,
        "news/issue_form.html",
        {"form": form, "organisation": issue.organisation, "issue": issue},
        status=400 if form.is_bound else 200,
    )


@login_required
def issue_detail(request, pk: int):
    """The preview of an issue, as a subscriber in the viewer's language would get it."""
    from .emails import issue_context

    issue = selectors.issue_get_for_user(user=request.user, pk=pk)
    posts_by_language = selectors.issue_posts_by_language(issue=issue)
    language = translation.get_language()
    posts = posts_by_language.get(language, posts_by_language["en"])
    context = issue_context(issue=issue, posts=posts)
    context["subscriber_count"] = selectors.subscriber_count_confirmed(
        organisation=issue.organisation
    )
    return render(request, "news/issue_detail.html", context)


@require_POST
@login_required
def issue_send(request, pk: int):
    issue = selectors.issue_get_for_user(user=request.user, pk=pk)
    try:
        services.issue_send(issue=issue, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The issue is being sent to every confirmed subscriber."))
    return redirect("news:issue_detail", pk=issue.pk)


# --- Subscribing ----------------------------------------------------------------------------


@ratelimit(key="ip", rate=_subscription_rate, method="POST", block=False)
def subscription(request):
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    form = SubscriptionForm(
        request.POST or None, initial=initial, organisations=organisation_list()
    )
    if request.method == "POST":
        if getattr(request, "limited", False):
            return _too_many_requests(request)
        if form.is_valid():
            services.subscription_request(
                organisation=form.cleaned_data["organisation"],
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"],
                acting_user=request.user,
            )
            return render(
                request,
                "news/subscription_requested.html",
                {"organisation": form.cleaned_data["organisation"]},
            )
    return render(
        request, "news/subscription_form.html", {"form": form}, status=400 if form.is_bound else 200
    )


@require_http_methods(["GET", "POST"])
def subscription_confirm(request, token: str):
    """GET asks, POST confirms: mail scanners that open links must not confirm for people."""
    subscriber = selectors.subscriber_get_by_token(token=token)
    if request.method == "POST":
        services.subscription_confirm(subscriber=subscriber)
        return render(request, "news/subscription_confirmed.html", {"subscriber": subscriber})
    return render(request, "news/subscription_confirm.html", {"subscriber": subscriber})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """One-click unsubscribe (RFC 8058): mail programs POST here without a CSRF token.

    The secret token in the address is what authorises it; GET only asks for confirmation.
    """
    subscriber = selectors.subscriber_get_by_token(token=token)
    if request.method == "POST":
        services.subscription_cancel(subscriber=subscriber)
        return render(request, "news/unsubscribed.html", {"subscriber": subscriber})
    return render(request, "news/unsubscribe.html", {"subscriber": subscriber})
