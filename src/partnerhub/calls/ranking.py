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
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

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


def weighted_score(criteria: Sequence[CriterionData], scores: Mapping[int, int | None]):
    """Weighted mean of the scored criteria, or None if one is missing or all weights are 0."""
    scored = [criterion for criterion in criteria if criterion.scored]
    if not scored or any(scores.get(criterion.id) is None for criterion in scored):
        return None
    total_weight = sum(float(criterion.weight) for criterion in scored)
    if total_weight <= 0:
        return None
    total = sum(float(criterion.weight) * scores[criterion.id] for criterion in scored)
    return total / total_weight


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
    submitted = [review for review in reviews if review.submitted]
    return [
        PassFailResult(
            criterion=criterion,
            auto=auto_checks.get(criterion.id),
            met=sum(review.votes.get(criterion.id) is True for review in submitted),
            not_met=sum(review.votes.get(criterion.id) is False for review in submitted),
        )
        for criterion in criteria
        if not criterion.scored
    ]


def evaluate(
    proposal: ProposalData,
    criteria: Sequence[CriterionData],
    threshold: float = OUTLIER_THRESHOLD,
) -> RankedProposal:
    """Every figure of one proposal (its rank is set by `rank`)."""
    scores = [
        weighted_score(criteria, review.scores) if review.submitted else None
        for review in proposal.reviews
    ]
    counted = [score for score in scores if score is not None]
    return RankedProposal(
        proposal=proposal,
        rank=None,
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
        pass_fail=pass_fail_results(criteria, proposal.auto_checks, proposal.reviews),
    )


def _sort_key(item: RankedProposal):
    unranked = item.mean is None
    return (unranked, -(item.mean or 0.0), item.proposal.title.casefold(), item.proposal.id)


def rank(
    proposals: Sequence[ProposalData],
    criteria: Sequence[CriterionData],
    threshold: float = OUTLIER_THRESHOLD,
) -> list[RankedProposal]:
    """The proposals with their figures, best mean first; equal means share a rank."""
    evaluated = sorted((evaluate(p, criteria, threshold) for p in proposals), key=_sort_key)
    ranked = []
    previous_mean, previous_rank = None, 0
    for position, item in enumerate(evaluated, start=1):
        if item.mean is None:
            ranked.append(item)
            continue
        if previous_mean is not None and abs(previous_mean - item.mean) <= TIE_TOLERANCE:
            number = previous_rank
        else:
            number = position
        previous_mean, previous_rank = item.mean, number
        ranked.append(replace(item, rank=number))
    return ranked
