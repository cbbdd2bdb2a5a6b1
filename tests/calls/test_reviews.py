"""Review and decision: conflicts of interest, hidden scores, pre-checks, balanced assignment."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.calls import services
from partnerhub.calls.models import Decision, ReviewAssignment
from partnerhub.core.models import AuditEvent
from tests.factories import MembershipFactory, PersonFactory

from .test_proposals import BEFORE, complete, submit_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(call, applicant):
    proposal = complete(call, applicant, commits_to_follow_up=True)
    return submit_at(proposal, applicant[0], BEFORE)


@pytest.fixture
def reviewers(applicant):
    """Two free reviewers and one who acts for the applicant's town."""
    free = [PersonFactory(is_reviewer=True, full_name=f"Test Reviewer {i}") for i in range(2)]
    conflicted = PersonFactory(is_reviewer=True, full_name="Test Reviewer Conflicted")
    MembershipFactory(person=conflicted, municipality=applicant[1], since=datetime.date(2020, 1, 1))
    return free, conflicted


def test_a_reviewer_of_the_applicants_town_cannot_be_assigned(submitted, reviewers, organiser):
    _free, conflicted = reviewers
    with pytest.raises(ValidationError, match="conflict of interest"):
        services.review_assign(proposal=submitted, reviewer=conflicted, by=organiser)


def test_automatic_assignment_skips_conflicts(call, submitted, reviewers, organiser):
    free, conflicted = reviewers
    plan = services.reviews_assign_automatically(call=call, by=organiser, per_proposal=2)
    assigned = set(submitted.assignments.values_list("reviewer_id", flat=True))
    assert assigned == {free[0].pk, free[1].pk}
    assert conflicted.pk not in assigned
    assert plan.short == {}
    again = services.reviews_assign_automatically(call=call, by=organiser, per_proposal=2)
    assert again.new == []


def test_only_organisers_assign(submitted, reviewers, applicant):
    with pytest.raises(PermissionDenied):
        services.review_assign(proposal=submitted, reviewer=reviewers[0][0], by=applicant[0])


def _scores(call, score=4, passed=True):
    return {
        criterion.pk: (
            {"score": score, "comment": "Fine"} if criterion.is_scored else {"passed": passed}
        )
        for criterion in call.criteria.all()
    }


def test_scoring_needs_every_criterion_to_submit_and_locks_afterwards(
    call, submitted, reviewers, organiser
):
    reviewer = reviewers[0][0]
    assignment = services.review_assign(proposal=submitted, reviewer=reviewer, by=organiser)
    partial = {call.criteria.get(number=1).pk: {"score": 3}}
    services.review_save(assignment=assignment, by=reviewer, scores=partial)  # a draft is fine
    with pytest.raises(ValidationError, match="Score every criterion"):
        services.review_save(assignment=assignment, by=reviewer, scores=partial, submit=True)
    with pytest.raises(ValidationError, match="from 0 to 5"):
        services.review_save(assignment=assignment, by=reviewer, scores=_scores(call, score=6))
    services.review_save(assignment=assignment, by=reviewer, scores=_scores(call), submit=True)
    with pytest.raises(ValidationError, match="already submitted"):
        services.review_save(assignment=assignment, by=reviewer, scores=_scores(call))


def test_somebody_else_cannot_score(call, submitted, reviewers, organiser):
    assignment = services.review_assign(proposal=submitted, reviewer=reviewers[0][0], by=organiser)
    with pytest.raises(PermissionDenied):
        services.review_save(assignment=assignment, by=reviewers[0][1], scores=_scores(call))


def test_pass_fail_criteria_are_prechecked_from_the_data(call, submitted):
    checks = {c.number: services.auto_check(c, submitted) for c in call.criteria.all()}
    assert checks[5] is True  # Ghana and France
    assert checks[6] is True  # committed to follow-up activities
    assert checks[7] is False  # municipal support not declared
    assert checks[1] is None  # scored by people


def test_decision_needs_a_reason_and_tells_the_applicant(
    submitted, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError, match="reason"):
        services.proposal_decide(
            proposal=submitted, decision=Decision.SELECTED, reason="", by=organiser
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_decide(
            proposal=submitted, decision=Decision.SELECTED, reason="Strong topic.", by=organiser
        )
    assert AuditEvent.objects.filter(action="proposal.decided", to_state="selected").exists()
    assert "Strong topic." in mailoutbox[-1].body


def test_unassigning_a_submitted_review_is_refused(call, submitted, reviewers, organiser):
    reviewer = reviewers[0][0]
    assignment = services.review_assign(proposal=submitted, reviewer=reviewer, by=organiser)
    services.review_save(assignment=assignment, by=reviewer, scores=_scores(call), submit=True)
    with pytest.raises(ValidationError):
        services.review_unassign(assignment=assignment, by=organiser)
    assert ReviewAssignment.objects.filter(pk=assignment.pk).exists()


def test_withdrawn_proposals_are_not_reviewed(submitted, reviewers, organiser, applicant):
    with mock.patch("django.utils.timezone.now", return_value=BEFORE):
        services.proposal_withdraw(proposal=submitted, by=applicant[0])
    with pytest.raises(ValidationError, match="Only submitted"):
        services.review_assign(proposal=submitted, reviewer=reviewers[0][0], by=organiser)
