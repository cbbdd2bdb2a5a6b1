"""The demo's upcoming edition has a finished, not yet published workshop assignment run."""

import pytest

from partnerhub.conferences.models import AssignmentRun, Edition, RunStatus, WorkshopAssignment
from partnerhub.conferences.services import assignment_run_is_stale
from partnerhub.core.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_finished_unpublished_run_and_a_rerun_adds_none():
    load_demo()
    edition = Edition.objects.get(series__slug="latin-america", number=5)
    run = AssignmentRun.objects.get(edition=edition)
    assert run.status == RunStatus.DONE and not run.is_published
    assert run.seed == 2026 and run.result["solver_status"] == "OPTIMAL"
    assert run.placements  # the sample participants' wishes are placed
    assert not WorkshopAssignment.objects.filter(session__edition=edition).exists()
    assert not assignment_run_is_stale(run)  # it can be published as it is
    load_demo()
    assert AssignmentRun.objects.filter(edition=edition).count() == 1
