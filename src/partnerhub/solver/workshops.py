"""Workshop assignment for a conference edition: optimal, auditable, reproducible.

Participants rank up to five workshops per time slot; workshops have a slot, a
capacity and possibly a required language. `assign_workshops` places each
participant in at most one workshop per slot under hard constraints (capacity,
language, only workshops they ranked, never the same workshop twice) and a
policy the organiser picks by name:

* "rank_maximal": as many 1st choices as possible, then as many 2nd choices, …
  (lexicographic; a participant who cannot be placed counts nothing);
* "fair": nobody worse off than necessary. Being left without a workshop is the
  worst outcome, worse than any rank, so the fair policy first places as many
  participants as possible, then minimises the number at the worst rank
  received, then at the next worse rank, and so on (the "generous" order: the
  profile is read from the bottom). Reading "minimise the worst rank among
  placed participants" before "place as many as possible" would leave a person
  outside every workshop only to avoid giving them their 5th choice, which
  fails the very person the policy protects; so the worst rank is minimised
  among the assignments that place the most.

An optional soft constraint keeps the members of a group (partnership,
delegation) in the same workshop of a slot, with a weight the organiser sets
(see `_cpsat` for what the weight means).

Solvers: with group weight 0 every slot is a min-cost flow (`_flow`), exact by
construction; with a group weight > 0, CP-SAT optimises the criteria one by one
(`_cpsat`) and reports status, bound and gap. Both tie-break by a permutation
drawn from the seed, which the result reports: the same input and seed give
the same assignment.

Pure Python over ids and plain dataclasses: no Django, so it can be tested and
benchmarked alone. Nothing here raises on bad input; problems come back as
`Explanation`s in the result.
"""

import math
import random
import secrets
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from . import _cpsat, _flow
from ._slots import FAIR, POLICIES, RANK_MAXIMAL, Id, PhaseReport, SlotInstance, SlotSolution
from .explanations import Explanation, explain

__all__ = [
    "FAIR",
    "POLICIES",
    "RANK_MAXIMAL",
    "GroupSummary",
    "Participant",
    "PhaseReport",
    "RankProfile",
    "SolverReport",
    "Unplaced",
    "Workshop",
    "WorkshopResult",
    "assign_workshops",
    "check_assignment",
    "greedy_assignment",
]

MAX_CHOICES = 5


def _key(value: object) -> tuple[str, object]:
    """Sort key for ids that may mix ints and strings."""
    return (type(value).__name__, value)


@dataclass(frozen=True)
class Participant:
    id: Id
    languages: frozenset[str] = frozenset()  # language codes they can follow a workshop in
    group: Id | None = None  # partnership or delegation; None if they came alone

    def __post_init__(self) -> None:
        languages = self.languages
        if isinstance(languages, str):
            languages = (languages,)
        object.__setattr__(self, "languages", frozenset(languages))


@dataclass(frozen=True)
class Workshop:
    id: Id
    slot: Id
    capacity: int
    language: str | None = None  # required language; None: anyone can follow it


@dataclass(frozen=True)
class Unplaced:
    participant: Id
    slot: Id
    reason: Explanation  # ranked_workshops_full, no_ranked_workshop_in_language, …


@dataclass(frozen=True)
class RankProfile:
    """How many (participant, slot) pairs got their 1st, 2nd, … choice, and how many none."""

    by_rank: tuple[int, ...]  # by_rank[0] = number of 1st choices
    unplaced: int  # ranked something in the slot, got nothing (outside their list)
    ranked_nothing: int  # ranked nothing in the slot (not counted as unplaced)

    @property
    def placed(self) -> int:
        return sum(self.by_rank)

    @property
    def first_choices(self) -> int:
        return self.by_rank[0] if self.by_rank else 0

    @property
    def mean_rank(self) -> float | None:
        if not self.placed:
            return None
        return sum((index + 1) * n for index, n in enumerate(self.by_rank)) / self.placed

    @property
    def worst_rank(self) -> int | None:
        ranks = [index + 1 for index, n in enumerate(self.by_rank) if n]
        return max(ranks) if ranks else None


