"""Reads of the review: a reviewer's assignments, the review board, the ranking.

Every function runs a fixed number of queries whatever the number of
proposals, reviewers or scores. The long lists (a reviewer's assignments, the
ranking) are read in two steps so that a page stays fast at
thousands of proposals: first a light read of all rows (ids and the figures
that order, filter and count them), then the full objects of the rows shown.

A reviewer's own list leaves out any proposal of a municipality the reviewer
acts for, even if an assignment row exists (the services refuse to create one;
this is the second lock on the door). The other reviewers' scores are returned
only once the reviewer's own review is submitted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from operator import mul

from django.db import models
from django.db.models import Count, ExpressionWrapper, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerhub.accounts.models import Membership, Person
from partnerhub.reference.queries import oda_statuses_on

from .. import ranking as ranking_module
from .. import rules_of_call
from ..models import (
    SECTIONS,
    AutoCheck,
    Call,
    Criterion,
    CriterionScore,
    Decision,
    Proposal,
    ProposalStatus,
    ProposedActor,
    ReviewAssignment,
)

__all__ = [
    "DECISION_FILTERS",
    "REVIEW_FILTERS",
    "UNDECIDED",
    "RankingPage",
    "RankingRow",
    "ReviewState",
    "ReviewerQueue",
    "auto_checks_for",
    "call_for_review",
    "other_reviews",
    "ranking_for",
    "ranking_rows",
    "review_assignment",
    "review_board",
    "reviewer_assignments",
    "reviewer_assignments_by_pk",
    "reviewer_conflicts",
    "reviewer_pool",
    "reviewer_queue",
]

GERMANY = "DE"


class ReviewState(models.TextChoices):
    TODO = "todo", _("to do")
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")


def _with_state(assignment: ReviewAssignment) -> ReviewAssignment:
    if assignment.submitted_at:
        assignment.state = ReviewState.SUBMITTED
    elif getattr(assignment, "saved_scores", 0) or assignment.overall_comment:
        assignment.state = ReviewState.DRAFT
    else:
        assignment.state = ReviewState.TODO
    assignment.state_label = ReviewState(assignment.state).label
    return assignment


def _acts_for(person) -> models.QuerySet:
    """The municipalities the person currently acts for (a subquery)."""
    return (
        Membership.objects.current()
        .filter(person=person, municipality__isnull=False)
        .values("municipality_id")
    )


def _reviewer_assignments(person) -> models.QuerySet:
    """The person's assignments to submitted proposals, never one of their own municipality."""
    return (
        ReviewAssignment.objects.filter(reviewer=person, proposal__status=ProposalStatus.SUBMITTED)
        .exclude(proposal__municipality_id__in=_acts_for(person))
        .order_by("-proposal__call__deadline", "proposal__title", "proposal_id", "pk")
    )


def reviewer_assignments(person) -> list[ReviewAssignment]:
    """The person's assignments to submitted proposals, never one of their own municipality."""
    assignments = (
        _reviewer_assignments(person)
        .select_related("proposal__municipality", "proposal__call")
        .defer(*(f"proposal__{section}" for section in SECTIONS))
        .annotate(saved_scores=Count("scores"))
    )
    return [_with_state(assignment) for assignment in assignments]


# Which of a reviewer's assignments the list shows: `open` (to do or draft), `submitted`, `all`.
REVIEW_FILTERS = ("open", "submitted", "all")


@dataclass
class ReviewerQueue:
    """All of a reviewer's assignments in the list's order, as (id, submitted?) only."""

    order: list[tuple[int, bool]]

    @property
    def total(self) -> int:
        return len(self.order)

    @property
    def submitted(self) -> int:
        return sum(done for _pk, done in self.order)

    @property
    def open(self) -> int:
        return self.total - self.submitted

    def ids(self, show: str = "all") -> list[int]:
        """The ids the list shows with the filter `show` (one of REVIEW_FILTERS)."""
        if show == "open":
            return [pk for pk, done in self.order if not done]
        if show == "submitted":
            return [pk for pk, done in self.order if done]
        return [pk for pk, _done in self.order]

    def next_id(self, current: int | None = None) -> int | None:
        """The next review to do: the first open one after `current`, else the first open one."""
        start = next((i for i, (pk, _done) in enumerate(self.order) if pk == current), -1)
        others = [(i, pk) for i, (pk, done) in enumerate(self.order) if not done and pk != current]
        after = [pk for i, pk in others if i > start]
        return (after or [pk for _i, pk in others] or [None])[0]

    def counts(self) -> dict[str, int]:
        return {"open": self.open, "submitted": self.submitted, "all": self.total}


