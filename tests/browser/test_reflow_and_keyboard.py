"""Reflow at 320 px, visible and unhidden focus, and journeys made with the keyboard alone.

WCAG 2.2: 1.4.10 (reflow: no sideways scrolling at 320 CSS px, wide data tables may scroll in
their own box), 2.4.7 and 2.4.11 (the focused element is outlined and not covered), 2.1.1
(everything works from the keyboard).
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from atheneum.common.demo import load_demo
from tests.factories import UserFactory

pytestmark = pytest.mark.browser
# The live server needs committed data; the check of the checks needs no database at all.
live_data = pytest.mark.django_db(transaction=True)
# Layout and focus depend on the rendered HTML and CSS only, like the axe-core crawl, so CI
# runs these on one database.
rendering_only = pytest.mark.crawl

NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 720}
MAX_TABS = 120
FOCUS_STEPS = 25

# The outermost elements that stick out of the viewport, skipping those inside a box that
# scrolls or clips on its own (a wide table in `.table-scroll` may; the page may not), or else
# the innermost ones.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      if (getComputedStyle(node).overflowX !== "visible") return true;
    }
    return false;
  };
  const sticksOut = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && (box.right > width + 0.5 || box.left < -0.5);
  };
  const name = (el) => {
    const parts = [];
    for (let node = el; node && node !== document.body && parts.length < 4;
         node = node.parentElement) {
      let part = node.tagName.toLowerCase();
      if (node.id) part += "#" + node.id;
      else if (node.classList.length) part += "." + [...node.classList].join(".");
      parts.unshift(part);
    }
    const box = el.getBoundingClientRect();
    return parts.join(" > ") + ` [${Math.round(box.left)}..${Math.round(box.right)}]`;
  };
  const outermost = (el) => sticksOut(el) && !(el.parentElement && sticksOut(el.parentElement));
  const all = [...document.querySelectorAll("body *")];
  let culprits = all.filter((el) => outermost(el) && !clipped(el));
  // An absolutely positioned element escapes a scroll box that is not its containing block.
  if (!culprits.length) culprits = all.filter(sticksOut).slice(-5);
  return {scrollWidth: document.documentElement.scrollWidth, culprits: culprits.map(name)};
}"""

