"""Workshop assignment on instances small enough to check by hand.

Every expected assignment below is worked out in the comment above it.
"""

import math

import pytest

from partnerhub.solver import (
    Participant,
    Workshop,
    assign_workshops,
    check_assignment,
    greedy_assignment,
)

SEEDS = range(12)


def people(*names, languages=("en",), group=None):
    return [Participant(name, frozenset(languages), group) for name in names]


def single_slot(*workshops):
    return [Workshop(w, "morning", capacity) for w, capacity in workshops]


# Instance A. P, Q and R have one place each.
#   ann ranks P, R;  ben ranks Q, P;  cem ranks Q only.
# rank_maximal: at most two 1st choices (P and Q are the only 1st choices, one
# place each): ann in P and ben or cem in Q. Then no 2nd choice is possible
# (ann's R is free, but ann already has her 1st; the one left out of Q ranked
# only Q, or P which ann holds), so the profile is (2, 0) and one of ben and cem
# is left out: two optimal assignments, the seed picks one.
# fair: placing all three is possible only as cem→Q (her only choice), ben→P
# (his 2nd), ann→R (her 2nd); that is the unique assignment placing everyone.
A_PEOPLE = people("ann", "ben", "cem")
A_WORKSHOPS = single_slot(("P", 1), ("Q", 1), ("R", 1))
A_PREFS = {
    "ann": {"morning": ["P", "R"]},
    "ben": {"morning": ["Q", "P"]},
    "cem": {"morning": ["Q"]},
}


def test_rank_maximal_takes_most_first_choices_even_if_someone_is_left_out():
    outcomes = set()
    for seed in SEEDS:
        result = assign_workshops(A_PEOPLE, A_WORKSHOPS, A_PREFS, policy="rank_maximal", seed=seed)
        assert result.status == "optimal"
        assert result.solver == "min_cost_flow"
        assert result.proven_optimal and result.gap == 0.0
        assert result.profile.by_rank == (2, 0, 0, 0, 0)
        assert result.profile.unplaced == 1
        flat = {p: slots.get("morning") for p, slots in result.assignment.items()}
        assert flat in (
            {"ann": "P", "ben": "Q", "cem": None},
            {"ann": "P", "ben": None, "cem": "Q"},
        )
        (left_out,) = result.unplaced
        assert left_out.reason.code == "ranked_workshops_full"
        assert left_out.reason.message == "all ranked workshops full"
        outcomes.add(left_out.participant)
    assert outcomes == {"ben", "cem"}  # the seed, not the id, decides the tie


def test_fair_places_everyone_at_the_price_of_second_choices():
    for seed in SEEDS:
        result = assign_workshops(A_PEOPLE, A_WORKSHOPS, A_PREFS, policy="fair", seed=seed)
        assert result.status == "optimal"
        assert {p: s["morning"] for p, s in result.assignment.items()} == {
            "ann": "R",
            "ben": "P",
            "cem": "Q",
        }
        assert result.ranks == {("ann", "morning"): 2, ("ben", "morning"): 2, ("cem", "morning"): 1}
        assert result.profile.by_rank == (1, 2, 0, 0, 0)
        assert result.profile.unplaced == 0
        assert result.unplaced == ()


# Instance B. P, Q and R have one place each.
#   ann ranks P, Q, R;  ben ranks P only;  cem ranks Q, R, P.
# Everybody can be placed only with ben in P. rank_maximal then gives cem her 1st
# (Q) and ann her 3rd (R): profile (2, 0, 1). fair avoids the 3rd choice: ann in Q
# (2nd) and cem in R (2nd), profile (1, 2, 0); both assignments are unique.
B_PEOPLE = people("ann", "ben", "cem")
B_WORKSHOPS = single_slot(("P", 1), ("Q", 1), ("R", 1))
B_PREFS = {
    "ann": {"morning": ["P", "Q", "R"]},
    "ben": {"morning": ["P"]},
    "cem": {"morning": ["Q", "R", "P"]},
}


