"""Workshop assignment runs: start one, follow its progress, review, adjust and publish it.

Organisers only (`conferences.assign_workshops`). The run is computed by a
background job; its page shows the progress while it runs (a reload link
without JavaScript; `static/js/run-progress.js` polls the small JSON status
and reloads when it is done), then the review. Refusals by the services are
shown as messages, never a 500.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import queries, services
from ..forms_assignment_runs import AssignmentRunForm, MoveForm, RemoveForm
from ..models import ProgrammeSession, Registration, SessionKind, TimeSlot
from .programme import add_service_errors, edition_or_404

PERM = "conferences.assign_workshops"


def organiser_only(view):
    """Log in first (anonymous → log-in page), then the permission (others → 403)."""
    return login_required(permission_required(PERM, raise_exception=True)(view))


def _run_or_404(edition, pk):
    run = queries.assignment_run_detail(edition, pk)
    if run is None:
        raise Http404
    return run


def _run_url(run) -> str:
    edition = run.edition
    return reverse("conferences:assignment_run", args=[edition.series.slug, edition.number, run.pk])


@organiser_only
def assignment_runs(request, series, number):
    """The edition's runs and the form to start a new one."""
    edition = edition_or_404(series, number)
    form = AssignmentRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.assignment_run_start(
                edition=edition, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The assignment run has started."))
            return redirect(_run_url(run))
    return render(
        request,
        "conferences/assignment_runs.html",
        {"edition": edition, "form": form, "runs": queries.assignment_runs_of(edition)},
    )


@never_cache
@organiser_only
def assignment_run(request, series, number, pk):
    """While it runs: its progress. Then: the review (or why it failed)."""
    edition = edition_or_404(series, number)
    run = _run_or_404(edition, pk)
    context = {"edition": edition, "run": run}
    if run.is_pending:
        return render(request, "conferences/assignment_run_progress.html", context)
    if not run.is_done:
        context["issues"] = queries.run_issues(run)
        return render(request, "conferences/assignment_run_failed.html", context)
    context["review"] = queries.assignment_run_review(run)
    context["move_form"] = MoveForm()
    return render(request, "conferences/assignment_run_review.html", context)


@never_cache
@organiser_only
def assignment_run_status(request, series, number, pk):
    """The run's progress as JSON, for the page's optional polling."""
    edition = edition_or_404(series, number)
    run = _run_or_404(edition, pk)
    return JsonResponse(
        {
            "status": run.status,
            "status_label": run.get_status_display(),
            "stage": run.stage,
            "stage_label": run.get_stage_display(),
            "progress": run.progress,
            "finished": not run.is_pending,
            "url": _run_url(run),
        }
    )


def _back_to_review(run, anchor="adjust"):
    return redirect(f"{_run_url(run)}#{anchor}")


@require_POST
@organiser_only
def assignment_run_move(request, series, number, pk):
    edition = edition_or_404(series, number)
    run = _run_or_404(edition, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back_to_review(run)
    registration = Registration.objects.filter(
        pk=form.cleaned_data["registration"], edition=edition
    ).first()
    session = (
        ProgrammeSession.objects.filter(
            pk=form.cleaned_data["session"], edition=edition, kind=SessionKind.WORKSHOP
        )
        .select_related("slot", "room")
        .first()
    )
    if registration is None or session is None:
        messages.error(request, _("Choose a participant and a workshop of this edition."))
        return _back_to_review(run)
    try:
        services.assignment_run_move(
            run=run, by=request.user, registration=registration, session=session
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("In the proposal, %(name)s is now in the workshop “%(title)s”.")
            % {"name": registration.full_name, "title": session.title},
        )
        problem = services.assignment_language_problem(registration, session)
        if problem:
            messages.warning(request, problem)
    return _back_to_review(run)


@require_POST
@organiser_only
def assignment_run_remove(request, series, number, pk):
    edition = edition_or_404(series, number)
    run = _run_or_404(edition, pk)
    form = RemoveForm(request.POST)
    registration = slot = None
    if form.is_valid():
        registration = Registration.objects.filter(
            pk=form.cleaned_data["registration"], edition=edition
        ).first()
        slot = TimeSlot.objects.filter(pk=form.cleaned_data["slot"], edition=edition).first()
    if registration is None or slot is None:
        messages.error(request, _("Choose a participant and a time slot of this edition."))
        return _back_to_review(run)
    try:
        services.assignment_run_remove(
            run=run, by=request.user, registration=registration, slot=slot
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("In the proposal, %(name)s has no workshop in this time slot now.")
            % {"name": registration.full_name},
        )
    return _back_to_review(run, f"slot-{slot.pk}")


@require_POST
@organiser_only
def assignment_run_publish(request, series, number, pk):
    edition = edition_or_404(series, number)
    run = _run_or_404(edition, pk)
    try:
        services.assignment_run_publish(run=run, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back_to_review(run, "publish")
    messages.success(
        request,
        _("The assignment has been published: participants now see their workshops."),
    )
    return redirect("conferences:workshop_assign", series, number)


_RUN = "<slug:series>/<int:number>/programme/assignment-runs/<int:pk>/"
urlpatterns = [
    path(
        "<slug:series>/<int:number>/programme/assignment-runs/",
        assignment_runs,
        name="assignment_runs",
    ),
    path(_RUN, assignment_run, name="assignment_run"),
    path(f"{_RUN}status.json", assignment_run_status, name="assignment_run_status"),
    path(f"{_RUN}move/", assignment_run_move, name="assignment_run_move"),
    path(f"{_RUN}remove/", assignment_run_remove, name="assignment_run_remove"),
    path(f"{_RUN}publish/", assignment_run_publish, name="assignment_run_publish"),
]
