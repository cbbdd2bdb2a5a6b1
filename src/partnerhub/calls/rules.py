"""Permissions on calls, proposals, reviews and learning processes.

Calls and learning processes are public. A member of a municipality writes,
submits and withdraws that municipality's proposals and sees only those;
organisers see all. Reviewers see only the proposals assigned to them, and an
assignment never goes to a reviewer who acts for the applicant.
"""

import rules

from partnerhub.accounts.predicates import (
    has_conflict_of_interest,
    is_member_of_municipality,
    is_organiser,
    is_reviewer,
)


@rules.predicate
def acts_for_applicant(user, proposal) -> bool:
    return proposal is not None and is_member_of_municipality(user, proposal.municipality)


@rules.predicate
def is_assigned_reviewer(user, proposal) -> bool:
    """Assigned to review this proposal and free of a conflict of interest."""
    if proposal is None or not is_reviewer(user):
        return False
    if has_conflict_of_interest(user, proposal.municipality):
        return False
    return any(a.reviewer_id == user.pk for a in proposal.assignments.all())


rules.add_perm("calls", is_organiser)
for model in ("call", "criterion", "learningprocess", "dialogueevent", "followupactivity"):
    rules.add_perm(f"calls.view_{model}", rules.always_allow)
    rules.add_perm(f"calls.add_{model}", is_organiser)
    rules.add_perm(f"calls.change_{model}", is_organiser)
    rules.add_perm(f"calls.delete_{model}", is_organiser)

# The object of apply_for is the applicant municipality.
rules.add_perm("calls.apply_for", is_member_of_municipality)
rules.add_perm("calls.view_proposal", is_organiser | acts_for_applicant | is_assigned_reviewer)
rules.add_perm("calls.change_proposal", acts_for_applicant)
rules.add_perm("calls.add_proposal", is_member_of_municipality)
rules.add_perm("calls.delete_proposal", is_organiser)
rules.add_perm("calls.review_proposal", is_assigned_reviewer)
rules.add_perm("calls.manage_reviews", is_organiser)
rules.add_perm("calls.decide_proposal", is_organiser)
rules.add_perm("calls.manage_learning_processes", is_organiser)

# Pages: a reviewer's list of assignments; the dialogue event's checklist (object: the host).
rules.add_perm("calls.view_my_reviews", is_reviewer)
rules.add_perm("calls.view_event_tasks", is_organiser | is_member_of_municipality)
