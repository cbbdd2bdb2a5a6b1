"""Open data and the audit trail in the browser: a visitor finds the datasets and downloads
one; an organiser filters the audit trail. Both pages pass the axe check."""

from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from partnerhub.core.services import audit_record
from tests.browser.a11y import assert_no_serious_a11y_violations
from tests.factories import PartnershipFactory, PersonFactory, SeriesFactory

LOCALE = "en-GB"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_a_visitor_finds_the_datasets_and_an_organiser_reads_the_audit_trail(new_page, live_server):
    SeriesFactory()
    partnership = PartnershipFactory()
    organiser = PersonFactory(full_name="Test Person Organiser", is_organiser=True, is_staff=True)
    audit_record(subject=partnership, action="partnership.create", actor=organiser)
    audit_record(subject=partnership, action="partnership.status", actor=organiser)

    page = new_page(locale=LOCALE)
    page.goto(reverse("opendata:index"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data")
    table = page.get_by_role("table", name="Datasets")
    expect(table.get_by_role("link", name="Partnerships as IATI activities")).to_be_visible()
    expect(table).to_contain_text("IATI XML 2.03")
    assert_no_serious_a11y_violations(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "opendata-index.png"), full_page=True)

    with page.expect_download() as download:
        table.get_by_role("link", name="Municipal partnerships").click()
    assert download.value.suggested_filename == "partnerships.csv"

    # Logged in as the test client logs in (two-factor step done, tests/conftest.py).
    client = Client()
    client.force_login(organiser)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(reverse("audit:events"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    page.get_by_label("Action").select_option("partnership.status")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("table")).to_contain_text("1 entry")
    assert_no_serious_a11y_violations(page)
    page.screenshot(path=str(ARTIFACTS / "audit-trail.png"), full_page=True)
