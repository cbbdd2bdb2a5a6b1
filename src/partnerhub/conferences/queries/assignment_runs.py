"""Reads of workshop assignment runs: the list of an edition's runs and the review page.

The review compares the current assignment (before) with the run's proposal
(after) per time slot, counts the choices received (the satisfaction
histogram, an SVG with the same figures as a table), lists who got no workshop
and why, and states what the solver proved. It loads everything in a fixed
number of queries, whatever the size of the edition.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ..assignment_texts import ERRORS, criterion_text, issue_text, reason_text
from ..models import (
    AssignmentRun,
    Edition,
    ProgrammeSession,
    Registration,
    TimeSlot,
    WorkshopAssignment,
)
from ..services.assignment_runs import AssignmentInput, assignment_input

__all__ = [
    "RunReview",
    "assigned_workshops",
    "assignment_run_detail",
    "assignment_run_review",
    "assignment_runs_of",
    "run_issues",
]


def assignment_runs_of(edition: Edition) -> list[AssignmentRun]:
    """The edition's runs, newest first (one query)."""
    return list(
        AssignmentRun.objects.filter(edition=edition)
        .select_related("created_by", "published_by")
        .defer("placements", "unplaced")
        .order_by("-created_at", "-id")
    )


def assigned_workshops(registration: Registration) -> list[ProgrammeSession]:
    """The workshops a person is assigned to, in time order, for their own page (one query)."""
    return [
        assignment.session
        for assignment in WorkshopAssignment.objects.filter(registration=registration)
        .select_related("session__slot", "session__room")
        .order_by("slot__starts_at", "pk")
    ]


def assignment_run_detail(edition: Edition, pk: int) -> AssignmentRun | None:
    return (
        AssignmentRun.objects.select_related("edition__series", "created_by", "published_by")
        .filter(edition=edition, pk=pk)
        .first()
    )


@dataclass
class ReviewRow:
    registration: Registration
    slot: TimeSlot
    before: ProgrammeSession | None
    before_rank: int | None
    after: ProgrammeSession | None
    after_rank: int | None
    source: str = ""
    reason: str = ""

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass
class WorkshopLoad:
    session: ProgrammeSession
    places: int | None
    before: int
    after: int

    @property
    def free(self) -> int | None:
        return None if self.places is None else self.places - self.after


@dataclass
class SlotReview:
    slot: TimeSlot
    workshops: list[WorkshopLoad]
    rows: list[ReviewRow]

    @property
    def changes(self) -> int:
        return sum(1 for row in self.rows if row.changed)


@dataclass
class Bar:
    key: str
    label: str
    before: int
    after: int


@dataclass
class RunReview:
    run: AssignmentRun
    slots: list[SlotReview]
    bars: list[Bar]
    unplaced: list[ReviewRow]
    ranked_nothing: int
    issues: list[str]
    proof: list[str]
    stale: bool
    chart: str = ""
    candidates: list[Registration] = field(default_factory=list)
    workshops_by_slot: list[tuple[TimeSlot, list[ProgrammeSession]]] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return sum(slot.changes for slot in self.slots)


