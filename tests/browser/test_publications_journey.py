"""Publications (issue 5): somebody from a municipality finds the climate management guide,
downloads it, orders printed copies of two publications without an account; an organiser
finds the order in the fulfilment list and marks it shipped. Axe on every page on the way.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partnerhub.core.demo import Report
from partnerhub.publications import demo
from partnerhub.publications.models import OrderStatus, Publication, PublicationOrder
from tests.browser.a11y import assert_no_serious_a11y_violations
from tests.factories import PASSWORD, PersonFactory

LOCALE = "en-GB"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def catalogue(transactional_db):
    demo.load(Report())
    return {p.slug: p for p in Publication.objects.all()}


def test_find_download_and_order_then_the_organiser_ships(new_page, live_server, catalogue):
    guide = catalogue["klimamanagement-leitfaden"]
    kick_off = catalogue["material-54-international-kick-off-workshop"]
    page = new_page(locale=LOCALE)

    # The catalogue, narrowed to climate partnerships with the filter form.
    page.goto(reverse("publications:catalogue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Publications")
    page.get_by_label("Topic").select_option("climate")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"topic=climate"))
    expect(page.get_by_role("heading", name="6 publications")).to_be_visible()
    assert_no_serious_a11y_violations(page)

    # The guide's page, and its PDF.
    page.get_by_role("link", name=guide.title_de, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(guide.title_de)
    expect(page.get_by_text("Note on the sources")).to_be_visible()
    assert_no_serious_a11y_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download the PDF")).click()
    assert download.value.suggested_filename == "klimamanagement-leitfaden.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")

    # Order: the form starts with one copy of the guide; forgetting the consent is shown.
    page.get_by_role("link", name=re.compile("Order printed copies")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Order printed publications")
    guide_copies = page.locator(f"#id_qty_{guide.pk}")
    expect(guide_copies).to_have_value("1")
    guide_copies.fill("2")
    page.locator(f"#id_qty_{kick_off.pk}").fill("1")
    page.get_by_label("Recipient organisation or office").fill(
        "Sample Town, Office for International Relations"
    )
    page.get_by_label("Street and number").fill("Sample Square 1")
    page.get_by_label("Postcode").fill("53113")
    page.get_by_label("Town").fill("Sample Town")
    page.get_by_label("E-mail address").fill("international@example.org")
    page.get_by_role("button", name="Send the order").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Agree to the processing of your details to order.")
    expect(page.get_by_label("Street and number")).to_have_value("Sample Square 1")
    expect(page.locator(f"#id_qty_{guide.pk}")).to_have_value("2")
    assert_no_serious_a11y_violations(page)
    page.get_by_label("I agree to the processing of my details").check()
    page.get_by_role("button", name="Send the order").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Your order no.")
    order = PublicationOrder.objects.get(organisation__startswith="Sample Town")
    assert {(line.publication_id, line.quantity) for line in order.lines.all()} == {
        (guide.pk, 2),
        (kick_off.pk, 1),
    }
    assert_no_serious_a11y_violations(page)

    # The organiser's fulfilment list: the order is there; mark it shipped.
    organiser = PersonFactory(
        full_name="Test Person Organiser", is_organiser=True, is_staff=True, preferred_language="en"
    )
    desk = new_page(locale=LOCALE)
    fulfilment = reverse("publications:fulfilment")
    desk.goto(f"{reverse('accounts:login')}?next={fulfilment}")
    desk.fill('input[name="username"]', organiser.email)
    desk.fill('input[name="password"]', PASSWORD)
    desk.locator('main form button[type="submit"]').click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Orders of publications")
    row = desk.get_by_role("row").filter(has_text="Sample Square 1")
    expect(row).to_contain_text(f"2 × {guide.title_de}")
    assert_no_serious_a11y_violations(desk)
    row.get_by_role("button", name=re.compile("Mark as shipped")).click()
    expect(desk.get_by_text(f"Order {order.pk} is marked as shipped.")).to_be_visible()
    expect(desk.get_by_role("row").filter(has_text="Sample Square 1")).to_have_count(0)
    assert_no_serious_a11y_violations(desk)
    ARTIFACTS.mkdir(exist_ok=True)
    desk.screenshot(path=str(ARTIFACTS / "publications-fulfilment.png"), full_page=True)

    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