@dataclass(frozen=True)
class GroupSummary:
    """How well groups were kept together (computed the same way for every solver).

    Per group and slot, the meeting workshop is the one holding most of the
    members who share a ranked workshop with another member; a placed such
    member elsewhere is separated.
    """

    group_slots: int  # (group, slot) pairs with at least two members who could meet
    split: int  # of those, how many have a separated member
    separated: tuple[tuple[Id, Id], ...]  # (participant, slot)


@dataclass(frozen=True)
class SolverReport:
    """The solver's own account: what it proved and how far from proven it stopped.

    `objective` and `best_bound` list the policy's criteria in priority order,
    summed over slots. For the flow both are equal (it proves optimality);
    for CP-SAT they come from its search. `gap` is |bound - value| / max(|bound|,
    |value|, 1) for the first criterion where they differ, in [0, 1] (0.0 when
    proven optimal, None when nothing could be compared). Criteria after the
    first unproven one are optimised only among solutions that keep its value,
    so their bounds are conditional.
    """

    solver: str  # "min_cost_flow", "cp_sat", "greedy", "none"
    status: str  # "OPTIMAL", "FEASIBLE", "NOT_SOLVED"
    objective: tuple[tuple[str, int], ...] = ()
    best_bound: tuple[tuple[str, int], ...] = ()
    gap: float | None = None
    phases: tuple[PhaseReport, ...] = ()


@dataclass(frozen=True)
class WorkshopResult:
    status: str  # "optimal", "feasible" (gap > 0), "empty", "invalid", "heuristic" (greedy)
    policy: str
    seed: int | None
    group_weight: float
    assignment: dict[Id, dict[Id, Id]]  # participant → slot → workshop
    ranks: dict[tuple[Id, Id], int]  # (participant, slot) → rank received
    unplaced: tuple[Unplaced, ...]
    profile: RankProfile
    report: SolverReport
    groups: GroupSummary
    issues: tuple[Explanation, ...] = ()  # input problems (fatal ones make status "invalid")
    wall_time: float = 0.0  # seconds, for information only

    @property
    def solver(self) -> str:
        return self.report.solver

    @property
    def proven_optimal(self) -> bool:
        return self.report.status == "OPTIMAL"

    @property
    def gap(self) -> float | None:
        return self.report.gap


@dataclass
class _Prepared:
    participants: dict[Id, Participant]
    workshops: dict[Id, Workshop]
    slots: list[Id]
    ranked: dict[tuple[Id, Id], list[tuple[Id, int]]]  # valid choices, best first
    issues: list[Explanation] = field(default_factory=list)
    fatal: bool = False
    usable: dict[tuple[Id, Id], list[tuple[Id, int]]] = field(default_factory=dict)


def _prepare(
    participants: Iterable[Participant],
    workshops: Iterable[Workshop],
    preferences: Mapping[Id, Mapping[Id, Sequence[Id]]],
    max_choices: int,
) -> _Prepared:
    """Index the input, keep only valid choices and say what was dropped and why."""
    prepared = _Prepared(participants={}, workshops={}, slots=[], ranked={})
    issues = prepared.issues
    for participant in participants:
        if participant.id in prepared.participants:
            issues.append(explain("duplicate_participant", participant=participant.id))
            prepared.fatal = True
        prepared.participants[participant.id] = participant
    for workshop in workshops:
        if workshop.id in prepared.workshops:
            issues.append(explain("duplicate_workshop", workshop=workshop.id))
            prepared.fatal = True
        if not isinstance(workshop.capacity, int) or workshop.capacity < 0:
            issues.append(
                explain("negative_capacity", workshop=workshop.id, capacity=workshop.capacity)
            )
            prepared.fatal = True
        elif workshop.capacity == 0:
            issues.append(explain("zero_capacity", workshop=workshop.id))
        prepared.workshops[workshop.id] = workshop
    prepared.slots = sorted({w.slot for w in prepared.workshops.values()}, key=_key)
    slots = set(prepared.slots)
    for participant_id in sorted(preferences, key=_key):
        if participant_id not in prepared.participants:
            issues.append(explain("unknown_participant_in_preferences", participant=participant_id))
            continue
        for slot in sorted(preferences[participant_id], key=_key):
            choices = list(preferences[participant_id][slot])
            if slot not in slots:
                if choices:
                    issues.append(
                        explain(
                            "unknown_slot_in_preferences", participant=participant_id, slot=slot
                        )
                    )
                continue
            if len(choices) > max_choices:
                issues.append(
                    explain(
                        "too_many_choices",
                        participant=participant_id,
                        slot=slot,
                        given=len(choices),
                        max_choices=max_choices,
                    )
                )
                choices = choices[:max_choices]
            valid: list[tuple[Id, int]] = []
            seen: set[Id] = set()
            for rank, workshop_id in enumerate(choices, start=1):
                workshop = prepared.workshops.get(workshop_id)
                params = {"participant": participant_id, "slot": slot, "workshop": workshop_id}
                if workshop is None:
                    issues.append(explain("unknown_workshop_in_preferences", **params))
                elif workshop.slot != slot:
                    issues.append(
                        explain("workshop_in_other_slot", workshop_slot=workshop.slot, **params)
                    )
                elif workshop_id in seen:
                    issues.append(explain("duplicate_choice", **params))
                else:
                    seen.add(workshop_id)
                    valid.append((workshop_id, rank))
            if valid:
                prepared.ranked[participant_id, slot] = valid
    return prepared


