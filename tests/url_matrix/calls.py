"""Matrix entries: calls for proposals, proposals, review, ranking, learning processes.

The World's call is published; w.proposal is a submitted proposal of municipality A
("own"), w.proposal_other one of municipality B; reviewer_conflict (a member of A) is
assigned to w.proposal_other only.
"""

from .base import ANYONE, LOGGED_IN, LOGIN, Entry, expect, organiser_only

ORGANISER = organiser_only()
ORGANISER_POST = organiser_only(302)
# A proposal is seen by its municipality's members, organisers, and (not shown here)
# the reviewers assigned to it; reviewer_conflict is a member of A.
# Others get 404: a proposal's existence is not revealed.
OWN_PROPOSAL = expect(404, anonymous=LOGIN, member_own=200, reviewer_conflict=200, organiser=200)
# After the deadline (17 Feb 2026) a submitted proposal is no longer changed: its members are
# sent back to it; organisers never write proposals.
OWN_PROPOSAL_CLOSED = expect(
    404, anonymous=LOGIN, member_own=302, reviewer_conflict=302, organiser=403
)


def call(w):
    return {"slug": w.call.slug}


def proposal(w):
    return {"pk": w.proposal.pk}


def process(w):
    return {"pk": w.learning_process.pk}


ENTRIES = [
    Entry("calls:list", ANYONE),
    Entry("calls:call", ANYONE, args=call),
    Entry("calls:call_create", ORGANISER),
    Entry("calls:call_edit", ORGANISER, args=call),
    Entry("calls:call_publish", ORGANISER_POST, method="post", args=call),
    # --- Proposals ---
    Entry("calls:my_proposals", LOGGED_IN),
    # only people acting for a German municipality apply; organisers do not
    Entry(
        "calls:proposal_create",
        expect(200, anonymous=LOGIN, participant=403, organiser=403),
        args=call,
    ),
    Entry("calls:proposal", OWN_PROPOSAL, args=proposal),
    Entry("calls:proposal_edit", OWN_PROPOSAL_CLOSED, args=proposal),
    # submitting again after the deadline: the page with the reason
    Entry(
        "calls:proposal_submit",
        expect(404, anonymous=LOGIN, member_own=200, reviewer_conflict=200, organiser=403),
        method="post",
        args=proposal,
    ),
    Entry("calls:proposal_withdraw", OWN_PROPOSAL_CLOSED, method="post", args=proposal),
    # the PDF is made by a job after the commit (none inside a test transaction): 404;
    # who may fetch a stored file is tested in tests/security/test_uploads.py and tests/calls
    Entry(
        "calls:proposal_document",
        expect(404, anonymous=LOGIN),
        args=proposal,
        label="not made yet",
    ),
    Entry(
        "calls:support_letter",
        expect(404, anonymous=LOGIN),
        args=proposal,
        label="none uploaded",
    ),
    Entry(
        "calls:support_letter",
        OWN_PROPOSAL,
        args=lambda w: {"pk": with_letter(w).pk},
        label="uploaded",
    ),
    # --- Review ---
    Entry("calls:my_reviews", expect(403, anonymous=LOGIN, reviewer_conflict=200)),
    Entry(
        "calls:review",
        expect(403, anonymous=LOGIN, reviewer_conflict=200),
        args=lambda w: {"assignment_pk": w.assignment.pk},
    ),
    Entry("calls:review_board", ORGANISER, args=call),
    # organisers get the page with the result (or the reason nothing was assigned)
    Entry("calls:reviews_assign_automatically", ORGANISER, method="post", args=call),
    Entry(
        "calls:review_assign",
        ORGANISER,
        method="post",
        args=lambda w: {"slug": w.call.slug, "pk": w.proposal_other.pk},
        data=lambda w: {"reviewer": w["reviewer_conflict"].pk},
    ),
    Entry(
        "calls:review_unassign",
        ORGANISER_POST,
        method="post",
        args=lambda w: {"slug": w.call.slug, "assignment_pk": w.assignment.pk},
    ),
    Entry("calls:ranking", ORGANISER, args=call),
    # without reviews the ranking page comes back with the reason
    Entry(
        "calls:proposal_decide",
        ORGANISER,
        method="post",
        args=lambda w: {"slug": w.call.slug, "pk": w.proposal.pk},
        data=lambda w: {"decision": "selected", "reason": "Good."},
    ),
    # --- Statistics and learning processes ---
    Entry("calls:statistics", ANYONE),
    Entry("calls:learning_processes", ANYONE),
    Entry("calls:learning_process", ANYONE, args=process),
    Entry("calls:learning_process_manage", ORGANISER, args=process),
    # the host municipality's members tick the host's items
    Entry(
        "calls:learning_process_tasks",
        expect(403, anonymous=LOGIN, member_own=200, reviewer_conflict=200, organiser=200),
        args=process,
    ),
    Entry(
        "calls:event_task_done",
        expect(403, anonymous=LOGIN, member_own=302, reviewer_conflict=302, organiser=302),
        method="post",
        args=lambda w: {"pk": w.learning_process.pk, "task_pk": first_task(w).pk},
    ),
    Entry(
        "calls:event_participant_add",
        ORGANISER_POST,
        method="post",
        args=process,
        data=lambda w: {
            "participant-full_name": "Test Person Nominee",
            "participant-country": "GH",
        },
    ),
    Entry(
        "calls:event_participant_status",
        ORGANISER_POST,
        method="post",
        args=lambda w: {"pk": w.learning_process.pk, "participant_pk": nominee(w).pk},
        data=lambda w: {"status": "not_selected"},
    ),
    Entry(
        "calls:follow_up_add",
        ORGANISER_POST,
        method="post",
        args=process,
        data=lambda w: {
            "follow-up-kind": "virtual",
            "follow-up-title": "Online exchange",
            "follow-up-starts_on": "2026-09-01",
        },
    ),
    Entry(
        "calls:follow_up_edit",
        ORGANISER,
        args=lambda w: {"pk": w.learning_process.pk, "follow_up_pk": follow_up(w).pk},
    ),
    Entry(
        "calls:learning_process_create",
        ORGANISER,
        args=lambda w: {"slug": w.call.slug, "pk": w.selected.pk},
    ),
]


def first_task(w):
    """A host's item: the host municipality's members tick it, and organisers."""
    from partnerhub.calls.models import TaskOwner

    tasks = w.learning_process.dialogue_event.tasks
    return tasks.filter(owner=TaskOwner.HOST).order_by("position").first()


def nominee(w):
    from partnerhub.calls.models import EventParticipant

    return w.once(
        "nominee",
        lambda: EventParticipant.objects.create(
            event=w.learning_process.dialogue_event,
            full_name="Test Person Nominee",
            country_id="GH",
        ),
    )


def follow_up(w):
    import datetime

    return w.once(
        "follow_up",
        lambda: w.learning_process.follow_ups.create(
            kind="virtual", title="Online exchange", starts_on=datetime.date(2026, 9, 1)
        ),
    )


def with_letter(w):
    from django.core.files.base import ContentFile

    proposal = w.proposal
    if not proposal.support_letter:
        proposal.support_letter.save("letter.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return proposal
