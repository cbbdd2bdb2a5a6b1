"""Review: assign reviewers (by hand or balanced), score, decide.

A reviewer never reviews a proposal of a municipality they act for
(`accounts.predicates.has_conflict_of_interest`), neither when assigned by
hand nor automatically. Scores are saved as drafts and submitted once; the
others' scores become visible to a reviewer only after their own submission
(`calls.queries`).
"""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.accounts.models import Membership, Person
from partnerhub.accounts.predicates import forget_memberships, has_conflict_of_interest
from partnerhub.core.jobs import enqueue
from partnerhub.core.services import audit_record

from ..assignment import AssignmentPlan, balanced_assignment
from ..models import (
    SCORE_MAX,
    SCORE_MIN,
    AutoCheck,
    Call,
    Criterion,
    CriterionScore,
    Decision,
    Proposal,
    ProposalStatus,
    ReviewAssignment,
)
from ..tasks import send_proposal_mail

__all__ = [
    "auto_check",
    "proposal_decide",
    "review_assign",
    "review_save",
    "review_unassign",
    "reviews_assign_automatically",
]


def _require_organiser(by, message: str) -> None:
    if not by.has_perm("calls.manage_reviews"):
        raise PermissionDenied(message)


def _municipalities_of(reviewers: list[Person]) -> dict[int, set[int]]:
    """The municipalities each reviewer currently acts for, in one query."""
    acts_for = {reviewer.pk: set() for reviewer in reviewers}
    rows = (
        Membership.objects.current()
        .filter(person__in=reviewers, municipality__isnull=False)
        .values_list("person_id", "municipality_id")
    )
    for person_id, municipality_id in rows:
        acts_for[person_id].add(municipality_id)
    return acts_for


def _conflicted(reviewer: Person, proposal: Proposal) -> bool:
    forget_memberships(reviewer)
    return has_conflict_of_interest(reviewer, proposal.municipality)


@transaction.atomic
def review_assign(*, proposal: Proposal, reviewer: Person, by) -> ReviewAssignment:
    _require_organiser(by, _("Only organisers assign reviewers."))
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not reviewer.is_reviewer or not reviewer.is_active:
        raise ValidationError({"reviewer": _("This person is not in the pool of reviewers.")})
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError(_("Only submitted proposals are reviewed."))
    if _conflicted(reviewer, proposal):
        raise ValidationError(
            {
                "reviewer": _(
                    "%(name)s acts for %(municipality)s, the applicant: a conflict of interest."
                )
                % {"name": reviewer.full_name, "municipality": proposal.municipality.name}
            }
        )
    try:
        with transaction.atomic():
            assignment = ReviewAssignment.objects.create(
                proposal=proposal, reviewer=reviewer, assigned_by=by
            )
    except IntegrityError as error:
        raise ValidationError(
            {"reviewer": _("This reviewer is already assigned to this proposal.")}
        ) from error
    audit_record(subject=proposal, action="review.assigned", actor=by, note=reviewer.email)
    return assignment


@transaction.atomic
def review_unassign(*, assignment: ReviewAssignment, by) -> None:
    _require_organiser(by, _("Only organisers assign reviewers."))
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.is_submitted:
        raise ValidationError(_("A submitted review cannot be withdrawn from its reviewer."))
    audit_record(
        subject=assignment.proposal,
        action="review.unassigned",
        actor=by,
        note=assignment.reviewer.email,
    )
    assignment.delete()


@transaction.atomic
def reviews_assign_automatically(*, call: Call, by, per_proposal: int = 2) -> AssignmentPlan:
    """Give every submitted proposal `per_proposal` reviewers, balanced, free of conflicts."""
    _require_organiser(by, _("Only organisers assign reviewers."))
    if per_proposal < 1:
        raise ValidationError({"per_proposal": _("At least one reviewer per proposal.")})
    proposals = list(
        call.proposals.filter(status=ProposalStatus.SUBMITTED).prefetch_related("assignments")
    )
    reviewers = list(Person.objects.filter(is_reviewer=True, is_active=True))
    acts_for = _municipalities_of(reviewers)
    conflicts = {
        proposal.pk: {r.pk for r in reviewers if proposal.municipality_id in acts_for[r.pk]}
        for proposal in proposals
    }
    existing = {p.pk: {a.reviewer_id for a in p.assignments.all()} for p in proposals}
    plan = balanced_assignment(
        [p.pk for p in proposals],
        [r.pk for r in reviewers],
        per_proposal=per_proposal,
        conflicts=conflicts,
        existing=existing,
    )
    ReviewAssignment.objects.bulk_create(
        ReviewAssignment(proposal_id=proposal, reviewer_id=reviewer, assigned_by=by)
        for proposal, reviewer in plan.new
    )
    audit_record(subject=call, action="review.assigned_automatically", actor=by, note=str(plan.new))
    return plan


