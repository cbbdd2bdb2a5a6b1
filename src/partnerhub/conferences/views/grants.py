"""Travel grant pages: the partner delegate's application (through their link), the
organisers' budget, applications and decisions, and the export for accounting.

Views only parse the request, ask `queries` or call `services`, and render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partnerhub.core.exports import FORMATS, table_response

from .. import queries, services
from ..forms_grants import TravelBudgetForm, TravelGrantDecisionForm, TravelGrantForm
from ..models import GrantStatus, TravelGrantApplication
from .programme import add_service_errors, edition_or_404, registration_or_404

# --- The applicant, through their link -------------------------------------------------


@never_cache
def travel_grant(request, token):
    """Apply, change until decided, withdraw; see the status and the approved amounts."""
    registration = registration_or_404(token)
    application = queries.travel_grant_of(registration)
    may_apply = registration.is_partner_delegate and registration.is_active
    editable = may_apply and (application is None or application.status != GrantStatus.DECIDED)
    form = TravelGrantForm(
        request.POST if request.method == "POST" and editable else None,
        application=application,
    )
    if request.method == "POST":
        if request.POST.get("action") == "withdraw" and application is not None:
            try:
                services.travel_grant_withdraw(
                    application=application, by=request.user, token=token
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Your application has been withdrawn."))
            return redirect("conferences:travel_grant", token=token)
        if editable and form.is_valid():
            try:
                services.travel_grant_apply(
                    registration=registration,
                    lines=form.lines(),
                    justification=form.cleaned_data["justification"],
                    by=request.user,
                    token=token,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your application has been saved. The organisers will decide on it."),
                )
                return redirect("conferences:travel_grant", token=token)
        elif may_apply and not editable:
            messages.error(request, _("This application can no longer be changed."))
    return render(
        request,
        "conferences/grants/application.html",
        {
            "registration": registration,
            "edition": registration.edition,
            "application": application,
            "lines": list(application.lines.all()) if application else [],
            "form": form,
            "may_apply": may_apply,
            "editable": editable,
            "token": token,
        },
    )


# --- Organisers ------------------------------------------------------------------------------


def _board(request, edition, *, budget_form=None, bound: dict | None = None):
    applications = queries.travel_grant_applications(edition)
    bound = bound or {}
    for application in applications:
        if application.status == GrantStatus.WITHDRAWN:
            application.decision_form = None
        else:
            application.decision_form = bound.get(application.pk) or TravelGrantDecisionForm(
                application=application
            )
    return render(
        request,
        "conferences/grants/organiser.html",
        {
            "edition": edition,
            "budget": queries.travel_budget(edition),
            "budget_form": budget_form
            or TravelBudgetForm(initial={"budget": edition.travel_budget}),
            "applications": applications,
            "formats": FORMATS,
        },
    )


def _board_url(edition) -> str:
    return reverse("conferences:travel_grants", args=[edition.series.slug, edition.number])


@login_required
@permission_required("conferences.decide_travel_grant", raise_exception=True)
def travel_grants(request, series, number):
    """The budget (budget, approved, requested and undecided, available) and every application."""
    return _board(request, edition_or_404(series, number))


@require_POST
@login_required
@permission_required("conferences.decide_travel_grant", raise_exception=True)
def travel_budget_set(request, series, number):
    edition = edition_or_404(series, number)
    form = TravelBudgetForm(request.POST)
    if form.is_valid():
        try:
            services.edition_set_travel_budget(
                edition=edition, budget=form.cleaned_data["budget"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The travel grant budget has been saved."))
            return redirect(_board_url(edition))
    return _board(request, edition, budget_form=form)


@require_POST
@login_required
@permission_required("conferences.decide_travel_grant", raise_exception=True)
def travel_grant_decide(request, series, number, pk):
    edition = edition_or_404(series, number)
    application = get_object_or_404(
        TravelGrantApplication.objects.select_related("registration").prefetch_related("lines"),
        pk=pk,
        registration__edition=edition,
    )
    form = TravelGrantDecisionForm(request.POST, application=application)
    if form.is_valid():
        try:
            services.travel_grant_decide(
                application=application,
                approved=form.approved(),
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The decision on %(name)s's application has been recorded and sent.")
                % {"name": application.registration.full_name},
            )
            return redirect(_board_url(edition) + f"#application-{application.pk}")
    return _board(request, edition, bound={application.pk: form})


@login_required
@permission_required("conferences.decide_travel_grant", raise_exception=True)
def travel_grants_export(request, series, number, fmt):
    if fmt not in FORMATS:
        raise Http404
    edition = edition_or_404(series, number)
    headers, rows = queries.travel_grant_export(edition)
    return table_response(fmt, f"travel-grants-{series}-{number}", headers, rows)


urlpatterns = [
    path("registration/<str:token>/travel-grant/", travel_grant, name="travel_grant"),
    path("<slug:series>/<int:number>/travel-grants/", travel_grants, name="travel_grants"),
    path(
        "<slug:series>/<int:number>/travel-grants/budget/",
        travel_budget_set,
        name="travel_budget_set",
    ),
    path(
        "<slug:series>/<int:number>/travel-grants/<int:pk>/decide/",
        travel_grant_decide,
        name="travel_grant_decide",
    ),
    path(
        "<slug:series>/<int:number>/travel-grants/export.<str:fmt>",
        travel_grants_export,
        name="travel_grants_export",
    ),
]
