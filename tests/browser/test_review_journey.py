"""Dr. Weber and Lea (JOURNEYS.md): the reviewer sees only the proposals assigned to her (not
the one of her own city), scores one and submits, and only then sees the other reviewer's
scores; the organiser reads the ranking and selects a proposal with a reason. Then the public
sees the learning process (mix and year as pictures, no names) and the computed figures.

The proposals are written and submitted ten days before the call's deadline (17 Feb 2026)
with the clock set back, as in tests/calls; the review itself runs on today's clock.
"""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partnerhub.calls import services
from partnerhub.calls.models import Decision, EventParticipant, Proposal, ReviewAssignment
from tests.browser.a11y import assert_no_serious_a11y_violations
from tests.calls.conftest import BERLIN, DEADLINE
from tests.calls.test_pages_reviews import reviewer, submit_review, submitted_proposal
from tests.factories import PASSWORD, MunicipalityFactory, PersonFactory

LOCALE = "en-GB"
COLLEAGUE_REMARK = "Convincing peer-learning design, but the budget for trips is vague."


@pytest.fixture
def review_world(transactional_db):
    lea = PersonFactory(
        full_name="Test Person Lea", is_organiser=True, is_staff=True, preferred_language="en"
    )
    call = services.call_create(
        by=lea,
        slug="topic-call-2026",
        title_de="Connective Cities: Themenaufruf 2026",
        title_en="Connective Cities topic call 2026",
        deadline=DEADLINE,
        opens_at=datetime.datetime(2025, 12, 1, tzinfo=BERLIN),
        is_published=True,
    )
    her_city = MunicipalityFactory(name="Sample City of the Reviewer")
    weber = reviewer("Test Person Dr Weber", town=her_city, preferred_language="en")
    colleague = reviewer("Test Person Colleague", preferred_language="en")
    heat = submitted_proposal(call, MunicipalityFactory(name="Sample Town North"), "Heat plans")
    waste = submitted_proposal(
        call, MunicipalityFactory(name="Sample Town South"), "Circular waste services"
    )
    own = submitted_proposal(call, her_city, "Proposal of the reviewer's own city")
    services.reviews_assign_automatically(call=call, by=lea, per_proposal=2)
    submit_review(
        ReviewAssignment.objects.get(proposal=heat, reviewer=colleague),
        scores=(2, 3, 2, 3),
        comment=COLLEAGUE_REMARK,
    )
    return {"lea": lea, "call": call, "weber": weber, "heat": heat, "waste": waste, "own": own}


