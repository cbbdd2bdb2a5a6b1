"""Balanced assignment of reviewers to proposals, without conflicts of interest.

Pure Python over ids, so it can be tested and benchmarked without a database.
Greedy and deterministic: proposals that have the fewest possible reviewers
are served first (they are the hardest to fill); each takes the allowed
reviewers with the lowest load so far (ties by id). For the sizes of a call
(tens of proposals, a dozen reviewers) this reaches the best possible balance
in practice: loads differ by at most one whenever conflicts allow it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass
class AssignmentPlan:
    new: list[tuple[int, int]] = field(default_factory=list)  # (proposal id, reviewer id)
    short: dict[int, int] = field(default_factory=dict)  # proposal id → reviewers missing
    load: dict[int, int] = field(default_factory=dict)  # reviewer id → assignments in all


def balanced_assignment(
    proposals: Iterable[int],
    reviewers: Iterable[int],
    *,
    per_proposal: int,
    conflicts: Mapping[int, set[int]],
    existing: Mapping[int, set[int]],
) -> AssignmentPlan:
    """Give each proposal `per_proposal` reviewers in all, never one in `conflicts[proposal]`.

    `existing[proposal]` holds reviewers already assigned; they count towards the
    number and the load and are never assigned twice.
    """
    reviewers = sorted(set(reviewers))
    plan = AssignmentPlan(load=dict.fromkeys(reviewers, 0))
    for assigned in existing.values():
        for reviewer in assigned:
            if reviewer in plan.load:
                plan.load[reviewer] += 1

    def allowed(proposal: int) -> list[int]:
        blocked = conflicts.get(proposal, set()) | existing.get(proposal, set())
        return [reviewer for reviewer in reviewers if reviewer not in blocked]

    order = sorted(set(proposals), key=lambda proposal: (len(allowed(proposal)), proposal))
    for proposal in order:
        needed = per_proposal - len(existing.get(proposal, set()))
        if needed <= 0:
            continue
        candidates = sorted(allowed(proposal), key=lambda reviewer: (plan.load[reviewer], reviewer))
        chosen = candidates[:needed]
        for reviewer in chosen:
            plan.new.append((proposal, reviewer))
            plan.load[reviewer] += 1
        if len(chosen) < needed:
            plan.short[proposal] = needed - len(chosen)
    return plan
