"""Anna registers her delegation with one form; Kwame completes his data from the link in his
e-mail on a phone and downloads his visa invitation letter (JOURNEYS.md).

Texts of this area are asserted through data (names, countries) and stable attributes,
not through interface wording, so the tests hold in German before and after translation.
"""

import re
from pathlib import Path

from django.urls import reverse
from playwright.sync_api import expect

from partnerhub.conferences.models import ParticipantType, RegistrationGroup
from tests.browser.a11y import assert_no_serious_a11y_violations
from tests.browser.conftest import PHONE
from tests.conferences.helpers import person_values, submit
from tests.factories import (
    PASSWORD,
    EditionFactory,
    MembershipFactory,
    MunicipalityFactory,
    PartnerMunicipalityFactory,
    PartnershipFactory,
    PersonFactory,
    country,
)


def log_in(page, email: str) -> None:
    """On the log-in page the register link led to: e-mail, password, submit."""
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def no_horizontal_scrolling(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_anna_registers_her_delegation_with_one_form(page, live_server, mailoutbox):
    town = MunicipalityFactory(name="Sample Town Anna")
    anna = PersonFactory(full_name="Test Person Anna", email="anna@example.org")
    MembershipFactory(person=anna, municipality=town)
    ghana = PartnerMunicipalityFactory(name="Sample Coast City")
    PartnershipFactory(german_municipality=town, partners=[ghana])
    island = PartnerMunicipalityFactory(name="Sample Island Town", country=country("SC"))
    edition = EditionFactory()
    edition_url = reverse("conferences:edition", args=[edition.series.slug, edition.number])
    register_url = reverse("conferences:register", args=[edition.series.slug, edition.number])

    # The edition page says registration is open and leads to the form, through the log-in.
    page.goto(edition_url)
    page.locator(f'main a[href="{register_url}"]').first.click()
    log_in(page, anna.email)
    expect(page).to_have_url(live_server.url + register_url)
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("#id_german-0-full_name")).to_have_value("Test Person Anna")
    expect(page.locator("#id_german_municipality")).to_have_value(str(town.pk))
    assert_no_serious_a11y_violations(page)

    # The form tells at once that a partner from the Seychelles cannot be invited, and why.
    partner_select = page.locator("#id_partner_municipality")
    message = page.locator("#partner-eligibility")
    partner_select.select_option(str(island.pk))
    expect(message).to_contain_text("Seychellen")  # the reason, in German
    partner_select.select_option(str(ghana.pk))
    expect(message).to_have_text("")

    # Anna, a colleague, and two partner delegates (one without an e-mail address).
    page.locator("#id_german-1-full_name").fill("Test Person Colleague")
    page.locator("#id_german-1-email").fill("colleague@example.org")
    page.locator("#id_german-1-job_title").fill("Umweltamt")
    page.locator("#id_partner-0-full_name").fill("Test Person Kwame")
    page.locator("#id_partner-0-email").fill("kwame@example.org")
    page.locator("#id_partner-0-language").select_option("en")
    page.locator("#id_partner-0-needs_visa_letter").check()
    page.locator("#id_partner-1-full_name").fill("Test Person Ama")
    page.locator("#id_partner-1-language").select_option("fr")
    page.locator("#id_partner-1-needs_visa_letter").check()
    page.locator("#id_consent").check()
    page.locator("main form button[type=submit]:not([name]):visible").last.click()

    # The summary: everybody confirmed, each with a link to their own page.
    group = RegistrationGroup.objects.get(edition=edition)
    expect(page).to_have_url(
        live_server.url + reverse("conferences:registration_group", args=[group.pk])
    )
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(4)
    expect(page.locator("main [data-status=confirmed]")).to_have_count(4)
    for name in ("Test Person Anna", "Test Person Colleague", "Test Person Kwame", "Ama"):
        expect(page.locator("main table")).to_contain_text(name)
    assert_no_serious_a11y_violations(page)

    # Confirmations went out: the partner in his language, Ama's message to Anna.
    recipients = sorted(message.to[0] for message in mailoutbox)
    assert recipients == sorted(
        ["anna@example.org", "anna@example.org", "colleague@example.org", "kwame@example.org"]
    )

    # Back on the edition page Anna sees where her people stand; the public does not.
    page.goto(edition_url)
    expect(page.locator("section[aria-labelledby=registration-heading]")).to_contain_text(
        "Test Person Kwame"
    )