def _speaks(participant: Participant, workshop: Workshop) -> bool:
    return workshop.language is None or workshop.language in participant.languages


def _usable(prepared: _Prepared, participant_id: Id, slot: Id) -> list[tuple[Id, int]]:
    """Choices the participant can get: ranked, in their language, with places (cached)."""
    key = (participant_id, slot)
    usable = prepared.usable.get(key)
    if usable is None:
        participant = prepared.participants[participant_id]
        usable = [
            (workshop_id, rank)
            for workshop_id, rank in prepared.ranked.get(key, ())
            if _speaks(participant, prepared.workshops[workshop_id])
            and prepared.workshops[workshop_id].capacity > 0
        ]
        prepared.usable[key] = usable
    return usable


def _empty_result(
    policy: str, seed: int | None, weight: float, status: str, issues: list[Explanation]
) -> WorkshopResult:
    return WorkshopResult(
        status=status,
        policy=policy,
        seed=seed,
        group_weight=weight,
        assignment={},
        ranks={},
        unplaced=(),
        profile=RankProfile(by_rank=(0,) * MAX_CHOICES, unplaced=0, ranked_nothing=0),
        report=SolverReport(
            solver="none",
            status="OPTIMAL" if status == "empty" else "NOT_SOLVED",
            gap=0.0 if status == "empty" else None,
        ),
        groups=GroupSummary(group_slots=0, split=0, separated=()),
        issues=tuple(issues),
    )


def _validate_options(
    policy: str, group_weight: float, max_choices: int
) -> tuple[list[Explanation], Fraction]:
    issues = []
    weight = Fraction(0)
    if policy not in POLICIES:
        issues.append(explain("unknown_policy", policy=policy, choices=list(POLICIES)))
    try:
        if isinstance(group_weight, bool) or not math.isfinite(group_weight) or group_weight < 0:
            raise ValueError
        weight = Fraction(group_weight).limit_denominator(10**6)
    except (TypeError, ValueError):
        issues.append(explain("invalid_group_weight", weight=repr(group_weight)))
    if not isinstance(max_choices, int) or max_choices < 1:
        issues.append(explain("invalid_max_choices", max_choices=repr(max_choices)))
    return issues, weight