@pytest.mark.parametrize(
    ("policy", "expected", "profile"),
    [
        ("rank_maximal", {"ann": "R", "ben": "P", "cem": "Q"}, (2, 0, 1, 0, 0)),
        ("fair", {"ann": "Q", "ben": "P", "cem": "R"}, (1, 2, 0, 0, 0)),
    ],
)
def test_worst_rank_is_what_separates_the_policies(policy, expected, profile):
    for seed in SEEDS:
        result = assign_workshops(B_PEOPLE, B_WORKSHOPS, B_PREFS, policy=policy, seed=seed)
        assert {p: s["morning"] for p, s in result.assignment.items()} == expected
        assert result.profile.by_rank == profile
    assert result.profile.worst_rank == (3 if policy == "rank_maximal" else 2)


# Instance C. P, Q, R and S have one place each.
#   ann ranks S only;  ben ranks S, R, Q;  cem ranks P, Q;  dan ranks R, P.
# ann must have S, so ben gets R (2nd) or Q (3rd). With ben in Q, cem and dan get
# their 1st choices (P, R): profile (3, 0, 1), the smallest sum of ranks and the
# rank-maximal one. With ben in R, dan must take P (2nd) and cem Q (2nd):
# profile (1, 3, 0). fair takes the latter: it never gives a 3rd choice when
# everyone can be placed with 2nd choices, even though the sum of ranks is larger
# (this is what an additive "satisfaction" cost would get wrong).
C_PEOPLE = people("ann", "ben", "cem", "dan")
C_WORKSHOPS = single_slot(("P", 1), ("Q", 1), ("R", 1), ("S", 1))
C_PREFS = {
    "ann": {"morning": ["S"]},
    "ben": {"morning": ["S", "R", "Q"]},
    "cem": {"morning": ["P", "Q"]},
    "dan": {"morning": ["R", "P"]},
}


@pytest.mark.parametrize(
    ("policy", "expected", "profile"),
    [
        ("rank_maximal", {"ann": "S", "ben": "Q", "cem": "P", "dan": "R"}, (3, 0, 1, 0, 0)),
        ("fair", {"ann": "S", "ben": "R", "cem": "Q", "dan": "P"}, (1, 3, 0, 0, 0)),
    ],
)
@pytest.mark.parametrize("weight", [0, 1])  # the flow, and CP-SAT (no groups here)
def test_fair_prefers_no_third_choice_over_a_smaller_sum_of_ranks(
    policy, expected, profile, weight
):
    for seed in SEEDS:
        result = assign_workshops(
            C_PEOPLE, C_WORKSHOPS, C_PREFS, policy=policy, group_weight=weight, seed=seed
        )
        assert {p: s["morning"] for p, s in result.assignment.items()} == expected
        assert result.profile.by_rank == profile


def test_greedy_baseline_serves_in_registration_order():
    # ann registers first and takes P, which leaves ben (P only) outside.
    result = greedy_assignment(B_PEOPLE, B_WORKSHOPS, B_PREFS, order=["ann", "ben", "cem"])
    assert {p: s.get("morning") for p, s in result.assignment.items()} == {
        "ann": "P",
        "ben": None,
        "cem": "Q",
    }
    assert result.status == "heuristic"
    assert result.profile.unplaced == 1
    assert not result.proven_optimal


# Two slots, languages and every reason for staying without a workshop.
#   Morning: E (English, 2 places), F (French, 1 place); afternoon: G (1 place).
#   dora (English only) ranks F then E in the morning: F is French, so E (her 2nd).
#   eli (English only) ranks only F: no ranked workshop in his language.
#   fay (French and English) ranks F: 1st. She ranks nothing in the afternoon.
#   gus and hal both rank G in the afternoon, one place: one of them is left out
#   because it is full; both rank nothing in the morning.
def two_slots():
    participants = [
        Participant("dora", frozenset({"en"})),
        Participant("eli", "en"),  # a single language may be given as a string
        Participant("fay", frozenset({"en", "fr"})),
        Participant("gus", frozenset({"en"})),
        Participant("hal", frozenset({"en"})),
    ]
    workshops = [
        Workshop("E", "morning", 2),
        Workshop("F", "morning", 1, language="fr"),
        Workshop("G", "afternoon", 1),
    ]
    prefs = {
        "dora": {"morning": ["F", "E"]},
        "eli": {"morning": ["F"]},
        "fay": {"morning": ["F"]},
        "gus": {"afternoon": ["G"]},
        "hal": {"afternoon": ["G"]},
    }
    return participants, workshops, prefs


