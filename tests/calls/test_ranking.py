"""The ranking's figures as pure functions: hand-computed values and properties (no database)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerhub.calls.ranking import (
    OUTLIER_THRESHOLD,
    CriterionData,
    ProposalData,
    ReviewData,
    deviations,
    evaluate,
    pass_fail_results,
    rank,
    spread,
    weighted_score,
)

SCORED = [
    CriterionData(id=1, number=1, title="Exchange", scored=True, weight=2.0),
    CriterionData(id=2, number=2, title="Relevance", scored=True),
    CriterionData(id=3, number=3, title="Municipal level", scored=True),
    CriterionData(id=4, number=4, title="Innovation", scored=True),
]
PASS_FAIL = [
    CriterionData(id=5, number=5, title="Countries", scored=False, has_auto_check=True),
    CriterionData(id=7, number=7, title="Support", scored=False, has_auto_check=True),
]
CRITERIA = SCORED + PASS_FAIL


def review(id_, scores, votes=None, submitted=True):
    return ReviewData(
        id=id_,
        reviewer=f"Reviewer {id_}",
        submitted=submitted,
        scores=dict(zip((1, 2, 3, 4), scores, strict=True)),
        votes=votes or {5: True, 7: True},
    )


def test_weighted_score_by_hand():
    # (2·5 + 4 + 4 + 3) / (2 + 1 + 1 + 1) = 21 / 5
    assert weighted_score(SCORED, {1: 5, 2: 4, 3: 4, 4: 3}) == pytest.approx(4.2)
    assert weighted_score(SCORED, {1: 5, 2: 4, 3: None, 4: 3}) is None  # incomplete
    zero = [CriterionData(id=1, number=1, title="", scored=True, weight=0)]
    assert weighted_score(zero, {1: 3}) is None


def test_a_proposal_by_hand():
    proposal = ProposalData(
        id=1,
        title="Flood resilience",
        reviews=[
            review(1, (5, 4, 4, 3)),  # 4.2
            review(2, (2, 2, 3, 3), votes={5: True, 7: False}),  # 2.4
            review(3, (4, 4, 4, 4), votes={5: True, 7: False}),  # 4.0
            review(4, (1, 1, 1, 1), submitted=False),  # a draft does not count
        ],
        auto_checks={5: True, 7: False},
    )
    result = evaluate(proposal, CRITERIA)
    assert result.mean == pytest.approx(10.6 / 3)  # 3.5333
    assert result.spread.stdev == pytest.approx(math.sqrt(1.946666666 / 3), abs=1e-6)  # 0.8055
    assert (result.spread.low, result.spread.high) == (pytest.approx(2.4), pytest.approx(4.2))
    assert (result.submitted, result.assigned, result.counted) == (3, 4, 3)
    # Reviewer 2 is 1.7 below the others' mean (4.1); reviewer 1 only 1.0 above theirs (3.2).
    flags = {r.review.id: (r.deviation, r.is_outlier) for r in result.reviews}
    assert flags[2][0] == pytest.approx(-1.7)
    assert flags[2][1] is True
    assert flags[1] == (pytest.approx(1.0), False)
    assert flags[3] == (pytest.approx(0.7), False)
    assert flags[4] == (None, False)
    countries, support = result.pass_fail
    assert (countries.auto, countries.met, countries.not_met, countries.fails) == (
        True,
        3,
        0,
        False,
    )
    assert (support.auto, support.met, support.not_met, support.fails) == (False, 1, 2, True)
    assert result.fails_a_requirement


def test_outliers_exactly_at_the_threshold_are_not_flagged():
    assert deviations([3.0, 3.0 + OUTLIER_THRESHOLD]) == [
        (pytest.approx(-1.5), False),
        (pytest.approx(1.5), False),
    ]
    assert [flag for _d, flag in deviations([3.0, 4.51])] == [True, True]


def test_ranking_sorts_by_mean_shares_ranks_and_puts_unreviewed_last():
    proposals = [
        ProposalData(id=1, title="B", reviews=[review(1, (3, 3, 3, 3))]),
        ProposalData(id=2, title="A", reviews=[review(2, (3, 3, 3, 3))]),
        ProposalData(id=3, title="C", reviews=[]),
        ProposalData(id=4, title="D", reviews=[review(3, (5, 5, 5, 5))]),
    ]
    ranked = rank(proposals, CRITERIA)
    assert [(r.proposal.title, r.rank) for r in ranked] == [
        ("D", 1),
        ("A", 2),
        ("B", 2),
        ("C", None),
    ]


def test_pass_fail_counts_only_submitted_votes():
    reviews = [
        review(1, (1, 1, 1, 1), votes={5: False, 7: None}),
        review(2, (1, 1, 1, 1), votes={5: False, 7: False}, submitted=False),
    ]
    results = pass_fail_results(CRITERIA, {5: None}, reviews)
    assert [(r.criterion.id, r.auto, r.met, r.not_met) for r in results] == [
        (5, None, 0, 1),
        (7, None, 0, 0),
    ]


# --- Properties --------------------------------------------------------------------------

score = st.integers(min_value=0, max_value=5)
scores = st.tuples(score, score, score, score)
weights = st.lists(st.floats(min_value=0.1, max_value=5, allow_nan=False), min_size=4, max_size=4)


def _criteria(weight_list):
    return [
        CriterionData(id=i + 1, number=i + 1, title="", scored=True, weight=w)
        for i, w in enumerate(weight_list)
    ]


@given(weights, scores)
def test_a_weighted_score_lies_between_the_lowest_and_highest_score(weight_list, values):
    result = weighted_score(_criteria(weight_list), dict(enumerate(values, start=1)))
    assert min(values) - 1e-9 <= result <= max(values) + 1e-9


@given(weights, scores, st.floats(min_value=0.1, max_value=10))
def test_scaling_all_weights_changes_nothing(weight_list, values, factor):
    by_id = dict(enumerate(values, start=1))
    scaled = [w * factor for w in weight_list]
    assert weighted_score(_criteria(scaled), by_id) == pytest.approx(
        weighted_score(_criteria(weight_list), by_id)
    )


@given(scores)
def test_one_reviewer_means_no_spread_and_no_outlier(values):
    proposal = ProposalData(id=1, title="P", reviews=[review(1, values)])
    result = evaluate(proposal, CRITERIA)
    assert result.spread.stdev == 0
    assert result.spread.low == result.spread.high == result.mean
    assert result.outliers == []


@given(st.lists(st.floats(min_value=0, max_value=5, allow_nan=False), min_size=1, max_size=8))
def test_the_spread_is_within_the_range(values):
    result = spread(values)
    assert result.low <= sum(values) / len(values) + 1e-9
    assert 0 <= result.stdev <= (result.high - result.low) / 2 + 1e-9


@given(st.integers(min_value=1, max_value=8), st.floats(min_value=0, max_value=5))
def test_equal_scores_are_never_outliers(count, value):
    assert all(not flag for _d, flag in deviations([value] * count))


@given(st.lists(st.lists(scores, max_size=4), max_size=8))
def test_the_ranking_is_sorted_by_mean_with_unreviewed_last(score_lists):
    proposals = [
        ProposalData(
            id=index,
            title=f"P{index}",
            reviews=[review(100 * index + n, values) for n, values in enumerate(score_list)],
        )
        for index, score_list in enumerate(score_lists)
    ]
    ranked = rank(proposals, CRITERIA)
    assert sorted(r.proposal.id for r in ranked) == list(range(len(proposals)))
    means = [r.mean for r in ranked]
    reviewed = [m for m in means if m is not None]
    assert means[: len(reviewed)] == reviewed  # unreviewed ones come last
    assert reviewed == sorted(reviewed, reverse=True)
    ranks = [r.rank for r in ranked if r.rank is not None]
    assert ranks == sorted(ranks)
    assert not ranks or ranks[0] == 1
    for item in ranked:
        assert (item.rank is None) == (item.mean is None)
