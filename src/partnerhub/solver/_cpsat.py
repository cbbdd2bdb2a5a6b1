"""A slot's assignment with CP-SAT: the soft "keep groups together" constraint.

Keeping the members of a partnership or delegation in one workshop is not a
flow constraint, so with a group weight > 0 we solve an integer programme.

What the weight means. A member who is placed but separated from their group
counts as if they had received a choice `weight` places further down their
list (their *effective rank* is rank + weight); members who are with their
group, and everybody outside groups, keep their rank. The policy is then
applied unchanged to the effective ranks: rank_maximal maximises the number at
effective rank 1, then the next value, …; fair minimises the unplaced, then
the number at the worst effective rank, and so on. So with weight 2 a member
moves from their 1st to their 2nd choice to sit with their group, but not to
their 4th (their 3rd is a tie); with weight 0 the result is the plain policy (and the flow solves
it). The weight never makes anyone unplaced in the fair policy, whose first
criterion is the number placed.

"Together" is defined per group and slot by a *meeting workshop* the solver
chooses among the workshops that at least two members ranked; a placed member
is separated when they are not in it. Members who share no ranked workshop
with another member can never be together and are not counted as separated.

Exactness without big numbers: the criteria are optimised one after the other
(lexicographic phases); after each phase its value is fixed as a constraint,
and the previous phase's solution (which meets every constraint so far) is the
complete hint for the next, so every phase starts from a solution. Each
phase's status and bound are reported; when a phase is proven optimal the next
optimises among its optima only, so all phases optimal means the lexicographic
optimum. A phase stopped by the time limit keeps its best value as a lower
(or upper) bound for the following ones and the result reports the gap.
Ties: one search worker and the seed make CP-SAT deterministic; the start is
the flow's assignment, itself tie-broken by the seeded permutation. (A phase cut
by the wall-clock time limit is the exception: where it stops depends on the
machine's load, so only proven results are reproducible to the assignment.)
"""

import time
from fractions import Fraction

from ortools.sat.python import cp_model

from ._slots import FAIR, RANK_MAXIMAL, Id, PhaseReport, SlotInstance, SlotSolution


def solve(
    instance: SlotInstance,
    policy: str,
    weight: Fraction,
    *,
    seed: int,
    deadline: float,
    hint: dict[Id, tuple[Id, int]] | None = None,
) -> SlotSolution:
    """Lexicographically optimal assignment of one slot with the group weight; see module doc."""
    if not instance.participants:
        return SlotSolution(placed={}, phases=[], solver="cp_sat", proven_optimal=True)
    model = cp_model.CpModel()
    x: dict[tuple[Id, Id], cp_model.IntVar] = {}
    rank_of: dict[tuple[Id, Id], int] = {}
    for participant in instance.participants:
        for workshop, rank in instance.options[participant]:
            x[participant, workshop] = model.new_bool_var("")
            rank_of[participant, workshop] = rank
        model.add_at_most_one(x[participant, w] for w, _ in instance.options[participant])
    by_workshop: dict[Id, list[cp_model.IntVar]] = {workshop: [] for workshop in instance.capacity}
    for (_, workshop), var in x.items():
        by_workshop[workshop].append(var)
    for workshop, variables in by_workshop.items():
        if len(variables) > instance.capacity[workshop]:
            model.add(sum(variables) <= instance.capacity[workshop])

    # Effective-rank tiers: value → list of (coefficient, variable).
    tiers: dict[Fraction, list[tuple[int, cp_model.IntVar]]] = {}

    def add(value: Fraction, coefficient: int, var: cp_model.IntVar) -> None:
        tiers.setdefault(value, []).append((coefficient, var))

    covered: set[Id] = set()
    y: dict[tuple[Id, Id], cp_model.IntVar] = {}
    z: dict[tuple[Id, Id], cp_model.IntVar] = {}
    if weight > 0:
        for group, members in instance.groups.items():
            ranked_by: dict[Id, int] = {}
            for member in members:
                for workshop, _ in instance.options[member]:
                    ranked_by[workshop] = ranked_by.get(workshop, 0) + 1
            shared = [w for w in instance.capacity if ranked_by.get(w, 0) >= 2]
            if not shared:
                continue
            for workshop in shared:
                y[group, workshop] = model.new_bool_var("")
            model.add_at_most_one(y[group, w] for w in shared)
            shared_set = set(shared)
            for member in members:
                choices = [w for w, _ in instance.options[member] if w in shared_set]
                if not choices:
                    continue
                covered.add(member)
                for workshop in choices:
                    var = model.new_bool_var("")  # var == x AND y
                    model.add_implication(var, x[member, workshop])
                    model.add_implication(var, y[group, workshop])
                    model.add_bool_or([x[member, workshop].Not(), y[group, workshop].Not(), var])
                    z[member, workshop] = var
    for (participant, workshop), var in x.items():
        rank = Fraction(rank_of[participant, workshop])
        if participant not in covered:
            add(rank, 1, var)
        elif (participant, workshop) in z:
            add(rank, 1, z[participant, workshop])
            add(rank + weight, 1, var)
            add(rank + weight, -1, z[participant, workshop])
        else:
            add(rank + weight, 1, var)

    # Each phase: (name, sense, terms, constant); its value is constant + sum(c * var).
    phases: list[tuple[str, str, list[tuple[int, cp_model.IntVar]], int]] = []
    if policy == RANK_MAXIMAL:
        for value in sorted(tiers):
            phases.append((_name(value, weight), "max", tiers[value], 0))
    elif policy == FAIR:
        placed_terms = [(-1, var) for var in x.values()]
        phases.append(("unplaced", "min", placed_terms, len(instance.participants)))
        for value in sorted(tiers, reverse=True)[:-1]:
            phases.append((_name(value, weight), "min", tiers[value], 0))

    solution = _start(instance, x, y, z, covered, hint or {})
    reports: list[PhaseReport] = []
    proven = True
    for index, (name, sense, terms, constant) in enumerate(phases):
        expr = constant + sum(c * var for c, var in terms)
        start_value = constant + sum(c * solution[var.index] for c, var in terms)
        # The current solution meets every constraint added so far: a complete,
        # feasible hint, so each phase starts from a solution.
        model.clear_hints()
        for var in (*x.values(), *y.values(), *z.values()):
            model.add_hint(var, solution[var.index])
        if sense == "max":
            model.maximize(expr)
        else:
            model.minimize(expr)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1  # deterministic: same seed, same assignment
        # The full LP relaxation is what proves these bounds: with the default level,
        # phase 2 of a 300-participant slot stays unproven after minutes; with 2 it
        # takes about a second.
        solver.parameters.linearization_level = 2
        solver.parameters.random_seed = seed % (2**31)
        # A phase may use half of the time left (or its equal share, if larger), so
        # that a hard phase cannot starve the ones after it.
        left = max(0.0, deadline - time.perf_counter())
        share = max(left / 2, left / (len(phases) - index)) if index < len(phases) - 1 else left
        solver.parameters.max_time_in_seconds = max(0.05, share)
        status = solver.solve(model)
        found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        value = round(solver.objective_value) if found else start_value
        better = value > start_value if sense == "max" else value < start_value
        if status == cp_model.OPTIMAL or (found and better):
            solution = {
                var.index: solver.value(var) for var in (*x.values(), *y.values(), *z.values())
            }
        else:
            value = start_value  # keep the start, which is at least as good
        bound = round(solver.best_objective_bound) if found else value
        reports.append(
            PhaseReport(instance.slot, name, sense, value, bound, solver.status_name(status))
        )
        if status == cp_model.OPTIMAL:
            model.add(expr == value)
        else:
            proven = False
            model.add(expr >= value if sense == "max" else expr <= value)
    current = {
        participant: (workshop, rank_of[participant, workshop])
        for (participant, workshop), var in x.items()
        if solution[var.index]
    }
    filled = 0 if proven else _fill(instance, current)
    return SlotSolution(
        placed=current, phases=reports, solver="cp_sat", proven_optimal=proven, filled=filled
    )