def log_in(page, person, next_url):
    page.goto(f"{reverse('accounts:login')}?next={next_url}")
    page.fill('input[name="username"]', person.email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('main form button[type="submit"]').click()


def test_dr_weber_scores_and_lea_decides(new_page, live_server, review_world):
    world = review_world
    call, heat = world["call"], world["heat"]

    # Dr. Weber sees her two proposals, not the one of her own city.
    page = new_page(locale=LOCALE)
    log_in(page, world["weber"], reverse("calls:my_reviews"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My reviews")
    main = page.locator("main")
    expect(main).to_contain_text("You have submitted 0 of 2 reviews.")
    expect(main).to_contain_text("Heat plans")
    expect(main).to_contain_text("Circular waste services")
    expect(main).not_to_contain_text("own city")
    assert_no_serious_a11y_violations(page)

    # She opens the first one: the proposal, the criteria, nothing of the others yet.
    page.get_by_role("link", name="Heat plans").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review: Heat plans")
    expect(main).not_to_contain_text(COLLEAGUE_REMARK)
    expect(main).to_contain_text("Checked from the data:")
    expect(main.get_by_role("link", name="Next proposal: Circular waste services")).to_be_visible()
    assert_no_serious_a11y_violations(page)

    for number, score in ((1, "4"), (2, "5"), (3, "4"), (4, "3")):
        page.get_by_label(
            f"Score for criterion {number} (0 = not at all, 5 = fully)"
        ).select_option(score)
    page.get_by_label("Comment on criterion 1").fill("A genuinely multilateral exchange.")
    page.get_by_role("group", name="Criterion 6 met?").get_by_label("met", exact=True).check()
    page.get_by_label("Overall comment").fill("A strong, well-prepared topic.")
    page.get_by_role("button", name="Submit review").click()

    # Now she sees the other reviewer's scores and comments next to hers.
    expect(main).to_contain_text("Your review has been submitted.")
    expect(main).to_contain_text(COLLEAGUE_REMARK)
    comparison = page.locator("table[data-comparison]")
    expect(comparison).to_contain_text("Other reviewer 1")
    expect(comparison).to_contain_text("A genuinely multilateral exchange.")
    expect(main).to_contain_text("You have submitted 1 of 2 reviews.")
    assert_no_serious_a11y_violations(page)
    mine = ReviewAssignment.objects.get(proposal=heat, reviewer=world["weber"])
    assert mine.is_submitted
    assert mine.scores.get(criterion__number=2).score == 5

    # Lea reads the ranking and selects the proposal with a reason.
    lea_page = new_page(locale=LOCALE)
    log_in(lea_page, world["lea"], reverse("calls:ranking", args=[call.slug]))
    expect(lea_page.get_by_role("heading", level=1)).to_have_text(
        "Ranking: Connective Cities topic call 2026"
    )
    row = lea_page.locator(f'tr[data-proposal="{heat.pk}"]')
    expect(row.locator("td[data-mean]")).to_have_text("3.25")  # mean of (4+5+4+3)/4, (2+3+2+3)/4
    expect(row.locator("td[data-reviews]")).to_have_text("2 / 2")
    assert_no_serious_a11y_violations(lea_page)

    article = lea_page.locator(f"#proposal-{heat.pk}")
    article.get_by_label("selected", exact=True).check()
    article.get_by_label("Reason").fill("Strong peer-learning design and clear local relevance.")
    article.get_by_role("button", name="Decide").click()
    expect(lea_page.locator("main")).to_contain_text(
        "“Heat plans”: selected. The applicant is told by e-mail."
    )
    expect(lea_page.locator(f"#proposal-{heat.pk}")).to_contain_text("Start the learning process")
    heat = Proposal.objects.get(pk=heat.pk)
    assert heat.decision == Decision.SELECTED
    assert heat.decision_reason == "Strong peer-learning design and clear local relevance."


def test_the_public_sees_a_learning_process_and_the_figures(new_page, live_server, review_world):
    """After the decision: the learning process with its mix and year, and the computed figures,
    readable without serious accessibility violations (the pictures are SVG with text)."""
    world = review_world
    heat, lea = world["heat"], world["lea"]
    services.proposal_decide(proposal=heat, decision=Decision.SELECTED, reason="Good.", by=lea)
    process = services.learning_process_create(
        proposal=heat, by=lea, event_starts_on=datetime.date(2026, 6, 10), place="Town hall"
    )
    event = process.dialogue_event
    EventParticipant.objects.bulk_create(
        EventParticipant(
            event=event, full_name=f"Test Participant {n}", country_id=iso2, status="selected"
        )
        for n, iso2 in enumerate(["DE"] * 12 + ["GH"] * 10 + ["FR"] * 6)
    )
    services.follow_up_save(
        learning_process=process,
        by=lea,
        kind="exchange_trip",
        title="Exchange trip to a partner city",
        starts_on=datetime.date(2026, 11, 2),
        outcome="A joint pilot was agreed.",
    )

    page = new_page(locale=LOCALE)
    page.goto(reverse("calls:learning_process", args=[process.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Heat plans")
    main = page.locator("main")
    expect(main).to_contain_text("10–12 June 2026 (2.5 days)")
    expect(page.locator('tr[data-origin="global_south"] td').first).to_have_text("10")
    expect(page.get_by_role("img", name="Origin of the 28 selected participants")).to_be_visible()
    expect(page.get_by_role("img", name="The year of the learning process")).to_be_visible()
    expect(main).not_to_contain_text("Test Participant")
    assert_no_serious_a11y_violations(page)

    page.goto(reverse("calls:statistics"))
    expect(page.locator("[data-figures-sentence]")).to_have_text(
        "1 dialogue event in 1 German municipality since 2026"
    )
    assert_no_serious_a11y_violations(page)

    lea_page = new_page(locale=LOCALE)
    log_in(lea_page, lea, reverse("calls:learning_process_manage", args=[process.pk]))
    expect(lea_page.locator("[data-mix-ok]")).to_be_visible()  # 28 selected, South included
    assert_no_serious_a11y_violations(lea_page)