def reviewer_queue(person) -> ReviewerQueue:
    """The order and state of all the person's assignments (one light query)."""
    rows = _reviewer_assignments(person).values_list("pk", "submitted_at")
    return ReviewerQueue(order=[(pk, submitted_at is not None) for pk, submitted_at in rows])


def reviewer_assignments_by_pk(person, pks) -> dict[int, ReviewAssignment]:
    """The person's assignments with these ids, with what the list shows (one query)."""
    assignments = (
        _reviewer_assignments(person)
        .filter(pk__in=list(pks))
        .select_related("proposal__municipality", "proposal__call")
        .defer(*(f"proposal__{section}" for section in SECTIONS))
        .annotate(saved_scores=Count("scores"))
    )
    return {assignment.pk: _with_state(assignment) for assignment in assignments}


def review_assignment(pk: int) -> ReviewAssignment | None:
    """One assignment with what the review page shows (the permission is the view's question)."""
    assignment = (
        ReviewAssignment.objects.filter(pk=pk, proposal__status=ProposalStatus.SUBMITTED)
        .select_related("proposal__municipality__country", "proposal__call", "reviewer")
        .prefetch_related(
            "proposal__assignments",
            "proposal__sdgs",
            Prefetch("proposal__actors", queryset=_actors()),
            "scores",
        )
        .first()
    )
    return _with_state(assignment) if assignment else None


def _actors():
    return ProposedActor.objects.select_related("country", "municipality")


def other_reviews(assignment: ReviewAssignment) -> list[ReviewAssignment]:
    """The other reviewers' submitted reviews, only once this reviewer has submitted."""
    if not assignment.is_submitted:
        return []
    return list(
        ReviewAssignment.objects.filter(
            proposal_id=assignment.proposal_id, submitted_at__isnull=False
        )
        .exclude(pk=assignment.pk)
        .prefetch_related("scores")
        .order_by("submitted_at", "pk")
    )


# --- Organisers --------------------------------------------------------------------------


def call_for_review(slug: str) -> Call | None:
    return Call.objects.filter(slug=slug).first()


def review_board(call: Call) -> list[Proposal]:
    """The call's submitted proposals with their reviewers and the state of each review."""
    assignments = (
        ReviewAssignment.objects.select_related("reviewer")
        .annotate(saved_scores=Count("scores"))
        .order_by("assigned_at", "pk")
    )
    proposals = list(
        call.proposals.filter(status=ProposalStatus.SUBMITTED)
        .select_related("municipality")
        .prefetch_related(Prefetch("assignments", queryset=assignments))
        .order_by("submitted_at", "pk")
    )
    for proposal in proposals:
        for assignment in proposal.assignments.all():
            _with_state(assignment)
    return proposals


def reviewer_pool() -> list[Person]:
    return list(Person.objects.filter(is_reviewer=True, is_active=True).order_by("full_name"))


def reviewer_conflicts(reviewers) -> dict[int, set[int]]:
    """The municipalities each reviewer currently acts for (one query)."""
    acts_for: dict[int, set[int]] = {reviewer.pk: set() for reviewer in reviewers}
    rows = (
        Membership.objects.current()
        .filter(person__in=[reviewer.pk for reviewer in reviewers], municipality__isnull=False)
        .values_list("person_id", "municipality_id")
    )
    for person_id, municipality_id in rows:
        acts_for[person_id].add(municipality_id)
    return acts_for


