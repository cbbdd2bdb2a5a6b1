"""The one way to start background work (e-mails, PDFs, exports).

Why on commit: a job must never see data that is later rolled back (an e-mail
confirming a registration whose transaction failed), and a worker must find
the rows the job refers to. Jobs take primary keys, never model instances,
because they may run in another process.
"""

from functools import partial

from django.db import transaction


def enqueue(task, *args, **kwargs) -> None:
    """Run `task` (a django-tasks task) with these arguments once the transaction commits."""
    transaction.on_commit(partial(task.enqueue, *args, **kwargs))
