"""Background jobs: started only after commit, run in-process or by database workers."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from partnerhub.core.jobs import enqueue

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
runs: list[str] = []


@task()
def remember(value: str) -> str:
    runs.append(value)
    return value


@pytest.fixture(autouse=True)
def _fresh_runs():
    runs.clear()


@pytest.mark.django_db
def test_a_job_runs_only_when_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(remember, "kept")
        assert runs == []  # not before the commit
    assert runs == ["kept"]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_starts_no_job():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(remember, "lost")
        raise RuntimeError("rolled back")
    assert runs == []


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_a_worker_runs_the_stored_job():
    with override_settings(TASKS=DATABASE_TASKS), transaction.atomic():
        enqueue(remember, "queued")
    assert runs == []
    assert DBTaskResult.objects.count() == 1
    with override_settings(TASKS=DATABASE_TASKS):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert runs == ["queued"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_the_job_is_stored_in_the_same_transaction():
    """The job's row is written with the data (one commit for both, nothing to lose between
    the commit and the queueing) and rolled back with it."""
    with override_settings(TASKS=DATABASE_TASKS):
        with transaction.atomic():
            enqueue(remember, "with the data")
            assert DBTaskResult.objects.count() == 1  # before the commit, in the transaction
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue(remember, "rolled back")
            raise RuntimeError("rolled back")
    assert list(DBTaskResult.objects.values_list("args_kwargs", flat=True)) == [
        {"args": ["with the data"], "kwargs": {}}
    ]