def _name(value: Fraction, weight: Fraction) -> str:
    if weight > 0:
        return "effective_rank_" + str(float(value)).removesuffix(".0")
    return f"rank_{value}"


def _start(
    instance: SlotInstance,
    x: dict[tuple[Id, Id], cp_model.IntVar],
    y: dict[tuple[Id, Id], cp_model.IntVar],
    z: dict[tuple[Id, Id], cp_model.IntVar],
    covered: set[Id],
    placed: dict[Id, tuple[Id, int]],
) -> dict[int, int]:
    """Values of all variables for a start assignment (the flow's): groups meet where most are."""
    values = {var.index: int(placed.get(p, (None, 0))[0] == w) for (p, w), var in x.items()}
    meeting: dict[Id, Id] = {}
    for group, members in instance.groups.items():
        counts: dict[Id, int] = {}
        for member in members:
            if member in covered and member in placed:
                counts[placed[member][0]] = counts.get(placed[member][0], 0) + 1
        candidates = [w for w in counts if (group, w) in y]
        if candidates:
            meeting[group] = max(candidates, key=lambda w: counts[w])
    for (group, workshop), var in y.items():
        values[var.index] = int(meeting.get(group) == workshop)
    member_group = {m: g for g, members in instance.groups.items() for m in members}
    for (member, workshop), var in z.items():
        together = (
            placed.get(member, (None, 0))[0] == workshop
            and meeting.get(member_group[member]) == workshop
        )
        values[var.index] = int(together)
    return values


def _fill(instance: SlotInstance, placed: dict[Id, tuple[Id, int]]) -> int:
    """Place whoever is left out where a ranked workshop still has room (in seeded order).

    Only after a phase stopped at the time limit. Placing one more participant
    adds to the count of some (effective) rank and takes from none: better under
    both policies, whatever the groups do, so this can only improve the result.
    """
    filled = 0
    used: dict[Id, int] = {}
    for workshop, _ in placed.values():
        used[workshop] = used.get(workshop, 0) + 1
    for participant in instance.participants:
        if participant in placed:
            continue
        for workshop, rank in instance.options[participant]:
            if used.get(workshop, 0) < instance.capacity[workshop]:
                placed[participant] = (workshop, rank)
                used[workshop] = used.get(workshop, 0) + 1
                filled += 1
                break
    return filled
