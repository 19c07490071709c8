"""Translation campaigns: the organisers' side and the volunteers' and reviewers' side.

Language pages live under `<slug>/languages/<code>/` so a language code can never be mistaken
for one of a campaign's own pages; `my/` and `new/` come before campaign slugs, which may not
take those names (`RESERVED_CAMPAIGN_SLUGS`).
"""

from django.urls import include, path

app_name = "translations"

RESERVED_CAMPAIGN_SLUGS = frozenset({"my", "new", "feed"})

urlpatterns = [
    path("", include("atheneum.translations.work_urls")),
    path("", include("atheneum.translations.campaign_urls")),
]
