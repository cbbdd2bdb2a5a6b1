"""Participant selection runs of a dialogue event: start, progress, review, adjust, publish.

Organisers only (`calls.manage_learning_processes`). The run is computed by a
background job; while it runs its page shows the progress (a reload link without
JavaScript; `static/js/run-progress.js` polls the JSON status). Refusals by the
services are messages, never a 500.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import queries, services
from ..forms_selection_runs import AdjustSelectionForm, SelectionRunForm
from ..models import EventParticipant
from .learning import _event, _process, organiser_only


def _event_or_404(pk):
    process = _process(pk)
    event = _event(process)
    if event is None:
        raise Http404
    return process, event


def _run_or_404(event, run_pk):
    run = queries.selection_run_detail(event, run_pk)
    if run is None:
        raise Http404
    return run


def _run_url(process, run) -> str:
    return reverse("calls:selection_run", args=[process.pk, run.pk])


def _country_choices(data) -> list[tuple[str, str]]:
    names = {p.country_id: p.country.name for p in data.participants}
    codes = sorted(set(names) | set(data.named_countries), key=lambda c: names.get(c, c))
    return [(code, names.get(code, code)) for code in codes]


@organiser_only
def selection_runs(request, pk):
    """The event's selection runs and the form to start a new one."""
    process, event = _event_or_404(pk)
    data = services.selection_input(event)
    form = SelectionRunForm(
        request.POST or None,
        initial=services.selection_defaults(event, data),
        countries=_country_choices(data),
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = services.selection_run_start(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The selection run has started."))
            return redirect(_run_url(process, run))
    return render(
        request,
        "calls/learning/selection_runs.html",
        {
            "process": process,
            "event": event,
            "form": form,
            "runs": queries.selection_runs_of(event),
            "nominees": len(data.participants),
        },
    )


@never_cache
@organiser_only
def selection_run(request, pk, run_pk):
    process, event = _event_or_404(pk)
    run = _run_or_404(event, run_pk)
    context = {"process": process, "event": event, "run": run}
    if run.is_pending:
        return render(request, "calls/learning/selection_run_progress.html", context)
    if not run.is_done:
        context["problems"] = queries.selection_run_problems(run, services.selection_input(event))
        return render(request, "calls/learning/selection_run_failed.html", context)
    return _review(request, context)


def _review(request, context, review=None, form=None):
    """The review page with the form that adjusts the group by hand."""
    review = review or queries.selection_run_review(context["run"])
    context["review"] = review
    context["adjust_form"] = form or AdjustSelectionForm(
        inside=review.in_group, outside=review.outside
    )
    return render(request, "calls/learning/selection_run_review.html", context)


@never_cache
@organiser_only
def selection_run_status(request, pk, run_pk):
    process, event = _event_or_404(pk)
    run = _run_or_404(event, run_pk)
    return JsonResponse(
        {
            "status": run.status,
            "status_label": run.get_status_display(),
            "stage": run.stage,
            "stage_label": run.get_stage_display(),
            "progress": run.progress,
            "finished": not run.is_pending,
            "url": _run_url(process, run),
        }
    )


@require_POST
@organiser_only
def selection_run_adjust(request, pk, run_pk):
    """Take a nominee in, out, or swap two; a refusal shows the page again with the input."""
    process, event = _event_or_404(pk)
    run = _run_or_404(event, run_pk)
    if not run.is_done:
        messages.error(request, _("Only a finished run can be adjusted."))
        return redirect(_run_url(process, run))
    review = queries.selection_run_review(run)
    form = AdjustSelectionForm(request.POST, inside=review.in_group, outside=review.outside)
    if form.is_valid():
        people = EventParticipant.objects.filter(event=event).in_bulk(
            [n for n in (form.cleaned_data["take_in"], form.cleaned_data["take_out"]) if n]
        )
        try:
            services.selection_run_adjust(
                run=run,
                by=request.user,
                reason=form.cleaned_data["reason"],
                take_in=people.get(form.cleaned_data["take_in"]),
                take_out=people.get(form.cleaned_data["take_out"]),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The group has been adjusted."))
            return redirect(f"{_run_url(process, run)}#adjust")
    context = {"process": process, "event": event, "run": run}
    return _review(request, context, review=review, form=form)


@require_POST
@organiser_only
def selection_run_publish(request, pk, run_pk):
    process, event = _event_or_404(pk)
    run = _run_or_404(event, run_pk)
    try:
        services.selection_run_publish(run=run, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{_run_url(process, run)}#publish")
    messages.success(request, _("The selection has been published."))
    return redirect(reverse("calls:learning_process_manage", args=[process.pk]) + "#participants")


urlpatterns = [
    path("learning-processes/<int:pk>/selection-runs/", selection_runs, name="selection_runs"),
    path(
        "learning-processes/<int:pk>/selection-runs/<int:run_pk>/",
        selection_run,
        name="selection_run",
    ),
    path(
        "learning-processes/<int:pk>/selection-runs/<int:run_pk>/status.json",
        selection_run_status,
        name="selection_run_status",
    ),
    path(
        "learning-processes/<int:pk>/selection-runs/<int:run_pk>/adjust/",
        selection_run_adjust,
        name="selection_run_adjust",
    ),
    path(
        "learning-processes/<int:pk>/selection-runs/<int:run_pk>/publish/",
        selection_run_publish,
        name="selection_run_publish",
    ),
]
