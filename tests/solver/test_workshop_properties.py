"""Properties of workshop assignment on random instances (hypothesis).

* every returned assignment satisfies every hard constraint, checked here
  independently of `check_assignment` (and by it);
* on tiny instances the solvers' rank profiles equal the brute-force optimum of
  each policy, with and without a group weight;
* rank_maximal's profile lexicographically dominates first come, first served;
* fair places at least as many as anything else and, among assignments that
  place as many, never has a worse worst rank;
* reasons for staying unplaced are true.
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerhub.solver import (
    Participant,
    Workshop,
    assign_workshops,
    check_assignment,
    greedy_assignment,
)
from tests.solver.brute import brute_optimum, result_key

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LANGUAGES = [frozenset({"en"}), frozenset({"en", "fr"}), frozenset({"fr"})]


@st.composite
def instances(
    draw, max_participants=12, max_slots=3, max_per_slot=4, max_capacity=4, languages=True
):
    slots = draw(st.integers(1, max_slots))
    workshops = []
    for slot in range(slots):
        for index in range(draw(st.integers(1, max_per_slot))):
            workshops.append(
                Workshop(
                    f"w{slot}{index}",
                    f"s{slot}",
                    draw(st.integers(0, max_capacity)),
                    draw(st.sampled_from([None, None, "fr", "en"])) if languages else None,
                )
            )
    n = draw(st.integers(0, max_participants))
    participants = [
        Participant(
            i,
            draw(st.sampled_from(LANGUAGES)),
            draw(st.sampled_from([None, None, "g1", "g2", "g3"])),
        )
        for i in range(n)
    ]
    preferences = {}
    for participant in participants:
        per_slot = {}
        for slot in range(slots):
            ids = [w.id for w in workshops if w.slot == f"s{slot}"]
            per_slot[f"s{slot}"] = draw(
                st.lists(st.sampled_from(ids), unique=True, max_size=min(5, len(ids)))
            )
        preferences[participant.id] = per_slot
    return participants, workshops, preferences


def assert_hard_constraints(participants, workshops, preferences, result):
    """The issue's hard constraints, checked without the package's own checker."""
    by_id = {w.id: w for w in workshops}
    people = {p.id: p for p in participants}
    load = {}
    for participant_id, slots in result.assignment.items():
        seen = set()
        for slot, workshop_id in slots.items():
            workshop = by_id[workshop_id]
            assert workshop.slot == slot  # one workshop per slot, and in its slot
            assert workshop_id not in seen  # never the same workshop twice
            seen.add(workshop_id)
            assert workshop_id in preferences[participant_id][slot]  # only ranked ones
            rank = preferences[participant_id][slot].index(workshop_id) + 1
            assert result.ranks[participant_id, slot] == rank
            language = workshop.language
            assert language is None or language in people[participant_id].languages
            load[workshop_id] = load.get(workshop_id, 0) + 1
    for workshop_id, count in load.items():
        assert count <= by_id[workshop_id].capacity  # never beyond capacity
    assert check_assignment(participants, workshops, preferences, result.assignment) == []
    # Reasons are true.
    for unplaced in result.unplaced:
        ranked = preferences.get(unplaced.participant, {}).get(unplaced.slot, [])
        code = unplaced.reason.code
        if code == "ranked_nothing_in_slot":
            assert ranked == []
        elif code == "no_ranked_workshop_in_language":
            person = people[unplaced.participant]
            assert all(by_id[w].language not in person.languages | {None} for w in ranked)
        else:
            assert code == "ranked_workshops_full"
            for w in unplaced.reason.params["workshops"]:
                assert load.get(w, 0) == by_id[w].capacity
    placed = sum(len(slots) for slots in result.assignment.values())
    slots = {w.slot for w in workshops}
    assert placed + len(result.unplaced) == len(participants) * len(slots)


@PROPERTY
@given(instance=instances(), seed=st.integers(0, 2**31 - 1))
def test_every_assignment_satisfies_the_hard_constraints(instance, seed):
    participants, workshops, preferences = instance
    for policy in ("rank_maximal", "fair"):
        for weight in (0, 1.5):
            result = assign_workshops(
                participants,
                workshops,
                preferences,
                policy=policy,
                group_weight=weight,
                seed=seed,
            )
            assert result.status in ("optimal", "empty")
            assert_hard_constraints(participants, workshops, preferences, result)
    greedy = greedy_assignment(participants, workshops, preferences)
    assert_hard_constraints(participants, workshops, preferences, greedy)


# Tiny but contested: few places, no language limits, so that choices collide.
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    instance=instances(
        max_participants=6, max_slots=1, max_per_slot=4, max_capacity=2, languages=False
    ),
    seed=st.integers(0, 1000),
    weight=st.sampled_from([0, 0.5, 1, 2]),
)
def test_optimal_as_brute_force_on_tiny_instances(instance, seed, weight):
    participants, workshops, preferences = instance
    for policy in ("rank_maximal", "fair"):
        result = assign_workshops(
            participants, workshops, preferences, policy=policy, group_weight=weight, seed=seed
        )
        assert result.proven_optimal
        expected = brute_optimum(policy, participants, workshops, preferences, weight)
        got = result_key(policy, result, participants, workshops, preferences, weight)
        assert got == expected


def lexicographic(profile):
    return profile.by_rank


@PROPERTY
@given(instance=instances(max_participants=40, max_per_slot=5, max_capacity=8))
def test_rank_maximal_dominates_first_come_first_served(instance):
    participants, workshops, preferences = instance
    greedy = greedy_assignment(participants, workshops, preferences)
    best = assign_workshops(participants, workshops, preferences, policy="rank_maximal", seed=7)
    assert lexicographic(best.profile) >= lexicographic(greedy.profile)
    assert best.profile.first_choices >= greedy.profile.first_choices


@PROPERTY
@given(instance=instances(max_participants=40, max_per_slot=5, max_capacity=8))
def test_fair_places_most_and_has_the_least_bad_worst_rank(instance):
    participants, workshops, preferences = instance
    fair = assign_workshops(participants, workshops, preferences, policy="fair", seed=7)
    others = [
        greedy_assignment(participants, workshops, preferences),
        assign_workshops(participants, workshops, preferences, policy="rank_maximal", seed=7),
    ]
    for other in others:
        assert fair.profile.placed >= other.profile.placed
        assert fair.profile.unplaced <= other.profile.unplaced
        if fair.profile.placed == other.profile.placed and other.profile.placed:
            assert fair.profile.worst_rank <= other.profile.worst_rank
            # …and no more participants at that worst rank.
            worst = fair.profile.worst_rank
            if other.profile.worst_rank == worst:
                assert fair.profile.by_rank[worst - 1] <= other.profile.by_rank[worst - 1]


@PROPERTY
@given(instance=instances(max_participants=20), seed=st.integers(0, 2**31 - 1))
def test_the_seed_reproduces_the_assignment(instance, seed):
    participants, workshops, preferences = instance
    for weight in (0, 1):
        first = assign_workshops(
            participants, workshops, preferences, group_weight=weight, seed=seed
        )
        again = assign_workshops(
            list(reversed(participants)),  # input order does not matter either
            list(reversed(workshops)),
            preferences,
            group_weight=weight,
            seed=seed,
        )
        assert first.assignment == again.assignment