@pytest.mark.parametrize("policy", ["rank_maximal", "fair"])
def test_languages_slots_and_reasons(policy):
    participants, workshops, prefs = two_slots()
    result = assign_workshops(participants, workshops, prefs, policy=policy, seed=3)
    assert result.assignment["dora"] == {"morning": "E"}
    assert result.ranks["dora", "morning"] == 2
    assert result.assignment["fay"] == {"morning": "F"}
    assert result.assignment["eli"] == {}
    assert len([p for p in ("gus", "hal") if result.assignment[p]]) == 1
    reasons = {(u.participant, u.slot): u.reason.code for u in result.unplaced}
    assert reasons[("eli", "morning")] == "no_ranked_workshop_in_language"
    assert reasons[("fay", "afternoon")] == "ranked_nothing_in_slot"
    left = "hal" if result.assignment["gus"] else "gus"
    assert reasons[(left, "afternoon")] == "ranked_workshops_full"
    assert reasons[(left, "morning")] == "ranked_nothing_in_slot"
    messages = {u.reason.message for u in result.unplaced}
    assert {
        "no ranked workshop in their language",
        "ranked nothing in this slot",
        "all ranked workshops full",
    } <= messages
    # Unplaced counts those who ranked something; ranked_nothing the rest.
    assert result.profile.unplaced == 2
    assert result.profile.ranked_nothing == 5  # dora, eli, fay afternoon; gus, hal morning
    assert check_assignment(participants, workshops, prefs, result.assignment) == []


# Groups. X and Y have two places each; ann and ben (one partnership) and cem
# all rank X then Y. Any optimal assignment puts two of them in X (1st) and one
# in Y (2nd). Without a group weight the seed decides who goes to Y; with any
# weight > 0 the partnership stays together in X at no cost.
G_PEOPLE = [*people("ann", "ben", group="p1"), *people("cem")]
G_WORKSHOPS = single_slot(("X", 2), ("Y", 2))
G_PREFS = {name: {"morning": ["X", "Y"]} for name in ("ann", "ben", "cem")}


@pytest.mark.parametrize("policy", ["rank_maximal", "fair"])
def test_group_weight_keeps_a_pair_together_when_it_costs_nothing(policy):
    split_without = 0
    for seed in SEEDS:
        plain = assign_workshops(G_PEOPLE, G_WORKSHOPS, G_PREFS, policy=policy, seed=seed)
        split_without += plain.groups.split
        kept = assign_workshops(
            G_PEOPLE, G_WORKSHOPS, G_PREFS, policy=policy, group_weight=0.5, seed=seed
        )
        assert kept.solver == "cp_sat"
        assert kept.status == "optimal" and kept.gap == 0.0
        assert {p: s["morning"] for p, s in kept.assignment.items()} == {
            "ann": "X",
            "ben": "X",
            "cem": "Y",
        }
        assert kept.profile.by_rank == plain.profile.by_rank == (2, 1, 0, 0, 0)
        assert kept.groups.split == 0
        assert kept.groups.group_slots == 1
    assert split_without > 0  # without the weight, some seeds do split them


# The weight as a price. ann and ben are one partnership; ann ranks X then Y,
# ben ranks only Y; both have room. Apart, both get their 1st choice, but ann
# is separated; together (both in Y), ann gets her 2nd. A separated member
# counts as if placed `weight` places further down: with weight 2 that is
# worse than a 2nd choice (together wins), with weight 0.5 it is better
# (apart wins).
W_PEOPLE = people("ann", "ben", group="p1")
W_WORKSHOPS = single_slot(("X", 5), ("Y", 5))
W_PREFS = {"ann": {"morning": ["X", "Y"]}, "ben": {"morning": ["Y"]}}


