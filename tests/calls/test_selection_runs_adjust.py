"""Hand adjustments of a participant selection run: take a nominee in or out, or swap two,
with a reason; every quota of the run re-checked by the solver's rules; refusals named;
recorded, audited; publication applies the adjusted group; pages for organisers only."""

from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerhub import solver
from partnerhub.calls import services
from partnerhub.calls.models import (
    Decision,
    EventParticipant,
    ParticipantStatus,
)
from partnerhub.calls.models.selection_runs import AdjustmentAction, SelectionAdjustment
from partnerhub.core.models import AuditEvent
from tests.factories import PersonFactory, country
from tests.permissions import LOGIN, ROLES, assert_matrix

from .test_pages_reviews import EN, submitted_proposal
from .test_proposals import BEFORE, complete, submit_at
from .test_selection_runs import EVENT_DAY, QUOTAS, nominate

pytestmark = pytest.mark.django_db

# France has one nominee only, so the quota "at least one from France" (the proposal names
# GH and FR) keeps exactly that person in every valid group.
POOL = [("DE", 8, 3), ("GH", 6, 3), ("FR", 1, 1), ("VN", 2, 2), ("JP", 1, 2)]


@pytest.fixture
def event(call, applicant, organiser):
    proposal = submit_at(complete(call, applicant), applicant[0], BEFORE)  # names GH and FR
    services.proposal_decide(
        proposal=proposal, decision=Decision.SELECTED, reason="Good.", by=organiser
    )
    process = services.learning_process_create(
        proposal=proposal, by=organiser, event_starts_on=EVENT_DAY
    )
    nominate(process.dialogue_event, organiser, POOL)
    return process.dialogue_event


def start(event, organiser, capture, **quotas):
    with capture(execute=True):
        run = services.selection_run_start(
            event=event, by=organiser, mode="score", seed=5, **{**QUOTAS, **quotas}
        )
    run.refresh_from_db()
    assert run.is_done, run.result
    return run


@pytest.fixture
def done(event, organiser, django_capture_on_commit_callbacks):
    return start(event, organiser, django_capture_on_commit_callbacks)


def nominees(event):
    return {p.pk: p for p in EventParticipant.objects.filter(event=event)}


def same_town_swap(run, event):
    """A selected German and a German of the same town outside the group: a swap that keeps
    every quota (same origin, same country, same municipality, same size)."""
    people = nominees(event)
    panel = set(run.proposed)
    for person in people.values():
        if person.pk in panel and person.country_id == "DE":
            for other in people.values():
                if other.municipality_id == person.municipality_id and other.pk not in panel:
                    return person, other
    raise AssertionError("no same-town swap in this pool")


