"""Participant selection runs: start, the background job (score and lottery), infeasible
quotas explained, publication through the learning services."""

import datetime
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub import solver
from partnerhub.calls import services
from partnerhub.calls.models import (
    Decision,
    EventParticipant,
    ParticipantStatus,
    SelectionRun,
    SelectionRunStatus,
)
from partnerhub.calls.services import selection_runs as run_services
from partnerhub.calls.tasks import run_participant_selection
from partnerhub.core.models import AuditEvent
from tests.factories import MunicipalityFactory, PersonFactory, country

from .test_proposals import BEFORE, complete, submit_at

pytestmark = pytest.mark.django_db
EVENT_DAY = datetime.date(2026, 6, 10)

QUOTAS = {
    "min_size": 25,
    "max_size": 35,
    "germany_min": 30,
    "germany_max": 45,
    "global_south_min": 40,
    "max_per_municipality": 2,
    "required_countries": ["GH", "FR"],
}


@pytest.fixture
def process(call, applicant, organiser):
    proposal = submit_at(complete(call, applicant), applicant[0], BEFORE)  # names GH and FR
    services.proposal_decide(
        proposal=proposal, decision=Decision.SELECTED, reason="Good.", by=organiser
    )
    return services.learning_process_create(
        proposal=proposal, by=organiser, event_starts_on=EVENT_DAY
    )


def nominate(event, organiser, pool):
    """pool: [(iso2, number of municipalities, nominees per municipality)]"""
    score = 0
    for iso2, towns, each in pool:
        for _town in range(towns):
            town = MunicipalityFactory(country=country(iso2))
            for index in range(each):
                score = (score * 7 + 3) % 10
                services.event_participant_add(
                    event=event,
                    by=organiser,
                    full_name=f"Test Person {iso2} {town.pk}-{index}",
                    municipality=town,
                    country=town.country,
                    nomination_score=score,
                )


POOL = [("DE", 8, 3), ("GH", 6, 3), ("FR", 2, 2), ("VN", 2, 2), ("JP", 1, 2)]


@pytest.fixture
def event(process, organiser):
    event = process.dialogue_event
    nominate(event, organiser, POOL)
    return event


def start(event, organiser, capture, **kwargs):
    values = {**QUOTAS, "mode": "score", "seed": 5, **kwargs}
    with capture(execute=True):
        run = services.selection_run_start(event=event, by=organiser, **values)
    run.refresh_from_db()
    return run


def nominees_of(event):
    data = services.selection_input(event)
    return data.nominees()


def test_score_mode_selects_the_best_group_within_the_quotas(
    event, organiser, django_capture_on_commit_callbacks
):
    run = start(event, organiser, django_capture_on_commit_callbacks)
    assert run.status == SelectionRunStatus.DONE and run.progress == 100
    result = run.result
    assert result["solver_status"] == "OPTIMAL" and result["gap"] == 0
    assert 25 <= len(run.selected) <= 35
    quotas = run_services.quotas_of(run)
    assert quotas.origin_shares["germany"] == (Fraction(3, 10), Fraction(9, 20))
    assert solver.check_panel(nominees_of(event), quotas, run.selected) == []
    codes = [code for code, _params in result["explanations"]]
    assert codes[0] == "panel_size"
    # Nobody's status changes before publication.
    assert not EventParticipant.objects.exclude(status=ParticipantStatus.NOMINATED).exists()


def test_the_lottery_publishes_every_chance_and_its_seed(
    event, organiser, django_capture_on_commit_callbacks
):
    run = start(event, organiser, django_capture_on_commit_callbacks, mode="lottery", seed=9)
    chances = run.result["probabilities"]
    assert len(chances) == EventParticipant.objects.count()
    assert all(0 <= p <= 1 for p in chances.values())
    assert round(sum(chances.values())) == len(run.selected)
    # The draw is reproducible from the chances and the published seed.
    redraw = solver.selection.lottery_draw(
        nominees_of(event), {int(k): v for k, v in chances.items()}, 9
    )
    assert sorted(redraw) == sorted(run.selected)


