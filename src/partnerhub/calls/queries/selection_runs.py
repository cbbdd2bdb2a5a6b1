"""Reads of participant selection runs: the runs of an event and the review of one run.

The review shows the proposed group by origin (the same picture and table as the
event's mix), each nominee with their score, chance of selection (lottery) and
whether the run selects them (after hand adjustments, with what changed), every
binding quota explained, every quota measured on the proposed group (met, at its
limit or broken: `solver.panel_quotas`), the hand adjustments with who, when and
why, and what the solver proved. A fixed number of queries, whatever the number
of nominees.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from partnerhub import solver

from ..models import DialogueEvent, EventParticipant, Origin, SelectionMode, SelectionRun
from ..models.selection_runs import SelectionAdjustment
from ..selection_texts import error_text, explanation_text, quota_state_text, quota_text
from ..services.learning import EventMix
from ..services.selection_runs import SelectionInput, quotas_of, selection_input
from .learning import mix_segments

__all__ = [
    "SelectionReview",
    "selection_run_detail",
    "selection_run_problems",
    "selection_run_review",
    "selection_runs_of",
]


def selection_runs_of(event: DialogueEvent) -> list[SelectionRun]:
    return list(
        SelectionRun.objects.filter(event=event)
        .select_related("created_by", "published_by")
        .order_by("-created_at", "-id")
    )


def selection_run_detail(event: DialogueEvent, pk: int) -> SelectionRun | None:
    return SelectionRun.objects.filter(event=event, pk=pk).first()


@dataclass
class NomineeRow:
    participant: EventParticipant
    origin: str
    origin_label: str
    chance: float | None
    selected: bool  # in the proposed group (the solver's, as adjusted by hand)
    by_solver: bool = False  # in the solver's group

    @property
    def chance_percent(self) -> str:
        return "–" if self.chance is None else f"{self.chance:.1%}"

    @property
    def taken_in(self) -> bool:
        return self.selected and not self.by_solver

    @property
    def taken_out(self) -> bool:
        return self.by_solver and not self.selected


@dataclass
class QuotaRow:
    """One quota measured on the proposed group."""

    text: str
    count: int
    state: str  # met, at_limit, broken
    state_label: str


@dataclass
class SelectionReview:
    run: SelectionRun
    rows: list[NomineeRow]
    mix: EventMix
    segments: list
    explanations: list[str]
    binding: list[str]
    proof: list[str]
    stale: bool
    required_countries: list[str]
    quotas: list[QuotaRow] = field(default_factory=list)
    adjustments: list[SelectionAdjustment] = field(default_factory=list)

    @property
    def selected(self) -> int:
        return sum(1 for row in self.rows if row.selected)

    @property
    def in_group(self) -> list[NomineeRow]:
        return [row for row in self.rows if row.selected]

    @property
    def outside(self) -> list[NomineeRow]:
        return [row for row in self.rows if not row.selected]


def _countries(data: SelectionInput) -> dict[str, str]:
    return {p.country_id: p.country.name for p in data.participants}


def selection_run_problems(run: SelectionRun, data: SelectionInput | None = None) -> list[str]:
    """Why a run failed: the error, then the solver's explanations and input issues."""
    result = run.result or {}
    countries = _countries(data) if data is not None else {}
    texts = [error_text(run.error)] if run.error else []
    for code, params in [*result.get("explanations", []), *result.get("issues", [])]:
        texts.append(explanation_text(code, params, countries))
    return texts


def _proof(run: SelectionRun) -> list[str]:
    result = run.result or {}
    lines = []
    if run.mode == SelectionMode.SCORE:
        if result.get("solver_status") == "OPTIMAL":
            lines.append(
                _(
                    "Proven optimal: no other group that meets every quota has a higher total "
                    "nomination score (%(score)s)."
                )
                % {"score": result.get("total_score")}
            )
        else:
            gap = result.get("gap")
            lines.append(
                _("Not proven optimal: the solver stopped at its time limit (gap %(gap)s).")
                % {"gap": f"{gap:.1%}" if isinstance(gap, int | float) else _("unknown")}
            )
        lines.append(
            _("Seed %(seed)s decides between groups with the same total score.")
            % {"seed": run.seed}
        )
    else:
        smallest = result.get("objective")
        lines.append(
            _(
                "Every nominee's chance of selection is as equal as the quotas allow: the "
                "smallest chance (%(chance)s) is as large as possible, then the next smallest, "
                "and so on. The group below was drawn with these chances."
            )
            % {"chance": f"{smallest:.1%}" if isinstance(smallest, int | float) else "–"}
        )
        lines.append(
            _(
                "Published seed: %(seed)s. Anybody can redraw the same group from the chances "
                "and this seed."
            )
            % {"seed": run.seed}
        )
    wall_time = result.get("wall_time")
    if isinstance(wall_time, int | float):
        lines.append(_("Computed in %(seconds)s seconds.") % {"seconds": f"{wall_time:.2f}"})
    return lines


def quota_rows(run: SelectionRun, data: SelectionInput, countries: dict) -> list[QuotaRow]:
    """Every quota of the run measured on its proposed group (the solver's rules)."""
    rows = []
    for row in solver.panel_quotas(data.nominees(), quotas_of(run), run.proposed):
        params = dict(row.params)
        rows.append(
            QuotaRow(
                text=quota_text(params, countries),
                count=params.get("count", 0),
                state=params.get("state", "broken"),
                state_label=quota_state_text(params.get("state", "broken")),
            )
        )
    return rows


def selection_run_review(run: SelectionRun) -> SelectionReview:
    """The proposed group, each nominee's chance, quotas, adjustments, the proof (6 queries)."""
    event = run.event
    data = selection_input(event)
    result = run.result or {}
    by_solver = set(result.get("selected", []))
    chosen = set(run.proposed)
    chances = result.get("probabilities") or {}
    labels = dict(Origin.choices)
    rows = [
        NomineeRow(
            participant=p,
            origin=data.origins[p.pk],
            origin_label=str(labels.get(data.origins[p.pk], "")),
            chance=chances.get(str(p.pk)),
            selected=p.pk in chosen,
            by_solver=p.pk in by_solver,
        )
        for p in data.participants
    ]
    rows.sort(key=lambda r: (not r.selected, r.participant.full_name.lower(), r.participant.pk))
    counts = dict.fromkeys(Origin.values, 0)
    for row in rows:
        if row.selected:
            counts[row.origin] += 1
    mix = EventMix(
        counts=counts,
        nominated=len(rows) - len(chosen),
        minimum=run.min_size,
        maximum=run.max_size,
    )
    countries = _countries(data)
    explanations = [
        explanation_text(code, params, countries)
        for code, params in result.get("explanations", [])
        if code != "quota_binds"
    ]
    binding = [
        explanation_text(code, params, countries)
        for code, params in result.get("explanations", [])
        if code == "quota_binds"
    ]
    stale = run.is_done and not run.is_published and data.fingerprint() != run.fingerprint
    return SelectionReview(
        run=run,
        rows=rows,
        mix=mix,
        segments=mix_segments(mix),
        explanations=explanations,
        binding=binding,
        proof=_proof(run),
        stale=stale,
        required_countries=[countries.get(code, code) for code in run.required_countries],
        quotas=quota_rows(run, data, countries) if run.is_done else [],
        adjustments=list(
            SelectionAdjustment.objects.filter(run=run)
            .select_related("made_by", "taken_in", "taken_out")
            .order_by("made_at", "id")
        ),
    )
