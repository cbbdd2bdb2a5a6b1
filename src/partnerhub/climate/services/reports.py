"""Yearly progress reports on the adopted version, and reminders when one is overdue.

Rules and where they are checked:

* one report per programme and year, not for a future year, not for a year before the
  adoption (`_check_year`);
* an indicator value is given in the indicator's unit (`check_value_unit`);
* a submitted report is locked (`_editable`).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.core.jobs import enqueue
from partnerhub.core.services import audit_record

from ..models import (
    ActionProgramme,
    ClimatePartnership,
    IndicatorValue,
    MeasureProgress,
    MeasureStatus,
    ProgrammeStatus,
    ProgressReport,
    Target,
    Unit,
)


def check_value_unit(target: Target, unit: str) -> None:
    """A progress value must be given in the unit of its indicator."""
    if unit != target.unit:
        raise ValidationError(
            _(
                "Give the value in %(unit)s, the unit of the indicator “%(indicator)s”, "
                "not in %(other)s."
            )
            % {
                "unit": Unit.symbol(target.unit),
                "indicator": target.indicator,
                "other": Unit.symbol(unit),
            },
            code="unit",
        )


def _check_year(programme: ActionProgramme, adopted, year: int, today) -> None:
    if year > today.year:
        raise ValidationError({"year": [_("A report cannot cover a future year.")]})
    adopted_year = adopted.decision_date.year if adopted.decision_date else today.year
    if year < adopted_year:
        raise ValidationError(
            {
                "year": [
                    _("The programme was adopted in %(year)s; report on that year or later.")
                    % {"year": adopted_year}
                ]
            }
        )
    if programme.reports.filter(year=year).exists():
        raise ValidationError(
            {"year": [_("There is already a report for %(year)s.") % {"year": year}]}
        )


def _require(by, perm, obj):
    if by is None or not by.has_perm(perm, obj):
        raise PermissionDenied(
            _("Only the two partner municipalities and organisers report progress.")
        )


@transaction.atomic
def report_start(*, programme: ActionProgramme, year: int, by, today=None) -> ProgressReport:
    """A new report for `year` on the adopted version, with a line per target and measure."""
    _require(by, "climate.report_progress", programme)
    ActionProgramme.objects.select_for_update().get(pk=programme.pk)
    adopted = programme.versions.filter(status=ProgrammeStatus.ADOPTED).first()
    if adopted is None:
        raise ValidationError(_("Progress is reported on an adopted programme; adopt it first."))
    today = today or timezone.localdate()
    _check_year(programme, adopted, year, today)
    report = ProgressReport.objects.create(programme=programme, version=adopted, year=year)
    audit_record(subject=report, action="climate.report_started", actor=by, to_state=str(year))
    return report


def _editable(report: ProgressReport, by) -> ProgressReport:
    _require(by, "climate.report_progress", report)
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.is_submitted:
        raise ValidationError(_("This report has been submitted and can no longer be changed."))
    return report


def _decimal(raw, key: str) -> Decimal:
    try:
        return Decimal(str(raw))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({key: [_("Enter a number.")]}) from None


@transaction.atomic
def report_save(
    *,
    report: ProgressReport,
    by,
    narrative: str | None = None,
    values: dict[int, tuple] | None = None,
    statuses: dict[int, tuple] | None = None,
) -> ProgressReport:
    """Save the narrative, indicator values `{target id: (value, unit)}` (value None clears)
    and measure statuses `{measure id: (status, note)}`."""
    report = _editable(report, by)
    targets = {t.pk: t for t in report.version.targets.all()}
    measures = {m.pk: m for m in report.version.measures.all()}
    errors: dict[str, list[str]] = {}
    cleaned_values = {}
    for target_id, (raw, unit) in (values or {}).items():
        key = f"value_{target_id}"
        target = targets.get(int(target_id))
        if target is None:
            errors[key] = [_("This target is not part of the reported version.")]
            continue
        if raw in (None, ""):
            cleaned_values[target.pk] = None
            continue
        try:
            value = _decimal(raw, key)
            check_value_unit(target, unit)
        except ValidationError as exc:
            errors[key] = exc.messages
            continue
        cleaned_values[target.pk] = (value, unit)
    cleaned_statuses = {}
    for measure_id, (status, note) in (statuses or {}).items():
        key = f"status_{measure_id}"
        if int(measure_id) not in measures:
            errors[key] = [_("This measure is not part of the reported version.")]
        elif status not in MeasureStatus.values:
            errors[key] = [_("Choose a status from the list.")]
        else:
            cleaned_statuses[int(measure_id)] = (status, (note or "").strip()[:300])
    if errors:
        raise ValidationError(errors)
    if narrative is not None:
        report.narrative = narrative.strip()
        report.save(update_fields=["narrative", "updated_at"])
    for target_id, pair in cleaned_values.items():
        if pair is None:
            IndicatorValue.objects.filter(report=report, target_id=target_id).delete()
        else:
            IndicatorValue.objects.update_or_create(
                report=report, target_id=target_id, defaults={"value": pair[0], "unit": pair[1]}
            )
    for measure_id, (status, note) in cleaned_statuses.items():
        MeasureProgress.objects.update_or_create(
            report=report, measure_id=measure_id, defaults={"status": status, "note": note}
        )
    return report


@transaction.atomic
def report_submit(*, report: ProgressReport, by) -> ProgressReport:
    """Submit the report; from now on it is locked and public with the adopted programme."""
    report = _editable(report, by)
    if not report.narrative.strip():
        raise ValidationError(
            {"narrative": [_("Describe the year's progress in a few sentences.")]}
        )
    report.submitted_at = timezone.now()
    report.submitted_by = by
    report.save(update_fields=["submitted_at", "submitted_by", "updated_at"])
    audit_record(
        subject=report, action="climate.report_submitted", actor=by, to_state=str(report.year)
    )
    return report


@transaction.atomic
def report_reminder_send(*, climate_partnership: ClimatePartnership, year: int, by) -> None:
    """E-mail the partnership's contact roles (or members) that the report for `year` is due."""
    if by is None or not by.has_perm("climate.manage_project"):
        raise PermissionDenied(_("Only organisers send reminders."))
    from ..tasks import send_report_reminder

    audit_record(
        subject=climate_partnership,
        action="climate.report_reminder_sent",
        actor=by,
        to_state=str(year),
    )
    enqueue(send_report_reminder, climate_partnership.pk, year)
