"""The calls part of the demo: the real 2026 call, invented proposals, review and selection,
the learning process, the seed's "since 2014" figures, and an open sample call.

(That loading twice changes nothing is `tests/test_demo.py`.)
"""

import datetime
import json
import re
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from partnerhub.accounts.models import Person
from partnerhub.accounts.predicates import has_conflict_of_interest
from partnerhub.calls import defaults, services
from partnerhub.calls.demo import (
    CALL_SLUG,
    FIGURES_SINCE,
    OPEN_SLUG,
    PAST_SUMMARY,
    dialogue_event_figures,
)
from partnerhub.calls.models import (
    Call,
    Decision,
    LearningProcess,
    Origin,
    ParticipantStatus,
    Proposal,
    ProposalStatus,
    ReviewAssignment,
    ThemeField,
)

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """Load the demo once for the module (in its own transaction, rolled back at the end)."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def call_2026(demo_output):
    return Call.objects.get(slug=CALL_SLUG)


def test_the_real_call_of_seed_003(call_2026):
    call = call_2026
    assert timezone.localtime(call.deadline, BERLIN) == datetime.datetime(
        2026, 2, 17, 23, 59, 59, tzinfo=BERLIN
    )
    assert call.selection_by == datetime.date(2026, 2, 28)
    assert call.events_from == datetime.date(2026, 5, 1)
    assert call.is_published and not call.is_sample
    assert not call.is_open()  # today is after the deadline
    assert call.theme_fields == list(ThemeField.values)
    assert [(c.title_de, c.title_en, c.kind, c.auto_check) for c in call.criteria.all()] == [
        tuple(row) for row in defaults.CRITERIA_2026
    ]
    assert call.title_de == "Connective Cities: Themenaufruf 2026"
    for fact in ("17. Februar 2026", "2,5 Tage", "25–35", "Englisch", "Ende Februar", "Mai 2026"):
        assert fact in call.text_de, fact
    for fact in ("17 February 2026", "2.5 days", "25–35", "English", "end of February", "May 2026"):
        assert fact in call.text_en, fact
    assert "@" in call.contact and "Connective Cities" in call.contact


def test_no_real_person_of_the_seed_anywhere(demo_output):
    """The seed prints a person's name, address and phone: none of it is stored or printed."""
    dump = json.dumps(
        {
            model._meta.label: serializers.serialize("json", model.objects.all())
            for model in apps.get_models()
            if model._meta.app_label not in {"sessions", "admin"}
        }
    )
    for text in ("Loyeau", "Sibylle", "sibylle"):
        assert text not in dump, text
        assert text not in demo_output, text
    # The phone number in any spelling; not its digits alone, which a random token or
    # hash in the data contains now and then.
    phone = re.compile(r"0221\D{0,4}20717|20717\D{0,2}2587")
    assert not phone.search(dump)
    assert not phone.search(demo_output)
    assert all(p.email.endswith("@example.org") for p in Person.objects.all())


def test_sample_proposals_reviews_and_decisions(call_2026):
    proposals = list(call_2026.proposals.select_related("municipality"))
    submitted = [p for p in proposals if p.status == ProposalStatus.SUBMITTED]
    assert len(submitted) >= 4
    assert all(p.municipality.is_sample and p.municipality.is_german for p in proposals)
    assert all(p.submitted_at <= call_2026.deadline for p in submitted)
    assert all(services.proposal_missing(p) == {} for p in submitted)
    decisions = {p.decision: p for p in proposals if p.decision}
    assert set(decisions) == {Decision.SELECTED, Decision.RESERVE, Decision.REJECTED}
    assert all(p.decision_reason for p in decisions.values())
    reviewer = Person.objects.get(email="reviewer@example.org")
    second = Person.objects.get(email="reviewer2@example.org")
    conflicted = [p for p in submitted if has_conflict_of_interest(reviewer, p.municipality)]
    assert [p.municipality.slug for p in conflicted] == ["beispielhausen"]
    assigned = set(
        ReviewAssignment.objects.filter(reviewer=reviewer).values_list("proposal_id", flat=True)
    )
    assert assigned and conflicted[0].pk not in assigned
    assert set(
        ReviewAssignment.objects.filter(reviewer=second).values_list("proposal_id", flat=True)
    ) == {p.pk for p in submitted}
    assert ReviewAssignment.objects.filter(submitted_at__isnull=False).count() >= 5
    assert ReviewAssignment.objects.filter(submitted_at__isnull=True).exists()  # one in progress


def test_the_learning_process_of_the_selected_proposal(call_2026):
    selected = call_2026.proposals.get(decision=Decision.SELECTED)
    process = selected.learning_process
    event = process.dialogue_event
    assert event.starts_on.year == 2026 and event.starts_on >= call_2026.events_from
    assert float(event.duration_days) == 2.5 and event.place == selected.municipality.name
    participants = list(event.participants.all())
    active = [p for p in participants if p.status != ParticipantStatus.NOT_SELECTED]
    assert 25 <= len(active) <= 35
    assert all(p.full_name.startswith("Demo Participant ") and not p.email for p in participants)
    mix = services.event_mix(event)
    assert all(mix.counts[origin] > 0 for origin in Origin.values)
    assert 25 <= mix.selected <= 35 and mix.warnings == []
    tasks = list(event.tasks.all())
    done = [task for task in tasks if task.done_at]
    assert 0 < len(done) < len(tasks)
    assert process.follow_ups.count() == 2


def test_since_2014_29_dialogue_events_in_13_german_municipalities(call_2026, client):
    assert dialogue_event_figures(since=FIGURES_SINCE, until=call_2026.deadline.date()) == (29, 13)
    past = LearningProcess.objects.filter(proposal__isnull=True)
    assert past.count() == 29
    assert all(p.is_sample and p.summary == PAST_SUMMARY and p.host.is_sample for p in past)
    assert {p.starts_on.year for p in past} == set(range(2014, 2026))
    response = client.get(
        "/api/v1/learning-processes", {"event_from": "2014-01-01", "event_until": "2026-02-17"}
    )
    rows = response.json()
    assert len(rows) == 29 and len({row["host"]["slug"] for row in rows}) == 13
    assert all(row["is_sample"] for row in rows)


def test_the_open_sample_call_with_a_draft(demo_output, client):
    call = Call.objects.get(slug=OPEN_SLUG)
    assert call.is_sample and call.is_open()
    assert call.deadline > timezone.now() + datetime.timedelta(days=30)
    draft = Proposal.objects.get(call=call, municipality__slug="musterstadt")
    assert draft.status == ProposalStatus.DRAFT
    client.force_login(Person.objects.get(email="municipality@example.org"))
    data = client.get(f"/api/v1/proposals/{draft.pk}").json()
    assert "actors" in data["missing"]  # one further country only: try the form
    calls = {c["slug"]: c for c in client.get("/api/v1/calls").json()}
    assert calls[CALL_SLUG]["deadline"] == "2026-02-17T23:59:59+01:00"
    assert calls[CALL_SLUG]["is_open"] is False and calls[OPEN_SLUG]["is_open"] is True


def test_the_report_says_what_was_loaded(demo_output):
    assert "Connective Cities topic call 2026" in demo_output
    assert "29 dialogue events in 13 German municipalities" in demo_output
    assert "reviewer2@example.org" in demo_output