def test_the_eligibility_message_is_also_given_without_javascript(new_page, live_server):
    anna = PersonFactory(full_name="Test Person Anna")
    town = MunicipalityFactory()
    MembershipFactory(person=anna, municipality=town)
    island = PartnerMunicipalityFactory(name="Sample Island Town", country=country("SC"))
    edition = EditionFactory()
    page = new_page(java_script_enabled=False)
    register_url = reverse("conferences:register", args=[edition.series.slug, edition.number])
    page.goto(register_url)
    log_in(page, anna.email)
    # Before submitting: the option says it, and the list below says why.
    option = page.locator(f'#id_partner_municipality option[value="{island.pk}"]')
    assert option.get_attribute("data-ineligible")
    expect(page.locator("#ineligible-partners")).to_contain_text("Sample Island Town")
    # On submit: the reason next to the choice, and everything typed is still there.
    page.locator("#id_partner_municipality").select_option(str(island.pk))
    page.locator("#id_partner-0-full_name").fill("Test Person Island")
    page.locator("#id_consent").check()
    page.locator("main form button[type=submit]:not([name]):visible").last.click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#partner-eligibility")).to_contain_text("Seychellen")
    expect(page.locator("#id_partner-0-full_name")).to_have_value("Test Person Island")
    assert not edition.registrations.exists()


def test_kwame_completes_his_data_on_a_phone_and_downloads_his_visa_letter(
    new_page, live_server, mailoutbox, tmp_path
):
    anna = PersonFactory()
    town = MunicipalityFactory()
    MembershipFactory(person=anna, municipality=town)
    ghana = PartnerMunicipalityFactory(name="Sample Coast City")
    edition = EditionFactory()
    submit(
        edition,
        anna,
        [
            person_values(
                participant_type=ParticipantType.PARTNER_MUNICIPALITY,
                full_name="Test Person Kwame",
                email="kwame@example.org",
                language="en",
                municipality=ghana,
                country=ghana.country,
                needs_visa_letter=True,
            )
        ],
        german_municipality=town,
        partner_municipality=ghana,
    )
    (mail,) = [m for m in mailoutbox if m.to == ["kwame@example.org"]]
    link = re.search(r"https?://\S+/registration/[\w-]+/", mail.body).group(0)
    path = "/" + link.split("/", 3)[3]

    # He has no account: the link from his e-mail is enough. A phone, in English.
    page = new_page(locale="en-GB", viewport=PHONE, accept_downloads=True)
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Test Person Kwame")
    expect(page.locator("main [data-status=confirmed]")).to_be_visible()
    assert page.locator("script").count() == 0  # nothing to load but the page and its CSS
    assert no_horizontal_scrolling(page)
    assert_no_serious_a11y_violations(page)

    # His needs and passport details.
    page.locator("#id_diet").select_option("vegetarian")
    page.locator("#id_passport_number").fill("X1234567")
    page.locator("#id_date_of_birth").fill("1985-03-02")
    page.locator("#id_nationality").select_option("GH")
    page.get_by_role("button", name="Save my details").click()
    expect(page.locator(".messages")).to_contain_text("Your details have been saved.")

    # Arrival and departure, once.
    start = edition.start_date
    page.locator("#id_arrival_at").fill(f"{start:%Y-%m-%d}T14:30")
    page.locator("#id_departure_at").fill(f"{start:%Y-%m-%d}T18:00")
    page.locator("#id_travel_details").fill("Flight from Accra")
    page.get_by_role("button", name="Send travel details").click()
    expect(page.locator("main")).to_contain_text("Flight from Accra")
    expect(page.locator("#id_arrival_at")).to_have_count(0)  # read-only now
    assert no_horizontal_scrolling(page)

    # The visa invitation letter.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("visa invitation letter", re.I)).click()
    download = download_info.value
    target = Path(tmp_path) / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert download.suggested_filename.endswith(".pdf")
    assert_no_serious_a11y_violations(page)
