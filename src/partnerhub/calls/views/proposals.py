"""The applicant's pages: start a proposal, edit the draft, submit, withdraw, documents.

* `proposal_create`: for which municipality (one the person acts for that may
  apply) and the topic; everybody else is told why they cannot apply.
* `proposal_detail`: the proposal, and for a draft what is still missing
  (`services.proposal_missing`) as a checklist, with submit and withdraw.
* `proposal_edit`: the four sections with length counters, the proposed actors
  (a formset), commitments, the letter of support. Saving keeps a draft even
  when it is not complete yet; whatever the service refuses is shown at its
  field and the input stays in the form.
* `proposal_document` / `support_letter`: private files, served by this view
  only to those who may see the proposal, never by a public media address.
* `my_proposals`: the proposals of the municipalities the person acts for.

Who may see a proposal is `calls.view_proposal` (its applicant's members,
organisers, the reviewers assigned to it); for everybody else the proposal
does not exist (404). Changing it is `calls.change_proposal`.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.utils import ErrorDict, ErrorList
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partnerhub.core.files import file_response

from .. import queries, services
from ..forms_proposals import (
    EXTRA_ACTOR_ROWS,
    MAX_ACTORS,
    ActorFormSet,
    ProposalForm,
    ProposalStartForm,
    actor_initial,
    counter_templates,
)
from ..models import SECTIONS, Proposal, ProposalStatus
from .public import CALL_SLUG

ACTOR_KEY = re.compile(r"^actors\[(\d+)\]\.(\w+)$")
ACTOR_PREFIX = "actors"


def _proposal(request, pk):
    """The proposal, if the person may see it; for everybody else it does not exist."""
    proposal = queries.proposal_for_page(pk)
    if proposal is None or not request.user.has_perm("calls.view_proposal", proposal):
        raise Http404
    return proposal


def _changeable(request, pk):
    """The proposal, if the person may change it (403 for those who may only read it)."""
    proposal = _proposal(request, pk)
    if not request.user.has_perm("calls.change_proposal", proposal):
        raise PermissionDenied
    return proposal


# --- Start a proposal -------------------------------------------------------------------


@login_required
def proposal_create(request, slug):
    call = queries.call_for_page(slug, request.user)
    if call is None:
        raise Http404
    options = queries.applicant_options(request.user, call)
    context = {
        "call": call,
        "options": options,
        "blocked": [option for option in options if not option.may_apply],
        "is_open": call.is_open(),
    }
    if not any(option.may_apply for option in options):
        return render(request, "calls/proposals/cannot_apply.html", context, status=403)
    form = ProposalStartForm(request.POST or None, options=options)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        municipalities = {option.municipality.pk: option.municipality for option in options}
        try:
            proposal = services.proposal_create(
                call=call,
                municipality=municipalities[form.cleaned_data["municipality"]],
                by=request.user,
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            _apply_simple_errors(error, form)
        except PermissionDenied as error:
            form.add_error("municipality", str(error))
        else:
            messages.success(
                request,
                _("Your draft has been saved. Write the four sections and name the actors."),
            )
            return redirect("calls:proposal_edit", proposal.pk)
    return render(request, "calls/proposals/start.html", context)


def _apply_simple_errors(error: ValidationError, form) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


# --- The proposal -----------------------------------------------------------------------


def _detail(request, proposal, *, submit_errors=()):
    user = request.user
    call = proposal.call
    may_change = user.has_perm("calls.change_proposal", proposal)
    is_open = call.is_open()
    withdrawn = proposal.status == ProposalStatus.WITHDRAWN
    checklist = []
    if proposal.is_draft:
        checklist = queries.proposal_checklist(proposal, services.proposal_missing(proposal))
    context = {
        "proposal": proposal,
        "call": call,
        "sections": [
            {
                "number": number,
                "label": Proposal._meta.get_field(section).verbose_name,
                "text": getattr(proposal, section),
            }
            for number, section in enumerate(SECTIONS, start=1)
        ],
        "actors": list(proposal.actors.all()),
        "sdgs": list(proposal.sdgs.all()),
        "checklist": checklist,
        "missing_count": sum(1 for item in checklist if item.required and not item.done),
        "submit_errors": list(submit_errors),
        "is_open": is_open,
        "may_edit": may_change and is_open and not withdrawn,
        "may_submit": may_change and is_open and proposal.is_draft,
        "may_withdraw": may_change and not withdrawn and not proposal.decision,
        "has_document": bool(proposal.submitted_document),
    }
    return render(request, "calls/proposals/detail.html", context)


@login_required
@never_cache
def proposal_detail(request, pk):
    return _detail(request, _proposal(request, pk))


@require_POST
@login_required
def proposal_submit(request, pk):
    proposal = _changeable(request, pk)
    try:
        services.proposal_submit(proposal=proposal, by=request.user)
    except ValidationError as error:
        return _detail(request, queries.proposal_for_page(pk), submit_errors=error.messages)
    messages.success(
        request,
        _(
            "Your proposal has been submitted. You will receive a PDF of what you submitted "
            "by e-mail; you can also download it here."
        ),
    )
    return redirect("calls:proposal", pk)


@login_required
def proposal_withdraw(request, pk):
    proposal = _changeable(request, pk)
    if request.method == "POST":
        try:
            services.proposal_withdraw(proposal=proposal, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your proposal has been withdrawn."))
        return redirect("calls:proposal", pk)
    return render(
        request,
        "calls/proposals/withdraw.html",
        {"proposal": proposal, "call": proposal.call},
    )


# --- Editing ----------------------------------------------------------------------------


def _edit_forms(proposal, data=None, files=None) -> dict:
    """The form of the proposal and the formset of its actors, with their choices."""
    call = proposal.call
    choices = {
        "municipalities": list(queries.actor_municipalities()),
        "countries": queries.actor_countries(),
    }
    if data is None:
        form = ProposalForm(
            call=call, sdgs=queries.sdg_goals(), initial=ProposalForm.initial_from(proposal)
        )
        initial = actor_initial(proposal)
        initial += [{}] * min(EXTRA_ACTOR_ROWS, MAX_ACTORS - len(initial))
        actors = ActorFormSet(prefix=ACTOR_PREFIX, initial=initial, form_kwargs=choices)
    else:
        form = ProposalForm(data, files, call=call, sdgs=queries.sdg_goals())
        actors = ActorFormSet(data, prefix=ACTOR_PREFIX, form_kwargs=choices)
    return {
        "proposal": proposal,
        "call": call,
        "form": form,
        "actors": actors,
        "actor_errors": [],
        "max_actors": MAX_ACTORS,
        "reupload_letter": False,
    }


def _with_another_actor(post):
    """The posted data with one more (empty) row of actors."""
    data = post.copy()
    key = f"{ACTOR_PREFIX}-TOTAL_FORMS"
    try:
        total = int(data.get(key, 0))
    except ValueError:
        total = 0
    data[key] = str(max(0, min(total, MAX_ACTORS - 1)) + 1)
    return data


def _silence(context) -> None:
    """Show the bound forms again without their errors (after "add a row")."""
    form, actors = context["form"], context["actors"]
    form._errors = ErrorDict()
    form.cleaned_data = {}
    actors._errors = []
    actors._non_form_errors = ErrorList()
    for actor_form in actors.forms:
        actor_form._errors = ErrorDict()
        actor_form.cleaned_data = {}


def _apply_errors(error: ValidationError, form, actor_forms, actor_errors: list) -> None:
    """Put the service's errors at their fields: `<field>`, `actors[<i>].<field>`, `actors`."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, field_messages in error.message_dict.items():
        match = ACTOR_KEY.match(key)
        if match:
            index, name = int(match.group(1)), match.group(2)
            target = actor_forms[index] if index < len(actor_forms) else None
            if target is None:
                actor_errors.extend(field_messages)
            else:
                target.add_error(name if name in target.fields else None, field_messages)
        elif key == ACTOR_PREFIX:
            actor_errors.extend(field_messages)
        elif key in form.fields:
            form.add_error(key, field_messages)
        else:
            form.add_error(None, field_messages)


