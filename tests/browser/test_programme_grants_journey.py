"""Kwame, a partner delegate without an account (JOURNEYS.md): through the link of his
registration he ranks the workshops and applies for a travel grant, on a phone and without
JavaScript. Lea, the organiser, approves it against the budget and sees the budget change;
Kwame then sees his status and amount."""

from decimal import Decimal

from django.urls import reverse
from playwright.sync_api import expect

from partnerhub.conferences.models import GrantStatus, TravelGrantApplication
from tests.browser.a11y import assert_no_serious_a11y_violations
from tests.browser.conftest import PHONE
from tests.conferences.test_programme_support import (
    edition,
    partner_registration,
    plenary,
    room,
    slot,
    workshop,
)
from tests.factories import PASSWORD, PersonFactory


def test_delegate_ranks_and_applies_organiser_approves(new_page, live_server):
    lea = PersonFactory(full_name="Test Person Lea", is_organiser=True)
    ed = edition(travel_budget=Decimal("2000"))
    morning, later = slot(ed, lea), slot(ed, lea, start=(11, 0), end=(12, 30))
    plenary(ed, lea, morning, title="Opening plenary")
    workshops = [
        workshop(ed, lea, later, title=f"Workshop {n}", the_room=room(ed, lea, f"Room {n}"))
        for n in (1, 2, 3)
    ]
    kwame = partner_registration(ed, lea, full_name="Test Person Kwame")

    # Kwame, on a phone, without JavaScript, follows the link from his e-mail.
    phone = new_page(locale="en-GB", viewport=PHONE, java_script_enabled=False)
    preferences = reverse("conferences:workshop_preferences", args=[kwame.access_token])
    phone.goto(preferences)
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    for rank, session in enumerate([workshops[1], workshops[2], workshops[0]], start=1):
        phone.select_option(f"#id_workshop_{session.pk}", str(rank))
    phone.locator('main form[method="post"] button[type="submit"]').click()
    expect(phone.locator(".messages")).to_contain_text("saved")
    expect(phone.locator(f"#id_workshop_{workshops[1].pk}")).to_have_value("1")
    assert list(kwame.workshop_preferences.values_list("session_id", flat=True)) == [
        workshops[1].pk,
        workshops[2].pk,
        workshops[0].pk,
    ]
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    grant = reverse("conferences:travel_grant", args=[kwame.access_token])
    phone.locator(f'main a[href="{grant}"]').click()
    phone.fill("#id_travel_amount", "900")
    phone.fill("#id_travel_description", "Return flight Accra–Frankfurt")
    phone.fill("#id_per_diem_amount", "120")
    phone.fill("#id_justification", "Our municipality cannot cover the flight.")
    phone.locator('main form[method="post"] button[type="submit"]:not(.danger)').last.click()
    expect(phone.locator("main")).to_contain_text("submitted")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    application = TravelGrantApplication.objects.get(registration=kwame)
    assert application.requested_total == Decimal("1020")

    # The same pages pass the accessibility check (axe needs JavaScript to run).
    checker = new_page(locale="en-GB")
    for target in (preferences, grant):
        checker.goto(target)
        assert_no_serious_a11y_violations(checker)

    # Lea logs in, opens the travel grants of the edition and approves less per diem.
    board = reverse("conferences:travel_grants", args=[ed.series.slug, ed.number])
    page = new_page()
    page.goto(f"{reverse('accounts:login')}?next={board}")
    page.fill('input[name="username"]', lea.email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('main form button[type="submit"]').click()
    expect(page).to_have_url(live_server.url + board)
    expect(page.locator('[data-figure="budget"]')).to_have_text("2.000,00")
    expect(page.locator('[data-figure="committed"]')).to_have_text("0,00")
    expect(page.locator('[data-figure="requested"]')).to_have_text("1.020,00")
    assert_no_serious_a11y_violations(page)
    per_diem = application.lines.get(category="per_diem")
    page.fill(f"#id_application-{application.pk}-line_{per_diem.pk}", "80")
    page.locator(f"#application-{application.pk} form button[type='submit']").click()
    expect(page.locator('[data-figure="committed"]')).to_have_text("980,00")
    expect(page.locator('[data-figure="available"]')).to_have_text("1.020,00")
    expect(page.locator('[data-figure="requested"]')).to_have_text("0,00")
    application.refresh_from_db()
    assert application.status == GrantStatus.DECIDED

    # Her programme pages (and the public one) pass the accessibility check too.
    for name in ("programme_manage", "workshop_assign", "programme"):
        page.goto(reverse(f"conferences:{name}", args=[ed.series.slug, ed.number]))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_serious_a11y_violations(page)

    # Kwame sees his status and the approved amount.
    phone.goto(grant)
    expect(phone.locator("main")).to_contain_text("decided")
    expect(phone.locator("main tfoot")).to_contain_text("980.00")
