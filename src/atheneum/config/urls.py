from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from atheneum.api.v1 import api as api_v1
from atheneum.common import pages
from atheneum.common import views as common_views

urlpatterns = [
    path("", common_views.home, name="home"),
    path("healthz", common_views.healthz, name="healthz"),
    path("i18n/setlang/", common_views.set_language, name="set_language"),
    path("i18n/timezone/", common_views.set_timezone, name="set_timezone"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("atheneum.accounts.urls")),
    path("organisations/", include("atheneum.organisations.urls")),
    path("news/", include("atheneum.news.urls")),
    path("portfolio/", include("atheneum.portfolio.urls")),
    path("competencies/", include("atheneum.competencies.urls")),
    path("planning/", include("atheneum.planning.urls")),
    path("events/", include("atheneum.events.urls")),
    path("meetups/", include("atheneum.meetups.urls")),
    path("learning/", include("atheneum.learning.urls")),
    path("coaching/", include("atheneum.coaching.urls")),
    path("translations/", include("atheneum.translations.urls")),
    path("api/v1/", api_v1.urls),
    path("api/", include("atheneum.api.urls")),
    path("xapi/", include("atheneum.xapi.urls")),
    path("badges/", include("atheneum.badges.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH_ENDPOINTS:
    urlpatterns.append(path("bench/reference/", common_views.bench_reference))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "atheneum.common.views.permission_denied"
handler404 = "atheneum.common.views.page_not_found"
handler500 = "atheneum.common.views.server_error"