def auto_checks_for(call: Call, proposals, criteria) -> dict[int, dict[int, bool | None]]:
    """What the data says about each pass/fail criterion of each proposal (one query).

    The same answers as `services.auto_check`, which asks the database once per
    proposal; here the DAC list in force on the deadline is read once for all
    of them. Partner countries: at least two further countries besides Germany,
    at least one an ODA recipient on the deadline (`rules_of_call.
    partner_country_problems`, given the recipients). The proposals' `actors`
    must be prefetched with their countries.
    """
    checks = {criterion.auto_check for criterion in criteria}
    entries = {}
    if AutoCheck.PARTNER_COUNTRIES in checks:
        entries = oda_statuses_on(timezone.localtime(call.deadline).date())
    results = {}
    for proposal in proposals:
        countries = [actor.country for actor in proposal.actors.all()]
        answers = {}
        for criterion in criteria:
            if criterion.auto_check == AutoCheck.PARTNER_COUNTRIES:
                answers[criterion.pk] = not rules_of_call.partner_country_problems(
                    call, countries, recipients=entries.keys()
                )
            elif criterion.auto_check == AutoCheck.FOLLOW_UP:
                answers[criterion.pk] = proposal.commits_to_follow_up
            elif criterion.auto_check == AutoCheck.MUNICIPAL_SUPPORT:
                answers[criterion.pk] = proposal.has_municipal_support
            else:
                answers[criterion.pk] = None
        results[proposal.pk] = answers
    return results


# The ranking's decision filter: every proposal, the undecided ones, or one decision.
UNDECIDED = "undecided"
DECISION_FILTERS = ("", UNDECIDED, *Decision.values)


@dataclass
class RankingPage:
    """The call's submitted proposals in the order of the ranking, with mean and rank.

    `placed` holds all of them (`calls.ranking.Placed`, whose proposal data
    carries no reviews yet); `ranking_rows` adds every other figure for the
    ones a page shows.
    """

    call: Call
    criteria: list[Criterion]
    placed: list[ranking_module.Placed]

    @property
    def scored_criteria(self) -> list[Criterion]:
        return [criterion for criterion in self.criteria if criterion.is_scored]

    @property
    def pass_fail_criteria(self) -> list[Criterion]:
        return [criterion for criterion in self.criteria if not criterion.is_scored]

    def with_decision(self, decision: str = "") -> list[ranking_module.Placed]:
        """The proposals with this decision (`UNDECIDED`: none yet; "": all), in ranking order."""
        if not decision:
            return self.placed
        wanted = "" if decision == UNDECIDED else decision
        return [item for item in self.placed if item.proposal.decision == wanted]

    def decision_counts(self) -> dict[str, int]:
        """How many proposals each filter of DECISION_FILTERS shows."""
        counts = Counter(item.proposal.decision or UNDECIDED for item in self.placed)
        return {key: counts[key] if key else len(self.placed) for key in DECISION_FILTERS}


@dataclass
class RankingRow:
    """One proposal as a page of the ranking shows it: every figure and the proposal."""

    item: ranking_module.RankedProposal
    proposal: Proposal


def _criterion_data(criterion: Criterion) -> ranking_module.CriterionData:
    return ranking_module.CriterionData(
        id=criterion.pk,
        number=criterion.number,
        title=criterion.title,
        scored=criterion.is_scored,
        weight=float(criterion.weight),
        has_auto_check=bool(criterion.auto_check),
    )


def _means(call: Call, criteria) -> dict[int, float | None]:
    """Per proposal, its mean: of the weighted scores of its submitted, complete reviews (1 query).

    Reads only the scores of the scored criteria of submitted reviews, one
    review after the other, and keeps only each review's weighted score (the
    mean does not depend on their order: `math.fsum`).
    """
    prepared = ranking_module.Criteria([_criterion_data(criterion) for criterion in criteria])
    scored = [criterion.pk for criterion in criteria if criterion.is_scored]
    rows = (
        CriterionScore.objects.filter(
            assignment__proposal__call=call,
            assignment__proposal__status=ProposalStatus.SUBMITTED,
            assignment__submitted_at__isnull=False,
            criterion_id__in=scored,
        )
        .order_by("assignment_id")
        .values_list("assignment_id", "assignment__proposal_id", "criterion_id", "score")
    )
    weights, total_weight = prepared.weights, prepared.total_weight
    if not weights or total_weight <= 0:
        return {}  # no review has a score (`Criteria.score`)
    # `Criteria.score` without a dict per review: each review's scores in the order of the
    # weights, summed in that order (the same figure, bit for bit).
    position = {criterion_id: index for index, (criterion_id, _weight) in enumerate(weights)}
    factors = [weight for _id, weight in weights]
    counted: dict[int, list[float]] = {}

    def count(proposal_id, values):
        if None not in values:
            total = sum(map(mul, factors, values))
            counted.setdefault(proposal_id, []).append(total / total_weight)

    current, proposal_id, values = None, None, []
    for assignment_id, row_proposal_id, criterion_id, value in rows:
        if assignment_id != current:
            if current is not None:
                count(proposal_id, values)
            current, proposal_id, values = assignment_id, row_proposal_id, [None] * len(factors)
        values[position[criterion_id]] = value
    if current is not None:
        count(proposal_id, values)
    return {pk: ranking_module.mean(scores) for pk, scores in counted.items()}


