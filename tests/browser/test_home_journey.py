"""The public's first visit: the home page in German, switched to English, one area
followed, accessible by keyboard and without serious WCAG 2.1 AA violations."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.a11y import assert_no_serious_a11y_violations


def switch_language(page, code: str) -> None:
    """Use the language switcher in the header as a visitor would: choose, then submit."""
    switcher = page.locator("header form.language-switcher")
    switcher.get_by_role("combobox").select_option(code)
    switcher.get_by_role("button").click()


def test_home_in_german_then_english_and_on_to_countries(page, live_server):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kommunale Entwicklungszusammenarbeit – an einem Ort organisiert"
    )
    expect(page.locator("nav a[aria-current='page']")).to_have_attribute("href", reverse("home"))
    assert_no_serious_a11y_violations(page)

    switch_language(page, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.rstrip("/") == live_server.url  # back on the page the visitor was on
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Municipal development cooperation, organised in one place"
    )
    assert_no_serious_a11y_violations(page)

    page.get_by_role("main").get_by_role("link", name="Countries and ODA eligibility").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("reference:countries")) + "$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")  # the choice is kept


def test_skip_link_is_first_and_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()  # shown on focus, not only present

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")  # the next Tab continues inside the main content
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


def test_language_switcher_works_without_javascript(new_page):
    page = new_page(java_script_enabled=False)
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert page.locator("script").count() == 0
    switch_language(page, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_home_on_a_small_phone_reflows_without_horizontal_scrolling(new_page):
    """WCAG 1.4.10 (reflow): usable at 320 CSS pixels wide, e.g. on a partner's phone."""
    page = new_page(locale="fr-FR", viewport={"width": 320, "height": 640})
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_serious_a11y_violations(page)
