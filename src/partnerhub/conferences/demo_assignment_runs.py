"""Demo: a finished, not yet published workshop assignment run for the upcoming edition.

Built through `services.assignment_runs` like an organiser's run (fixed seed, so that every
demo shows the same proposal); idempotent: an edition that has a run already gets no other.
"""

from django.urls import reverse

from . import services
from .models import AssignmentPolicy, AssignmentRun

DEMO_SEED = 2026


def load_assignment_run(report, edition, organiser) -> AssignmentRun | None:
    existing = AssignmentRun.objects.filter(edition=edition).order_by("-created_at").first()
    if existing is None:
        run = services.assignment_run_start(
            edition=edition,
            by=organiser,
            policy=AssignmentPolicy.FAIR,
            group_weight=1,
            seed=DEMO_SEED,
        )
        # Compute it now (the queued job then finds it finished and does nothing).
        services.assignment_run_execute(run_id=run.pk)
        run.refresh_from_db()
    else:
        run = existing
    url = reverse("conferences:assignment_run", args=[edition.series.slug, edition.number, run.pk])
    published = "published" if run.is_published else "not published"
    report.line(f"  workshop assignment run: {run.status}, {published}: {url}")
    return run