def assign_workshops(
    participants: Iterable[Participant],
    workshops: Iterable[Workshop],
    preferences: Mapping[Id, Mapping[Id, Sequence[Id]]],
    *,
    policy: str = RANK_MAXIMAL,
    group_weight: float = 0.0,
    seed: int | None = None,
    max_choices: int = MAX_CHOICES,
    time_limit: float = 60.0,
) -> WorkshopResult:
    """Optimal assignment of participants to workshops under `policy`; never raises on input.

    `preferences[participant][slot]` is the participant's ordered list of workshop
    ids for that slot (first = most wanted). `seed` fixes the tie-breaking; when
    None, one is drawn and reported so that the result can be reproduced.
    `time_limit` (seconds) bounds CP-SAT only; the flow needs no limit.
    """
    started = time.perf_counter()
    if seed is None:
        seed = secrets.randbelow(2**31)
    issues, weight = _validate_options(policy, group_weight, max_choices)
    if issues:
        return _empty_result(policy, seed, group_weight, "invalid", issues)
    prepared = _prepare(participants, workshops, preferences, max_choices)
    if prepared.fatal:
        return _empty_result(policy, seed, group_weight, "invalid", prepared.issues)
    if not prepared.participants or not prepared.workshops:
        if not prepared.participants:
            prepared.issues.append(explain("no_participants"))
        if not prepared.workshops:
            prepared.issues.append(explain("no_workshops"))
        report = SolverReport(solver="none", status="OPTIMAL", gap=0.0)
        return _assemble(prepared, {}, policy, seed, group_weight, report, started, "empty")

    rng = random.Random(seed)
    participant_order = sorted(prepared.participants, key=_key)
    rng.shuffle(participant_order)
    workshop_order = sorted(prepared.workshops, key=_key)
    rng.shuffle(workshop_order)

    solutions: dict[Id, SlotSolution] = {}
    deadline = started + time_limit
    for index, slot in enumerate(prepared.slots):
        instance = _instance(prepared, slot, participant_order, workshop_order)
        solution = _flow.solve(instance, policy)
        if solution is None:
            prepared.issues.append(explain("cost_range_fallback", slot=slot))
        if weight > 0 or solution is None:
            remaining_slots = len(prepared.slots) - index
            slot_deadline = time.perf_counter() + max(
                0.0, (deadline - time.perf_counter()) / remaining_slots
            )
            solution = _cpsat.solve(
                instance,
                policy,
                weight,
                seed=seed,
                deadline=slot_deadline,
                hint=solution.placed if solution is not None else {},
            )
        if solution.filled:
            prepared.issues.append(
                explain("completed_after_time_limit", slot=slot, placed=solution.filled)
            )
        solutions[slot] = solution
    report = _report(policy, solutions)
    return _assemble(prepared, solutions, policy, seed, group_weight, report, started)


def _instance(
    prepared: _Prepared, slot: Id, participant_order: list[Id], workshop_order: list[Id]
) -> SlotInstance:
    options = {}
    order = []
    for participant_id in participant_order:
        usable = _usable(prepared, participant_id, slot)
        if usable:
            order.append(participant_id)
            options[participant_id] = usable
    capacity = {
        workshop_id: prepared.workshops[workshop_id].capacity
        for workshop_id in workshop_order
        if prepared.workshops[workshop_id].slot == slot
        and prepared.workshops[workshop_id].capacity > 0
    }
    groups: dict[Id, list[Id]] = {}
    for participant_id in order:
        group = prepared.participants[participant_id].group
        if group is not None:
            groups.setdefault(group, []).append(participant_id)
    groups = {group: members for group, members in groups.items() if len(members) >= 2}
    return SlotInstance(
        slot=slot, participants=order, options=options, capacity=capacity, groups=groups
    )


def _report(policy: str, solutions: Mapping[Id, SlotSolution]) -> SolverReport:
    phases = tuple(phase for solution in solutions.values() for phase in solution.phases)
    solvers = sorted({solution.solver for solution in solutions.values()})
    proven = all(solution.proven_optimal for solution in solutions.values())
    objective: dict[str, int] = {}
    bound: dict[str, int] = {}
    for phase in phases:
        if phase.status not in ("OPTIMAL", "FEASIBLE"):
            continue  # stopped before finding any solution: no value to add
        objective[phase.criterion] = objective.get(phase.criterion, 0) + phase.value
        bound[phase.criterion] = bound.get(phase.criterion, 0) + phase.bound
    # Criteria in priority order: rank_maximal reads (effective) ranks upwards, fair
    # starts with "unplaced" and reads ranks downwards. Slots may have different
    # worst ranks, so the order comes from the names, not from any one slot.
    ordered = sorted(objective, key=lambda name: _criterion_order(policy, name))
    gap = 0.0
    for name in ordered:
        if objective[name] != bound[name]:
            gap = abs(bound[name] - objective[name]) / max(
                1, abs(bound[name]), abs(objective[name])
            )
            break
    if not proven and gap == 0.0:
        gap = None  # stopped without a bound we can trust (e.g. a phase found no solution)
    return SolverReport(
        solver="+".join(solvers) if solvers else "none",
        status="OPTIMAL" if proven else "FEASIBLE",
        objective=tuple((name, objective[name]) for name in ordered),
        best_bound=tuple((name, bound[name]) for name in ordered),
        gap=gap,
        phases=phases,
    )


