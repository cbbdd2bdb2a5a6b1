"""Dates with a precision (day, month or year), and how to show them in the reader's language.

Planned editions are often known only to the month ("Oktober 2021") or the year
("2022"). Such a date is stored as the first day of its month or year together
with its precision, so that sorting and filtering by year work, and it is never
shown (or exported) as if the day were known.
"""

import datetime

from django.db import models
from django.utils import dateformat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


def normalise(value: datetime.date | None, precision: str) -> datetime.date | None:
    """The first day of the month or year for month or year precision; days stay as they are."""
    if value is None:
        return None
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    return value


# Date patterns per language (PHP-style, as Django's `date` filter; month names come from
# Django's own catalogues). "range_day" is the start of a range within one month,
# "range_month" the start of a range within one year; the end always uses "day".
FORMATS = {
    "de": {"day": "j. F Y", "month": "F Y", "range_day": "j.", "range_month": "j. F"},
    "en": {"day": "j F Y", "month": "F Y", "range_day": "j", "range_month": "j F"},
    "fr": {"day": "j F Y", "month": "F Y", "range_day": "j", "range_month": "j F"},
    "es": {
        "day": r"j \d\e F \d\e Y",
        "month": r"F \d\e Y",
        "range_day": "j",
        "range_month": r"j \d\e F",
    },
}


def _patterns() -> dict[str, str]:
    return FORMATS.get((get_language() or "de")[:2], FORMATS["en"])


def display_dates(
    start: datetime.date, end: datetime.date | None = None, precision: str = DatePrecision.DAY
) -> str:
    """Dates in the active language at their precision.

    German: "18.–20. November 2010", "30. September – 2. Oktober 2019", "Oktober 2021",
    "2022"; English: "18–20 November 2010".
    """
    patterns = _patterns()
    if precision == DatePrecision.YEAR:
        return str(start.year)
    if precision == DatePrecision.MONTH:
        first = dateformat.format(start, patterns["month"])
        if end is None or (end.year, end.month) == (start.year, start.month):
            return first
        return f"{first} – {dateformat.format(end, patterns['month'])}"
    last = dateformat.format(end or start, patterns["day"])
    if end is None or end == start:
        return last
    if (end.year, end.month) == (start.year, start.month):
        return f"{dateformat.format(start, patterns['range_day'])}–{last}"
    if end.year == start.year:
        return f"{dateformat.format(start, patterns['range_month'])} – {last}"
    return f"{dateformat.format(start, patterns['day'])} – {last}"


def partial_iso(value: datetime.date, precision: str) -> str:
    """ISO 8601 at the date's precision ("2021-10", "2022"), for JSON-LD and the API."""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def period_end(start: datetime.date, end: datetime.date | None, precision: str) -> datetime.date:
    """The last day the dates may cover: the end, else the end of the day, month or year."""
    last = end or start
    if precision == DatePrecision.YEAR:
        return last.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        following = (last.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return following - datetime.timedelta(days=1)
    return last
