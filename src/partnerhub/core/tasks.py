"""Background jobs of the core app, for a scheduler (cron or a systemd timer).

`purge_personal_data_task` runs retention (`core.retention`); a scheduler
enqueues it once a day (see docs/operations.md), and a `db_worker` runs it.
"""

from django_tasks import task

from . import retention


@task()
def purge_personal_data_task(dry_run: bool = False) -> dict[str, int]:
    return retention.purge_personal_data(dry_run=dry_run)
