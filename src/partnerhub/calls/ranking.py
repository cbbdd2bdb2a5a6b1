"""The ranking of a call's proposals from their reviews: pure functions over plain data.

No Django imports, so that every figure can be tested (and reasoned about)
without a database; `calls.queries.reviews.ranking_for` loads the data in a
fixed number of queries and hands it over as the dataclasses below.

* A review's **score** is the weighted mean of its scored criteria (0–5), counted
  only when the review is submitted and every scored criterion has a score.
* A proposal's **mean** is the mean of its reviews' scores; its **spread** is the
  population standard deviation (0 for a single review) and the range min–max.
* A review is an **outlier** when its score deviates from the mean of the
  *other* reviews' scores by more than 1.5 points (a single review has no
  others and is never an outlier).
* **Pass/fail** criteria show what the data says (the automatic check) and how
  the reviewers voted (met / not met).
* The ranking is sorted by mean, highest first; proposals without a submitted,
  complete review come last, unranked. Equal means share a rank (1, 2, 2, 4).

`place` (or `place_by_means`) finds the order and the ranks from the means
alone; `evaluate` adds every other figure of one proposal, which depends on
that proposal only. A page that shows 25 of 2,000 proposals places all of them
and evaluates the 25 (`rank` does both for all).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

OUTLIER_THRESHOLD = 1.5
# Means closer than this are equal (floating-point noise from weights).
TIE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class CriterionData:
    id: int
    number: int
    title: str
    scored: bool
    weight: float = 1.0
    has_auto_check: bool = False


@dataclass(frozen=True)
class ReviewData:
    id: int
    reviewer: str
    submitted: bool
    scores: Mapping[int, int | None] = field(default_factory=dict)  # criterion id → 0–5
    votes: Mapping[int, bool | None] = field(default_factory=dict)  # criterion id → met?
    comment: str = ""


@dataclass(frozen=True)
class ProposalData:
    id: int
    title: str
    applicant: str = ""
    reviews: Sequence[ReviewData] = ()
    auto_checks: Mapping[int, bool | None] = field(default_factory=dict)  # criterion id → met?
    decision: str = ""


@dataclass(frozen=True)
class ReviewResult:
    review: ReviewData
    score: float | None
    deviation: float | None  # from the mean of the other reviews' scores
    is_outlier: bool


@dataclass(frozen=True)
class PassFailResult:
    criterion: CriterionData
    auto: bool | None  # what the data says, None when it cannot decide
    met: int  # reviewers' votes in submitted reviews
    not_met: int

    @property
    def fails(self) -> bool:
        """The data says "not met", or more reviewers voted "not met" than "met"."""
        return self.auto is False or self.not_met > self.met


@dataclass(frozen=True)
class Spread:
    stdev: float
    low: float
    high: float


@dataclass(frozen=True)
class RankedProposal:
    proposal: ProposalData
    rank: int | None
    mean: float | None
    spread: Spread | None
    reviews: list[ReviewResult]
    submitted: int
    assigned: int
    pass_fail: list[PassFailResult]

    @property
    def outliers(self) -> list[ReviewResult]:
        return [review for review in self.reviews if review.is_outlier]

    @property
    def fails_a_requirement(self) -> bool:
        return any(result.fails for result in self.pass_fail)

    @property
    def counted(self) -> int:
        """Reviews that enter the mean (submitted and complete)."""
        return sum(review.score is not None for review in self.reviews)


class Criteria:
    """The criteria prepared once for many reviews: scored ones with weights, pass/fail ones.

    `Criteria(criteria).score(scores)` is `weighted_score(criteria, scores)`, without
    preparing the criteria again for each review.
    """

    def __init__(self, criteria: Sequence[CriterionData]):
        scored = [criterion for criterion in criteria if criterion.scored]
        self.weights = [(criterion.id, float(criterion.weight)) for criterion in scored]
        self.total_weight = sum(weight for _id, weight in self.weights)
        self.pass_fail = [criterion for criterion in criteria if not criterion.scored]

    def score(self, scores: Mapping[int, int | None]) -> float | None:
        """Weighted mean of the scored criteria, or None if one is missing or all weights are 0."""
        weights = self.weights
        if not weights or self.total_weight <= 0:
            return None
        for criterion_id, _weight in weights:
            if scores.get(criterion_id) is None:
                return None
        total = sum(weight * scores[criterion_id] for criterion_id, weight in weights)
        return total / self.total_weight

    def pass_fail_results(
        self, auto_checks: Mapping[int, bool | None], reviews: Sequence[ReviewData]
    ) -> list[PassFailResult]:
        """Per pass/fail criterion: what the data says, the votes of the submitted reviews."""
        votes = [review.votes for review in reviews if review.submitted]
        results = []
        for criterion in self.pass_fail:
            met = not_met = 0
            for vote in votes:
                value = vote.get(criterion.id)
                if value is True:
                    met += 1
                elif value is False:
                    not_met += 1
            results.append(
                PassFailResult(
                    criterion=criterion,
                    auto=auto_checks.get(criterion.id),
                    met=met,
                    not_met=not_met,
                )
            )
        return results


def weighted_score(criteria: Sequence[CriterionData], scores: Mapping[int, int | None]):
    """Weighted mean of the scored criteria, or None if one is missing or all weights are 0."""
    return Criteria(criteria).score(scores)


def mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def spread(values: Sequence[float]) -> Spread | None:
    """Population standard deviation and range; a single value has spread 0."""
    if not values:
        return None
    centre = mean(values)
    variance = math.fsum((value - centre) ** 2 for value in values) / len(values)
    return Spread(stdev=math.sqrt(variance), low=min(values), high=max(values))


def deviations(
    values: Sequence[float | None], threshold: float = OUTLIER_THRESHOLD
) -> list[tuple[float | None, bool]]:
    """Per value: its deviation from the mean of the other values, and whether it is an outlier.

    None values (incomplete reviews) get (None, False) and are not among "the others".
    """
    present = [value for value in values if value is not None]
    total, count = math.fsum(present), len(present)
    result = []
    for value in values:
        if value is None or count < 2:
            result.append((None, False))
            continue
        others_mean = (total - value) / (count - 1)
        deviation = value - others_mean
        result.append((deviation, abs(deviation) > threshold + TIE_TOLERANCE))
    return result


def pass_fail_results(
    criteria: Sequence[CriterionData],
    auto_checks: Mapping[int, bool | None],
    reviews: Sequence[ReviewData],
) -> list[PassFailResult]:
    return Criteria(criteria).pass_fail_results(auto_checks, reviews)


def _scores(proposal: ProposalData, prepared: Criteria) -> list[float | None]:
    """Each review's weighted score (None unless submitted and complete)."""
    return [
        prepared.score(review.scores) if review.submitted else None for review in proposal.reviews
    ]


