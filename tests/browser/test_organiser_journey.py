"""Lea, the organiser (JOURNEYS.md step 4): opens the participant list, filters it by country,
exports it to Excel, downloads the name badges, and at the registration desk checks a person
in with the badge's QR code on a phone."""

import io
import re
from pathlib import Path

from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from partnerhub.conferences.badges import check_in_code
from partnerhub.conferences.models import Registration
from tests.browser.a11y import assert_no_serious_a11y_violations
from tests.browser.conftest import PHONE
from tests.conferences.test_organiser import build_world
from tests.factories import PASSWORD, PersonFactory


def test_lea_prints_badges_exports_and_checks_people_in(new_page, live_server):
    lea = PersonFactory(full_name="Test Person Lea", is_organiser=True)
    world = build_world(organiser=lea)
    participants = world.url("participants")

    page = new_page()
    page.goto(f"{reverse('accounts:login')}?next={participants}")
    page.fill('input[name="username"]', lea.email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('main form button[type="submit"]').click()
    expect(page).to_have_url(live_server.url + participants)
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(6)
    assert_no_serious_a11y_violations(page)

    # Only the partner delegation from Ghana.
    page.select_option("#id_country", "GH")
    page.locator('main form[role="search"] button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"[?&]country=GH(&|$)"))
    expect(rows).to_have_count(2)
    expect(page.locator("main table")).to_contain_text("Test Person Partner One")
    expect(page.locator("main table")).not_to_contain_text("Test Person Alpha One")

    # The filtered list to Excel, for accounting.
    with page.expect_download() as download:
        page.locator('main a[href*="export.xlsx"]').click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    exported = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(exported) == ["Test Person Partner One", "Test Person Partner Two"]

    # Name badges to print.
    with page.expect_download() as download:
        page.locator('main a[href*="badges.pdf"]').click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    # On the day: the badge's QR code opens the check-in page on a staff phone.
    registration = world.get("Test Person Partner One")
    phone = new_page(viewport=PHONE)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(world.url("check_in_code", check_in_code(registration)))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Test Person Partner One")
    expect(phone.locator("main")).to_contain_text("Sample Partner City")
    assert_no_serious_a11y_violations(phone)
    button = phone.locator('main form button[type="submit"]')
    expect(button).to_be_visible()
    # Nothing wider than the phone's screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    button.click()
    expect(phone.locator(".messages")).to_contain_text("Test Person Partner One")
    expect(phone.locator('main form button[type="submit"]')).to_have_count(0)
    assert Registration.objects.get(pk=registration.pk).checked_in_at is not None

    # The desk's list counts her.
    phone.goto(world.url("check_in"))
    expect(phone.locator("main")).to_contain_text("1")
    assert_no_serious_a11y_violations(phone)