def _reviews_of(proposal_ids) -> dict[int, list[ranking_module.ReviewData]]:
    """Per proposal, all its reviews with scores and votes, in order of assignment (1 query)."""
    rows = (
        ReviewAssignment.objects.filter(proposal_id__in=list(proposal_ids))
        .order_by("assigned_at", "pk")
        .annotate(
            is_submitted=ExpressionWrapper(
                Q(submitted_at__isnull=False), output_field=models.BooleanField()
            )
        )
        .values_list(
            "pk",
            "proposal_id",
            "reviewer__full_name",
            "reviewer__email",
            "is_submitted",
            "overall_comment",
            "scores__criterion_id",
            "scores__score",
            "scores__passed",
        )
    )
    assignments: dict[int, tuple] = {}  # in order of assignment
    for pk, proposal_id, name, email, submitted, comment, criterion_id, score, passed in rows:
        _proposal, _who, _submitted, _comment, scores, votes = assignments.setdefault(
            pk, (proposal_id, name or email, submitted, comment, {}, {})
        )
        if criterion_id is not None:
            scores[criterion_id] = score
            votes[criterion_id] = passed
    reviews: dict[int, list[ranking_module.ReviewData]] = {}
    for pk, (proposal_id, who, submitted, comment, scores, votes) in assignments.items():
        reviews.setdefault(proposal_id, []).append(
            ranking_module.ReviewData(
                id=pk,
                reviewer=who,
                submitted=submitted,
                scores=scores,
                votes=votes,
                comment=comment,
            )
        )
    return reviews


def ranking_for(call: Call) -> RankingPage:
    """The order and ranks of all the call's submitted proposals (three queries, any number).

    Reads plain values only, and only what the means need (the scored criteria
    of submitted reviews): no model object per proposal, review or score.
    `ranking_rows` adds the other figures for the proposals a page shows.
    """
    criteria = list(call.criteria.all())
    means = _means(call, criteria)
    proposals = (
        call.proposals.filter(status=ProposalStatus.SUBMITTED)
        .order_by()
        .values_list("pk", "title", "municipality__name", "decision")
    )
    return RankingPage(
        call=call,
        criteria=criteria,
        placed=ranking_module.place_by_means(
            (
                ranking_module.ProposalData(
                    id=pk, title=title, applicant=applicant, decision=decision
                ),
                means.get(pk),
            )
            for pk, title, applicant, decision in proposals
        ),
    )


def ranking_rows(page: RankingPage, placed) -> list[RankingRow]:
    """Every figure of these proposals (a page of `page.placed`), with the proposals (4 queries).

    The figures of a proposal depend on its own reviews and data only; its
    rank comes from the whole ranking. Read here for the proposals shown: all
    their reviews (with reviewers, comments and votes) and the automatic checks
    of the pass/fail criteria. A proposal withdrawn since `ranking_for` is left out.
    """
    placed = list(placed)
    ids = [item.proposal.id for item in placed]
    proposals = {
        proposal.pk: proposal
        for proposal in page.call.proposals.filter(status=ProposalStatus.SUBMITTED, pk__in=ids)
        .select_related("municipality", "learning_process")
        .prefetch_related(Prefetch("actors", queryset=_actors()))
        .defer(*SECTIONS)
    }
    checks = auto_checks_for(page.call, proposals.values(), page.criteria)
    reviews = _reviews_of(ids)
    criteria = [_criterion_data(criterion) for criterion in page.criteria]
    return [
        RankingRow(
            item=ranking_module.evaluate(
                replace(
                    item.proposal,
                    reviews=reviews.get(item.proposal.id, []),
                    auto_checks=checks[item.proposal.id],
                ),
                criteria,
                rank=item.rank,
            ),
            proposal=proposals[item.proposal.id],
        )
        for item in placed
        if item.proposal.id in proposals
    ]
