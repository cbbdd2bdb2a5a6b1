"""Anna (JOURNEYS.md) looks for new partners for her German town: she opens the partner
suggestions, picks her town, reads why each municipality, call and learning process is
suggested, and then hides her town from other municipalities' suggestions and shows it again.
The page is checked with axe on a desktop and a phone, and without JavaScript.
"""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partnerhub.core.models import AuditEvent
from tests.browser.a11y import assert_no_serious_a11y_violations
from tests.factories import PASSWORD, MembershipFactory, PersonFactory
from tests.partnerships.test_matchmaking import build_world, learning_process, open_call

LOCALE = "en-GB"
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def anna_world(transactional_db):
    world = build_world()
    anna = PersonFactory(full_name="Test Person Anna", preferred_language="en")
    MembershipFactory(person=anna, municipality=world["own"])
    organiser = PersonFactory(full_name="Test Person Organiser", is_organiser=True)
    world["call"] = open_call(organiser, slug="services-call")
    world["process"] = learning_process(world["other_german"], "Circular services", sdgs=[11])
    world["anna"] = anna
    return world


def log_in(page, person, next_url):
    page.goto(f"{reverse('accounts:login')}?next={next_url}")
    page.fill('input[name="username"]', person.email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('main form button[type="submit"]').click()


def test_anna_reads_her_suggestions_and_hides_her_town(new_page, anna_world, request):
    world = anna_world
    page = new_page(locale=LOCALE)
    log_in(page, world["anna"], reverse("partnerships:suggestions"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner suggestions")
    assert_no_serious_a11y_violations(page)

    page.get_by_role("link", name="Suggestions for Sample Town A").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suggestions for Sample Town A")
    table = page.locator("table[data-partner-suggestions]")
    best = table.locator(f'tr[data-suggestion="{world["senegal"].slug}"]')
    expect(best.locator("td[data-explanation]")).to_have_text(
        "Shares SDG 11 and waste management; both French-speaking; similar in size "
        "(200,000 and 250,000 inhabitants); in Africa, where you already have partners"
    )
    expect(table.locator("tbody tr").first).to_have_attribute(
        "data-suggestion", world["senegal"].slug
    )
    for never in ("chile", "hidden", "partner", "other_german"):
        expect(table.locator(f'tr[data-suggestion="{world[never].slug}"]')).to_have_count(0)
    calls = page.locator("ul[data-call-suggestions]")
    expect(calls).to_contain_text("Call services-call: shares municipal services")
    processes = page.locator("ul[data-learning-process-suggestions]")
    expect(processes).to_contain_text("Circular services")
    expect(processes).to_contain_text("shares SDG 11 and municipal services")
    assert_no_serious_a11y_violations(page)
    artifacts = Path(request.config.rootpath) / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "matchmaking-suggestions.png"), full_page=True)

    # She hides her town from other municipalities' suggestions.
    page.get_by_label("Hidden from other municipalities' suggestions").check()
    page.get_by_role("button", name="Save visibility").click()
    main = page.locator("main")
    expect(main).to_contain_text(
        "Sample Town A is now hidden from other municipalities' suggestions."
    )
    expect(page.locator("[data-visibility-state]")).to_contain_text("Sample Town A is hidden")
    expect(page.get_by_label("Hidden from other municipalities' suggestions")).to_be_checked()
    # Her own suggestions still work.
    expect(table.locator("tbody tr")).to_have_count(2)
    assert_no_serious_a11y_violations(page)
    world["own"].refresh_from_db()
    assert world["own"].hidden_from_suggestions

    # And shows it again.
    page.get_by_label("Shown in other municipalities' suggestions").check()
    page.get_by_role("button", name="Save visibility").click()
    expect(main).to_contain_text("is now shown in other municipalities' suggestions again.")
    world["own"].refresh_from_db()
    assert not world["own"].hidden_from_suggestions
    assert AuditEvent.objects.filter(action="municipality.suggestions_visibility").count() == 2


def test_the_page_works_on_a_phone_without_javascript(new_page, anna_world):
    world = anna_world
    page = new_page(locale=LOCALE, viewport=PHONE, java_script_enabled=False)
    log_in(page, world["anna"], reverse("partnerships:suggestions_for", args=["sample-town-a"]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Suggestions for Sample Town A")
    page.get_by_label("Hidden from other municipalities' suggestions").check()
    page.get_by_role("button", name="Save visibility").click()
    expect(page.locator("[data-visibility-state]")).to_contain_text("Sample Town A is hidden")
    # axe runs through Playwright's evaluate, which needs JavaScript: check in a JS page.
    check = new_page(locale=LOCALE, viewport=PHONE)
    log_in(check, world["anna"], reverse("partnerships:suggestions_for", args=["sample-town-a"]))
    expect(check.get_by_role("heading", level=1)).to_have_text("Suggestions for Sample Town A")
    assert_no_serious_a11y_violations(check)
