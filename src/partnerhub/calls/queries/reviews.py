"""Reads of the review: a reviewer's assignments, the review board, the ranking.

Every function runs a fixed number of queries whatever the number of
proposals, reviewers or scores. A reviewer's own list leaves out any proposal
of a municipality the reviewer acts for, even if an assignment row exists
(the services refuse to create one; this is the second lock on the door).
The other reviewers' scores are returned only once the reviewer's own review
is submitted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerhub.accounts.models import Membership, Person
from partnerhub.reference.queries import oda_statuses_on

from .. import ranking as ranking_module
from .. import rules_of_call
from ..models import (
    AutoCheck,
    Call,
    Criterion,
    Proposal,
    ProposalStatus,
    ProposedActor,
    ReviewAssignment,
)

__all__ = [
    "RankingPage",
    "ReviewState",
    "auto_checks_for",
    "call_for_review",
    "other_reviews",
    "ranking_for",
    "review_assignment",
    "review_board",
    "reviewer_assignments",
    "reviewer_conflicts",
    "reviewer_pool",
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


def reviewer_assignments(person) -> list[ReviewAssignment]:
    """The person's assignments to submitted proposals, never one of their own municipality."""
    assignments = (
        ReviewAssignment.objects.filter(reviewer=person, proposal__status=ProposalStatus.SUBMITTED)
        .exclude(proposal__municipality_id__in=_acts_for(person))
        .select_related("proposal__municipality", "proposal__call")
        .annotate(saved_scores=Count("scores"))
        .order_by("-proposal__call__deadline", "proposal__title", "proposal_id", "pk")
    )
    return [_with_state(assignment) for assignment in assignments]


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


@dataclass
class RankingPage:
    call: Call
    criteria: list[Criterion]
    ranked: list[ranking_module.RankedProposal]
    proposals: dict[int, Proposal]

    @property
    def scored_criteria(self) -> list[Criterion]:
        return [criterion for criterion in self.criteria if criterion.is_scored]

    @property
    def pass_fail_criteria(self) -> list[Criterion]:
        return [criterion for criterion in self.criteria if not criterion.is_scored]


def _criterion_data(criterion: Criterion) -> ranking_module.CriterionData:
    return ranking_module.CriterionData(
        id=criterion.pk,
        number=criterion.number,
        title=criterion.title,
        scored=criterion.is_scored,
        weight=float(criterion.weight),
        has_auto_check=bool(criterion.auto_check),
    )


def _review_data(assignment: ReviewAssignment) -> ranking_module.ReviewData:
    scores = list(assignment.scores.all())
    return ranking_module.ReviewData(
        id=assignment.pk,
        reviewer=assignment.reviewer.full_name or assignment.reviewer.email,
        submitted=assignment.is_submitted,
        scores={score.criterion_id: score.score for score in scores},
        votes={score.criterion_id: score.passed for score in scores},
        comment=assignment.overall_comment,
    )


def ranking_for(call: Call) -> RankingPage:
    """The ranking of the call's submitted proposals (six queries, whatever their number)."""
    criteria = list(call.criteria.all())
    assignments = (
        ReviewAssignment.objects.select_related("reviewer")
        .prefetch_related("scores")
        .order_by("assigned_at", "pk")
    )
    proposals = list(
        call.proposals.filter(status=ProposalStatus.SUBMITTED)
        .select_related("municipality", "learning_process")
        .prefetch_related(
            Prefetch("actors", queryset=_actors()),
            Prefetch("assignments", queryset=assignments),
        )
    )
    checks = auto_checks_for(call, proposals, criteria)
    data = [
        ranking_module.ProposalData(
            id=proposal.pk,
            title=proposal.title,
            applicant=proposal.municipality.name,
            reviews=[_review_data(a) for a in proposal.assignments.all()],
            auto_checks=checks[proposal.pk],
            decision=proposal.decision,
        )
        for proposal in proposals
    ]
    return RankingPage(
        call=call,
        criteria=criteria,
        ranked=ranking_module.rank(data, [_criterion_data(c) for c in criteria]),
        proposals={proposal.pk: proposal for proposal in proposals},
    )
