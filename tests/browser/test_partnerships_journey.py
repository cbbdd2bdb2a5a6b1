"""A municipality member registers a partnership, finds it through search and on the map.

Anna (JOURNEYS.md) acts for a German town: she registers the partnership with a partner
town that is not in the registry yet (with its coordinates), then finds it through the
search of the registry and on the map, follows its line to the profile; axe finds no
serious or critical violation on the way. The map page works without JavaScript too.
"""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partnerhub.partnerships.models import Partnership
from tests.browser.a11y import assert_no_serious_a11y_violations
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    MunicipalityFactory,
    PartnerMunicipalityFactory,
    PartnershipFactory,
    PersonFactory,
)

LOCALE = "en-GB"


@pytest.fixture
def anna(db):
    town = MunicipalityFactory(name="Sample Town Lindenau", latitude="51.3", longitude="12.4")
    person = PersonFactory(full_name="Test Person Anna", preferred_language="en")
    MembershipFactory(person=person, municipality=town)
    # Someone else's partnership, so that search and map have something to leave out.
    PartnershipFactory(
        german_municipality=MunicipalityFactory(
            name="Sample Town Birkenfeld", latitude="49.6", longitude="7.2"
        ),
        partners=[PartnerMunicipalityFactory(latitude="-6.8", longitude="39.2")],
        description_en="Waste management.",
    )
    return {"person": person, "town": town}


def log_in(page, person, next_url):
    page.goto(f"{reverse('accounts:login')}?next={next_url}")
    page.fill('input[name="username"]', person.email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('main form button[type="submit"]').click()


def test_member_registers_a_partnership_and_finds_it_by_search_and_on_the_map(
    new_page, live_server, anna
):
    page = new_page(locale=LOCALE)
    log_in(page, anna["person"], reverse("partnerships:list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnerships")
    assert_no_serious_a11y_violations(page)

    # She registers the partnership; her town is chosen already as the German side.
    page.get_by_role("link", name="Register a partnership").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register a partnership")
    expect(page.get_by_label("German municipality")).to_have_value(str(anna["town"].pk))
    page.get_by_label("Name of the new partner municipality").fill("Sample Partner Town Keta")
    page.get_by_label("Country of the new partner").select_option(label="Ghana")
    page.get_by_label("Latitude (optional)").fill("5.92")
    page.get_by_label("Longitude (optional)").fill("0.99")
    page.get_by_label("Climate partnership").check()
    page.get_by_label("Since (year)").fill("2012")
    page.get_by_label("Climate adaptation").check()
    page.get_by_label("13. Climate Action").check()
    page.get_by_label("Description in English").fill("Mangroves protect the coast.")
    assert_no_serious_a11y_violations(page)
    page.get_by_role("button", name="Register the partnership").click()

    partnership = Partnership.objects.get(german_municipality=anna["town"])
    profile = reverse("partnerships:detail", args=[partnership.pk])
    expect(page).to_have_url(live_server.url + profile)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sample Town Lindenau – Sample Partner Town Keta"
    )
    expect(page.locator("main")).to_contain_text("SDG 13: Climate Action")
    expect(page.locator("main")).to_contain_text("Mangroves protect the coast.")
    assert_no_serious_a11y_violations(page)

    # She finds it through search.
    page.get_by_role("link", name="All partnerships").click()
    page.locator("#id_q").fill("mangroves")
    page.get_by_role("button", name="Search").click()
    results = page.locator("table.partnership-table tbody tr")
    expect(results).to_have_count(1)
    expect(results).to_contain_text("Sample Partner Town Keta")

    # And on the map, with the same search: one line, a link with its name.
    page.get_by_role("link", name="Show these partnerships on the map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Map of partnerships")
    line = page.get_by_role(
        "link",
        name="Climate partnership: Sample Town Lindenau – Sample Partner Town Keta (Ghana)",
    )
    expect(line).to_have_count(1)
    expect(page.locator("svg.partnership-map a.map-line")).to_have_count(1)
    assert_no_serious_a11y_violations(page)
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "partnerships-map.png"), full_page=True)

    # Keyboard users reach the line and follow it.
    line.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + profile)


def test_map_without_javascript(new_page, anna):
    page = new_page(locale=LOCALE, java_script_enabled=False)
    page.goto(reverse("partnerships:map") + "?kind=town_twinning")
    expect(page.locator("svg.partnership-map a.map-line")).to_have_count(1)
    expect(page.locator("table.partnership-table tbody tr")).to_have_count(1)
