"""The balanced reviewer assignment, as a pure function (hypothesis checks its promises)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from partnerhub.calls.assignment import balanced_assignment


def test_balances_and_avoids_conflicts():
    plan = balanced_assignment(
        [1, 2, 3, 4],
        [10, 11, 12],
        per_proposal=2,
        conflicts={1: {10}},
        existing={},
    )
    assert (1, 10) not in plan.new
    assert sorted(plan.load.values()) == [2, 3, 3]
    assert plan.short == {}


def test_reports_proposals_it_cannot_fill():
    plan = balanced_assignment([1], [10, 11], per_proposal=2, conflicts={1: {10, 11}}, existing={})
    assert plan.new == []
    assert plan.short == {1: 2}


def test_keeps_existing_assignments():
    plan = balanced_assignment([1, 2], [10, 11], per_proposal=1, conflicts={}, existing={1: {10}})
    assert plan.new == [(2, 11)]


@settings(max_examples=150, deadline=None)
@given(
    proposals=st.integers(min_value=1, max_value=20),
    reviewers=st.integers(min_value=1, max_value=8),
    per_proposal=st.integers(min_value=1, max_value=3),
    conflict_pairs=st.sets(st.tuples(st.integers(0, 19), st.integers(0, 7)), max_size=30),
)
def test_never_a_conflict_never_twice_and_enough_when_possible(
    proposals, reviewers, per_proposal, conflict_pairs
):
    conflicts: dict[int, set[int]] = {}
    for proposal, reviewer in conflict_pairs:
        if proposal < proposals and reviewer < reviewers:
            conflicts.setdefault(proposal, set()).add(reviewer)
    plan = balanced_assignment(
        range(proposals),
        range(reviewers),
        per_proposal=per_proposal,
        conflicts=conflicts,
        existing={},
    )
    assert len(set(plan.new)) == len(plan.new)
    for proposal, reviewer in plan.new:
        assert reviewer not in conflicts.get(proposal, set())
    for proposal in range(proposals):
        got = sum(1 for p, _ in plan.new if p == proposal)
        possible = min(per_proposal, reviewers - len(conflicts.get(proposal, set())))
        assert got == possible
        assert plan.short.get(proposal, 0) == per_proposal - got
    if not conflicts:
        loads = plan.load.values()
        assert max(loads) - min(loads) <= 1
