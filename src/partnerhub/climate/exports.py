"""The xlsx export of a programme version: one sheet each for targets, measures and progress.

Cells go through `core.exports._safe`, so text that a spreadsheet would run as a formula is
defused exactly as in every other export of the platform.
"""

import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from partnerhub.core.exports import CONTENT_TYPES, _safe

from .models import Unit


def _sheet(workbook, title: str, headers, rows, *, first=False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title[:31]
    sheet.append([str(h) for h in headers])
    for row in rows:
        sheet.append([_safe(cell) for cell in row])
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(str(header)) + 2)
    sheet.freeze_panes = "A2"


def programme_workbook(programme, version, content: dict, reports) -> bytes:
    workbook = Workbook()
    targets = content["targets"]
    number = {t.pk: index for index, t in enumerate(targets, start=1)}
    _sheet(
        workbook,
        _("Targets"),
        [
            _("No."),
            _("Field of action"),
            _("Mitigation or adaptation"),
            _("Municipality"),
            _("Indicator"),
            _("Unit"),
            _("Baseline value"),
            _("Baseline year"),
            _("Target value"),
            _("Target year"),
        ],
        [
            (
                number[t.pk],
                t.field_of_action.name,
                t.get_kind_display(),
                t.municipality.name,
                t.indicator,
                t.unit_label,
                t.baseline_value,
                t.baseline_year,
                t.target_value,
                t.target_year,
            )
            for t in targets
        ],
        first=True,
    )
    _sheet(
        workbook,
        _("Measures"),
        [
            _("Title"),
            _("Description"),
            _("Mitigation or adaptation"),
            _("Targets served (No.)"),
            _("Responsible (German side)"),
            _("Responsible (partner side)"),
            _("Start"),
            _("End"),
            _("Status"),
            _("Staff time (person-days)"),
            _("Money"),
            _("Currency"),
            _("Know-how"),
            _("Funding source"),
        ],
        [
            (
                m.title,
                m.description,
                m.get_kind_display(),
                ", ".join(str(number.get(t.pk, "")) for t in m.targets.all()),
                m.responsible_german,
                m.responsible_partner,
                m.start_date,
                m.end_date,
                m.get_status_display(),
                m.staff_person_days,
                m.money_amount,
                m.money_currency,
                m.know_how,
                m.funding_source,
            )
            for m in content["measures"]
        ],
    )
    rows = []
    for report in reports:
        for value in report.values.all():
            rows.append(
                (report.year, value.target.indicator, value.value, Unit.symbol(value.unit), "")
            )
        for status in report.measure_statuses.all():
            rows.append(
                (report.year, status.measure.title, "", status.get_status_display(), status.note)
            )
    _sheet(
        workbook,
        _("Progress"),
        [_("Year"), _("Indicator or measure"), _("Value"), _("Unit or status"), _("Note")],
        rows,
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def programme_xlsx_response(programme, version, content, reports) -> HttpResponse:
    response = HttpResponse(
        programme_workbook(programme, version, content, reports), content_type=CONTENT_TYPES["xlsx"]
    )
    response["Content-Disposition"] = (
        f'attachment; filename="action-programme-{programme.pk}-v{version.number}.xlsx"'
    )
    return response