def _evaluate(
    proposal: ProposalData,
    prepared: Criteria,
    threshold: float,
    scores: list[float | None],
    rank: int | None = None,
) -> RankedProposal:
    counted = [score for score in scores if score is not None]
    return RankedProposal(
        proposal=proposal,
        rank=rank,
        mean=mean(counted),
        spread=spread(counted),
        reviews=[
            ReviewResult(review=review, score=score, deviation=deviation, is_outlier=outlier)
            for review, score, (deviation, outlier) in zip(
                proposal.reviews, scores, deviations(scores, threshold), strict=True
            )
        ],
        submitted=sum(review.submitted for review in proposal.reviews),
        assigned=len(proposal.reviews),
        pass_fail=prepared.pass_fail_results(proposal.auto_checks, proposal.reviews),
    )


def evaluate(
    proposal: ProposalData,
    criteria: Sequence[CriterionData],
    threshold: float = OUTLIER_THRESHOLD,
    rank: int | None = None,
) -> RankedProposal:
    """Every figure of one proposal; its `rank` comes from `place` (or `rank`)."""
    prepared = Criteria(criteria)
    return _evaluate(proposal, prepared, threshold, _scores(proposal, prepared), rank)


@dataclass(frozen=True)
class Placed:
    """A proposal's place in the ranking: its mean and rank (None: unranked)."""

    proposal: ProposalData
    rank: int | None
    mean: float | None


def _sort_key(mean_value: float | None, proposal: ProposalData):
    unranked = mean_value is None
    return (unranked, -(mean_value or 0.0), proposal.title.casefold(), proposal.id)


def place_by_means(means: Iterable[tuple[ProposalData, float | None]]) -> list[Placed]:
    """The order of the ranking from each proposal's mean, best first; equal means share a rank.

    For a caller that computed the means itself (each the `mean` of the scores
    of the proposal's submitted, complete reviews, in any order: `math.fsum`).
    """
    keyed = sorted(
        (
            (_sort_key(proposal_mean, proposal), proposal, proposal_mean)
            for proposal, proposal_mean in means
        ),
        key=itemgetter(0),
    )
    placed = []
    previous_mean, previous_rank = None, 0
    for position, (_key, proposal, proposal_mean) in enumerate(keyed, start=1):
        number = None
        if proposal_mean is not None:
            if previous_mean is not None and abs(previous_mean - proposal_mean) <= TIE_TOLERANCE:
                number = previous_rank
            else:
                number = position
            previous_mean, previous_rank = proposal_mean, number
        placed.append(Placed(proposal=proposal, rank=number, mean=proposal_mean))
    return placed


def _mean_of(proposal: ProposalData, prepared: Criteria) -> float | None:
    return mean([score for score in _scores(proposal, prepared) if score is not None])


def place(proposals: Sequence[ProposalData], criteria: Sequence[CriterionData]) -> list[Placed]:
    """The order of the ranking with each proposal's mean and rank, without the other figures."""
    prepared = Criteria(criteria)
    return place_by_means((proposal, _mean_of(proposal, prepared)) for proposal in proposals)


def rank(
    proposals: Sequence[ProposalData],
    criteria: Sequence[CriterionData],
    threshold: float = OUTLIER_THRESHOLD,
) -> list[RankedProposal]:
    """The proposals with their figures, best mean first; equal means share a rank."""
    prepared = Criteria(criteria)
    return [
        _evaluate(item.proposal, prepared, threshold, _scores(item.proposal, prepared), item.rank)
        for item in place(proposals, criteria)
    ]
