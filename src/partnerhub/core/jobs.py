"""The one way to start background work (e-mails, PDFs, exports).

A job must never see data that is later rolled back (an e-mail confirming a
registration whose transaction failed), and a worker must find the rows the
job refers to. So a job is queued with the transaction that wrote its data:

* with the database backend (production: `TASKS_BACKEND=database`) its row is
  written *in* that transaction, so it becomes visible to the workers with the
  data or is rolled back with it, and one commit serves both (nothing is lost
  if the process dies between the commit and the queueing);
* with any other backend (the immediate one in development and tests) it is
  started once the transaction commits.

Jobs take primary keys, never model instances, because they may run in another
process.
"""

from functools import partial

from django.db import DEFAULT_DB_ALIAS, router, transaction


def enqueue(task, *args, **kwargs) -> None:
    """Queue `task` (a django-tasks task) with these arguments with the current transaction."""
    if _stored_with_the_data(task):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, *args, **kwargs))


def _stored_with_the_data(task) -> bool:
    """Whether the task's backend writes jobs to the database our data is written to."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    return isinstance(task.get_backend(), DatabaseBackend) and (
        router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS
    )