@pytest.mark.parametrize("policy", ["rank_maximal", "fair"])
@pytest.mark.parametrize(("weight", "ann_gets"), [(0, "X"), (0.5, "X"), (2, "Y")])
def test_group_weight_is_a_price_in_places_down_the_list(policy, weight, ann_gets):
    result = assign_workshops(
        W_PEOPLE, W_WORKSHOPS, W_PREFS, policy=policy, group_weight=weight, seed=1
    )
    assert result.assignment == {"ann": {"morning": ann_gets}, "ben": {"morning": "Y"}}
    assert result.proven_optimal
    assert result.groups.split == (1 if ann_gets == "X" else 0)


def test_cp_sat_reports_its_objective_bound_and_phases():
    result = assign_workshops(
        W_PEOPLE, W_WORKSHOPS, W_PREFS, policy="rank_maximal", group_weight=2, seed=1
    )
    report = result.report
    assert report.status == "OPTIMAL"
    assert report.objective == report.best_bound
    assert report.gap == 0.0
    assert [p.criterion for p in report.phases][:2] == ["effective_rank_1", "effective_rank_2"]
    assert all(p.status == "OPTIMAL" for p in report.phases)


def test_same_seed_same_assignment_and_a_drawn_seed_is_reported():
    participants, workshops, prefs = two_slots()
    for weight in (0, 1):
        first = assign_workshops(participants, workshops, prefs, group_weight=weight, seed=42)
        again = assign_workshops(participants, workshops, prefs, group_weight=weight, seed=42)
        assert first.assignment == again.assignment
        assert first.seed == 42
    drawn = assign_workshops(A_PEOPLE, A_WORKSHOPS, A_PREFS)
    assert isinstance(drawn.seed, int)
    replay = assign_workshops(A_PEOPLE, A_WORKSHOPS, A_PREFS, seed=drawn.seed)
    assert replay.assignment == drawn.assignment


# Degenerate and invalid input: a result with an explanation, never an exception.


def codes(result):
    return [issue.code for issue in result.issues]


def test_no_participants_or_no_workshops_is_an_empty_result():
    result = assign_workshops([], A_WORKSHOPS, {}, seed=1)
    assert result.status == "empty"
    assert "no_participants" in codes(result)
    result = assign_workshops(A_PEOPLE, [], {"ann": {"morning": ["P"]}}, seed=1)
    assert result.status == "empty"
    assert "no_workshops" in codes(result)
    assert result.assignment == {"ann": {}, "ben": {}, "cem": {}}
    assert result.unplaced == ()


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"policy": "lottery"}, "unknown_policy"),
        ({"group_weight": -1}, "invalid_group_weight"),
        ({"group_weight": math.nan}, "invalid_group_weight"),
        ({"group_weight": math.inf}, "invalid_group_weight"),
        ({"group_weight": "heavy"}, "invalid_group_weight"),
        ({"max_choices": 0}, "invalid_max_choices"),
    ],
)
def test_invalid_options(kwargs, code):
    result = assign_workshops(A_PEOPLE, A_WORKSHOPS, A_PREFS, seed=1, **kwargs)
    assert result.status == "invalid"
    assert code in codes(result)
    assert result.assignment == {}
    assert all(issue.message for issue in result.issues)


@pytest.mark.parametrize(
    ("participants", "workshops", "code"),
    [
        (A_PEOPLE + people("ann"), A_WORKSHOPS, "duplicate_participant"),
        (A_PEOPLE, [*A_WORKSHOPS, Workshop("P", "afternoon", 3)], "duplicate_workshop"),
        (A_PEOPLE, [*A_WORKSHOPS, Workshop("Z", "morning", -2)], "negative_capacity"),
    ],
)
def test_invalid_data(participants, workshops, code):
    result = assign_workshops(participants, workshops, A_PREFS, seed=1)
    assert result.status == "invalid"
    assert code in codes(result)


