"""Pages of learning processes: the public pages, the organisers' page, the host's checklist.

* `learning-processes/` and `learning-processes/<id>/`: public. The participant
  mix is shown as counts and shares by origin only; names of participants are
  personal data and never appear on a public page.
* `statistics/`: public figures computed from the dialogue events (`calls.statistics`).
* `learning-processes/<id>/manage/`: organisers nominate and select participants
  with the mix and its warnings in view, tick tasks, record follow-ups.
* `learning-processes/<id>/tasks/`: the division of tasks for members of the host
  municipality (they tick the host's items) and organisers.
* `<call>/proposals/<id>/learning-process/`: an organiser starts the learning
  process of a selected proposal.

Views only parse the request, ask `queries` or call `services`, and render; a
refusal by a service is shown as a message, never a 500.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import queries, services, statistics
from ..forms_learning import FollowUpForm, LearningProcessCreateForm, ParticipantForm
from ..models import (
    Decision,
    EventParticipant,
    EventTask,
    LearningProcess,
    Origin,
    ParticipantStatus,
    Proposal,
    ProposalStatus,
    TaskOwner,
)

MANAGE = "calls.manage_learning_processes"
HOST_MEMBER = "calls.apply_for"  # its object is the municipality: "acts for the host"


def organiser_only(view):
    """Log in first (anonymous → log-in page), then the permission (others → 403)."""
    return login_required(permission_required(MANAGE, raise_exception=True)(view))


def _error_text(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")


def _process(pk: int) -> LearningProcess:
    process = queries.learning_process(pk)
    if process is None:
        raise Http404
    return process


def _event(process: LearningProcess):
    return getattr(process, "dialogue_event", None)


def _may_see_tasks(user, process: LearningProcess) -> bool:
    return user.has_perm("calls.view_event_tasks", process.host)


def _may_tick(user, task: EventTask, process: LearningProcess) -> bool:
    """The same rule as `services.event_task_set_done`, to show a button only where it works."""
    return user.has_perm(MANAGE) or (
        task.owner == TaskOwner.HOST and user.has_perm(HOST_MEMBER, process.host)
    )


def _next(request, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- Public -------------------------------------------------------------------------------


def learning_process_list(request):
    processes = list(queries.learning_processes())
    for process in processes:
        event = _event(process)
        process.event_dates = queries.event_dates(event) if event else ""
    return render(request, "calls/learning/list.html", {"processes": processes})


def learning_process_detail(request, pk):
    process = _process(pk)
    event = _event(process)
    mix = services.event_mix(event) if event else None
    return render(
        request,
        "calls/learning/detail.html",
        {
            "process": process,
            "event": event,
            "event_dates": queries.event_dates(event) if event else "",
            "mix": mix,
            "segments": queries.mix_segments(mix) if mix else [],
            "follow_ups": list(process.follow_ups.all()),
            "timeline": queries.timeline(process),
            "may_manage": request.user.has_perm(MANAGE),
            "may_see_tasks": request.user.is_authenticated
            and _may_see_tasks(request.user, process),
        },
    )


def statistics_page(request):
    """Connective Cities in figures, computed from the dialogue events on record."""
    return render(request, "calls/statistics.html", statistics.statistics_page())


# --- Organisers ---------------------------------------------------------------------------


def _render_manage(request, process, *, participant_form=None, follow_up_form=None):
    event = _event(process)
    participants = queries.event_participants(event) if event else []
    origins = services.participant_origins(participants, event.starts_on) if event else {}
    labels = dict(Origin.choices)
    for participant in participants:
        participant.origin_label = labels.get(origins.get(participant.pk), "")
    mix = services.event_mix(event) if event else None
    tasks = queries.event_tasks(event) if event else []
    for task in tasks:
        task.may_tick = True
    return render(
        request,
        "calls/learning/manage.html",
        {
            "process": process,
            "event": event,
            "event_dates": queries.event_dates(event) if event else "",
            "participants": participants,
            "statuses": ParticipantStatus,
            "mix": mix,
            "segments": queries.mix_segments(mix) if mix else [],
            "tasks": tasks,
            "follow_ups": list(process.follow_ups.all()),
            "participant_form": participant_form or ParticipantForm(prefix="participant"),
            "follow_up_form": follow_up_form or FollowUpForm(prefix="follow-up"),
        },
    )


def _manage_url(process, anchor: str = "") -> str:
    url = reverse("calls:learning_process_manage", args=[process.pk])
    return f"{url}#{anchor}" if anchor else url


@organiser_only
def learning_process_manage(request, pk):
    return _render_manage(request, _process(pk))


@organiser_only
def learning_process_create(request, slug, pk):
    """GET: the form; POST: start the learning process of a selected proposal."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("municipality", "call"),
        pk=pk,
        call__slug=slug,
        status=ProposalStatus.SUBMITTED,
    )
    existing = LearningProcess.objects.filter(proposal=proposal).first()
    if existing is not None:
        messages.info(request, _("This proposal already has its learning process."))
        return redirect(_manage_url(existing))
    form = LearningProcessCreateForm(
        request.POST if request.method == "POST" else None, prefix=f"process-{proposal.pk}"
    )
    if request.method == "POST" and form.is_valid():
        try:
            process = services.learning_process_create(
                proposal=proposal,
                by=request.user,
                event_starts_on=form.cleaned_data["event_starts_on"],
                place=form.cleaned_data["place"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("The learning process “%(title)s” has started.") % {"title": process.title},
            )
            return redirect(_manage_url(process))
    return render(
        request,
        "calls/learning/create.html",
        {"proposal": proposal, "form": form, "is_selected": proposal.decision == Decision.SELECTED},
    )


@organiser_only
@require_POST
def event_participant_add(request, pk):
    process = _process(pk)
    event = _event(process)
    if event is None:
        raise Http404
    form = ParticipantForm(request.POST, prefix="participant")
    if form.is_valid():
        try:
            participant = services.event_participant_add(
                event=event, by=request.user, **form.participant_fields()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("%(name)s has been nominated.") % {"name": participant.full_name}
            )
            return redirect(_manage_url(process, "participants"))
    return _render_manage(request, process, participant_form=form)


@organiser_only
@require_POST
def event_participant_status(request, pk, participant_pk):
    process = _process(pk)
    participant = get_object_or_404(
        EventParticipant, pk=participant_pk, event__learning_process=process
    )
    status = request.POST.get("status", "")
    try:
        services.event_participant_set_status(
            participant=participant, status=status, by=request.user
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("%(name)s: %(status)s.")
            % {"name": participant.full_name, "status": ParticipantStatus(status).label},
        )
    return redirect(_manage_url(process, "participants"))


@organiser_only
@require_POST
def follow_up_add(request, pk):
    process = _process(pk)
    form = FollowUpForm(request.POST, prefix="follow-up")
    if form.is_valid():
        try:
            activity = services.follow_up_save(
                learning_process=process, by=request.user, **form.activity_fields()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("The activity “%(title)s” has been saved.") % {"title": activity.title}
            )
            return redirect(_manage_url(process, "follow-ups"))
    return _render_manage(request, process, follow_up_form=form)


@organiser_only
def follow_up_edit(request, pk, follow_up_pk):
    process = _process(pk)
    activity = get_object_or_404(process.follow_ups.all(), pk=follow_up_pk)
    form = FollowUpForm(
        request.POST if request.method == "POST" else None, instance=activity, prefix="follow-up"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_save(
                learning_process=process,
                by=request.user,
                activity=activity,
                **form.activity_fields(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("The activity “%(title)s” has been saved.") % {"title": activity.title}
            )
            return redirect(_manage_url(process, "follow-ups"))
    return render(
        request,
        "calls/learning/follow_up.html",
        {"process": process, "activity": activity, "form": form},
    )


# --- The division of tasks ------------------------------------------------------------------


@login_required
def learning_process_tasks(request, pk):
    """The checklist for the host's members and organisers."""
    process = _process(pk)
    if not _may_see_tasks(request.user, process):
        raise PermissionDenied(_("The checklist is for the host municipality and the organisers."))
    tasks = queries.learning_process_tasks(process)
    for task in tasks:
        task.may_tick = _may_tick(request.user, task, process)
    return render(
        request,
        "calls/learning/tasks.html",
        {
            "process": process,
            "event": _event(process),
            "tasks": tasks,
            "may_manage": request.user.has_perm(MANAGE),
        },
    )


@login_required
@require_POST
def event_task_done(request, pk, task_pk):
    process = _process(pk)
    task = get_object_or_404(
        EventTask.objects.select_related("event__learning_process__host"),
        pk=task_pk,
        event__learning_process=process,
    )
    done = request.POST.get("done") == "1"
    services.event_task_set_done(task=task, done=done, by=request.user)  # refuses with 403
    messages.success(
        request,
        (_("Done: %(task)s") if done else _("Open again: %(task)s")) % {"task": task.title},
    )
    default = reverse("calls:learning_process_tasks", args=[process.pk])
    return redirect(_next(request, default))


urlpatterns = [
    path("statistics/", statistics_page, name="statistics"),
    path("learning-processes/", learning_process_list, name="learning_processes"),
    path("learning-processes/<int:pk>/", learning_process_detail, name="learning_process"),
    path(
        "learning-processes/<int:pk>/manage/",
        learning_process_manage,
        name="learning_process_manage",
    ),
    path(
        "learning-processes/<int:pk>/tasks/", learning_process_tasks, name="learning_process_tasks"
    ),
    path(
        "learning-processes/<int:pk>/tasks/<int:task_pk>/done/",
        event_task_done,
        name="event_task_done",
    ),
    path(
        "learning-processes/<int:pk>/participants/",
        event_participant_add,
        name="event_participant_add",
    ),
    path(
        "learning-processes/<int:pk>/participants/<int:participant_pk>/status/",
        event_participant_status,
        name="event_participant_status",
    ),
    path("learning-processes/<int:pk>/follow-ups/", follow_up_add, name="follow_up_add"),
    path(
        "learning-processes/<int:pk>/follow-ups/<int:follow_up_pk>/",
        follow_up_edit,
        name="follow_up_edit",
    ),
    path(
        "<slug:slug>/proposals/<int:pk>/learning-process/",
        learning_process_create,
        name="learning_process_create",
    ),
]