# Where the focus is now: inside the viewport, on top at its centre, and outlined.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  const top = document.elementFromPoint(x, y);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {
    name: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
          (el.getAttribute("href") ? `[href="${el.getAttribute("href")}"]` : "") +
          (el.getAttribute("name") ? `[name="${el.getAttribute("name")}"]` : ""),
    inside: box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight + 0.5 &&
            box.right <= innerWidth + 0.5,
    onTop: top !== null && (top === el || el.contains(top)),
    visible: outlined || style.boxShadow !== "none",
  };
}"""


def _context(browser, live_server, *, language="en", user=None, viewport=WIDE):
    context = browser.new_context(viewport=viewport, device_scale_factor=1, locale=language)
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME]
        cookies.append({"name": session.key, "value": session.value, "url": live_server.url})
    context.add_cookies(cookies)
    return context


def tab_to(page, predicate: str, what: str) -> None:
    """Presses Tab until `predicate` (JavaScript, given the focused element) holds."""
    for _press in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {predicate})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {what} on {page.url}")


def test_checks_catch_a_wide_page_and_a_hidden_focus(browser):
    """Guards the checks below: a page that overflows and hides its focus must fail them."""
    context = browser.new_context(viewport=NARROW, device_scale_factor=1)
    page = context.new_page()
    page.set_content(
        "<html><head><style>a { outline: none } .wide { inline-size: 500px }"
        " .cover { position: fixed; inset: 0; background: white }</style></head>"
        '<body><p class="wide">x</p><a href="#">hidden</a><div class="cover"></div></body></html>'
    )
    found = page.evaluate(OVERFLOWING)
    page.keyboard.press("Tab")
    state = page.evaluate(FOCUS_STATE)
    context.close()
    assert found == {"scrollWidth": 508, "culprits": ["p.wide [8..508]"]}
    assert (state["name"], state["onTop"], state["visible"]) == ('a[href="#"]', False, False)


def _key_pages() -> list[str]:
    from atheneum.coaching.models import Round
    from atheneum.competencies.models import Framework
    from atheneum.events.demo import CONFERENCE
    from atheneum.learning.enums import ModuleStatus
    from atheneum.learning.models import Module, Topic
    from atheneum.news.enums import PostStatus
    from atheneum.news.models import Post
    from atheneum.translations.models import Campaign

    post = Post.objects.filter(status=PostStatus.PUBLISHED).first()
    framework = Framework.objects.filter(is_published=True).order_by("pk").first()
    module = Module.objects.filter(status=ModuleStatus.PUBLISHED).order_by("pk").first()
    topic = Topic.objects.filter(module=module).order_by("position").first()
    round_ = Round.objects.select_related("programme").order_by("pk").first()
    campaign = Campaign.objects.filter(is_published=True).order_by("pk").first()
    slug = round_.programme.slug
    return [
        reverse("home"),
        reverse("news:post_list"),
        reverse("news:post_detail", args=[post.slug]),
        reverse("events:event_list"),
        reverse("events:schedule", args=[CONFERENCE]),
        reverse("organisations:list"),
        reverse("competencies:framework_detail", args=[framework.slug]),
        reverse("portfolio:activity_list"),
        reverse("learning:catalogue"),
        reverse("learning:module", args=[module.slug]),
        reverse("learning:topic", args=[module.slug, topic.pk]),
        reverse("coaching:programme", args=[slug]),
        reverse("coaching:round_slots", args=[slug, round_.pk]),
        reverse("translations:campaign", args=[campaign.slug]),
        reverse("accessibility"),
    ]


@rendering_only
@live_data
def test_key_pages_reflow_at_320_px_without_sideways_scrolling(browser, live_server):
    demo = load_demo()
    paths = _key_pages()
    failures = []
    for language in ("en", "ar"):
        context = _context(
            browser, live_server, language=language, user=demo["users"]["member"], viewport=NARROW
        )
        page = context.new_page()
        for path in paths:
            page.goto(live_server.url + path)
            assert page.locator("h1").count() == 1, f"{path} ({language}) did not load as a page"
            found = page.evaluate(OVERFLOWING)
            if found["scrollWidth"] > NARROW["width"]:
                failures.append(f"{path} ({language}) is {found['scrollWidth']} px wide: {found}")
        context.close()
    assert not failures, "\n".join(failures)


@rendering_only
@live_data
def test_focus_is_visible_and_never_hidden(browser, live_server):
    failures = []
    for viewport in (WIDE, NARROW):
        context = _context(browser, live_server, viewport=viewport)
        page = context.new_page()
        for path in ("/", "/accounts/signup/", "/accessibility/"):
            page.goto(live_server.url + path)
            for _step in range(FOCUS_STEPS):
                page.keyboard.press("Tab")
                state = page.evaluate(FOCUS_STATE)
                if state is None:  # past the last focusable element
                    break
                problems = [key for key in ("inside", "onTop", "visible") if not state[key]]
                if problems:
                    failures.append(f"{path} at {viewport['width']} px: {state['name']} {problems}")
        context.close()
    assert not failures, "\n".join(failures)


@live_data
def test_sign_up_register_and_book_with_the_keyboard_only(browser, live_server):
    from allauth.account.models import EmailAddress

    from atheneum.coaching.models import Booking, Round
    from atheneum.events.enums import RegistrationStatus
    from atheneum.events.models import Registration
    from atheneum.events.registration_demo import CLINIC

    # A newcomer signs up and is asked to confirm their address.
    context = _context(browser, live_server)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/signup/")
    tab_to(page, "el.name === 'email'", "the e-mail field")
    page.keyboard.type("keyboard.reader@example.org")
    tab_to(page, "el.name === 'password1'", "the password field")
    page.keyboard.type("a long walk to the reading room")
    tab_to(page, "el.name === 'password2'", "the password again field")
    page.keyboard.type("a long walk to the reading room")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/accounts/confirm-email/")
    assert EmailAddress.objects.get(email="keyboard.reader@example.org").verified is False
    context.close()

    demo = load_demo()
    member = demo["users"]["member"]
    context = _context(browser, live_server, user=member)
    page = context.new_page()

    # The clinic is full, so the member joins its waiting list.
    page.goto(live_server.url + reverse("events:register", args=[CLINIC]))
    tab_to(page, "el.type === 'radio' && el.name.startsWith('q_')", "the first answer")
    page.keyboard.press("Space")
    tab_to(page, "el.type === 'submit' && el.closest('main')", "the Register button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    registration = Registration.objects.get(event__slug=CLINIC, user=member)
    assert registration.status == RegistrationStatus.WAITLISTED
    assert "waiting list" in page.locator(".messages").inner_text()

    # Someone new to the round books the first free session.
    coachee = UserFactory(email="keyboard.coachee@example.org")
    context.close()
    context = _context(browser, live_server, user=coachee)
    page = context.new_page()
    round_ = Round.objects.select_related("programme").order_by("pk").first()
    page.goto(
        live_server.url + reverse("coaching:round_slots", args=[round_.programme.slug, round_.pk])
    )
    tab_to(page, "el.tagName === 'A' && el.pathname.endsWith('/book/')", "a Book link")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "el.name === 'goals'", "the goals field")
    page.keyboard.type("Planning a story time for children who are learning Swedish.")
    tab_to(page, "el.type === 'submit' && el.closest('main')", "the Book button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    booking = Booking.objects.get(coachee=coachee)
    assert page.url.endswith(reverse("coaching:booking", args=[booking.uid]))
    assert booking.goals == "Planning a story time for children who are learning Swedish."
    context.close()
