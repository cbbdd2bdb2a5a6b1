"""Participant selection runs for a dialogue event: the solver's panel, reviewed and published.

An organiser chooses the mode (by nomination score, or a fair quota lottery with
a published seed) and the quotas; a background job runs
`partnerhub.solver.select_participants` over the event's nominees and stores
the result here; publishing sets every nominee's status through
`services.learning.event_participant_set_status` (see `services.selection_runs`).
The run keeps a fingerprint of its input (nominees, their countries,
municipalities, scores and statuses): once that changes, the run is stale and
cannot be published.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerhub.core.models import RunStatus, SolverRun

from .learning import DialogueEvent

# The status of a selection run is that of every solver run.
SelectionRunStatus = RunStatus

MAX_SEED = 2**31 - 1


class SelectionStage(models.TextChoices):
    WAITING = "waiting", _("waiting for a worker")
    LOADING = "loading", _("reading the nominations")
    SOLVING = "solving", _("computing the selection")
    STORING = "storing", _("storing the result")
    FINISHED = "finished", _("finished")


class SelectionMode(models.TextChoices):
    SCORE = "score", _("by nomination score")
    LOTTERY = "lottery", _("fair quota lottery")


def _percent(name):
    return models.PositiveSmallIntegerField(
        name, null=True, blank=True, validators=[MaxValueValidator(100)]
    )


class SelectionRun(SolverRun):
    event = models.ForeignKey(
        DialogueEvent,
        verbose_name=_("dialogue event"),
        on_delete=models.CASCADE,
        related_name="selection_runs",
    )
    mode = models.CharField(_("mode"), max_length=10, choices=SelectionMode.choices)
    min_size = models.PositiveSmallIntegerField(
        _("participants at least"), validators=[MinValueValidator(1)]
    )
    max_size = models.PositiveSmallIntegerField(
        _("participants at most"), validators=[MinValueValidator(1)]
    )
    germany_min = _percent(_("Germany at least (%)"))
    germany_max = _percent(_("Germany at most (%)"))
    global_south_min = _percent(_("Global South at least (%)"))
    global_south_max = _percent(_("Global South at most (%)"))
    other_min = _percent(_("other industrialised countries at least (%)"))
    other_max = _percent(_("other industrialised countries at most (%)"))
    required_countries = models.JSONField(
        _("at least one participant from"), default=list, blank=True
    )
    max_per_municipality = models.PositiveSmallIntegerField(
        _("at most per municipality"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    seed = models.PositiveIntegerField(_("random seed"), validators=[MaxValueValidator(MAX_SEED)])
    stage = models.CharField(
        _("stage"), max_length=10, choices=SelectionStage.choices, default=SelectionStage.WAITING
    )
    # `result` (from SolverRun) is the solver's account: status, selected ids, chances,
    # explanations, counts, gap …

    class Meta:
        verbose_name = _("participant selection run")
        verbose_name_plural = _("participant selection runs")
        ordering = ["event", "-created_at", "-id"]

    def __str__(self):
        return f"{self.event} – {self.get_mode_display()} ({self.seed})"

    @property
    def selected(self) -> list[int]:
        return list((self.result or {}).get("selected", []))
