"""Participant selection runs for a dialogue event: the solver's panel, reviewed and published.

An organiser chooses the mode (by nomination score, or a fair quota lottery with
a published seed) and the quotas; a background job runs
`partnerhub.solver.select_participants` over the event's nominees and stores
the result here; publishing sets every nominee's status through
`services.learning.event_participant_set_status` (see `services.selection_runs`).
The run keeps a fingerprint of its input (nominees, their countries,
municipalities, scores and statuses): once that changes, the run is stale and
cannot be published.

Before publishing, an organiser may adjust the panel by hand (take a nominee in,
take one out, or both at once), each time with a reason: the adjusted panel is
`SelectionRun.panel`, every step a `SelectionAdjustment`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerhub.core.models import RunStatus, SolverRun

from .learning import DialogueEvent, EventParticipant

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
    # The panel after hand adjustments (nominee ids); null while nobody adjusted it.
    panel = models.JSONField(_("adjusted selection"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant selection run")
        verbose_name_plural = _("participant selection runs")
        ordering = ["event", "-created_at", "-id"]

    def __str__(self):
        return f"{self.event} – {self.get_mode_display()} ({self.seed})"

    @property
    def selected(self) -> list[int]:
        """The solver's panel."""
        return list((self.result or {}).get("selected", []))

    @property
    def proposed(self) -> list[int]:
        """The panel publishing applies: the solver's, as adjusted by hand."""
        return list(self.panel) if self.panel is not None else self.selected

    @property
    def is_adjusted(self) -> bool:
        return self.panel is not None and sorted(self.panel) != sorted(self.selected)


class AdjustmentAction(models.TextChoices):
    TAKE_IN = "take_in", _("taken in")
    TAKE_OUT = "take_out", _("taken out")
    SWAP = "swap", _("swapped")


class SelectionAdjustment(models.Model):
    """One hand adjustment of a selection run's panel: who, when, whom and why."""

    run = models.ForeignKey(
        SelectionRun,
        verbose_name=_("selection run"),
        on_delete=models.CASCADE,
        related_name="adjustments",
    )
    action = models.CharField(_("adjustment"), max_length=10, choices=AdjustmentAction.choices)
    # SET_NULL: a nominee deleted later leaves the record (and makes the run stale anyway).
    taken_in = models.ForeignKey(
        EventParticipant,
        verbose_name=_("taken in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    taken_out = models.ForeignKey(
        EventParticipant,
        verbose_name=_("taken out"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    made_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("hand adjustment of a selection")
        verbose_name_plural = _("hand adjustments of a selection")
        ordering = ["run", "made_at", "id"]

    def __str__(self):
        return f"{self.run_id}: {self.get_action_display()}"
