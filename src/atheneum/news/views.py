from django.shortcuts import render

from . import selectors


def post_list(request):
    return render(request, "news/post_list.html", {"posts": selectors.post_list_latest(limit=10)})