def _proof(run: AssignmentRun) -> list[str]:
    result = run.result or {}
    lines = []
    status = result.get("solver_status")
    solver_name = {
        "min_cost_flow": _("a min-cost flow"),
        "cp_sat": _("the CP-SAT solver"),
        "none": _("no solver (nothing to assign)"),
    }.get(result.get("solver"), result.get("solver", ""))
    if status == "OPTIMAL":
        lines.append(
            _(
                "Proven optimal: %(solver)s found this assignment and proved that no other "
                "assignment is better under the chosen policy (gap 0 %%)."
            )
            % {"solver": solver_name}
        )
    else:
        gap = result.get("gap")
        lines.append(
            _(
                "Not proven optimal: %(solver)s stopped at its time limit; the remaining gap "
                "to the best possible value is %(gap)s."
            )
            % {
                "solver": solver_name,
                "gap": f"{gap:.1%}" if isinstance(gap, int | float) else _("unknown"),
            }
        )
    for (name, value), (_name, bound) in zip(
        result.get("objective", []), result.get("best_bound", []), strict=False
    ):
        lines.append(
            _("%(criterion)s: %(value)s (best possible: %(bound)s)")
            % {"criterion": criterion_text(name), "value": value, "bound": bound}
        )
    lines.append(
        _(
            "Seed %(seed)s breaks ties between equally good assignments: the same input and "
            "seed give the same assignment."
        )
        % {"seed": run.seed}
    )
    wall_time = result.get("wall_time")
    if isinstance(wall_time, int | float):
        lines.append(_("Computed in %(seconds)s seconds.") % {"seconds": f"{wall_time:.2f}"})
    groups = result.get("groups") or {}
    if groups.get("group_slots"):
        lines.append(
            _(
                "Partnerships: in %(split)s of %(total)s cases (partnership and time slot) "
                "the members could have met but are in different workshops."
            )
            % {"split": groups.get("split", 0), "total": groups["group_slots"]}
        )
    return lines


def run_issues(run: AssignmentRun) -> list[str]:
    result = run.result or {}
    texts = [issue_text(code, params) for code, params in result.get("issues", [])]
    if run.error:
        texts.insert(0, str(ERRORS.get(run.error, ERRORS["internal"])))
    return texts


def assignment_run_review(run: AssignmentRun, data: AssignmentInput | None = None) -> RunReview:
    """Before/after, histogram, unplaced people and the proof (5 queries)."""
    data = data or assignment_input(run.edition)
    proposal = {(p[0], p[1]): p for p in run.placements}
    # [registration, slot, code] or, since workshops have languages, [..., code, params]
    reasons = {(u[0], u[1]): (u[2], u[3] if len(u) > 3 else None) for u in run.unplaced}
    before_count = Counter(data.current.values())
    after_count = Counter(p[2] for p in run.placements)
    people = sorted(data.registrations.values(), key=lambda r: (r.full_name.lower(), r.pk))
    slots = sorted(data.slots.values(), key=lambda s: (s.starts_at, s.pk))
    workshops_by_slot = []
    slot_reviews = []
    unplaced = []
    before_ranks: Counter = Counter()
    after_ranks: Counter = Counter()
    before_outside = before_none = after_outside = after_none = ranked_nothing = 0
    for slot in slots:
        sessions = sorted(
            (w for w in data.workshops.values() if w.slot_id == slot.pk),
            key=lambda w: (w.title.lower(), w.pk),
        )
        workshops_by_slot.append((slot, sessions))
        rows = []
        for registration in people:
            key = (registration.pk, slot.pk)
            ranked = bool(data.ranked.get(registration.pk, {}).get(slot.pk))
            before_id = data.current.get(key)
            placement = proposal.get(key)
            after_id = placement[2] if placement else None
            if not ranked and before_id is None and after_id is None:
                ranked_nothing += 1
                continue
            row = ReviewRow(
                registration=registration,
                slot=slot,
                before=data.workshops.get(before_id),
                before_rank=data.rank(registration.pk, slot.pk, before_id) if before_id else None,
                after=data.workshops.get(after_id),
                after_rank=data.rank(registration.pk, slot.pk, after_id) if after_id else None,
                source=placement[4] if placement else "",
                reason=reason_text(*reasons[key]) if key in reasons and after_id is None else "",
            )
            rows.append(row)
            if ranked:
                if row.before_rank:
                    before_ranks[row.before_rank] += 1
                elif before_id:
                    before_outside += 1
                else:
                    before_none += 1
                if row.after_rank:
                    after_ranks[row.after_rank] += 1
                elif after_id:
                    after_outside += 1
                else:
                    after_none += 1
            if after_id is None and ranked:
                unplaced.append(row)
        slot_reviews.append(
            SlotReview(
                slot=slot,
                workshops=[
                    WorkshopLoad(
                        session=w,
                        places=data.places(w.pk),
                        before=before_count[w.pk],
                        after=after_count[w.pk],
                    )
                    for w in sessions
                ],
                rows=rows,
            )
        )
    worst = max([5, *before_ranks, *after_ranks])
    bars = [
        Bar(
            key=f"rank-{rank}",
            label=_("choice %(rank)s") % {"rank": rank},
            before=before_ranks[rank],
            after=after_ranks[rank],
        )
        for rank in range(1, worst + 1)
    ]
    bars.append(
        Bar(
            key="outside",
            label=_("a workshop they did not rank"),
            before=before_outside,
            after=after_outside,
        )
    )
    bars.append(Bar(key="none", label=_("no workshop"), before=before_none, after=after_none))
    stale = run.is_done and not run.is_published and data.fingerprint() != run.fingerprint
    candidates = [registration for registration in people if registration.pk in data.registrations]
    return RunReview(
        run=run,
        slots=slot_reviews,
        bars=bars,
        unplaced=unplaced,
        ranked_nothing=ranked_nothing,
        issues=run_issues(run),
        proof=_proof(run) if run.result else [],
        stale=stale,
        chart=histogram_svg(chart_id=f"run-{run.pk}-histogram", bars=bars),
        candidates=candidates,
        workshops_by_slot=workshops_by_slot,
    )


