"""Workshop assignment runs: the solver's proposal for an edition, reviewed and published.

An organiser starts a run (policy, weight for keeping partnerships together,
seed); a background job builds the instance from the edition's workshops,
confirmed registrations and their ranked preferences, runs
`partnerhub.solver.assign_workshops` and stores the result here. The proposal
(`placements`) can be adjusted by hand before it is published; publishing
writes it through `services.programme` (see `services.assignment_runs`).

The run keeps a fingerprint of its input: once registrations, preferences,
workshops or assignments change, the run is stale and cannot be published.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerhub.core.models import RunStatus, SolverRun

from .editions import Edition

__all__ = ["AssignmentPolicy", "AssignmentRun", "RunStage", "RunStatus"]

MAX_SEED = 2**31 - 1
MAX_GROUP_WEIGHT = 10


class RunStage(models.TextChoices):
    WAITING = "waiting", _("waiting for a worker")
    LOADING = "loading", _("reading workshops and preferences")
    SOLVING = "solving", _("computing the assignment")
    STORING = "storing", _("storing the result")
    FINISHED = "finished", _("finished")


class AssignmentPolicy(models.TextChoices):
    RANK_MAXIMAL = "rank_maximal", _("as many first choices as possible (rank-maximal)")
    FAIR = "fair", _("nobody worse off than necessary (fair)")


class AssignmentRun(SolverRun):
    edition = models.ForeignKey(
        Edition,
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="assignment_runs",
    )
    policy = models.CharField(_("policy"), max_length=20, choices=AssignmentPolicy.choices)
    group_weight = models.DecimalField(
        _("weight for keeping partnerships together"),
        max_digits=4,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_GROUP_WEIGHT)],
    )
    seed = models.PositiveIntegerField(_("random seed"), validators=[MaxValueValidator(MAX_SEED)])
    stage = models.CharField(
        _("stage"), max_length=10, choices=RunStage.choices, default=RunStage.WAITING
    )
    # `result` (from SolverRun) is the solver's own account: status, solver, gap,
    # objective/bound, rank profile, issues …
    # The proposal: [[registration id, slot id, session id, rank or null, source], …]
    # source is "solver", "kept" (an existing assignment in a slot the person ranked nothing
    # for) or "manual" (moved by hand on the review page).
    placements = models.JSONField(_("proposed assignment"), default=list, blank=True)
    # [[registration id, slot id, reason code, reason params], …] (runs before workshops had
    # languages, and people taken out by hand: without the params)
    unplaced = models.JSONField(_("not placed"), default=list, blank=True)
    adjustments = models.PositiveIntegerField(_("moved by hand"), default=0)

    class Meta:
        verbose_name = _("workshop assignment run")
        verbose_name_plural = _("workshop assignment runs")
        ordering = ["edition", "-created_at", "-id"]

    def __str__(self):
        return f"{self.edition} – {self.get_policy_display()} ({self.seed})"
