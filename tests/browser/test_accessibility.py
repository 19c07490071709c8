"""Every page, as visitors and members, in English and Arabic, passes axe-core's WCAG A/AA rules.

The test loads the demo data, then crawls the site from a few starting pages, following
every same-site link, and checks each HTML page it reaches (at most a few per URL pattern).
"""

import time
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe, AxeResults
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

from atheneum.common.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.crawl, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Only violations are reported back: axe skips building the (large) list of passes.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
START = [
    "/",
    "/news/",
    "/organisations/",
    "/accounts/login/",
    "/accounts/signup/",
    "/me/",
    "/portfolio/",
    "/competencies/",
    "/planning/",
    "/events/",
    "/meetups/",
    "/learning/",
    "/learning/my/",
    "/learning/kits/",
    "/learning/authoring/",
    "/coaching/",
    "/coaching/my/",
    "/translations/",
    "/translations/my/",
    "/badges/my/",
    "/badges/verify/",
    "/xapi/my/",
]
EXTRA = [
    "/accounts/password/reset/",
    "/accounts/password/change/",
    "/accounts/email/",
    "/accounts/2fa/",
    "/me/profile/",
    "/me/data/",
    "/me/delete/",
    "/this-page-does-not-exist/",
    "/api/tokens/",
    "/api/v1/docs/",
    "/xapi/keys/",
]
SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/jsi18n/", "/healthz")
PER_ROUTE = 1
MAX_PAGES = 220

axe = Axe()
# axe-core is added to every page of a crawl by an init script (parsed once per navigation by the
# browser instead of sent over the wire each time), and only the violations come back.
RUN_AXE = "options => axe.run(document, options).then(r => ({violations: r.violations}))"
# One round trip per page: axe's violations with what the crawl asserts and the links it follows.
CHECK_PAGE = """options => axe.run(document, options).then(r => ({
    violations: r.violations,
    lang: document.documentElement.getAttribute("lang"),
    dir: document.documentElement.getAttribute("dir"),
    h1: document.querySelectorAll("h1").length,
    links: Array.from(document.querySelectorAll("a[href]"), a => a.href),
}))"""


def run_axe(page) -> AxeResults:
    return AxeResults(page.evaluate(RUN_AXE, AXE_OPTIONS))


def _route_key(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return match.route or match.view_name


def _session_cookie(live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": live_server.url}


def _check_page(page, language: str) -> tuple[str, list[str]]:
    """axe-core's report on the open page ("" when it passes) and the links on it."""
    current = urlsplit(page.url).path
    found = page.evaluate(CHECK_PAGE, AXE_OPTIONS)
    assert found["lang"] == language, current
    assert found["dir"] == ("rtl" if language == "ar" else "ltr"), current
    assert found["h1"] == 1, f"{current} must have exactly one h1"
    results = AxeResults({"violations": found["violations"]})
    report = (
        f"{current} ({language}):\n{results.generate_report()}" if results.violations_count else ""
    )
    return report, found["links"]


def _crawl(browser, live_server, *, user, language):
    context = browser.new_context(locale=language, timezone_id="Asia/Tokyo")
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    if user is not None:
        context.add_cookies([_session_cookie(live_server, user)])
    context.add_init_script(script=axe.axe_script)
    page = context.new_page()
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda msg: (
            csp_errors.append(f"{page.url}: {msg.text[:120]}")
            if "Content Security Policy" in msg.text
            else None
        ),
    )
    queue = list(START) + list(EXTRA)
    seen_paths: set[str] = set()
    per_route: dict[str, int] = {}
    not_pages: set[str] = set()  # routes that answered with a file (ICS, CSV, PDF …)
    failures: list[str] = []
    checked = 0
    timings = dict.fromkeys(("probe", "load", "check"), 0.0)
    while queue and checked < MAX_PAGES:
        path = queue.pop(0)
        if path in seen_paths or path.startswith(SKIP_PREFIXES):
            continue
        seen_paths.add(path)
        key = _route_key(path)
        if per_route.get(key, 0) >= PER_ROUTE or key in not_pages:
            continue
        # Exports (ICS, XML, CSV, PDF) are not pages: ask first, and only open HTML.
        clock = time.perf_counter()
        probe = context.request.get(live_server.url + path, max_redirects=5)
        timings["probe"] += time.perf_counter() - clock
        if "text/html" not in (probe.headers.get("content-type") or ""):
            if probe.ok:
                not_pages.add(key)
            continue
        clock = time.perf_counter()
        page.goto(live_server.url + path)
        timings["load"] += time.perf_counter() - clock
        per_route[key] = per_route.get(key, 0) + 1
        checked += 1
        clock = time.perf_counter()
        report, links = _check_page(page, language)
        timings["check"] += time.perf_counter() - clock
        if report:
            failures.append(report)
        for href in links:
            target = urlsplit(urljoin(page.url, href))
            if target.netloc == urlsplit(live_server.url).netloc and target.path not in seen_paths:
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    context.close()
    print(" ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items()))
    assert not csp_errors, csp_errors
    assert not failures, "\n\n".join(failures)
    return checked


@pytest.mark.parametrize("language", ["en", "ar"])
# The longest crawls first, so the two test workers finish at about the same time.
@pytest.mark.parametrize("role", ["organiser", "member", "manager", "anonymous"])
def test_every_page_passes_axe(browser, live_server, language, role):
    demo = load_demo()
    user = None if role == "anonymous" else demo["users"][role]
    started = time.perf_counter()
    checked = _crawl(browser, live_server, user=user, language=language)
    elapsed = time.perf_counter() - started
    print(f"\n{role}-{language}: {checked} pages in {elapsed:.1f} s")
    assert checked < MAX_PAGES, "the crawl stopped at MAX_PAGES: raise it so no page goes unchecked"
    assert checked >= 8
