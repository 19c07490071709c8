"""Journeys a person makes with the keyboard and without JavaScript, in a real browser."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_axe_harness_reports_a_real_violation(browser):
    """Guards the accessibility test itself: a page with known faults must fail axe."""
    page = browser.new_page()
    page.set_content('<html><body><img src="x.png"><input type="text"></body></html>')
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a"]}})
    page.close()
    rule_ids = {violation["id"] for violation in results.response["violations"]}
    assert {"image-alt", "html-has-lang", "label"} <= rule_ids


def test_crawl_harness_reports_a_real_violation(browser, live_server):
    """The crawl's own way of checking a page (init script, one round trip, violations only)
    catches faults too, and finds the links it follows."""
    from .test_accessibility import _check_page, run_axe

    context = browser.new_context()
    context.add_init_script(script=Axe().axe_script)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    report, links = _check_page(page, "en")
    assert report == ""
    assert live_server.url + "/accounts/signup/" in links
    page.set_content(
        '<html lang="en" dir="ltr"><body><h1>Broken</h1><img src="x.png"><input type="text">'
        '<a href="/news/">News</a></body></html>'
    )
    report, links = _check_page(page, "en")
    assert "image-alt" in report and "label" in report
    assert links == [live_server.url + "/news/"]
    page.set_content('<html><body><img src="x.png"><input type="text"></body></html>')
    rule_ids = {violation["id"] for violation in run_axe(page).response["violations"]}
    context.close()
    assert {"image-alt", "html-has-lang", "label"} <= rule_ids


def test_sign_in_and_switch_language_without_javascript(browser, live_server):
    UserFactory(email="reader@example.org", display_name="Reader")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("reader@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    assert page.url.endswith("/me/")
    assert page.locator("h1").inner_text() == "Welcome, Reader"

    page.get_by_label("Language").select_option("ar")
    page.get_by_role("button", name="Change").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    context.close()


def test_skip_link_is_first_in_tab_order_and_moves_focus(browser, live_server):
    page = browser.new_page()
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.close()
