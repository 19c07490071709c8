"""Badge pages. Verification, downloads and issuer documents are public: a credential is
meant to be shared, and its id (a random UUID) is the only way to reach it."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from atheneum.organisations.rules import can

from . import selectors, services, signing
from .baking import badge_image, png_bytes
from .forms import RevokeForm, VerifyForm

PAGE_SIZE = 50
JSON_DUMPS = {"ensure_ascii": False, "indent": 2}


def _json(data, *, filename: str = "", content_type="application/json") -> HttpResponse:
    response = HttpResponse(json.dumps(data, **JSON_DUMPS), content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_required
def my_badges(request):
    credentials = list(selectors.credentials_of(user=request.user))
    return render(request, "badges/my_badges.html", {"credentials": credentials})


def credential_detail(request, pk):
    credential = selectors.credential_get(pk=pk)
    verification = selectors.verify(credential.jwt)
    return render(
        request,
        "badges/credential_detail.html",
        {
            "credential": credential,
            "verification": verification,
            "is_recipient": request.user.is_authenticated
            and request.user.pk == credential.recipient_id,
            "can_revoke": can(request.user, "badges.revoke_credential", credential),
        },
    )


def credential_json(request, pk):
    credential = selectors.credential_get(pk=pk)
    verification = selectors.verify(credential.jwt)
    return _json(
        {"jwt": credential.jwt, "credential": (verification.claims or {}).get("vc")},
        filename=f"badge-{credential.pk}.json",
    )


def credential_jwt(request, pk):
    credential = selectors.credential_get(pk=pk)
    response = HttpResponse(credential.jwt, content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="badge-{credential.pk}.jwt"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _image(credential):
    return badge_image(
        organisation_name=credential.organisation.name,
        achievement_name=credential.achievement_name,
        revoked=credential.is_revoked,
    )


def badge_png(request, pk):
    """The badge image with the credential baked in, to add to a backpack or a profile."""
    credential = selectors.credential_get(pk=pk)
    response = HttpResponse(
        png_bytes(_image(credential), credential=credential.jwt), content_type="image/png"
    )
    response["Content-Disposition"] = f'attachment; filename="badge-{credential.pk}.png"'
    return response


def image(request, pk):
    """The plain badge image (the achievement's `image`), nothing baked in."""
    credential = selectors.credential_get(pk=pk)
    return HttpResponse(png_bytes(_image(credential)), content_type="image/png")


def credential_status(request, pk):
    credential = selectors.credential_get(pk=pk)
    return _json(
        {
            "id": f"urn:uuid:{credential.pk}",
            "status": "revoked" if credential.is_revoked else "active",
            "revoked": credential.is_revoked,
            "revokedAt": credential.revoked_at.strftime("%Y-%m-%dT%H:%M:%SZ")
            if credential.revoked_at
            else None,
            "revocationReason": credential.revocation_reason or None,
        }
    )


def issuer(request, slug: str):
    organisation = selectors.organisation_get(slug=slug)
    jwks_url = services.absolute_url(reverse("badges:jwks", args=[slug]))
    # `jwks_uri` is not an OB 3.0 Profile term: it tells verifiers where the keys are.
    profile = services.issuer_profile(organisation)
    return _json({"@context": services.VC_CONTEXT, **profile, "jwks_uri": jwks_url})


def jwks(request, slug: str):
    organisation = selectors.organisation_get(slug=slug)
    key = selectors.issuer_key(organisation=organisation)
    return _json(
        {"keys": [signing.public_jwk(key)] if key else []}, content_type="application/jwk-set+json"
    )


def key(request, slug: str, kid: str):
    """One public key as a JWK: what a credential's `kid` header points at."""
    organisation = selectors.organisation_get(slug=slug)
    issuer_key = selectors.issuer_key(organisation=organisation)
    if issuer_key is None or issuer_key.kid != kid:
        raise Http404
    return _json(signing.public_jwk(issuer_key), content_type="application/jwk+json")


def revocations(request, slug: str):
    """The issuer's 1EdTech revocation list: every revoked credential, with date and reason."""
    organisation = selectors.organisation_get(slug=slug)
    revoked = selectors.revoked_credentials(organisation=organisation)
    return _json(
        {
            "id": services.absolute_url(reverse("badges:revocations", args=[slug])),
            "issuer": services.issuer_url(organisation),
            "revokedCredentials": [
                {
                    "id": f"urn:uuid:{credential.pk}",
                    "revocationDate": credential.revoked_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "revocationReason": credential.revocation_reason,
                }
                for credential in revoked
            ],
        }
    )


@login_required
def organisation_badges(request, slug: str):
    organisation = selectors.organisation_get_for_organiser(user=request.user, slug=slug)
    issued = selectors.credentials_issued_by(organisation=organisation)
    page = Paginator(issued, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "badges/organisation_badges.html", {"organisation": organisation, "page": page}
    )


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request, pk):
    credential = selectors.credential_get(pk=pk)
    if not can(request.user, "badges.revoke_credential", credential):
        raise PermissionDenied
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.credential_revoke(
                credential=credential,
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The badge is revoked. Verifiers now see it as revoked."))
            return redirect("badges:organisation", credential.organisation.slug)
    return render(request, "badges/revoke.html", {"credential": credential, "form": form})


@require_http_methods(["GET", "POST"])
def verify(request):
    verification = None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            verification = selectors.verify(form.cleaned_data["jwt"])
    else:
        form = VerifyForm()
    return render(request, "badges/verify.html", {"form": form, "verification": verification})