def refusal(callable_, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as error:
        callable_(**kwargs)
    return error.value.messages


# --- The solver's measurement of a group ----------------------------------------------------------


def test_panel_quotas_measure_every_quota_like_check_panel():
    pool = [
        solver.Nominee("de1", "germany", "DE", "berlin", 1),
        solver.Nominee("de2", "germany", "DE", "berlin", 1),
        solver.Nominee("de3", "germany", "DE", "bonn", 1),
        solver.Nominee("gh1", "global_south", "GH", "accra", 1),
        solver.Nominee("fr1", "other_industrialised", "FR", "lyon", 1),
    ]
    quotas = solver.Quotas(
        min_size=3,
        max_size=4,
        origin_shares={"germany": (None, 0.5), "global_south": (0.25, None)},
        required_countries=frozenset({"FR"}),
        max_per_municipality=1,
    )
    rows = {
        (row.params["quota"], row.params.get("origin")): row.params
        for row in solver.panel_quotas(pool, quotas, ["de1", "gh1", "fr1", "de3"])
    }
    assert (rows["size", None]["count"], rows["size", None]["state"]) == (4, "at_limit")
    assert rows["origin_max", "germany"]["count"] == 2
    assert rows["origin_max", "germany"]["state"] == "at_limit"  # 2 of 4 = 50 %
    assert rows["origin_min", "global_south"]["state"] == "at_limit"  # 1 of 4 = 25 %
    assert rows["required_country", None]["state"] == "at_limit"
    assert rows["municipality_cap", None]["state"] == "at_limit"
    assert solver.check_panel(pool, quotas, ["de1", "gh1", "fr1", "de3"]) == []

    broken = ["de1", "de2", "gh1"]  # two from Berlin, 67 % Germany, nobody from France
    states = {
        row.params["quota"]: row.params["state"]
        for row in solver.panel_quotas(pool, quotas, broken)
    }
    assert states == {
        "size": "at_limit",
        "origin_max": "broken",
        "origin_min": "at_limit",  # 25 % of 3 is 0.75: one is needed, one is there
        "required_country": "broken",
        "municipality_cap": "broken",
    }
    assert {p.params["quota"] for p in solver.check_panel(pool, quotas, broken)} == {
        "origin_max",
        "required_country",
        "municipality_cap",
    }


# --- Good adjustments --------------------------------------------------------------------------


def test_a_swap_within_the_quotas_is_recorded_and_audited(event, organiser, done):
    out, into = same_town_swap(done, event)
    adjustment = services.selection_run_adjust(
        run=done, by=organiser, take_out=out, take_in=into, reason="  Speaks at the event.  "
    )
    done.refresh_from_db()
    assert into.pk in done.proposed and out.pk not in done.proposed
    assert sorted(done.selected) != sorted(done.proposed)  # the solver's group is kept
    assert len(done.proposed) == len(done.selected)
    assert done.is_adjusted
    assert adjustment.action == AdjustmentAction.SWAP
    assert (adjustment.taken_in, adjustment.taken_out) == (into, out)
    assert adjustment.made_by == organiser and adjustment.made_at is not None
    assert adjustment.reason == "Speaks at the event."
    audit = AuditEvent.objects.get(action="selection_run.adjusted")
    assert audit.actor == organiser and audit.object_id == str(done.pk)
    assert (audit.from_state, audit.to_state) == (str(out.pk), str(into.pk))
    assert "Speaks at the event." in audit.note
    assert (
        solver.check_panel(
            services.selection_input(event).nominees(),
            services.selection_runs.quotas_of(done),
            done.proposed,
        )
        == []
    )


def test_taking_out_and_in_alone_within_the_size(event, organiser, done):
    """In this pool the group has 34 members, 15 of them German (45 % at most)."""
    people = nominees(event)
    size = len(done.proposed)
    assert 25 < size < 35
    german = next(people[pk] for pk in done.proposed if people[pk].country_id == "DE")
    services.selection_run_adjust(run=done, by=organiser, take_out=german, reason="Cannot come.")
    done.refresh_from_db()
    assert german.pk not in done.proposed and len(done.proposed) == size - 1
    services.selection_run_adjust(run=done, by=organiser, take_in=german, reason="Can come.")
    done.refresh_from_db()
    assert sorted(done.proposed) == sorted(done.selected) and not done.is_adjusted
    assert [a.action for a in SelectionAdjustment.objects.order_by("id")] == [
        AdjustmentAction.TAKE_OUT,
        AdjustmentAction.TAKE_IN,
    ]


# --- Refused adjustments -----------------------------------------------------------------------


def test_an_adjustment_that_breaks_a_named_country_is_refused(event, organiser, done):
    people = nominees(event)
    french = next(p for p in people.values() if p.country_id == "FR")
    assert french.pk in done.proposed  # the only nominee from France
    into = next(p for p in people.values() if p.pk not in done.proposed)
    messages = refusal(
        services.selection_run_adjust,
        run=done,
        by=organiser,
        take_out=french,
        take_in=into,
        reason="Test.",
    )
    assert messages[0] == (
        "This adjustment is refused: the selection would break a quota of this run."
    )
    assert (
        "The group would break the quota “at least one participant from France”: 0 selected."
    ) in messages
    done.refresh_from_db()
    assert done.panel is None and not SelectionAdjustment.objects.exists()
    assert not AuditEvent.objects.filter(action="selection_run.adjusted").exists()


def test_an_adjustment_that_breaks_the_municipality_cap_is_refused(event, organiser, done):
    people = nominees(event)
    counts = Counter(people[pk].municipality_id for pk in done.proposed)
    full_town = next(town for town, n in counts.items() if n == 2 and town is not None)
    third = next(
        p for p in people.values() if p.municipality_id == full_town and p.pk not in done.proposed
    )
    out = next(
        people[pk]
        for pk in done.proposed
        if people[pk].country_id == third.country_id and people[pk].municipality_id != full_town
    )
    messages = refusal(
        services.selection_run_adjust,
        run=done,
        by=organiser,
        take_out=out,
        take_in=third,
        reason="Test.",
    )
    assert (
        "The group would break the quota “at most 2 per municipality”: 3 from one municipality."
    ) in messages


def test_an_adjustment_that_breaks_the_size_is_refused(
    event, organiser, django_capture_on_commit_callbacks
):
    run = start(event, organiser, django_capture_on_commit_callbacks, min_size=30, max_size=30)
    people = nominees(event)
    german = next(people[pk] for pk in run.proposed if people[pk].country_id == "DE")
    messages = refusal(
        services.selection_run_adjust, run=run, by=organiser, take_out=german, reason="Test."
    )
    assert "The group would have 29 participants; allowed: 30 to 30." in messages


def test_an_adjustment_that_breaks_an_origin_share_is_refused(
    event, organiser, django_capture_on_commit_callbacks
):
    run = start(
        event,
        organiser,
        django_capture_on_commit_callbacks,
        min_size=20,
        max_size=20,
        germany_min=30,
        germany_max=30,  # exactly 6 Germans in a group of 20
    )
    people = nominees(event)
    german = next(people[pk] for pk in run.proposed if people[pk].country_id == "DE")
    counts = Counter(people[pk].municipality_id for pk in run.proposed)
    ghanaian = next(
        p
        for p in people.values()
        if p.pk not in run.proposed and p.country_id == "GH" and counts[p.municipality_id] < 2
    )
    messages = refusal(
        services.selection_run_adjust,
        run=run,
        by=organiser,
        take_out=german,
        take_in=ghanaian,
        reason="Test.",
    )
    assert (
        "The group would break the quota “at least 30% from Germany (6 people in this panel)”: "
        "5 selected."
    ) in messages


def test_nonsense_adjustments_are_refused_with_a_reason(event, organiser, done):
    people = nominees(event)
    inside = people[done.proposed[0]]
    outside = next(p for p in people.values() if p.pk not in done.proposed)
    assert refusal(
        services.selection_run_adjust, run=done, by=organiser, take_in=outside, reason="  "
    ) == ["Give a reason: it is kept with the adjustment."]
    assert refusal(services.selection_run_adjust, run=done, by=organiser, reason="Why not.") == [
        "Choose whom to take in, whom to take out, or both."
    ]
    assert refusal(
        services.selection_run_adjust, run=done, by=organiser, take_in=inside, reason="x"
    ) == [f"{inside.full_name} is in the selection already."]
    assert refusal(
        services.selection_run_adjust, run=done, by=organiser, take_out=outside, reason="x"
    ) == [f"{outside.full_name} is not in the selection."]
    assert refusal(
        services.selection_run_adjust,
        run=done,
        by=organiser,
        take_out=inside,
        take_in=inside,
        reason="x",
    ) == ["Choose two different nominees for a swap."]
    elsewhere = EventParticipant(pk=10**9, full_name="Test Person Elsewhere")
    assert refusal(
        services.selection_run_adjust, run=done, by=organiser, take_in=elsewhere, reason="x"
    ) == ["Test Person Elsewhere is not a nominee of this event."]
    with pytest.raises(PermissionDenied):
        services.selection_run_adjust(run=done, by=PersonFactory(), take_in=outside, reason="x")
    with pytest.raises(PermissionDenied):
        services.selection_run_adjust(run=done, by=None, take_in=outside, reason="x")
    assert not SelectionAdjustment.objects.exists()


def test_a_stale_or_published_run_is_not_adjusted(event, organiser, done):
    out, into = same_town_swap(done, event)
    services.event_participant_add(
        event=event, by=organiser, full_name="Test Person Late", country=country("GH")
    )
    messages = refusal(
        services.selection_run_adjust,
        run=done,
        by=organiser,
        take_out=out,
        take_in=into,
        reason="x",
    )
    assert "have changed since this run was computed" in messages[0]


def test_a_published_run_is_closed(event, organiser, done):
    out, into = same_town_swap(done, event)
    services.selection_run_publish(run=done, by=organiser)
    messages = refusal(
        services.selection_run_adjust,
        run=done,
        by=organiser,
        take_out=out,
        take_in=into,
        reason="x",
    )
    assert messages == ["This run has been published already."]


# --- Publication -------------------------------------------------------------------------------


def test_publishing_applies_the_adjusted_group(event, organiser, done):
    out, into = same_town_swap(done, event)
    services.selection_run_adjust(
        run=done, by=organiser, take_out=out, take_in=into, reason="Swap."
    )
    done.refresh_from_db()
    services.selection_run_publish(run=done, by=organiser)
    selected = set(
        EventParticipant.objects.filter(status=ParticipantStatus.SELECTED).values_list(
            "pk", flat=True
        )
    )
    assert selected == set(done.proposed) != set(done.selected)
    out.refresh_from_db()
    into.refresh_from_db()
    assert out.status == ParticipantStatus.NOT_SELECTED
    assert into.status == ParticipantStatus.SELECTED
    assert "adjusted by hand (1)" in AuditEvent.objects.get(action="selection_run.published").note


# --- Pages -------------------------------------------------------------------------------------


ORGANISER_POST = {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:-1], 403), "organiser": 302}