def _render_edit(request, context, status=200):
    form, actors = context["form"], context["actors"]
    context["has_errors"] = bool(
        form.errors
        or context["actor_errors"]
        or actors.non_form_errors()
        or any(actor_form.errors for actor_form in actors.forms)
    )
    context["sections"] = form.section_rows()
    context["total"] = form.total_row()
    context["counter_templates"] = counter_templates()
    if context["has_errors"] and request.FILES.get("support_letter"):
        context["reupload_letter"] = True
    return render(request, "calls/proposals/edit.html", context, status=status)


@login_required
@never_cache
def proposal_edit(request, pk):
    proposal = _changeable(request, pk)
    if proposal.status == ProposalStatus.WITHDRAWN:
        messages.error(request, _("A withdrawn proposal cannot be changed."))
        return redirect("calls:proposal", pk)
    if not proposal.call.is_open(timezone.now()):
        messages.error(request, _("The call is closed: the proposal can no longer be changed."))
        return redirect("calls:proposal", pk)
    if request.method != "POST":
        return _render_edit(request, _edit_forms(proposal))

    if "add_actor" in request.POST:
        context = _edit_forms(proposal, _with_another_actor(request.POST), request.FILES)
        _silence(context)
        actor_forms = context["actors"].forms
        actor_forms[-1].fields["municipality"].widget.attrs["autofocus"] = True
        return _render_edit(request, context)

    context = _edit_forms(proposal, request.POST, request.FILES)
    form, actors = context["form"], context["actors"]
    if form.is_valid() and actors.is_valid():
        filled = actors.filled_forms()
        fields = form.proposal_fields()
        fields["actors"] = [actor_form.actor_values() for actor_form in filled]
        try:
            services.proposal_update(proposal=proposal, by=request.user, **fields)
        except ValidationError as error:
            _apply_errors(error, form, filled, context["actor_errors"])
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You may not change this proposal."))
        else:
            if proposal.is_submitted:
                messages.success(
                    request,
                    _("Your changes have been saved; the proposal stays submitted."),
                )
            else:
                messages.success(request, _("Your draft has been saved."))
            return redirect("calls:proposal", pk)
    return _render_edit(request, context)


