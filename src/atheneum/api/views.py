"""Pages of the API app: the human-readable reference and the member's personal access tokens.

Tokens are managed only from a signed-in session (these are pages, not API endpoints), so a
token can never mint another token.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from atheneum.common.forms import add_service_error

from . import selectors, services
from .forms import TokenForm
from .pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from .scopes import AREAS


def docs(request):
    return render(
        request,
        "api/docs.html",
        {
            "reference": selectors.api_reference(),
            "areas": AREAS,
            "default_page_size": DEFAULT_PAGE_SIZE,
            "max_page_size": MAX_PAGE_SIZE,
        },
    )


@never_cache
@login_required
def token_list(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, raw = services.token_create(
                user=request.user,
                name=data["name"],
                scopes=data["scopes"],
                expires_in_days=data["expires_in_days"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            # Rendered straight from the POST, never redirected: the raw value exists only in
            # this response and is stored nowhere (not in the session, not in messages).
            return render(request, "api/token_created.html", {"token": token, "raw": raw})
    return render(
        request,
        "api/token_list.html",
        {"form": form, "tokens": selectors.token_list_for_user(user=request.user)},
        status=400 if form.is_bound else 200,
    )


@never_cache
@login_required
def token_revoke(request, pk):
    token = selectors.token_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        services.token_revoke(token=token, acting_user=request.user)
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect("api:token_list")
    return render(request, "api/token_revoke.html", {"token": token})
