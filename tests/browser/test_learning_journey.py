"""A learner goes through a self-paced module with the keyboard alone, in English and Arabic:
start, topics, marking them done, the self-assessment, finishing and the certificate link.
Every page on the way passes axe-core's WCAG A/AA rules."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from atheneum.learning.enums import QuestionKind
from tests.browser.test_accessibility import AXE_OPTIONS
from tests.factories import PASSWORD, OrganisationFactory, UserFactory
from tests.learning.factories import (
    ExerciseFactory,
    MediaFactory,
    ModuleFactory,
    ResourceFactory,
    TopicFactory,
    make_question,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 120


def _build_module():
    organisation = OrganisationFactory(name="Riverside Library", slug="riverside")
    module = ModuleFactory(
        organisation=organisation, slug="reference-desk", title="At the reference desk"
    )
    first = TopicFactory(module=module, position=0, title="Listening first")
    ExerciseFactory(topic=first)
    MediaFactory(topic=first, title="A reference interview")
    ResourceFactory(topic=first)
    TopicFactory(module=module, position=1, title="Open questions")
    single = make_question(module, position=0, text="Which question is open?")
    multiple = make_question(
        module, kind=QuestionKind.MULTIPLE, correct=(0, 1), position=1, text="Which help?"
    )
    return module, single, multiple


def _tab_to(page, selector: str) -> None:
    """Presses Tab until the element matching `selector` has the focus, as a keyboard user."""
    target = page.locator(selector)
    target.wait_for(state="attached")
    for _press in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def _check_axe(page, failures: list[str], language: str) -> None:
    assert page.locator("h1").count() == 1, page.url
    assert page.locator("html").get_attribute("lang") == language
    results = Axe().run(page, options=AXE_OPTIONS)
    if results.violations_count:
        failures.append(f"{page.url} ({language}):\n{results.generate_report()}")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_learning_journey_with_keyboard_only(browser, live_server, language):
    module, single, multiple = _build_module()
    UserFactory(email="learner@example.org", display_name="Lina Learner")
    context = browser.new_context(locale=language)
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page = context.new_page()
    failures: list[str] = []

    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=login]").fill("learner@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto(live_server.url + f"/learning/{module.slug}/")
    _check_axe(page, failures, language)

    _tab_to(page, "main form[action$='/start/'] button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/topics/" in page.url
    _check_axe(page, failures, language)

    for _topic in range(2):
        _tab_to(page, "main form[action$='/done/'] button")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        _check_axe(page, failures, language)
    assert page.url.endswith(f"/learning/{module.slug}/assessment/")

    first_single = single.choices.order_by("position").first()
    right_multiple = list(multiple.choices.order_by("position")[:2])
    _tab_to(page, f"input[name=question_{single.pk}][value='{first_single.pk}']")
    page.keyboard.press("Space")
    for choice in right_multiple:
        _tab_to(page, f"input[name=question_{multiple.pk}][value='{choice.pk}']")
        page.keyboard.press("Space")
    _tab_to(page, "main form:not([action]) button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/assessment/attempts/" in page.url
    assert "100%" in page.locator("main").inner_text()
    _check_axe(page, failures, language)

    _tab_to(page, "main form[action$='/finish/'] button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/completed/" in page.url
    _check_axe(page, failures, language)
    certificate = page.locator(f"main a[href$='/learning/{module.slug}/certificate.pdf']")
    assert certificate.count() == 1
    _tab_to(page, f"main a[href$='/learning/{module.slug}/certificate.pdf']")

    for path in (f"/learning/{module.slug}/", "/learning/my/", "/learning/"):
        page.goto(live_server.url + path)
        _check_axe(page, failures, language)

    context.close()
    assert not failures, "\n\n".join(failures)
