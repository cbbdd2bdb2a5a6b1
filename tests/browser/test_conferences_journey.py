"""The public looks at the partnership conferences: overview with the timeline, an edition,
its calendar file; both pages without serious WCAG 2.1 AA violations."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.a11y import assert_no_serious_a11y_violations
from tests.conferences.helpers import load_history


def test_overview_to_edition_to_calendar(page, live_server):
    load_history()
    overview = reverse("conferences:overview")
    page.goto("/")
    # Through the main navigation (by address: its label is translated).
    page.locator(f'nav.main-nav a[href="{overview}"]').click()
    expect(page).to_have_url(live_server.url + overview)
    expect(page.locator("table.timeline")).to_be_visible()
    assert_no_serious_a11y_violations(page)

    edition = reverse("conferences:edition", args=["latin-america", 4])
    page.locator(f'main a[href="{edition}"]').first.click()
    expect(page).to_have_url(live_server.url + edition)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("4.–5. September 2024")
    assert_no_serious_a11y_violations(page)

    ics = page.locator(f'a[href="{reverse("conferences:edition_ics", args=["latin-america", 4])}"]')
    expect(ics).to_be_visible()
    response = page.request.get(ics.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.body()
