"""Optimisation for the programme apps: workshop assignment and participant selection.

Pure Python over plain dataclasses and ids, with OR-Tools (min-cost flow, CP-SAT,
GLOP) as the only dependency: no Django imports anywhere in this package, so it
can be tested and benchmarked alone, and the Django layer (pages, background
jobs) maps its models onto these dataclasses. Nothing here raises on bad input:
problems come back as `Explanation`s (a code plus parameters the Django layer
translates). See docs/solver.md for the design and the benchmark figures.
"""

from .explanations import MESSAGES, Explanation
from .selection import (
    Nominee,
    Quotas,
    SelectionResult,
    check_panel,
    panel_quotas,
    select_participants,
)
from .workshops import (
    FAIR,
    POLICIES,
    RANK_MAXIMAL,
    Participant,
    RankProfile,
    Unplaced,
    Workshop,
    WorkshopResult,
    assign_workshops,
    check_assignment,
    greedy_assignment,
)

__all__ = [
    "FAIR",
    "MESSAGES",
    "POLICIES",
    "RANK_MAXIMAL",
    "Explanation",
    "Nominee",
    "Participant",
    "Quotas",
    "RankProfile",
    "SelectionResult",
    "Unplaced",
    "Workshop",
    "WorkshopResult",
    "assign_workshops",
    "check_assignment",
    "check_panel",
    "greedy_assignment",
    "panel_quotas",
    "select_participants",
]
