"""Jonas (JOURNEYS.md): reads the Connective Cities call, starts a proposal, saves a draft,
sees what is missing, names the actors, submits before the deadline and downloads the PDF of
what he submitted. And the edit page on a phone, with its length counters.

The 2026 call closes on 17 Feb 2026; the clock of the whole test (the live server's too) is
set ten days before, as in tests/calls/test_proposals.py.
"""

import datetime
import re
from pathlib import Path
from unittest import mock

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partnerhub.calls import services
from partnerhub.calls.models import Proposal, ProposalStatus
from partnerhub.reference.models import MunicipalityKind
from tests.browser.a11y import assert_no_serious_a11y_violations
from tests.browser.conftest import PHONE
from tests.calls.conftest import BERLIN, DEADLINE
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    MunicipalityFactory,
    PartnerMunicipalityFactory,
    PersonFactory,
)

BEFORE = DEADLINE - datetime.timedelta(days=10)
LOCALE = "en-GB"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clock():
    with mock.patch("django.utils.timezone.now", return_value=BEFORE):
        yield BEFORE


@pytest.fixture
def jonas(clock):
    """The call, Jonas of a district's waste company, a partner city in Ghana on the platform."""
    organiser = PersonFactory(full_name="Test Person Organiser", is_organiser=True)
    call = services.call_create(
        by=organiser,
        slug="topic-call-2026",
        title_de="Connective Cities: Themenaufruf 2026",
        title_en="Connective Cities topic call 2026",
        text_en="Become the host municipality of a Connective Cities learning process!",
        deadline=DEADLINE,
        opens_at=datetime.datetime(2025, 12, 1, tzinfo=BERLIN),
        selection_by=datetime.date(2026, 2, 28),
        events_from=datetime.date(2026, 5, 1),
        contact="Connective Cities team, calls@example.org",
        is_published=True,
    )
    company = MunicipalityFactory(
        name="Sample District Waste Company", kind=MunicipalityKind.MUNICIPAL_COMPANY
    )
    person = PersonFactory(full_name="Test Person Jonas", preferred_language="en")
    MembershipFactory(person=person, municipality=company, since=datetime.date(2020, 1, 1))
    partner = PartnerMunicipalityFactory(name="Sample Partner City Tamale")
    return {"call": call, "person": person, "company": company, "partner": partner}


