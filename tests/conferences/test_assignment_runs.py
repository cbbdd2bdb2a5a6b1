"""Workshop assignment runs: start, the background job, hand adjustments, publication."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.conferences import services
from partnerhub.conferences.models import (
    AssignmentRun,
    AssignmentSource,
    RunStatus,
    WorkshopAssignment,
)
from partnerhub.conferences.services import assignment_runs as run_services
from partnerhub.conferences.tasks import run_workshop_assignment
from partnerhub.core.models import AuditEvent
from tests.factories import PersonFactory

from .test_programme_support import (
    edition,
    german_registration,
    organiser,
    slot,
    workshop,
)

pytestmark = pytest.mark.django_db


class World:
    """Two slots; slot 1: A (2 places), B (2 places); slot 2: C (3 places), D (no limit)."""

    def __init__(self, people=4):
        self.lea = organiser()
        self.ed = edition()
        self.s1 = slot(self.ed, self.lea)
        self.s2 = slot(self.ed, self.lea, start=(11, 0), end=(12, 30))
        self.a = workshop(self.ed, self.lea, self.s1, title="Workshop A", capacity=2)
        self.b = workshop(self.ed, self.lea, self.s1, title="Workshop B", capacity=2)
        self.c = workshop(self.ed, self.lea, self.s2, title="Workshop C", capacity=3)
        self.d = workshop(self.ed, self.lea, self.s2, title="Workshop D")
        self.people = [
            german_registration(self.ed, self.lea, full_name=f"Test Person {n}")
            for n in range(people)
        ]
        for person in self.people:
            services.workshop_preferences_set(
                registration=person,
                ranked_sessions=[self.a, self.b, self.c, self.d],
                by=self.lea,
            )

    def start(self, capture, **kwargs):
        kwargs.setdefault("policy", "rank_maximal")
        with capture(execute=True):
            run = services.assignment_run_start(edition=self.ed, by=self.lea, **kwargs)
        run.refresh_from_db()
        return run


@pytest.fixture
def world():
    return World()


def test_a_run_is_computed_by_the_job_and_its_result_stored(
    world, django_capture_on_commit_callbacks
):
    run = world.start(django_capture_on_commit_callbacks, seed=7)
    assert run.status == RunStatus.DONE
    assert run.progress == 100 and run.seed == 7
    assert run.result["solver_status"] == "OPTIMAL" and run.result["gap"] == 0
    # Slot 1: A (2 places) is everybody's 1st choice, B the 2nd; slot 2: C (3 places), D.
    assert run.result["profile"]["by_rank"][:2] == [5, 3]
    slot1 = [p for p in run.placements if p[1] == world.s1.pk]
    assert len(slot1) == 4  # two places each in A and B
    assert sum(1 for p in slot1 if p[2] == world.a.pk) == 2
    assert all(p[4] == "solver" for p in run.placements)
    assert run.fingerprint and run.result["wall_time"] >= 0
    # Nobody is assigned before publication.
    assert not WorkshopAssignment.objects.filter(session__edition=world.ed).exists()
    assert AuditEvent.objects.filter(action="assignment_run.finished").exists()


def test_the_same_seed_gives_the_same_assignment(world, django_capture_on_commit_callbacks):
    first = world.start(django_capture_on_commit_callbacks, seed=42)
    second = world.start(django_capture_on_commit_callbacks, seed=42)
    assert first.placements == second.placements


def test_the_task_runs_with_the_immediate_backend(world):
    run = AssignmentRun.objects.create(edition=world.ed, policy="fair", seed=1)
    result = run_workshop_assignment.enqueue(run.pk)
    assert result.return_value == RunStatus.DONE
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.placements


def test_a_seed_is_drawn_when_none_is_given(world, django_capture_on_commit_callbacks):
    run = world.start(django_capture_on_commit_callbacks, seed=None)
    assert 0 <= run.seed < 2**31


def test_options_are_checked(world):
    with pytest.raises(ValidationError) as error:
        services.assignment_run_start(
            edition=world.ed, by=world.lea, policy="lucky", group_weight="11", seed=-3
        )
    errors = error.value.message_dict
    assert errors["policy"] == ["Choose one of the policies."]
    assert errors["group_weight"] == ["The weight is a number from 0 to 10."]
    assert "whole number" in errors["seed"][0]
    assert not AssignmentRun.objects.exists()


def test_only_organisers_start_runs(world):
    with pytest.raises(PermissionDenied):
        services.assignment_run_start(edition=world.ed, by=PersonFactory(), policy="fair")
    with pytest.raises(PermissionDenied):
        services.assignment_run_start(edition=world.ed, by=None, policy="fair")


def test_one_run_at_a_time(world):
    services.assignment_run_start(edition=world.ed, by=world.lea, policy="fair")  # queued
    with pytest.raises(ValidationError) as error:
        services.assignment_run_start(edition=world.ed, by=world.lea, policy="fair")
    assert "already under way" in error.value.messages[0]


def test_an_edition_without_workshops_fails_with_the_reason(django_capture_on_commit_callbacks):
    lea = organiser()
    ed = edition()
    german_registration(ed, lea)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.assignment_run_start(edition=ed, by=lea, policy="fair")
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.error == "empty"
    assert ["no_workshops", {}] in run.result["issues"]


def test_an_unexpected_error_ends_as_a_failed_run(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(run_services, "solve", broken)
    run = world.start(django_capture_on_commit_callbacks)
    assert run.status == RunStatus.FAILED and run.error == "internal"
    assert run.progress == 100


def test_unplaced_people_get_a_reason(django_capture_on_commit_callbacks):
    world = World(people=5)  # 5 people, 4 places in slot 1
    run = world.start(django_capture_on_commit_callbacks)
    assert [[u[1], u[2]] for u in run.unplaced] == [[world.s1.pk, "ranked_workshops_full"]]


def test_an_assignment_in_a_slot_the_person_ranked_nothing_for_is_kept(
    django_capture_on_commit_callbacks,
):
    """A helper without preferences, put in C by hand, keeps that seat; C offers 2 more."""
    world = World(people=3)
    helper = german_registration(world.ed, world.lea, full_name="Test Person Helper")
    services.workshop_assign(registration=helper, session=world.c, by=world.lea)
    run = world.start(django_capture_on_commit_callbacks)
    assert [helper.pk, world.s2.pk, world.c.pk, None, "kept"] in run.placements
    in_c = [p for p in run.placements if p[2] == world.c.pk]
    assert len(in_c) <= 3


# --- Hand adjustments ----------------------------------------------------------------------


@pytest.fixture
def done(world, django_capture_on_commit_callbacks):
    return world.start(django_capture_on_commit_callbacks, seed=3)


def _workshop_of(run, registration, slot_):
    run.refresh_from_db()
    for p in run.placements:
        if p[0] == registration.pk and p[1] == slot_.pk:
            return p[2]
    return None


def test_a_move_into_a_full_workshop_is_refused(world, done):
    person = next(p for p in world.people if _workshop_of(done, p, world.s1) == world.b.pk)
    with pytest.raises(ValidationError) as error:
        services.assignment_run_move(run=done, by=world.lea, registration=person, session=world.a)
    assert "is full: 2 of 2 places are taken" in error.value.messages[0]


def test_a_move_frees_the_old_place_and_keeps_one_workshop_per_slot(world, done):
    person = next(p for p in world.people if _workshop_of(done, p, world.s1) == world.a.pk)
    services.assignment_run_remove(run=done, by=world.lea, registration=person, slot=world.s1)
    assert _workshop_of(done, person, world.s1) is None
    other = next(p for p in world.people if _workshop_of(done, p, world.s1) == world.b.pk)
    services.assignment_run_move(run=done, by=world.lea, registration=other, session=world.a)
    done.refresh_from_db()
    slot1 = [p for p in done.placements if p[0] == other.pk and p[1] == world.s1.pk]
    assert slot1 == [[other.pk, world.s1.pk, world.a.pk, 1, "manual"]]
    assert done.adjustments == 2
    assert AuditEvent.objects.filter(action="assignment_run.moved").count() == 1


def test_moves_only_to_workshops_and_people_of_the_edition(world, done):
    elsewhere = edition()
    foreign = workshop(elsewhere, world.lea, slot(elsewhere, world.lea), title="Elsewhere")
    with pytest.raises(ValidationError) as error:
        services.assignment_run_move(
            run=done, by=world.lea, registration=world.people[0], session=foreign
        )
    assert error.value.messages == ["Choose a workshop of this edition."]
    stranger = german_registration(elsewhere, world.lea)
    with pytest.raises(ValidationError):
        services.assignment_run_move(run=done, by=world.lea, registration=stranger, session=world.d)
    with pytest.raises(PermissionDenied):
        services.assignment_run_move(
            run=done, by=PersonFactory(), registration=world.people[0], session=world.d
        )


# --- Publication ------------------------------------------------------------------------------


def test_publishing_writes_the_proposal_through_the_programme_rules(world, done):
    services.workshop_assign(registration=world.people[0], session=world.b, by=world.lea)
    # That manual assignment changed the input: the run is stale now.
    with pytest.raises(ValidationError) as error:
        services.assignment_run_publish(run=done, by=world.lea)
    assert "have changed since this run was computed" in error.value.messages[0]
    assert run_services.assignment_run_is_stale(done)


def test_publish_replaces_the_current_assignment(world, django_capture_on_commit_callbacks):
    services.workshop_assign(registration=world.people[0], session=world.b, by=world.lea)
    run = world.start(django_capture_on_commit_callbacks, seed=5)
    services.assignment_run_publish(run=run, by=world.lea)
    run.refresh_from_db()
    assert run.is_published and run.published_by == world.lea
    rows = set(
        WorkshopAssignment.objects.filter(session__edition=world.ed).values_list(
            "registration_id", "slot_id", "session_id"
        )
    )
    assert rows == {(p[0], p[1], p[2]) for p in run.placements}
    for session in (world.a, world.b, world.c):
        assert session.assignments.count() <= session.capacity
    new = WorkshopAssignment.objects.exclude(source=AssignmentSource.MANUAL)
    assert new.filter(source=AssignmentSource.SOLVER).count() == new.count() > 0
    assert AuditEvent.objects.filter(action="assignment_run.published").exists()
    assert AuditEvent.objects.filter(action="workshop.assigned").exists()
    # Once published, the run is closed.
    with pytest.raises(ValidationError):
        services.assignment_run_publish(run=run, by=world.lea)
    with pytest.raises(ValidationError):
        services.assignment_run_move(
            run=run, by=world.lea, registration=world.people[0], session=world.d
        )


def test_a_stale_run_cannot_be_published_after_preferences_changed(world, done):
    services.workshop_preferences_set(
        registration=world.people[1], ranked_sessions=[world.b, world.a, world.d], by=world.lea
    )
    with pytest.raises(ValidationError):
        services.assignment_run_publish(run=done, by=world.lea)
    assert not WorkshopAssignment.objects.exists()


def test_a_failed_or_queued_run_cannot_be_published(world):
    run = services.assignment_run_start(edition=world.ed, by=world.lea, policy="fair")
    with pytest.raises(ValidationError) as error:
        services.assignment_run_publish(run=run, by=world.lea)
    assert error.value.messages == ["Only a finished run can be changed or published."]


def test_partnership_weight_keeps_a_joint_delegation_together(django_capture_on_commit_callbacks):
    from partnerhub.conferences.models import RegistrationGroup

    world = World(people=2)
    group = world.people[0].group
    world.people[1].group = group
    world.people[1].save(update_fields=["group"])
    RegistrationGroup.objects.filter(pk=group.pk).update(
        german_municipality=world.people[0].municipality,
        partner_municipality=world.people[0].municipality,
    )
    # One wants A then B, the other B then A; B has room for both.
    services.workshop_preferences_set(
        registration=world.people[1], ranked_sessions=[world.b, world.a, world.c], by=world.lea
    )
    apart = world.start(django_capture_on_commit_callbacks, group_weight=0, seed=1)
    together = world.start(django_capture_on_commit_callbacks, group_weight=2, seed=1)
    slot1 = lambda run: {p[2] for p in run.placements if p[1] == world.s1.pk}  # noqa: E731
    assert len(slot1(apart)) == 2
    assert len(slot1(together)) == 1
    assert together.result["solver"] == "cp_sat"
