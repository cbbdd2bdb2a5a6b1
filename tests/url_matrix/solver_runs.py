"""Matrix entries: workshop assignment runs (conferences) and participant selection runs
(calls). Organisers only, everywhere; actions are POST-only and redirect the organiser (a
refused adjustment of a selection shows the review again, with the organiser's input)."""

from .base import Entry, organiser_only


def assignment_run(w):
    from partnerhub.conferences.models import AssignmentRun, RunStatus

    return w.once(
        "assignment_run",
        lambda: AssignmentRun.objects.create(
            edition=w.edition, policy="fair", seed=1, status=RunStatus.DONE, result={}
        ),
    )


def selection_run(w):
    from partnerhub.calls.models import SelectionRun, SelectionRunStatus

    return w.once(
        "selection_run",
        lambda: SelectionRun.objects.create(
            event=w.learning_process.dialogue_event,
            mode="score",
            seed=1,
            min_size=25,
            max_size=35,
            status=SelectionRunStatus.DONE,
            result={},
        ),
    )


def run_args(w):
    return w.edition_args(pk=assignment_run(w).pk)


def selection_args(w):
    return {"pk": w.learning_process.pk, "run_pk": selection_run(w).pk}


ENTRIES = [
    Entry("conferences:assignment_runs", organiser_only(), args=lambda w: w.edition_args()),
    Entry(
        "conferences:assignment_runs",
        organiser_only(ok=200),  # an invalid form is shown again
        method="post",
        data=lambda w: {"policy": "nonsense"},
        args=lambda w: w.edition_args(),
        label="post",
    ),
    Entry("conferences:assignment_run", organiser_only(), args=run_args),
    Entry("conferences:assignment_run_status", organiser_only(), args=run_args),
    Entry(
        "conferences:assignment_run_move",
        organiser_only(ok=302),
        method="post",
        data=lambda w: {"registration": w.registration.pk, "session": w.workshop.pk},
        args=run_args,
    ),
    Entry(
        "conferences:assignment_run_remove",
        organiser_only(ok=302),
        method="post",
        data=lambda w: {"registration": w.registration.pk, "slot": w.time_slot.pk},
        args=run_args,
    ),
    Entry(
        "conferences:assignment_run_publish", organiser_only(ok=302), method="post", args=run_args
    ),
    Entry("calls:selection_runs", organiser_only(), args=lambda w: {"pk": w.learning_process.pk}),
    Entry(
        "calls:selection_runs",
        organiser_only(ok=200),
        method="post",
        data=lambda w: {"mode": "dice"},
        args=lambda w: {"pk": w.learning_process.pk},
        label="post",
    ),
    Entry("calls:selection_run", organiser_only(), args=selection_args),
    Entry("calls:selection_run_status", organiser_only(), args=selection_args),
    Entry(
        "calls:selection_run_adjust",
        organiser_only(ok=200),  # nobody chosen: the review is shown again with the error
        method="post",
        data=lambda w: {"reason": "Test."},
        args=selection_args,
    ),
    Entry(
        "calls:selection_run_publish", organiser_only(ok=302), method="post", args=selection_args
    ),
]
