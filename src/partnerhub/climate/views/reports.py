"""Yearly progress reports: start one for a year, fill it in, submit it (then it is locked)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import queries, services
from ..forms import ReportForm, ReportStartForm, apply_errors
from ..models import ProgressReport
from .common import programme_or_404


def _report_or_404(request, programme, year) -> ProgressReport:
    report = next(
        (r for r in queries.reports(programme, submitted_only=False) if r.year == year), None
    )
    if report is None:
        raise Http404
    report.programme = programme
    if not request.user.has_perm("climate.view_report", report):
        raise Http404
    return report


@login_required
@never_cache
def report_start(request, pk):
    programme = programme_or_404(request, pk)
    if not request.user.has_perm("climate.report_progress", programme):
        raise PermissionDenied
    today = timezone.localdate()
    form = ReportStartForm(request.POST or None, initial={"year": today.year - 1})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_start(
                programme=programme, year=form.cleaned_data["year"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("climate:report_edit", pk, report.year)
    return render(
        request,
        "climate/report_start.html",
        {"programme": programme, "climate": programme.climate_partnership, "form": form},
    )


def _form(report, data=None):
    content = queries.version_content(report.version)
    return ReportForm(data, report=report, targets=content["targets"], measures=content["measures"])


@login_required
@never_cache
def report_edit(request, pk, year):
    programme = programme_or_404(request, pk)
    report = _report_or_404(request, programme, year)
    if not request.user.has_perm("climate.report_progress", report):
        raise PermissionDenied
    if report.is_submitted:
        return redirect("climate:report", pk, year)
    form = _form(report, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_save(report=report, by=request.user, **form.service_arguments())
            if "submit" in request.POST:
                services.report_submit(report=report, by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if "submit" in request.POST:
                messages.success(request, _("The report has been submitted."))
                return redirect("climate:report", pk, year)
            messages.success(request, _("The report has been saved."))
            return redirect("climate:report_edit", pk, year)
    return render(
        request,
        "climate/report_form.html",
        {
            "programme": programme,
            "climate": programme.climate_partnership,
            "report": report,
            "form": form,
        },
    )


def report_detail(request, pk, year):
    programme = programme_or_404(request, pk)
    report = _report_or_404(request, programme, year)
    content = queries.version_content(report.version)
    values = {v.target_id: v for v in report.values.all()}
    statuses = {s.measure_id: s for s in report.measure_statuses.all()}
    return render(
        request,
        "climate/report.html",
        {
            "programme": programme,
            "climate": programme.climate_partnership,
            "report": report,
            "target_rows": [(t, values.get(t.pk)) for t in content["targets"]],
            "measure_rows": [(m, statuses.get(m.pk)) for m in content["measures"]],
            "may_edit": not report.is_submitted
            and request.user.has_perm("climate.report_progress", report),
        },
    )


@require_POST
@login_required
def report_submit(request, pk, year):
    programme = programme_or_404(request, pk)
    report = _report_or_404(request, programme, year)
    try:
        services.report_submit(report=report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("climate:report_edit", pk, year)
    messages.success(request, _("The report has been submitted."))
    return redirect("climate:report", pk, year)


urlpatterns = [
    path("programmes/<int:pk>/reports/new/", report_start, name="report_start"),
    path("programmes/<int:pk>/reports/<int:year>/", report_detail, name="report"),
    path("programmes/<int:pk>/reports/<int:year>/edit/", report_edit, name="report_edit"),
    path("programmes/<int:pk>/reports/<int:year>/submit/", report_submit, name="report_submit"),
]
