"""The life cycle both kinds of solver run share (`core.solver_runs`), shown with a workshop
assignment run; what each run computes is tested with its app."""

import pytest
from django.core.exceptions import ValidationError

from partnerhub.conferences.models import AssignmentRun
from partnerhub.core import solver_runs
from partnerhub.core.models import AuditEvent, RunStatus
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def _run(**fields) -> AssignmentRun:
    return AssignmentRun.objects.create(edition=EditionFactory(), policy="fair", seed=1, **fields)


def _execute(run_id: int, compute) -> str:
    return solver_runs.execute(
        AssignmentRun, run_id, related="edition", compute=compute, action="assignment_run"
    )


def test_a_queued_run_is_computed_and_its_end_recorded():
    run = _run()
    seen = []

    def compute(claimed):
        seen.append((claimed.status, claimed.stage, claimed.edition.pk))
        claimed.result = {"status": "optimal"}
        claimed.status = RunStatus.DONE

    assert _execute(run.pk, compute) == RunStatus.DONE
    assert seen == [(RunStatus.RUNNING, "loading", run.edition_id)]
    run.refresh_from_db()
    assert (run.status, run.stage, run.progress) == (RunStatus.DONE, "finished", 100)
    assert run.started_at is not None and run.finished_at >= run.started_at
    audit = AuditEvent.objects.get(action="assignment_run.finished", object_id=str(run.pk))
    assert audit.to_state == RunStatus.DONE


def test_an_error_in_the_computation_ends_as_a_failed_run_not_a_stuck_one():
    run = _run()

    def compute(claimed):
        claimed.set_stage("solving", 30)
        raise RuntimeError("the solver broke")

    assert _execute(run.pk, compute) == RunStatus.FAILED
    run.refresh_from_db()
    assert (run.status, run.error, run.stage, run.progress) == (
        RunStatus.FAILED,
        "internal",
        "finished",
        100,
    )


@pytest.mark.parametrize("status", [RunStatus.RUNNING, RunStatus.DONE, RunStatus.FAILED])
def test_a_run_that_is_not_queued_is_left_as_it_is(status):
    """Another worker took the same job: nothing is computed twice."""
    run = _run(status=status)

    def compute(claimed):
        raise AssertionError("computed twice")

    assert _execute(run.pk, compute) == status
    run.refresh_from_db()
    assert run.status == status and run.finished_at is None
    assert not AuditEvent.objects.filter(action="assignment_run.finished").exists()


def test_an_unknown_run_is_missing():
    assert _execute(0, lambda run: None) == "missing"


def test_only_a_finished_unpublished_run_may_be_changed():
    unfinished, published = "Not finished.", "Published."
    for status in (RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.FAILED):
        with pytest.raises(ValidationError) as error:
            solver_runs.locked_for_change(
                _run(status=status), unfinished=unfinished, published=published
            )
        assert error.value.messages == [unfinished]
    done = _run(status=RunStatus.DONE)
    assert solver_runs.locked_for_change(done, unfinished=unfinished, published=published) == done
    done.published_at = done.created_at
    done.save()
    with pytest.raises(ValidationError) as error:
        solver_runs.locked_for_change(done, unfinished=unfinished, published=published)
    assert error.value.messages == [published]