@pytest.fixture
def page_run(call, organiser, roles, django_capture_on_commit_callbacks):
    proposal = submitted_proposal(call, roles.municipality_own, "Flood resilience")
    services.proposal_decide(
        proposal=proposal, decision=Decision.SELECTED, reason="Good.", by=organiser
    )
    process = services.learning_process_create(
        proposal=proposal, by=organiser, event_starts_on=EVENT_DAY
    )
    nominate(process.dialogue_event, organiser, POOL)
    run = start(
        process.dialogue_event,
        roles["organiser"],
        django_capture_on_commit_callbacks,
        required_countries=["GH", "FR"],
    )
    return process, run


def adjust_url(process, run):
    return reverse("calls:selection_run_adjust", args=[process.pk, run.pk])


def review_url(process, run):
    return reverse("calls:selection_run", args=[process.pk, run.pk])


def test_only_organisers_adjust(client, roles, page_run):
    process, run = page_run
    out, into = same_town_swap(run, process.dialogue_event)
    assert_matrix(
        client,
        adjust_url(process, run),
        ORGANISER_POST,
        method="post",
        data={"take_out": out.pk, "take_in": into.pk, "reason": "Swap."},
    )
    # Only the organiser's request changed the group, once.
    assert SelectionAdjustment.objects.get().made_by == roles["organiser"]
    client.force_login(roles["organiser"])
    assert client.get(adjust_url(process, run)).status_code == 405