def test_infeasible_quotas_end_with_the_solvers_explanation(
    event, organiser, django_capture_on_commit_callbacks
):
    run = start(
        event,
        organiser,
        django_capture_on_commit_callbacks,
        required_countries=["GH", "PE"],
    )
    assert run.status == SelectionRunStatus.FAILED and run.error == "infeasible"
    assert ["no_nominee_from_required_country", {"country": "PE"}] in run.result["explanations"]


def test_the_task_runs_with_the_immediate_backend(event, organiser):
    run = SelectionRun.objects.create(event=event, mode="score", seed=1, min_size=25, max_size=35)
    assert run_participant_selection.enqueue(run.pk).return_value == SelectionRunStatus.DONE


def test_an_unexpected_error_ends_as_a_failed_run(
    event, organiser, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(run_services.solver, "select_participants", broken)
    run = start(event, organiser, django_capture_on_commit_callbacks)
    assert run.status == SelectionRunStatus.FAILED and run.error == "internal"


def test_options_are_checked(event, organiser):
    with pytest.raises(ValidationError) as error:
        services.selection_run_start(
            event=event,
            by=organiser,
            mode="dice",
            seed="x",
            min_size=30,
            max_size=20,
            germany_min=60,
            germany_max=40,
            global_south_min=140,
        )
    errors = error.value.message_dict
    assert errors["mode"] == ["Choose how to select."]
    assert errors["max_size"] == ["The maximum cannot be below the minimum."]
    assert errors["germany_max"] == ["The largest share cannot be below the smallest."]
    assert errors["global_south_min"] == ["Enter a whole percentage from 0 to 100."]
    assert "seed" in errors
    assert not SelectionRun.objects.exists()


def test_only_organisers_and_one_run_at_a_time(event, organiser):
    with pytest.raises(PermissionDenied):
        services.selection_run_start(event=event, by=PersonFactory(), mode="score", **QUOTAS)
    services.selection_run_start(event=event, by=organiser, mode="score", **QUOTAS)
    with pytest.raises(ValidationError, match="already under way"):
        services.selection_run_start(event=event, by=organiser, mode="score", **QUOTAS)


def test_defaults_come_from_the_event_and_the_proposal(event):
    defaults = services.selection_defaults(event)
    assert (defaults["min_size"], defaults["max_size"]) == (25, 35)
    assert defaults["required_countries"] == ["FR", "GH"]


def test_publishing_applies_the_selection_through_the_learning_services(
    event, organiser, django_capture_on_commit_callbacks
):
    run = start(event, organiser, django_capture_on_commit_callbacks)
    services.selection_run_publish(run=run, by=organiser)
    selected = set(
        EventParticipant.objects.filter(status=ParticipantStatus.SELECTED).values_list(
            "pk", flat=True
        )
    )
    assert selected == set(run.selected)
    assert not EventParticipant.objects.filter(status=ParticipantStatus.NOMINATED).exists()
    assert AuditEvent.objects.filter(action="dialogue_participant.status").count() == (
        EventParticipant.objects.count()
    )
    assert services.event_mix(event).warnings == []
    run.refresh_from_db()
    assert run.is_published
    with pytest.raises(ValidationError, match="published already"):
        services.selection_run_publish(run=run, by=organiser)


def test_a_stale_run_cannot_be_published(event, organiser, django_capture_on_commit_callbacks):
    run = start(event, organiser, django_capture_on_commit_callbacks)
    services.event_participant_add(
        event=event, by=organiser, full_name="Test Person Late", country=country("GH")
    )
    with pytest.raises(ValidationError, match="have changed"):
        services.selection_run_publish(run=run, by=organiser)
    assert not EventParticipant.objects.filter(status=ParticipantStatus.SELECTED).exists()
    with pytest.raises(PermissionDenied):
        services.selection_run_publish(run=run, by=PersonFactory())