def log_in(page, person, next_url):
    page.goto(f"{reverse('accounts:login')}?next={next_url}")
    page.fill('input[name="username"]', person.email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('main form button[type="submit"]').click()


def test_jonas_writes_saves_completes_and_submits_a_proposal(new_page, live_server, jonas):
    call, person = jonas["call"], jonas["person"]
    page = new_page(locale=LOCALE)

    # He reads the call: deadline in German time, what a proposal contains, the criteria.
    page.goto(reverse("calls:list"))
    page.locator(f'main a[href="{reverse("calls:call", args=[call.slug])}"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connective Cities topic call 2026")
    expect(page.locator("#call-state")).to_contain_text("(German time)")
    expect(page.locator("main")).to_contain_text("What your proposal must contain")
    expect(page.locator("main")).to_contain_text("Evaluation criteria")
    assert_no_serious_a11y_violations(page)

    log_in(page, person, reverse("calls:call", args=[call.slug]))
    page.get_by_role("link", name="Write a proposal").click()

    # He starts: his company is the only applicant he acts for, so it is chosen already.
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a proposal")
    expect(page.get_by_label("Sample District Waste Company")).to_be_checked()
    page.get_by_label("Topic").fill("Separate collection of organic waste")
    page.get_by_role("button", name="Save the draft and continue").click()

    # The form: two sections written, the theme chosen; saved as a draft.
    proposal = Proposal.objects.get(title="Separate collection of organic waste")
    expect(page).to_have_url(live_server.url + reverse("calls:proposal_edit", args=[proposal.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit your draft")
    page.get_by_label("Municipal services (e.g. waste)").check()
    page.locator("#id_topic_background").fill("Organic waste ends up in landfill.")
    page.locator("#id_learning_and_contribution").fill("We share our collection pilot.")
    assert_no_serious_a11y_violations(page)
    page.get_by_role("button", name="Save the draft", exact=True).last.click()

    # What is missing: the other sections and the actors from two further countries.
    expect(page).to_have_url(live_server.url + reverse("calls:proposal", args=[proposal.pk]))
    expect(page.locator(".messages")).to_contain_text("Your draft has been saved.")
    missing = page.locator("section.card[aria-labelledby='missing']")
    expect(missing.get_by_role("heading", level=2)).to_have_text("What is missing")
    expect(missing).to_contain_text("at least two further countries")
    expect(missing.locator('[data-item="topic_background"]')).to_have_attribute("data-done", "true")
    expect(missing.locator('[data-item="knowledge_transfer"]')).to_have_attribute(
        "data-done", "false"
    )
    assert_no_serious_a11y_violations(page)

    # He completes it: the last two sections, a partner on the platform and one by name.
    page.get_by_role("link", name="Edit the draft").click()
    expect(page.locator("#id_topic_background")).to_have_value("Organic waste ends up in landfill.")
    page.locator("#id_knowledge_transfer").fill("Site visits and peer coaching.")
    page.locator("#id_further_goals").fill("A compost plant together with the partners.")
    page.select_option("#id_actors-0-municipality", str(jonas["partner"].pk))
    page.locator("#id_actors-1-name").fill("Sample Ville")
    page.select_option("#id_actors-1-country", "FR")
    page.locator("#id_actors-1-contact_role").fill("Waste department")
    page.get_by_label("We are willing to take part in follow-up activities").check()
    page.get_by_label("The topic and our engagement are supported by the municipality").check()
    page.get_by_role("button", name="Save the draft", exact=True).last.click()

    expect(page.locator("section.card[aria-labelledby='missing'] h2")).to_have_text(
        "Ready to submit"
    )
    page.get_by_role("button", name="Submit the proposal").click()

    # Submitted: the state says so, and the PDF of what he submitted is there.
    expect(page.locator(".messages")).to_contain_text("Your proposal has been submitted.")
    expect(page.locator("main p.lead [data-status]")).to_have_text("submitted")
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SUBMITTED
    assert_no_serious_a11y_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF of what was submitted").click()
    assert download.value.suggested_filename == f"proposal-{proposal.pk}.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")

    # "My proposals" lists it with its state.
    page.goto(reverse("calls:my_proposals"))
    expect(page.locator(f'tr[data-proposal="{proposal.pk}"] [data-status]')).to_have_text(
        "submitted"
    )


def draft_of(jonas):
    return services.proposal_create(
        call=jonas["call"],
        municipality=jonas["company"],
        by=jonas["person"],
        title="Separate collection of organic waste",
        topic_background="Organic waste ends up in landfill.",
    )


def test_the_edit_page_on_a_phone_with_live_length_counters(new_page, live_server, jonas):
    proposal = draft_of(jonas)
    edit = reverse("calls:proposal_edit", args=[proposal.pk])
    page = new_page(locale=LOCALE, viewport=PHONE)
    log_in(page, jonas["person"], edit)
    expect(page).to_have_url(live_server.url + edit)

    # Nothing wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_serious_a11y_violations(page)

    counter = page.locator("#id_topic_background_counter")
    total = page.locator("#sections-total")
    expect(counter).to_have_text("34 of 2500 characters")
    field = page.locator("#id_topic_background")
    field.fill("Organic waste.\nLandfill.")
    expect(counter).to_have_text("24 of 2500 characters")
    expect(total).to_have_text("24 of 7000 characters in all")
    page.locator("#id_further_goals").fill("ü" * 1501)
    further = page.locator("#id_further_goals_counter")
    expect(further).to_have_text("1501 of 1500 characters: 1 too many")
    expect(further).to_have_class(re.compile(r"\bmessage-error\b"))
    expect(total).to_have_text("1525 of 7000 characters in all")
    # The server's limit is what counts: the input stays, with the service's message.
    page.get_by_role("button", name="Save the draft", exact=True).last.click()
    expect(page.locator(".error-summary")).to_contain_text("At most 1500 characters (now 1501)")
    expect(page.locator("#id_further_goals")).to_have_value("ü" * 1501)
    expect(page.locator("#id_topic_background")).to_have_value("Organic waste.\nLandfill.")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_edit_page_works_without_javascript(new_page, live_server, jonas):
    proposal = draft_of(jonas)
    edit = reverse("calls:proposal_edit", args=[proposal.pk])
    page = new_page(locale=LOCALE, java_script_enabled=False)
    log_in(page, jonas["person"], edit)
    expect(page.locator("#id_topic_background_counter")).to_have_text("34 of 2500 characters")
    page.locator("#id_knowledge_transfer").fill("Site visits.")
    page.get_by_role("button", name="Add another actor").click()
    expect(page.locator("#id_actors-2-name")).to_be_visible()
    expect(page.locator("#id_knowledge_transfer")).to_have_value("Site visits.")
    page.get_by_role("button", name="Save the draft", exact=True).last.click()
    expect(page).to_have_url(
        re.compile(re.escape(reverse("calls:proposal", args=[proposal.pk])) + "$")
    )
    assert Proposal.objects.get(pk=proposal.pk).knowledge_transfer == "Site visits."