# --- The histogram ----------------------------------------------------------------------

COLOUR_BEFORE = "#4a5360"
COLOUR_AFTER = "#0b5394"
CHART_WIDTH = 640
LABEL_WIDTH = 190
BAR_AREA = 380
BAR_HEIGHT = 12
ROW_HEIGHT = 36
LEGEND_HEIGHT = 28


def histogram_svg(*, chart_id: str, bars: list[Bar]) -> SafeString:
    """Per choice received, a bar for the current assignment and one for the proposal."""
    largest = max((max(bar.before, bar.after) for bar in bars), default=0) or 1
    scale = BAR_AREA / largest
    height = LEGEND_HEIGHT + ROW_HEIGHT * len(bars)
    legend = format_html(
        '<g font-size="12">'
        '<rect x="0" y="4" width="12" height="12" fill="{}"/>'
        '<text x="18" y="14" fill="#1b1f24">{}</text>'
        '<rect x="220" y="4" width="12" height="12" fill="{}"/>'
        '<text x="238" y="14" fill="#1b1f24">{}</text>'
        "</g>",
        COLOUR_BEFORE,
        _("current assignment"),
        COLOUR_AFTER,
        _("proposal of this run"),
    )
    rows = []
    for index, bar in enumerate(bars):
        top = LEGEND_HEIGHT + index * ROW_HEIGHT
        width_before = round(bar.before * scale, 1)
        width_after = round(bar.after * scale, 1)
        rows.append(
            (
                top + 15,
                bar.label,
                LABEL_WIDTH,
                top + 2,
                width_before,
                COLOUR_BEFORE,
                LABEL_WIDTH + width_before + 6,
                top + 12,
                bar.before,
                LABEL_WIDTH,
                top + 2 + BAR_HEIGHT + 2,
                width_after,
                COLOUR_AFTER,
                LABEL_WIDTH + width_after + 6,
                top + 12 + BAR_HEIGHT + 2,
                bar.after,
            )
        )
    body = format_html_join(
        "",
        '<g><text x="0" y="{}" font-size="13" fill="#1b1f24">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="' + str(BAR_HEIGHT) + '" fill="{}"/>'
        '<text x="{}" y="{}" font-size="11" fill="#1b1f24">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="' + str(BAR_HEIGHT) + '" fill="{}"/>'
        '<text x="{}" y="{}" font-size="11" fill="#1b1f24">{}</text></g>',
        rows,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        'aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {width} {height}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" font-family="sans-serif">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{legend}{body}</svg>",
        id=chart_id,
        width=CHART_WIDTH,
        height=height,
        title=_("Choices received: current assignment and proposal"),
        desc=_(
            "Per choice received, one bar for the current assignment and one for the "
            "proposal; the table gives the same figures."
        ),
        legend=legend,
        body=body,
    )
