"""Tables for organisers as CSV or Excel (xlsx) downloads: one function for both.

CSV is written with a byte-order mark and semicolons, which is what Excel in a
German locale opens without an import dialog; cells that begin like a formula
are prefixed with an apostrophe, so that a participant called "=HYPERLINK(…)"
cannot run anything in the organiser's spreadsheet (CSV/formula injection).
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from partnerhub.core.files import secure_file_headers

FORMATS = ("csv", "xlsx")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    """Plain cell values; text that a spreadsheet would run as a formula is defused."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool | int | float | Decimal | datetime.date):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def table_bytes(fmt: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}; use one of {FORMATS}.")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([str(h) for h in headers])
        for row in rows:
            writer.writerow([_safe(cell) for cell in row])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([str(h) for h in headers])
    for row in rows:
        sheet.append([_safe(cell) for cell in row])
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(str(header)) + 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_response(
    fmt: str, filename: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """A download of the table; `filename` without extension."""
    response = HttpResponse(table_bytes(fmt, headers, rows), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return secure_file_headers(response)