def _criterion_order(policy: str, name: str) -> tuple[int, float]:
    if name == "unplaced":
        return (0, 0.0)
    value = float(name.rsplit("_", 1)[1])
    return (1, value if policy == RANK_MAXIMAL else -value)


def _assemble(
    prepared: _Prepared,
    solutions: Mapping[Id, SlotSolution],
    policy: str,
    seed: int | None,
    group_weight: float,
    report: SolverReport,
    started: float,
    status: str | None = None,
) -> WorkshopResult:
    assignment: dict[Id, dict[Id, Id]] = {p: {} for p in sorted(prepared.participants, key=_key)}
    ranks: dict[tuple[Id, Id], int] = {}
    used: dict[Id, int] = {}
    for slot, solution in solutions.items():
        for participant_id, (workshop_id, rank) in solution.placed.items():
            assignment[participant_id][slot] = workshop_id
            ranks[participant_id, slot] = rank
            used[workshop_id] = used.get(workshop_id, 0) + 1
    width = max(
        [MAX_CHOICES] + [rank for choices in prepared.ranked.values() for _, rank in choices]
    )
    by_rank = [0] * width
    for rank in ranks.values():
        by_rank[rank - 1] += 1
    unplaced = []
    for participant_id in assignment:
        for slot in prepared.slots:
            if slot in assignment[participant_id]:
                continue
            reason = _reason(prepared, participant_id, slot, used)
            unplaced.append(Unplaced(participant_id, slot, reason))
    nothing = sum(1 for u in unplaced if u.reason.code == "ranked_nothing_in_slot")
    profile = RankProfile(
        by_rank=tuple(by_rank), unplaced=len(unplaced) - nothing, ranked_nothing=nothing
    )
    if status is None:
        status = "optimal" if report.status == "OPTIMAL" else "feasible"
    return WorkshopResult(
        status=status,
        policy=policy,
        seed=seed,
        group_weight=group_weight,
        assignment=assignment,
        ranks=ranks,
        unplaced=tuple(unplaced),
        profile=profile,
        report=report,
        groups=_group_summary(prepared, assignment),
        issues=tuple(prepared.issues),
        wall_time=time.perf_counter() - started,
    )


def _reason(
    prepared: _Prepared, participant_id: Id, slot: Id, used: Mapping[Id, int]
) -> Explanation:
    ranked = prepared.ranked.get((participant_id, slot), [])
    if not ranked:
        return explain("ranked_nothing_in_slot")
    participant = prepared.participants[participant_id]
    speakable = [w for w, _ in ranked if _speaks(participant, prepared.workshops[w])]
    if not speakable:
        return explain(
            "no_ranked_workshop_in_language",
            languages=sorted(participant.languages),
            workshop_languages=sorted({prepared.workshops[w].language for w, _ in ranked}),
        )
    with_room = [w for w in speakable if used.get(w, 0) < prepared.workshops[w].capacity]
    if with_room:
        return explain("left_out_at_time_limit", workshops=with_room)
    return explain("ranked_workshops_full", workshops=speakable)


def _group_summary(prepared: _Prepared, assignment: Mapping[Id, Mapping[Id, Id]]) -> GroupSummary:
    members_of: dict[Id, list[Id]] = {}
    for participant_id in sorted(prepared.participants, key=_key):
        group = prepared.participants[participant_id].group
        if group is not None:
            members_of.setdefault(group, []).append(participant_id)
    group_slots = split = 0
    separated: list[tuple[Id, Id]] = []
    for group in sorted(members_of, key=_key):
        members = members_of[group]
        if len(members) < 2:
            continue
        for slot in prepared.slots:
            usable = {m: {w for w, _ in _usable(prepared, m, slot)} for m in members}
            could_meet = [
                m
                for m in members
                if any(usable[m] & usable[other] for other in members if other != m)
            ]
            if len(could_meet) < 2:
                continue
            group_slots += 1
            placed = {m: assignment[m][slot] for m in could_meet if slot in assignment[m]}
            counts: dict[Id, int] = {}
            for workshop_id in placed.values():
                counts[workshop_id] = counts.get(workshop_id, 0) + 1
            if not counts:
                continue
            meeting = max(sorted(counts, key=_key), key=lambda w: counts[w])
            apart = [m for m, w in placed.items() if w != meeting]
            if apart:
                split += 1
                separated.extend((m, slot) for m in apart)
    return GroupSummary(group_slots=group_slots, split=split, separated=tuple(separated))


