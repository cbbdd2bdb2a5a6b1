"""The life cycle every solver run shares (workshop assignment, participant selection).

A service queues a run (`SolverRun`, status QUEUED) in the organiser's
transaction; a background job claims it and computes it (`execute`); an
organiser then looks at the result, may change it by hand
(`locked_for_change`) and publishes it. What a run computes, and how, stays
with its app (`conferences.services.assignment_runs`,
`calls.services.selection_runs`).
"""

import logging
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import RunStatus, SolverRun
from .services import audit_record

logger = logging.getLogger(__name__)

# The stages both kinds of run name alike (each labels them in its own words).
LOADING, FINISHED = "loading", "finished"


def execute(
    model: type[SolverRun],
    run_id: int,
    *,
    related: str,
    compute: Callable[[SolverRun], None],
    action: str,
) -> str:
    """The background job's work: claim the queued run, `compute(run)`, record the end.

    `compute` sets the run's fingerprint, stages and result, and its status DONE
    or FAILED (with `error`). Whatever it raises makes the run FAILED
    ("internal") and is logged: a run never stays running, and its page never
    answers with a server error. Returns the run's final status ("missing" for
    an unknown id); a run that is no longer queued (another worker took the same
    job) is left as it is. `related`: what `compute` reads of the run (its
    edition, its event); `action`: the audit trail's prefix.
    """
    with transaction.atomic():
        run = model.objects.select_for_update().select_related(related).filter(pk=run_id).first()
        if run is None or run.status != RunStatus.QUEUED:
            return run.status if run is not None else "missing"
        run.status, run.stage, run.progress = RunStatus.RUNNING, LOADING, 10
        run.started_at = timezone.now()
        run.save(update_fields=["status", "stage", "progress", "started_at"])
    try:
        compute(run)
    except Exception:
        logger.exception("%s %s failed", model.__name__, run_id)
        run.status, run.error = RunStatus.FAILED, "internal"
    run.stage, run.progress, run.finished_at = FINISHED, 100, timezone.now()
    run.save()
    audit_record(subject=run, action=f"{action}.finished", to_state=run.status)
    return run.status


def locked_for_change(run: SolverRun, *, unfinished: str, published: str) -> SolverRun:
    """The run, read again with its row locked, if it may still be changed or published:
    finished, and not published yet (else a ValidationError with the message given)."""
    run = type(run).objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.DONE:
        raise ValidationError(unfinished)
    if run.is_published:
        raise ValidationError(published)
    return run
