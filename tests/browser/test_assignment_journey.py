"""Lea, the organiser, lets the computer assign the confirmed participants to workshops:
she picks the fair policy, presses "Assign", reviews the satisfaction histogram and the
proof, and publishes. A participant then sees their workshop through their link. Every
page passes the accessibility check."""

import datetime
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from partnerhub.conferences.models import AssignmentRun, RunStatus, WorkshopAssignment
from tests.browser.a11y import assert_no_serious_a11y_violations
from tests.conferences.test_assignment_runs import World

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_organiser_assigns_reviews_publishes_participant_sees_workshop(new_page, live_server):
    world = World(people=5)
    ed = world.ed
    runs = reverse("conferences:assignment_runs", args=[ed.series.slug, ed.number])

    # Lea is logged in as the test client logs in (the two-factor step counts as done).
    client = Client()
    client.force_login(world.lea)
    page = new_page(locale="en-GB")
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    # From the manual assignment board to the runs.
    page.goto(reverse("conferences:workshop_assign", args=[ed.series.slug, ed.number]))
    page.get_by_role("link", name="Assign automatically from the participants' choices").click()
    expect(page).to_have_url(live_server.url + runs)
    assert_no_serious_a11y_violations(page)

    page.get_by_label("nobody worse off than necessary (fair)").check()
    page.fill("#id_seed", "2026")
    page.locator('main form[method="post"] button[type="submit"]').click()

    # The immediate backend computes the run once the start commits; the page shows the review.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review the assignment")
    run = AssignmentRun.objects.get(edition=ed)
    assert run.status == RunStatus.DONE and run.seed == 2026
    expect(page.locator("[data-proof]")).to_contain_text("Proven optimal")
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.locator('[data-histogram] [data-bar="rank-1"] [data-after]')).to_have_text("5")
    expect(page.locator("[data-unplaced]")).to_contain_text(
        "all the workshops they ranked are full"
    )
    assert_no_serious_a11y_violations(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "workshop-assignment-review.png"), full_page=True)

    page.get_by_role("button", name="Publish the assignment").click()
    expect(page.locator(".messages")).to_contain_text("has been published")
    assert WorkshopAssignment.objects.filter(session__edition=ed).count() == 4 + 5

    # A participant opens their own page through their link: their workshops, nobody else's.
    person = world.people[0]
    mine = list(
        WorkshopAssignment.objects.filter(registration=person)
        .select_related("session")
        .order_by("slot__starts_at")
    )
    guest = new_page(locale="en-GB")
    guest.goto(reverse("conferences:registration_by_token", args=[person.access_token]))
    box = guest.locator("[data-my-workshops]")
    for assignment in mine:
        expect(box).to_contain_text(assignment.session.title)
    assert box.locator("li").count() == len(mine)
    assert_no_serious_a11y_violations(guest)


def test_organiser_selects_dialogue_participants_by_lottery(new_page, live_server):
    """The same flow for a dialogue event: quotas, fair lottery, binding quotas, publish."""
    from partnerhub.calls import services as calls
    from partnerhub.calls.models import Decision, EventParticipant, ParticipantStatus, SelectionRun
    from tests.calls.test_pages_reviews import submitted_proposal
    from tests.calls.test_selection_runs import EVENT_DAY, POOL, nominate
    from tests.factories import MunicipalityFactory, PersonFactory

    organiser = PersonFactory(is_organiser=True, is_staff=True, full_name="Test Person Lea")
    call = calls.call_create(
        by=organiser,
        slug="topic-call-journey",
        title_de="Themenaufruf",
        title_en="Topic call",
        deadline=datetime.datetime(2026, 2, 17, 23, 59, tzinfo=datetime.UTC),
        opens_at=datetime.datetime(2025, 12, 1, tzinfo=datetime.UTC),
        is_published=True,
    )
    proposal = submitted_proposal(call, MunicipalityFactory(), "Flood resilience")
    calls.proposal_decide(
        proposal=proposal, decision=Decision.SELECTED, reason="Good.", by=organiser
    )
    process = calls.learning_process_create(
        proposal=proposal, by=organiser, event_starts_on=EVENT_DAY
    )
    nominate(process.dialogue_event, organiser, POOL)

    client = Client()
    client.force_login(organiser)
    page = new_page(locale="en-GB")
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(reverse("calls:learning_process_manage", args=[process.pk]))
    page.get_by_role("link", name="Select participants automatically under quotas").click()
    assert_no_serious_a11y_violations(page)
    page.get_by_label("fair quota lottery").check()
    page.fill("#id_global_south_min", "40")
    page.fill("#id_seed", "77")
    page.locator('main form[method="post"] button[type="submit"]').click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Review the selection")
    expect(page.locator("[data-proof]")).to_contain_text("Published seed: 77")
    expect(page.locator("[data-nominees] [data-chance]").first).to_contain_text("%")
    assert_no_serious_a11y_violations(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "participant-selection-review.png"), full_page=True)

    page.get_by_role("button", name="Publish the selection").click()
    expect(page.locator(".messages")).to_contain_text("has been published")
    run = SelectionRun.objects.get()
    chosen = EventParticipant.objects.filter(status=ParticipantStatus.SELECTED)
    assert set(chosen.values_list("pk", flat=True)) == set(run.selected)


def test_the_progress_page_reloads_itself_when_the_run_is_done(new_page, live_server):
    """run-progress.js polls the status and shows the result once the job has finished."""
    from partnerhub.conferences.services import assignment_run_execute

    world = World(people=3)
    ed = world.ed
    run = AssignmentRun.objects.create(edition=ed, policy="fair", seed=4)  # queued, no job yet
    client = Client()
    client.force_login(world.lea)
    page = new_page(locale="en-GB")
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(reverse("conferences:assignment_run", args=[ed.series.slug, ed.number, run.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Assignment run in progress")
    expect(page.locator("progress")).to_have_attribute("value", "0")
    assert_no_serious_a11y_violations(page)
    assert assignment_run_execute(run_id=run.pk) == RunStatus.DONE  # the worker's part
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review the assignment")
