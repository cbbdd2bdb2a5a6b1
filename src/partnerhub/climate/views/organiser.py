"""Organisers' pages (overdue reports and reminders, secondment decisions) and the
partners' secondment pages (request, report afterwards)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import queries, services
from ..forms import (
    SecondmentDecisionForm,
    SecondmentForm,
    SecondmentReportForm,
    apply_errors,
)
from ..models import ClimatePartnership, SecondmentStatus


def _organiser(request):
    if not request.user.has_perm("climate.manage_project"):
        raise PermissionDenied


@login_required
def overdue(request):
    _organiser(request)
    return render(request, "climate/overdue.html", {"rows": queries.overdue_reports()})


@require_POST
@login_required
def remind(request, climate_pk):
    _organiser(request)
    row = next((r for r in queries.overdue_reports() if r.climate.pk == climate_pk), None)
    if row is None:
        messages.error(request, _("No report of this partnership is overdue."))
        return redirect("climate:overdue")
    year = row.missing_years[-1]
    services.report_reminder_send(climate_partnership=row.climate, year=year, by=request.user)
    messages.success(
        request,
        _("A reminder about the report %(year)s is on its way to %(partnership)s.")
        % {"year": year, "partnership": row.climate},
    )
    return redirect("climate:overdue")


@login_required
def secondment_list(request):
    _organiser(request)
    return render(request, "climate/secondments.html", {"secondments": queries.secondments()})


def _climate(climate_pk):
    return get_object_or_404(
        ClimatePartnership.objects.select_related(*queries.PARTNERSHIP_RELATED).prefetch_related(
            queries.partners_prefetch()
        ),
        pk=climate_pk,
    )


@login_required
def secondment_request(request, climate_pk):
    climate = _climate(climate_pk)
    if not request.user.has_perm("climate.request_secondment", climate):
        raise PermissionDenied
    form = SecondmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            secondment = services.secondment_request(
                climate_partnership=climate,
                by=request.user,
                direction=data["direction"],
                purpose=data["purpose"],
                expert_role=data["expert_role"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                costs=form.costs(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your request has been sent to the organisers."))
            return redirect("climate:secondment", secondment.pk)
    return render(request, "climate/secondment_form.html", {"climate": climate, "form": form})


def _secondment(request, pk):
    secondment = queries.secondments().filter(pk=pk).first()
    if secondment is None or not request.user.has_perm("climate.view_secondment", secondment):
        raise Http404
    return secondment


@login_required
def secondment_detail(request, pk, *, decision_form=None, report_form=None):
    secondment = _secondment(request, pk)
    today = timezone.localdate()
    may_decide = (
        request.user.has_perm("climate.decide_secondment", secondment)
        and secondment.status == SecondmentStatus.REQUESTED
    )
    may_report = (
        request.user.has_perm("climate.report_secondment", secondment)
        and secondment.status == SecondmentStatus.APPROVED
        and today >= secondment.end_date
    )
    return render(
        request,
        "climate/secondment.html",
        {
            "secondment": secondment,
            "climate": secondment.climate_partnership,
            "decision_form": decision_form or (SecondmentDecisionForm() if may_decide else None),
            "report_form": report_form or (SecondmentReportForm() if may_report else None),
        },
    )


@require_POST
@login_required
def secondment_decide(request, pk):
    secondment = _secondment(request, pk)
    if not request.user.has_perm("climate.decide_secondment", secondment):
        raise PermissionDenied
    form = SecondmentDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.secondment_decide(
                secondment=secondment,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect("climate:secondment", pk)
    return secondment_detail(request, pk, decision_form=form)


@require_POST
@login_required
def secondment_report(request, pk):
    secondment = _secondment(request, pk)
    if not request.user.has_perm("climate.report_secondment", secondment):
        raise PermissionDenied
    form = SecondmentReportForm(request.POST)
    if form.is_valid():
        try:
            services.secondment_report(
                secondment=secondment, report=form.cleaned_data["report"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you; the report has been saved."))
            return redirect("climate:secondment", pk)
    return secondment_detail(request, pk, report_form=form)


urlpatterns = [
    path("overdue-reports/", overdue, name="overdue"),
    path("overdue-reports/<int:climate_pk>/remind/", remind, name="remind"),
    path("secondments/", secondment_list, name="secondments"),
    path("secondments/<int:pk>/", secondment_detail, name="secondment"),
    path("secondments/<int:pk>/decide/", secondment_decide, name="secondment_decide"),
    path("secondments/<int:pk>/report/", secondment_report, name="secondment_report"),
    path(
        "partnerships/<int:climate_pk>/secondments/new/",
        secondment_request,
        name="secondment_request",
    ),
]
