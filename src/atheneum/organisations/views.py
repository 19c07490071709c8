from django.shortcuts import get_object_or_404, render

from . import selectors
from .models import Organisation


def organisation_list(request):
    return render(
        request,
        "organisations/organisation_list.html",
        {"organisations": selectors.organisation_list()},
    )


def organisation_detail(request, slug: str):
    organisation = get_object_or_404(Organisation, slug=slug)
    return render(request, "organisations/organisation_detail.html", {"organisation": organisation})
