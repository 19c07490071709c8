import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from atheneum.organisations.selectors import memberships_for_user

from . import selectors, services
from .forms import DeleteAccountForm, ProfileForm


@login_required
def dashboard(request):
    from atheneum.portfolio.selectors import record_summary

    return render(
        request,
        "accounts/dashboard.html",
        {
            "memberships": memberships_for_user(user=request.user),
            "cpd": record_summary(owner=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            services.profile_update(
                user=request.user, acting_user=request.user, data=form.cleaned_data
            )
            messages.success(request, _("Your profile has been saved."))
            response = redirect("accounts:profile_edit")
            if request.user.interface_language:
                from django.conf import settings

                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME, request.user.interface_language, samesite="Lax"
                )
            return response
        # A failed form must not leave half-applied values on the signed-in user.
        request.user.refresh_from_db()
    return render(request, "accounts/profile_edit.html", {"form": form})


def profile_detail(request, pk: int):
    profile = selectors.profile_get_for_viewer(viewer=request.user, pk=pk)
    return render(request, "accounts/profile_detail.html", {"profile": profile})


@login_required
@require_http_methods(["GET", "POST"])
def data_export(request):
    if request.method == "GET":
        return render(request, "accounts/data_export.html")
    payload = selectors.user_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="atheneum-my-data-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_delete(user=request.user, request=request)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("home")
    return render(request, "accounts/account_delete.html", {"form": form})


@login_required
def mfa_required(request):
    return render(request, "accounts/mfa_required.html")
