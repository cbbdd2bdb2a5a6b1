"""The integer costs of the min-cost flow are exactly the policies' lexicographic order.

Exhaustive over every rank profile of small slots: for any two profiles, the
one with the smaller total cost is the better one under the policy, and equal
costs mean equal profiles. This is the argument of `_slots.tier_costs`, checked.
"""

from itertools import product

import pytest

from partnerhub.solver._slots import FAIR, RANK_MAXIMAL, tier_costs


def profiles(participants: int, places: int, max_rank: int):
    """(counts by rank 1..K, unplaced) for every way to place at most `places` people."""
    for counts in product(range(min(participants, places) + 1), repeat=max_rank):
        if sum(counts) <= min(participants, places):
            yield counts, participants - sum(counts)


def better(policy, a, b) -> bool:
    (counts_a, unplaced_a), (counts_b, unplaced_b) = a, b
    if policy == RANK_MAXIMAL:
        return counts_a > counts_b
    key_a = (unplaced_a, *reversed(counts_a[1:]))
    key_b = (unplaced_b, *reversed(counts_b[1:]))
    return key_a < key_b


@pytest.mark.parametrize("policy", [RANK_MAXIMAL, FAIR])
@pytest.mark.parametrize(("participants", "places", "max_rank"), [(4, 4, 3), (5, 3, 4), (3, 6, 5)])
def test_cost_order_is_the_lexicographic_order(policy, participants, places, max_rank):
    base = min(participants, places) + 1
    rank_cost, unplaced_cost = tier_costs(policy, max_rank, base)

    def cost(profile):
        counts, unplaced = profile
        return unplaced * unplaced_cost + sum(
            n * rank_cost[rank] for rank, n in enumerate(counts, start=1)
        )

    every = list(profiles(participants, places, max_rank))
    for a in every:
        for b in every:
            if better(policy, a, b):
                assert cost(a) < cost(b), (a, b)
            elif a == b:
                assert cost(a) == cost(b)