def auto_check(criterion: Criterion, proposal: Proposal) -> bool | None:
    """What the data says about a pass/fail criterion, or None when it cannot decide."""
    from .proposals import proposal_missing

    if criterion.auto_check == AutoCheck.PARTNER_COUNTRIES:
        return "actors" not in proposal_missing(proposal)
    if criterion.auto_check == AutoCheck.FOLLOW_UP:
        return proposal.commits_to_follow_up
    if criterion.auto_check == AutoCheck.MUNICIPAL_SUPPORT:
        return proposal.has_municipal_support
    return None


def _check_score(criterion: Criterion, values: Mapping, *, submitting: bool) -> dict:
    score, passed = values.get("score"), values.get("passed")
    key = f"scores[{criterion.number}]"
    if criterion.is_scored:
        if score is not None and not SCORE_MIN <= int(score) <= SCORE_MAX:
            raise ValidationError(
                {key: _("Give a score from %(low)d to %(high)d.") % {"low": 0, "high": 5}}
            )
        if submitting and score is None:
            raise ValidationError({key: _("Score every criterion before you submit.")})
        return {"score": score, "passed": None}
    if submitting and passed is None:
        raise ValidationError({key: _("Say whether the proposal meets this criterion.")})
    return {"score": None, "passed": passed}


@transaction.atomic
def review_save(
    *,
    assignment: ReviewAssignment,
    by,
    scores: Mapping[int, Mapping],
    overall_comment: str = "",
    submit: bool = False,
) -> ReviewAssignment:
    """Save the reviewer's scores ({criterion id: {score, passed, comment}}); submit once."""
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    if by is None or by.pk != assignment.reviewer_id:
        raise PermissionDenied(_("Only the assigned reviewer scores this proposal."))
    if _conflicted(assignment.reviewer, assignment.proposal):
        raise PermissionDenied(_("You act for the applicant: you cannot review this proposal."))
    if assignment.is_submitted:
        raise ValidationError(_("You have already submitted this review."))
    criteria = list(assignment.proposal.call.criteria.all())
    for criterion in criteria:
        values = scores.get(criterion.pk, {})
        checked = _check_score(criterion, values, submitting=submit)
        CriterionScore.objects.update_or_create(
            assignment=assignment,
            criterion=criterion,
            defaults={**checked, "comment": values.get("comment", "")},
        )
    assignment.overall_comment = overall_comment
    if submit:
        assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["overall_comment", "submitted_at"])
    if submit:
        audit_record(subject=assignment.proposal, action="review.submitted", actor=by)
    return assignment


@transaction.atomic
def proposal_decide(*, proposal: Proposal, decision: str, reason: str, by) -> Proposal:
    """Selected, reserve or not selected, with a reason the applicant is told."""
    if not by.has_perm("calls.decide_proposal", proposal):
        raise PermissionDenied(_("Only organisers decide on proposals."))
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Choose a decision.")})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the decision.")})
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError(_("Only submitted proposals can be decided."))
    previous = proposal.decision
    proposal.decision = decision
    proposal.decision_reason = reason
    proposal.decided_at = timezone.now()
    proposal.decided_by = by
    proposal.save(update_fields=["decision", "decision_reason", "decided_at", "decided_by"])
    audit_record(
        subject=proposal,
        action="proposal.decided",
        actor=by,
        from_state=previous,
        to_state=decision,
        note=reason,
    )
    enqueue(send_proposal_mail, proposal.pk, "decided")
    return proposal
