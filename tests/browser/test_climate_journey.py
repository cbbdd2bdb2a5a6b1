"""Kwame and Lea (JOURNEYS.md) in the climate partnership.

Kwame, of the partner municipality's planning department (English, on a phone), edits a
target of the draft action programme and approves it for the partner side; the German side
approves for its side and records the adoption; Kwame then reports progress for two years
and sees the chart of the indicator against the path to the target. Lea, the organiser, sees
"N of 50" on the dashboard and the overdue list. Axe on every page.
"""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from partnerhub.climate import services
from partnerhub.climate.models import ProgrammeStatus, ProgrammeVersion
from tests.browser.a11y import assert_no_serious_a11y_violations
from tests.browser.conftest import PHONE
from tests.climate.conftest import fill_version, make_world
from tests.factories import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def log_in(page, person, next_url):
    page.goto(f"{reverse('accounts:login')}?next={next_url}")
    page.fill('input[name="username"]', person.email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('main form button[type="submit"]').click()


def log_in_with_session(page, live_server, person):
    """An organiser's session made by force_login (two-factor counted as done, as in
    tests/conftest.py), handed to the browser as its session cookie."""
    client = Client()
    client.force_login(person)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


@pytest.fixture
def draft(db):
    world = make_world()
    version = services.programme_start(climate_partnership=world.climate, by=world.german)
    fill_version(version, world.german)
    return world, version


def test_kwame_edits_and_approves_then_the_programme_is_adopted_and_reported(
    new_page, live_server, draft
):
    world, version = draft
    world.german.preferred_language = "en"  # the pages follow the person's language after log-in
    world.german.save(update_fields=["preferred_language"])
    pk = version.programme.pk
    year = datetime.date.today().year - 2  # adopted two years ago: two reports are due

    # Kwame, on a phone in English: the draft, a target to correct, then his approval.
    kwame = new_page(locale="en-GB", viewport=PHONE)
    log_in(kwame, world.partner, reverse("climate:edit", args=[pk]))
    expect(kwame.get_by_role("heading", level=1)).to_have_text("Work on version 1")
    assert_no_serious_a11y_violations(kwame)
    kwame.get_by_role("link", name="Change target “Emissions 1”").click()
    expect(kwame.get_by_role("heading", level=1)).to_have_text("Change the target")
    kwame.get_by_label("Target year").fill("2010")
    kwame.get_by_role("button", name="Save").click()
    expect(kwame.locator(".error-summary")).to_contain_text(
        "The target year must come after the baseline year."
    )
    assert_no_serious_a11y_violations(kwame)
    kwame.get_by_label("Target year").fill("2018")
    kwame.locator("#id_target_value").fill("50")
    kwame.get_by_role("button", name="Save").click()
    expect(kwame.locator(".messages")).to_contain_text("Saved.")
    kwame.get_by_role("button", name="Approve this version for the Partner side").click()
    expect(kwame.locator('[data-approval="partner"]')).to_contain_text("approved on")
    expect(
        kwame.get_by_role("button", name="Approve this version for the German side")
    ).to_have_count(0)

    # The German side approves and records the adoption.
    german = new_page(locale="en-GB")
    log_in(german, world.german, reverse("climate:edit", args=[pk]))
    german.get_by_role("button", name="Approve this version for the German side").click()
    expect(german.locator('[data-version-status="agreed"]')).to_be_visible()
    german.get_by_label("Date of the decision to adopt").fill(f"{year}-03-15")
    german.get_by_role("button", name="Record the adoption").click()
    expect(german.locator('[data-version-status="adopted"]')).to_be_visible()
    assert ProgrammeVersion.objects.get(pk=version.pk).status == ProgrammeStatus.ADOPTED
    assert_no_serious_a11y_violations(german)

    # Kwame reports progress for two years; the chart shows the values against the path.
    for reported_year, value in ((year, "85"), (year + 1, "70")):
        kwame.goto(reverse("climate:programme", args=[pk]))
        kwame.get_by_role("link", name="Report progress").click()
        kwame.get_by_label("Year reported on").fill(str(reported_year))
        kwame.get_by_role("button", name="Start the report").click()
        expect(kwame.get_by_role("heading", level=1)).to_have_text(
            f"Progress report {reported_year}"
        )
        assert_no_serious_a11y_violations(kwame)
        kwame.get_by_role("spinbutton", name="Emissions 1").fill(value)
        kwame.get_by_label("Narrative").fill(f"Street lights converted ({reported_year}).")
        kwame.get_by_role("button", name="Save and submit").click()
        expect(kwame.locator(".messages")).to_contain_text("The report has been submitted.")
    kwame.goto(reverse("climate:programme", args=[pk]))
    chart = kwame.locator(".target-progress").first
    expect(chart.locator("svg[role=img]")).to_be_visible()
    expect(chart.locator("table")).to_contain_text("85")
    expect(chart.locator("table")).to_contain_text("70")
    assert_no_serious_a11y_violations(kwame)
    ARTIFACTS.mkdir(exist_ok=True)
    kwame.screenshot(path=str(ARTIFACTS / "climate-programme-progress.png"), full_page=True)

    # The public sees the adopted programme; Lea sees the dashboard figure.
    public = new_page(locale="en-GB")
    public.goto(reverse("climate:overview"))
    expect(public.locator("[data-goal]")).to_contain_text("1 of 50 climate partnerships")
    assert_no_serious_a11y_violations(public)
    lea = new_page(locale="en-GB")
    log_in_with_session(lea, live_server, world.organiser)
    lea.goto(reverse("climate:overdue"))
    expect(lea.get_by_role("heading", level=1)).to_have_text("Overdue progress reports")
    assert_no_serious_a11y_violations(lea)
    public.screenshot(path=str(ARTIFACTS / "climate-dashboard.png"), full_page=True)
