"""Dr. Weber (JOURNEYS.md) logs in with two-factor authentication.

First time: password, then the set-up page (QR code and the key as text); she adds the
key to her app, types its code, gets her recovery codes and lands on her reviews. Next
time: password, then the code page. Marked `two_factor`, so the browser fixture does
not skip the second step (tests/browser/conftest.py).
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partnerhub.accounts import two_factor
from partnerhub.accounts.models import TwoFactorDevice
from tests.browser.a11y import assert_no_serious_a11y_violations
from tests.browser.conftest import save_screenshots
from tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.two_factor
LOCALE = "en-GB"


def password_step(page, email, next_url):
    page.goto(f"{reverse('accounts:login')}?next={next_url}")
    page.fill('input[name="username"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('main form button[type="submit"]').click()


def test_dr_weber_sets_up_and_uses_two_factor_authentication(
    new_page, live_server, transactional_db, request
):
    weber = PersonFactory(
        email="weber@example.org",
        full_name="Test Person Dr Weber",
        is_reviewer=True,
        preferred_language="en",
    )
    my_reviews = reverse("calls:my_reviews")
    page = new_page(locale=LOCALE)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text else 0)

    password_step(page, weber.email, my_reviews)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    qr = page.get_by_role("img", name="QR code to add Partnerhub to an authenticator app")
    expect(qr).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", qr.element_handle()) > 0  # data: URI loaded
    assert_no_serious_a11y_violations(page)
    save_screenshots(request, [page], failed=False)

    # Any other page sends her back here until she has finished.
    page.goto(my_reviews)
    expect(page).to_have_url(re.compile(r"/account/two-factor/setup/"))

    typed_key = page.locator("#two-factor-secret").inner_text().replace(" ", "")
    assert typed_key == TwoFactorDevice.objects.get(person=weber).secret
    page.get_by_label("Code from the app").fill(two_factor.current_code(typed_key))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.locator(".recovery-codes li")).to_have_count(two_factor.RECOVERY_CODE_COUNT)
    assert_no_serious_a11y_violations(page)
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My reviews")

    # The next day: password, then the code of the app.
    page.get_by_role("button", name="Log out").click()
    password_step(page, weber.email, my_reviews)
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor authentication")
    assert_no_serious_a11y_violations(page)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("main")).to_contain_text("This code is not right")
    # A new time step, so the code is not the one used at the set-up (no replays).
    device = TwoFactorDevice.objects.get(person=weber)
    step = two_factor.current_step()
    code = two_factor.code_at(typed_key, max(step, device.last_step + 1))
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My reviews")
    assert violations == []
