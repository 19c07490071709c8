"""Pages: a member's stored statements and the keys learning tools use to send them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from atheneum.common.forms import add_service_error
from atheneum.organisations.rules import can
from atheneum.organisations.selectors import organisation_get_for_user

from . import selectors, services
from .forms import KeyForm
from .ingest import object_title

PAGE_SIZE = 50


def _label(language_map: dict, fallback: str) -> str:
    if not language_map:
        return fallback
    return object_title({"definition": {"name": language_map}, "id": fallback}, get_language())


def _verb_label(data: dict) -> str:
    verb = data.get("verb", {})
    verb_id = verb.get("id", "")
    return _label(verb.get("display") or {}, verb_id.rstrip("/").rsplit("/", 1)[-1])


def _object_label(data: dict) -> str:
    obj = data.get("object", {})
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        return object_title(obj, get_language())
    if kind == "StatementRef":
        return obj.get("id", "")
    return obj.get("name") or kind


@login_required
def my_statements(request):
    page = Paginator(selectors.statements_of_member(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "statement": statement,
            "verb": _verb_label(statement.data),
            "object": _object_label(statement.data),
        }
        for statement in page
    ]
    return render(request, "xapi/my_statements.html", {"page": page, "rows": rows})


def _keys_page(request, *, organisation=None, form=None, created=None, secret="", status=200):
    keys = (
        selectors.organisation_keys(organisation=organisation)
        if organisation
        else selectors.personal_keys(user=request.user)
    )
    return render(
        request,
        "xapi/keys.html",
        {
            "organisation": organisation,
            "keys": keys,
            "form": form or KeyForm(),
            "created": created,
            "secret": secret,
            "endpoint": request.build_absolute_uri(reverse("xapi:statements")),
        },
        status=status,
    )


def _create_key(request, *, organisation=None):
    form = KeyForm(request.POST)
    if form.is_valid():
        try:
            credential, secret = services.credential_create(
                name=form.cleaned_data["name"], acting_user=request.user, organisation=organisation
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            # The secret is shown on this response only; it is stored hashed.
            return _keys_page(request, organisation=organisation, created=credential, secret=secret)
    return _keys_page(request, organisation=organisation, form=form, status=400)


@login_required
def personal_keys(request):
    if request.method == "POST":
        return _create_key(request)
    return _keys_page(request)


def _revoke_page(request, credential, *, back: str):
    if request.method == "POST":
        services.credential_revoke(credential=credential, acting_user=request.user)
        messages.success(
            request, _("The key “%(name)s” no longer works.") % {"name": credential.name}
        )
        return redirect(back)
    return render(request, "xapi/key_revoke.html", {"credential": credential, "back": back})


@login_required
def key_revoke(request, pk: int):
    credential = selectors.credential_get_for_user(user=request.user, pk=pk)
    if credential.user_id != request.user.pk:
        raise Http404
    return _revoke_page(request, credential, back=reverse("xapi:keys"))


def _organisation_for_keys(request, slug: str):
    organisation = organisation_get_for_user(user=request.user, slug=slug)
    if not can(request.user, "xapi.manage_organisation", organisation):
        raise PermissionDenied
    return organisation


@login_required
def organisation_keys(request, slug: str):
    organisation = _organisation_for_keys(request, slug)
    if request.method == "POST":
        return _create_key(request, organisation=organisation)
    return _keys_page(request, organisation=organisation)


@login_required
def organisation_key_revoke(request, slug: str, pk: int):
    organisation = _organisation_for_keys(request, slug)
    credential = selectors.credential_get_for_user(user=request.user, pk=pk)
    if credential.organisation_id != organisation.pk:
        raise Http404
    return _revoke_page(
        request, credential, back=reverse("xapi:organisation_keys", args=[organisation.slug])
    )