def test_bad_preferences_are_dropped_and_reported_but_the_rest_is_solved():
    participants = people("ann", "ben")
    workshops = [
        Workshop("P", "morning", 1),
        Workshop("Q", "morning", 0),
        Workshop("S", "afternoon", 1),
    ]
    prefs = {
        # ZZ does not exist, S is in the afternoon, P twice, and one choice too many.
        "ann": {"morning": ["ZZ", "S", "P", "P", "Q", "Q"], "evening": ["P"]},
        "ben": {"morning": ["Q"]},
        "nobody": {"morning": ["P"]},
    }
    result = assign_workshops(participants, workshops, prefs, max_choices=5, seed=1)
    assert result.status == "optimal"
    found = codes(result)
    for code in (
        "unknown_workshop_in_preferences",
        "workshop_in_other_slot",
        "duplicate_choice",
        "too_many_choices",
        "zero_capacity",
        "unknown_slot_in_preferences",
        "unknown_participant_in_preferences",
    ):
        assert code in found
    # ann's P keeps the position she gave it (3rd), although the first two were void.
    assert result.assignment["ann"] == {"morning": "P"}
    assert result.ranks["ann", "morning"] == 3
    # ben ranked only Q, which has no places.
    assert [(u.participant, u.reason.code) for u in result.unplaced if u.slot == "morning"] == [
        ("ben", "ranked_workshops_full")
    ]


def test_check_assignment_names_every_broken_hard_constraint():
    participants, workshops, prefs = two_slots()
    broken = {
        "eli": {"morning": "F"},  # French only, unranked? no: ranked, but eli lacks French
        "dora": {"morning": "E", "afternoon": "E"},  # E twice and E is not an afternoon one
        "fay": {"morning": "F"},
        "gus": {"afternoon": "G"},
        "hal": {"afternoon": "G"},  # G has one place
        "zed": {"morning": "E"},
        "dora2": {},
    }
    found = {e.code for e in check_assignment(participants, workshops, prefs, broken)}
    assert {
        "assigned_language_missing",
        "assigned_same_workshop_twice",
        "assigned_wrong_slot",
        "assigned_over_capacity",
        "assigned_unknown_participant",
        "assigned_unranked",
    } <= found
    over = check_assignment(participants, workshops, prefs, {"gus": {"afternoon": "XX"}})
    assert [e.code for e in over] == ["assigned_unknown_workshop"]


def test_explanations_unpack_like_the_tuples_the_django_layer_expects():
    result = assign_workshops(A_PEOPLE, A_WORKSHOPS, A_PREFS, policy="rank_maximal", seed=0)
    code, params = result.unplaced[0].reason
    assert code == "ranked_workshops_full"
    assert set(params["workshops"]) <= {"P", "Q"}


def test_a_time_limit_still_returns_a_valid_assignment_and_says_what_it_proved():
    # 150 participants in pairs with clashing tastes and a time limit too short to
    # prove much: whatever the solver reaches, the result is valid and honest.
    import random

    rng = random.Random(4)
    workshops = [
        Workshop(f"w{slot}{j}", slot, rng.randint(5, 25)) for slot in (1, 2) for j in range(8)
    ]
    participants = [Participant(i, "en", f"g{i // 2}") for i in range(150)]
    prefs = {
        p.id: {slot: rng.sample([w.id for w in workshops if w.slot == slot], 5) for slot in (1, 2)}
        for p in participants
    }
    result = assign_workshops(
        participants, workshops, prefs, group_weight=1, time_limit=0.01, seed=1
    )
    assert result.status in ("optimal", "feasible")
    assert check_assignment(participants, workshops, prefs, result.assignment) == []
    assert result.proven_optimal == (result.status == "optimal")
    assert result.report.status == ("OPTIMAL" if result.proven_optimal else "FEASIBLE")
    assert all(p.status in ("OPTIMAL", "FEASIBLE", "UNKNOWN") for p in result.report.phases)
    # Nobody is left out while a workshop they ranked has room.
    assert all(u.reason.code == "ranked_workshops_full" for u in result.unplaced)