# --- Private files ----------------------------------------------------------------------


def _private_file(file, filename: str) -> FileResponse:
    """Served with safe headers by the one helper for stored files (core.files)."""
    return file_response(file, filename, content_type="application/pdf")


@login_required
@never_cache
def proposal_document(request, pk):
    """The PDF of exactly what was submitted (404 until it has been made)."""
    proposal = _proposal(request, pk)
    return _private_file(proposal.submitted_document, f"proposal-{proposal.pk}.pdf")


@login_required
@never_cache
def support_letter(request, pk):
    proposal = _proposal(request, pk)
    return _private_file(proposal.support_letter, f"support-letter-{proposal.pk}.pdf")


# --- My proposals -----------------------------------------------------------------------


@login_required
@never_cache
def my_proposals(request):
    return render(
        request,
        "calls/proposals/mine.html",
        {"proposals": queries.proposals_of(request.user)},
    )


urlpatterns = [
    path("mine/", my_proposals, name="my_proposals"),
    path(f"<{CALL_SLUG}:slug>/proposals/new/", proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", proposal_detail, name="proposal"),
    path("proposals/<int:pk>/edit/", proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/submit/", proposal_submit, name="proposal_submit"),
    path("proposals/<int:pk>/withdraw/", proposal_withdraw, name="proposal_withdraw"),
    path("proposals/<int:pk>/document.pdf", proposal_document, name="proposal_document"),
    path("proposals/<int:pk>/support-letter.pdf", support_letter, name="support_letter"),
]
