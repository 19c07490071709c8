"""Learning: authoring, training kits, and the catalogue with learners' pages.

The catalogue's `<slug>/` pattern comes last so the fixed prefixes win; module slugs that
would clash with them are refused when a module is created (`RESERVED_MODULE_SLUGS`).
"""

from django.urls import include, path

app_name = "learning"

RESERVED_MODULE_SLUGS = frozenset(
    {"authoring", "kits", "my", "certificates", "teams", "new", "import"}
)

urlpatterns = [
    path("authoring/", include("atheneum.learning.authoring_urls")),
    path("kits/", include("atheneum.learning.kit_urls")),
    path("", include("atheneum.learning.module_urls")),
]
