"""A slot's assignment as a min-cost flow: exact for both policies, in milliseconds.

Network (one per slot): each participant with a usable choice is a node with a
supply of one unit (the participant-in-this-slot node of the design); an arc of
capacity one goes from it to each workshop it ranked, with the cost of that
rank, and one to the sink with the cost of staying unplaced; each workshop has
an arc to the sink with its capacity. Every unit therefore reaches the sink,
the flow always exists, and an integral minimum-cost flow is an assignment
that respects capacity, languages (only usable choices have arcs) and "at most
one workshop per slot" (one unit per participant).

Why it is optimal: min-cost flow has integral optimal solutions (the constraint
matrix is a network matrix) and OR-Tools' solver proves optimality of the one it
returns. Why the cost is the policy: `_slots.tier_costs` turns the lexicographic
objective into one integer cost exactly. The only limit is int64: OR-Tools
refuses costs whose magnitude times the number of nodes does not fit; then
`solve` returns None and the caller uses CP-SAT, which optimises the criteria
one after the other and needs no large numbers.

Ties: the solver returns one of possibly many optimal flows, and which one
depends on the order in which nodes and arcs are added. That order is the
seeded permutation of `SlotInstance`, so the same seed gives the same
assignment and no participant is favoured by the order of their id.
"""

import numpy as np
from ortools.graph.python import min_cost_flow

from ._slots import PhaseReport, SlotInstance, SlotSolution, counts_for, criteria, tier_costs

_INT64_SAFE = 2**62


def solve(instance: SlotInstance, policy: str) -> SlotSolution | None:
    """Optimal assignment of one slot, or None when the costs would overflow int64."""
    participants = instance.participants
    if not participants:
        return SlotSolution(placed={}, phases=[], solver="min_cost_flow", proven_optimal=True)
    max_rank = instance.max_rank
    places = sum(instance.capacity.values())
    base = min(len(participants), places) + 1
    rank_cost, unplaced_cost = tier_costs(policy, max_rank, base)
    workshop_node = {
        workshop: len(participants) + index for index, workshop in enumerate(instance.capacity)
    }
    sink = len(participants) + len(workshop_node)
    biggest = max(abs(unplaced_cost), *(abs(cost) for cost in rank_cost.values()))
    if biggest * (sink + 2) >= _INT64_SAFE or biggest * len(participants) >= _INT64_SAFE:
        return None

    tails, heads, capacities, costs = [], [], [], []
    for node, participant in enumerate(participants):
        for workshop, rank in instance.options[participant]:
            tails.append(node)
            heads.append(workshop_node[workshop])
            capacities.append(1)
            costs.append(rank_cost[rank])
        tails.append(node)
        heads.append(sink)
        capacities.append(1)
        costs.append(unplaced_cost)
    participant_arcs = len(tails)
    for workshop, node in workshop_node.items():
        tails.append(node)
        heads.append(sink)
        capacities.append(instance.capacity[workshop])
        costs.append(0)

    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.asarray(tails, dtype=np.int32),
        np.asarray(heads, dtype=np.int32),
        np.asarray(capacities, dtype=np.int64),
        np.asarray(costs, dtype=np.int64),
    )
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[: len(participants)] = 1
    supplies[sink] = -len(participants)
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        return None

    flows = flow.flows(arcs[:participant_arcs])
    placed = {}
    arc_index = 0
    for participant in participants:
        for workshop, rank in instance.options[participant]:
            if flows[arc_index]:
                placed[participant] = (workshop, rank)
            arc_index += 1
        arc_index += 1  # the participant's unplaced arc
    values = counts_for(policy, instance, placed)
    phases = [
        PhaseReport(instance.slot, name, sense, value, value, "OPTIMAL")
        for (name, sense, _), value in zip(criteria(policy, max_rank), values, strict=True)
    ]
    return SlotSolution(placed=placed, phases=phases, solver="min_cost_flow", proven_optimal=True)
