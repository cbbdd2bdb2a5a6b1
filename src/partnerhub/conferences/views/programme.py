"""Programme pages: the public programme, the organisers' editor and workshop assignment,
and the participant's workshop preferences and personal calendar (through their link).

Views only parse the request, ask `queries` or call `services`, and render. The
participant's pages take the registration's `access_token` as the capability:
partner delegates have no account, and an unknown token is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import queries, services
from ..forms_programme import (
    AssignForm,
    RoomForm,
    SessionForm,
    SpeakerForm,
    TimeSlotForm,
    WorkshopPreferenceForm,
)
from ..ics import personal_programme_calendar
from ..models import ProgrammeSession, Registration, Room, Speaker, TimeSlot


def edition_or_404(series: str, number: int):
    edition = queries.edition_detail(series=series, number=number)
    if edition is None:
        raise Http404
    return edition


def registration_or_404(token: str) -> Registration:
    registration = queries.token_registration(token)
    if registration is None:
        raise Http404
    return registration


def add_service_errors(form, error: ValidationError, field_map: dict | None = None) -> None:
    """Show a service's `ValidationError` next to the form's fields (else above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, errors in error.message_dict.items():
        name = (field_map or {}).get(key, key)
        form.add_error(name if name in form.fields else None, errors)


# --- Public --------------------------------------------------------------------------


def programme(request, series, number):
    edition = edition_or_404(series, number)
    return render(
        request,
        "conferences/programme/programme.html",
        {"edition": edition, "programme": queries.edition_programme(edition)},
    )


# --- The organisers' editor ----------------------------------------------------------------

# What each kind of item is: its model, its form, its services.
ITEMS = {
    "room": {
        "model": Room,
        "form": RoomForm,
        "create": services.room_create,
        "change": lambda obj, **values: services.room_change(room=obj, **values),
        "delete": lambda obj, by: services.room_delete(room=obj, by=by),
        "field_map": {},
    },
    "slot": {
        "model": TimeSlot,
        "form": TimeSlotForm,
        "create": services.time_slot_create,
        "change": lambda obj, **values: services.time_slot_change(slot=obj, **values),
        "delete": lambda obj, by: services.time_slot_delete(slot=obj, by=by),
        "field_map": {"starts_at": "day", "ends_at": "ends"},
    },
    "speaker": {
        "model": Speaker,
        "form": SpeakerForm,
        "create": services.speaker_create,
        "change": lambda obj, **values: services.speaker_change(speaker=obj, **values),
        "delete": lambda obj, by: services.speaker_delete(speaker=obj, by=by),
        "field_map": {},
    },
    "session": {
        "model": ProgrammeSession,
        "form": SessionForm,
        "create": services.session_create,
        "change": lambda obj, **values: services.session_change(session=obj, **values),
        "delete": lambda obj, by: services.session_delete(session=obj, by=by),
        "field_map": {},
    },
}


def _item_titles():
    return {
        "room": (_("Add a room"), _("Change the room")),
        "slot": (_("Add a time slot"), _("Change the time slot")),
        "speaker": (_("Add a speaker"), _("Change the speaker")),
        "session": (_("Add a session"), _("Change the session")),
    }


def _make_form(kind: str, edition, data=None, initial=None):
    form_class = ITEMS[kind]["form"]
    kwargs = {"initial": initial} if initial else {}
    if kind == "session":
        kwargs["edition"] = edition
    return form_class(data, **kwargs)


def _manage_url(edition) -> str:
    return reverse("conferences:programme_manage", args=[edition.series.slug, edition.number])


@login_required
@permission_required("conferences.change_programmesession", raise_exception=True)
def programme_manage(request, series, number):
    """The editor: rooms, time slots, speakers and sessions, each with add/change/delete."""
    edition = edition_or_404(series, number)
    return render(
        request,
        "conferences/programme/manage.html",
        {
            "edition": edition,
            "editor": queries.programme_editor(edition),
            "room_form": _make_form("room", edition),
            "slot_form": _make_form("slot", edition),
            "speaker_form": _make_form("speaker", edition),
        },
    )


@login_required
@permission_required("conferences.change_programmesession", raise_exception=True)
def programme_item(request, series, number, kind, pk=None):
    """Add (pk None) or change one room, time slot, speaker or session."""
    if kind not in ITEMS:
        raise Http404
    edition = edition_or_404(series, number)
    item = ITEMS[kind]
    obj = get_object_or_404(item["model"], pk=pk, edition=edition) if pk else None
    initial = item["form"].initial_for(obj) if obj is not None else None
    form = _make_form(kind, edition, request.POST or None, initial)
    if request.method == "POST" and form.is_valid():
        try:
            if obj is None:
                item["create"](edition=edition, by=request.user, **form.values())
            else:
                item["change"](obj, by=request.user, **form.values())
        except ValidationError as error:
            add_service_errors(form, error, item["field_map"])
        else:
            messages.success(request, _("The programme has been saved."))
            return redirect(_manage_url(edition))
    return render(
        request,
        "conferences/programme/item_form.html",
        {
            "edition": edition,
            "form": form,
            "kind": kind,
            "object": obj,
            "title": _item_titles()[kind][0 if obj is None else 1],
        },
    )


@require_POST
@login_required
@permission_required("conferences.change_programmesession", raise_exception=True)
def programme_item_delete(request, series, number, kind, pk):
    if kind not in ITEMS:
        raise Http404
    edition = edition_or_404(series, number)
    obj = get_object_or_404(ITEMS[kind]["model"], pk=pk, edition=edition)
    try:
        ITEMS[kind]["delete"](obj, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Deleted."))
    return redirect(_manage_url(edition))


# --- Workshop assignment by organisers ---------------------------------------------------------


@login_required
@permission_required("conferences.assign_workshops", raise_exception=True)
def workshop_assign(request, series, number):
    """Per workshop: places, participants and their rank; assign or remove people."""
    edition = edition_or_404(series, number)
    errors, selected = {}, {}
    if request.method == "POST":
        form = AssignForm(request.POST)
        session_id = form.data.get("session", "")
        session = None
        if str(session_id).isdigit():
            session = get_object_or_404(ProgrammeSession, pk=int(session_id), edition=edition)
        if session is None or not form.is_valid():
            message = " ".join(e for field in form.errors.values() for e in field)
            if session is None:
                messages.error(request, message or _("Choose a workshop."))
            else:
                errors[session.pk] = [message or _("Choose a participant.")]
        else:
            registration = get_object_or_404(Registration, pk=form.cleaned_data["registration"])
            assign = form.cleaned_data["action"] == "assign"
            try:
                if assign:
                    services.workshop_assign(
                        registration=registration, session=session, by=request.user
                    )
                else:
                    services.workshop_unassign(
                        registration=registration, session=session, by=request.user
                    )
            except ValidationError as error:
                errors[session.pk] = error.messages
                selected[session.pk] = registration.pk
            else:
                template = (
                    _("%(name)s is now in the workshop “%(title)s”.")
                    if assign
                    else _("%(name)s has been removed from the workshop “%(title)s”.")
                )
                messages.success(
                    request, template % {"name": registration.full_name, "title": session.title}
                )
                return redirect(
                    reverse("conferences:workshop_assign", args=[series, number])
                    + f"#workshop-{session.pk}"
                )
    board = queries.workshop_assignment_board(edition)
    for row in board.workshops:
        row.errors = errors.get(row.session.pk, [])
        row.selected = selected.get(row.session.pk)
    return render(
        request,
        "conferences/programme/assign.html",
        {"edition": edition, "board": board},
    )


# --- The participant, through their link ----------------------------------------------------


@never_cache
def workshop_preferences(request, token):
    """Rank the workshops (a select per rank), and see the workshops assigned."""
    registration = registration_or_404(token)
    choices = queries.workshop_choices(registration)
    form = WorkshopPreferenceForm(
        request.POST or None, workshops=choices.workshops, ranked=choices.ranked
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.workshop_preferences_set(
                registration=registration,
                ranked_sessions=form.ranked_sessions(),
                by=request.user,
                token=token,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your workshop choices have been saved."))
            return redirect("conferences:workshop_preferences", token=token)
    return render(
        request,
        "conferences/programme/preferences.html",
        {
            "registration": registration,
            "edition": registration.edition,
            "choices": choices,
            "form": form,
            "token": token,
        },
    )


@never_cache
def personal_programme_ics(request, token):
    """The plenaries and the person's assigned workshops as a calendar file."""
    registration = registration_or_404(token)
    edition = registration.edition
    url = request.build_absolute_uri(
        reverse("conferences:programme", args=[edition.series.slug, edition.number])
    )
    response = HttpResponse(
        personal_programme_calendar(
            registration,
            queries.personal_programme(registration),
            url=url,
            host=request.get_host().split(":")[0],
        ),
        content_type="text/calendar; charset=utf-8",
    )
    filename = f"{edition.series.slug}-{edition.number}-programme.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns = [
    path("<slug:series>/<int:number>/programme/", programme, name="programme"),
    path("<slug:series>/<int:number>/programme/manage/", programme_manage, name="programme_manage"),
    path(
        "<slug:series>/<int:number>/programme/manage/<slug:kind>/add/",
        programme_item,
        name="programme_item_add",
    ),
    path(
        "<slug:series>/<int:number>/programme/manage/<slug:kind>/<int:pk>/",
        programme_item,
        name="programme_item_change",
    ),
    path(
        "<slug:series>/<int:number>/programme/manage/<slug:kind>/<int:pk>/delete/",
        programme_item_delete,
        name="programme_item_delete",
    ),
    path("<slug:series>/<int:number>/programme/assign/", workshop_assign, name="workshop_assign"),
    path("registration/<str:token>/workshops/", workshop_preferences, name="workshop_preferences"),
    path(
        "registration/<str:token>/programme.ics",
        personal_programme_ics,
        name="personal_programme_ics",
    ),
]