def test_the_review_shows_quotas_adjustments_and_refusals(client, roles, page_run):
    process, run = page_run
    client.force_login(roles["organiser"])
    html = client.get(review_url(process, run), **EN).content.decode()
    assert "Quotas on the proposed group" in html and "data-quota-state" in html
    assert 'id="adjust"' in html and 'name="reason"' in html

    out, into = same_town_swap(run, process.dialogue_event)
    response = client.post(
        adjust_url(process, run),
        {"take_out": out.pk, "take_in": into.pk, "reason": "Knows the topic."},
        follow=True,
        **EN,
    )
    html = response.content.decode()
    assert "The group has been adjusted." in html
    assert "Knows the topic." in html and "data-adjustment-log" in html
    assert 'data-change="in"' in html and 'data-change="out"' in html
    review = response.context["review"]
    france = next(q for q in review.quotas if "France" in q.text)
    assert (france.count, france.state, france.state_label) == (1, "at_limit", "at its limit")
    assert all(q.state != "broken" for q in review.quotas)

    # A refusal: the page again, with the reason and the choice kept, and the quota named.
    french = EventParticipant.objects.get(event=process.dialogue_event, country_id="FR")
    refused = client.post(
        adjust_url(process, run),
        {"take_out": french.pk, "reason": "My typed reason"},
        **EN,
    )
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "at least one participant from France" in html
    assert "My typed reason" in html
    assert f'<option value="{french.pk}" selected>' in html
    assert SelectionAdjustment.objects.count() == 1


def test_bad_input_on_the_adjust_form_is_not_a_500(client, roles, page_run):
    process, run = page_run
    client.force_login(roles["organiser"])
    for data in (
        {},
        {"take_in": "abc", "reason": "x"},
        {"take_in": "999999999", "reason": "x"},
        {"take_out": str(run.proposed[0]), "reason": ""},
        {"take_out": str(run.proposed[0]), "reason": "x" * 5000},
    ):
        response = client.post(adjust_url(process, run), data, **EN)
        assert response.status_code == 200, data
        assert "error-summary" in response.content.decode()
    assert not SelectionAdjustment.objects.exists()


def test_the_review_keeps_a_fixed_number_of_queries(client, roles, page_run):
    process, run = page_run
    client.force_login(roles["organiser"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(review_url(process, run)).status_code == 200
        return len(queries.captured_queries)

    before = count()
    for reason in ("First.", "Second."):
        run.refresh_from_db()
        out, into = same_town_swap(run, process.dialogue_event)
        services.selection_run_adjust(
            run=run, by=roles["organiser"], take_out=out, take_in=into, reason=reason
        )
    assert count() == before