def greedy_assignment(
    participants: Iterable[Participant],
    workshops: Iterable[Workshop],
    preferences: Mapping[Id, Mapping[Id, Sequence[Id]]],
    *,
    order: Sequence[Id] | None = None,
    max_choices: int = MAX_CHOICES,
) -> WorkshopResult:
    """First come, first served: what organisers do by hand today (the benchmark's baseline).

    Participants in `order` (registration order; default: the order given) each
    take, slot by slot, the best-ranked workshop in their language that still
    has room. It satisfies every hard constraint but optimises nothing.
    """
    started = time.perf_counter()
    participants = list(participants)
    prepared = _prepare(participants, workshops, preferences, max_choices)
    if prepared.fatal:
        return _empty_result("first_come_first_served", None, 0.0, "invalid", prepared.issues)
    if order is None:
        order = [p.id for p in participants]
    seats = {w.id: w.capacity for w in prepared.workshops.values()}
    placed: dict[Id, dict[Id, tuple[Id, int]]] = {slot: {} for slot in prepared.slots}
    for participant_id in order:
        if participant_id not in prepared.participants:
            continue  # not registered: nothing to serve
        for slot in prepared.slots:
            for workshop_id, rank in _usable(prepared, participant_id, slot):
                if seats[workshop_id] > 0:
                    seats[workshop_id] -= 1
                    placed[slot][participant_id] = (workshop_id, rank)
                    break
    solutions = {
        slot: SlotSolution(placed=chosen, phases=[], solver="greedy", proven_optimal=False)
        for slot, chosen in placed.items()
    }
    report = SolverReport(solver="greedy", status="NOT_SOLVED")
    return _assemble(
        prepared,
        solutions,
        "first_come_first_served",
        None,
        0.0,
        report,
        started,
        status="heuristic",
    )


def check_assignment(
    participants: Iterable[Participant],
    workshops: Iterable[Workshop],
    preferences: Mapping[Id, Mapping[Id, Sequence[Id]]],
    assignment: Mapping[Id, Mapping[Id, Id]],
    *,
    max_choices: int = MAX_CHOICES,
) -> list[Explanation]:
    """Every hard constraint an assignment breaks (empty list: it is valid).

    For any assignment, not only the solver's: the organiser's hand edits are
    checked with it before they are published.
    """
    prepared = _prepare(participants, workshops, preferences, max_choices)
    problems = []
    used: dict[Id, int] = {}
    for participant_id, slots in assignment.items():
        participant = prepared.participants.get(participant_id)
        if participant is None:
            problems.append(explain("assigned_unknown_participant", participant=participant_id))
            continue
        seen: set[Id] = set()
        for slot, workshop_id in slots.items():
            workshop = prepared.workshops.get(workshop_id)
            params = {"participant": participant_id, "workshop": workshop_id}
            if workshop is None:
                problems.append(explain("assigned_unknown_workshop", workshop=workshop_id))
                continue
            used[workshop_id] = used.get(workshop_id, 0) + 1
            if workshop_id in seen:
                problems.append(explain("assigned_same_workshop_twice", **params))
            seen.add(workshop_id)
            if workshop.slot != slot:
                problems.append(
                    explain(
                        "assigned_wrong_slot",
                        workshop=workshop_id,
                        workshop_slot=workshop.slot,
                        slot=slot,
                    )
                )
            if not _speaks(participant, workshop):
                problems.append(
                    explain("assigned_language_missing", language=workshop.language, **params)
                )
            ranked = {w for w, _ in prepared.ranked.get((participant_id, slot), [])}
            if workshop_id not in ranked:
                problems.append(explain("assigned_unranked", **params))
    for workshop_id, count in sorted(used.items(), key=lambda item: _key(item[0])):
        capacity = prepared.workshops[workshop_id].capacity
        if count > capacity:
            problems.append(
                explain(
                    "assigned_over_capacity",
                    workshop=workshop_id,
                    assigned=count,
                    capacity=capacity,
                )
            )
    return problems
