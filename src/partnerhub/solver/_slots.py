"""One time slot of a workshop assignment, as both slot solvers see it.

Slots are solved one at a time: a workshop belongs to exactly one slot and a
participant gets at most one workshop per slot, so no constraint links two
slots. Both policies compare rank profiles lexicographically, and the profile
of the whole conference is the sum of the slots' profiles; lexicographic order
is compatible with addition (if every slot's profile is at least as good as
another assignment's, so is their sum), so slot-wise optimal is optimal
overall. It also keeps the integer costs of the min-cost flow small (see
`tier_costs`).
"""

from collections.abc import Hashable
from dataclasses import dataclass, field

Id = Hashable

RANK_MAXIMAL = "rank_maximal"
FAIR = "fair"
POLICIES = (RANK_MAXIMAL, FAIR)


@dataclass
class SlotInstance:
    """Everything a slot solver needs; orders are the seeded permutation (ties follow it)."""

    slot: Id
    participants: list[Id]  # those with at least one usable choice, in seeded order
    options: dict[Id, list[tuple[Id, int]]]  # usable choices (workshop, rank), best first
    capacity: dict[Id, int]  # workshops with room, in seeded order
    groups: dict[Id, list[Id]] = field(default_factory=dict)  # group → members (>= 2)

    max_rank: int = 1  # the worst rank among the usable choices (set in __post_init__)

    def __post_init__(self) -> None:
        self.max_rank = max((opts[-1][1] for opts in self.options.values() if opts), default=1)


@dataclass(frozen=True)
class PhaseReport:
    """One criterion of the lexicographic objective in one slot, as the solver left it."""

    slot: Id
    criterion: str  # "rank_1" … "rank_5", "unplaced", or "effective_rank_3.5" with groups
    sense: str  # "max" or "min"
    value: int
    bound: int
    status: str  # "OPTIMAL", "FEASIBLE", "UNKNOWN"


@dataclass
class SlotSolution:
    placed: dict[Id, tuple[Id, int]]  # participant → (workshop, rank)
    phases: list[PhaseReport]
    solver: str
    proven_optimal: bool
    filled: int = 0  # placed by the safety net after a time limit (see _cpsat._fill)


def criteria(policy: str, max_rank: int) -> list[tuple[str, str, int | None]]:
    """The policy's criteria in priority order: (name, sense, rank or None for unplaced).

    rank_maximal: most 1st choices, then most 2nd choices, … (unplaced count nothing).
    fair: fewest unplaced, then fewest at the worst rank, then at the next worse, …
    down to rank 2 (the number of 1st choices then follows from the number placed).
    """
    if policy == RANK_MAXIMAL:
        return [(f"rank_{rank}", "max", rank) for rank in range(1, max_rank + 1)]
    return [("unplaced", "min", None)] + [
        (f"rank_{rank}", "min", rank) for rank in range(max_rank, 1, -1)
    ]


def tier_costs(policy: str, max_rank: int, base: int) -> tuple[dict[int, int], int]:
    """Integer costs per rank and for staying unplaced that make a linear cost lexicographic.

    `base` must exceed the number of participants that can be placed in the slot
    (we use min(participants, places) + 1). Then a change of one in a criterion
    outweighs any change in all criteria of lower priority together: each lower
    count lies in [0, base - 1], so their weighted sum differs by at most
    sum_{j<k} (base - 1) * base**j = base**k - 1 < base**k. Minimising the total
    cost is therefore exactly the lexicographic objective of `criteria`.

    rank_maximal: rank r costs -base**(K - r), unplaced costs 0 (maximise the
    weighted count of 1st choices, then 2nd, …).
    fair: unplaced costs base**(K - 1), rank r >= 2 costs base**(r - 2), rank 1 costs 0
    (minimise unplaced, then the number at rank K, K - 1, …, 2).
    """
    if policy == RANK_MAXIMAL:
        return {rank: -(base ** (max_rank - rank)) for rank in range(1, max_rank + 1)}, 0
    costs = {1: 0} | {rank: base ** (rank - 2) for rank in range(2, max_rank + 1)}
    return costs, base ** (max_rank - 1)


def counts_for(policy: str, instance: SlotInstance, placed: dict[Id, tuple[Id, int]]) -> list[int]:
    """The value of each criterion of `criteria` for a solution of the slot."""
    values = []
    for _, _, rank in criteria(policy, instance.max_rank):
        if rank is None:
            values.append(len(instance.participants) - len(placed))
        else:
            values.append(sum(1 for _, got in placed.values() if got == rank))
    return values
