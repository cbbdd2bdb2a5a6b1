"""The Content-Security-Policy blocks nothing the pages need: no violation on key pages.

Every page listens for `securitypolicyviolation` events and console messages; the
edition page carries JSON-LD (a data block, not run, so not blocked); the API's
Swagger UI must start and list the operations; the registration form's script runs.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import EditionFactory, PersonFactory

LISTEN = """() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", e =>
        window.__csp.push(e.violatedDirective + " " + e.blockedURI));
}"""


def watch(page):
    messages = []
    page.on(
        "console",
        lambda m: (
            messages.append(m.text)
            if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text
            else None
        ),
    )
    page.add_init_script(f"({LISTEN})()")
    return messages


def violations(page):
    return page.evaluate("() => window.__csp || []")


@pytest.fixture
def edition(transactional_db):
    return EditionFactory()


def test_key_pages_raise_no_csp_violations(page, live_server, edition):
    messages = watch(page)
    urls = [
        "/",
        reverse("accounts:login"),
        reverse("conferences:overview"),
        reverse("conferences:edition", args=[edition.series.slug, edition.number]),
        reverse("partnerships:list"),
        reverse("calls:list"),
        reverse("reference:countries"),
    ]
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], url
    assert messages == []


def test_json_ld_is_readable_under_the_policy(page, live_server, edition):
    watch(page)
    page.goto(reverse("conferences:edition", args=[edition.series.slug, edition.number]))
    data = page.evaluate(
        "() => JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').text)"
    )
    assert data["@type"]
    assert violations(page) == []


def test_swagger_ui_works_under_the_policy(page, live_server, transactional_db):
    messages = watch(page)
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=15_000)
    assert violations(page) == []
    assert messages == []


def test_the_registration_form_script_runs_under_the_policy(page, live_server, edition):
    from tests.browser.test_registration_journey import log_in

    messages = watch(page)
    person = PersonFactory(email="anna.csp@example.org")
    page.goto(reverse("conferences:register", args=[edition.series.slug, edition.number]))
    log_in(page, person.email)
    page.wait_for_load_state("networkidle")
    assert violations(page) == []
    assert messages == []
