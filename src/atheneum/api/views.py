"""Pages of the API app: the human-readable reference and the member's tokens (to be written)."""

from django.http import HttpResponse


def docs(request):
    return HttpResponse("todo")


def token_list(request):
    return HttpResponse("todo")


def token_revoke(request, pk):
    return HttpResponse("todo")
