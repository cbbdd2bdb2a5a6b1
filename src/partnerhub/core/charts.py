"""Accessible SVG charts written on the server: horizontal bars, and a line against a target path.

Why here: conferences, calls and climate all draw the same kinds of charts; one module
keeps them alike and accessible. Each chart is `role="img"` with a `<title>` and a `<desc>`
that it is labelled by; the page shows the same figures as a table next to it (screen
readers, copy and paste), so the chart never carries information alone. Values are written
next to bars and points, so colour is never the only way to tell series apart. Only
presentation attributes (no `style`), so a Content-Security-Policy without inline styles
holds; no JavaScript.

Colours have at least 4.5:1 contrast on white.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

TEXT = "#1b1f24"
AXIS = "#4a5360"
COLOURS = ("#0b5394", "#4a5360", "#7a3e00", "#1e6b34")
WIDTH = 640
BAR_AREA = 540
LABEL_HEIGHT = 16
BAR_HEIGHT = 12
BAR_GAP = 3
ROW_GAP = 12
LEGEND_HEIGHT = 28


@dataclass(frozen=True)
class Series:
    label: str
    colour: str = COLOURS[0]


def default_format(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    return number_format(value, use_l10n=True) if value is not None else "–"


def _svg(chart_id: str, title: str, description: str, width: int, height: int, body) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        'aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {width} {height}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" font-family="sans-serif">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{body}</svg>",
        id=chart_id,
        width=width,
        height=height,
        title=title,
        desc=description,
        body=body,
    )


def _legend(series: Sequence[Series], y: int = 4) -> SafeString:
    return format_html_join(
        "",
        '<g font-size="12"><rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
        '<text x="{}" y="{}" fill="' + TEXT + '">{}</text></g>',
        (
            (index * 200, y, s.colour, index * 200 + 18, y + 10, s.label)
            for index, s in enumerate(series)
        ),
    )


def bar_chart_svg(
    *,
    chart_id: str,
    title: str,
    description: str,
    rows: Sequence[tuple[str, Sequence[float]]],
    series: Sequence[Series] = (Series(""),),
    value_format: Callable[[object], str] = default_format,
) -> SafeString:
    """Horizontal bars: per row its label and one bar per series, each with its value.

    `rows` is `[(label, (value of series 1, value of series 2, …)), …]`; a legend is drawn
    when there is more than one series.
    """
    count = len(series)
    largest = max((float(v or 0) for _label, values in rows for v in values), default=0) or 1
    scale = BAR_AREA / largest
    legend_height = LEGEND_HEIGHT if count > 1 else 0
    row_height = LABEL_HEIGHT + count * (BAR_HEIGHT + BAR_GAP) + ROW_GAP
    height = max(legend_height + row_height * len(rows), row_height)
    parts = [_legend(series)] if count > 1 else []
    for index, (label, values) in enumerate(rows):
        top = legend_height + index * row_height
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="13" fill="{}">{}</text>', top + 12, TEXT, label
            )
        )
        for number, (value, line) in enumerate(zip(values, series, strict=True)):
            bar_y = top + LABEL_HEIGHT + BAR_GAP + number * (BAR_HEIGHT + BAR_GAP)
            width = round(float(value or 0) * scale, 1)
            parts.append(
                format_html(
                    '<rect x="0" y="{}" width="{}" height="{}" fill="{}"/>',
                    bar_y,
                    width,
                    BAR_HEIGHT,
                    line.colour,
                )
            )
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="11" fill="{}">{}</text>',
                    round(width + 6, 1),
                    bar_y + 10,
                    TEXT,
                    value_format(value),
                )
            )
    return _svg(chart_id, title, description, WIDTH, height, mark_safe("".join(parts)))


LINE_HEIGHT = 260
MARGIN_LEFT = 70
MARGIN_RIGHT = 20
MARGIN_TOP = 36
MARGIN_BOTTOM = 30


def _nice_range(values: Sequence[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    low = min(low, 0.0)
    if high == low:
        high = low + 1
    padding = (high - low) * 0.08
    return low, high + padding


def line_chart_svg(
    *,
    chart_id: str,
    title: str,
    description: str,
    points: Sequence[tuple[int, float]],
    path: Sequence[tuple[int, float]] = (),
    points_label: str = "",
    path_label: str = "",
    value_format: Callable[[object], str] = default_format,
) -> SafeString:
    """Values per year as a line with marked, labelled points, against a dashed target path.

    `path` is the straight line the values should follow (e.g. from baseline to target);
    both are lists of `(year, value)`.
    """
    years = [year for year, _v in [*points, *path]]
    values = [float(v) for _y, v in [*points, *path] if v is not None]
    if not years or not values:
        return _svg(chart_id, title, description, WIDTH, 40, mark_safe(""))
    first, last = min(years), max(years)
    span = max(last - first, 1)
    low, high = _nice_range(values)
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = LINE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def x(year: int) -> float:
        return round(MARGIN_LEFT + (year - first) / span * plot_width, 1)

    def y(value: float) -> float:
        return round(MARGIN_TOP + (high - float(value)) / (high - low) * plot_height, 1)

    parts = [
        _legend(
            [Series(points_label, COLOURS[0]), Series(path_label, COLOURS[2])][: 2 if path else 1]
        ),
        # Axes
        format_html(
            '<line x1="{l}" y1="{t}" x2="{l}" y2="{b}" stroke="{c}"/>'
            '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="{c}"/>',
            l=MARGIN_LEFT,
            t=MARGIN_TOP,
            b=MARGIN_TOP + plot_height,
            r=MARGIN_LEFT + plot_width,
            c=AXIS,
        ),
    ]
    # Value axis: low, middle, high.
    for tick in (low, (low + high) / 2, high):
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="{}">{}</text>',
                MARGIN_LEFT - 6,
                y(tick) + 4,
                TEXT,
                value_format(round(tick, 1)),
            )
        )
    # Year axis: every year when few, else about eight labels.
    step = max(1, round(span / 8))
    for year in range(first, last + 1, step):
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="{}">{}</text>',
                x(year),
                LINE_HEIGHT - 10,
                TEXT,
                year,
            )
        )
    if path:
        coordinates = " ".join(f"{x(year)},{y(value)}" for year, value in path)
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2" '
                'stroke-dasharray="6 4"/>',
                coordinates,
                COLOURS[2],
            )
        )
    measured = [(year, value) for year, value in points if value is not None]
    if len(measured) > 1:
        coordinates = " ".join(f"{x(year)},{y(value)}" for year, value in measured)
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>',
                coordinates,
                COLOURS[0],
            )
        )
    for year, value in measured:
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="4" fill="{}"/>'
                '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="{}">{}</text>',
                x(year),
                y(value),
                COLOURS[0],
                x(year),
                y(value) - 8,
                TEXT,
                value_format(value),
            )
        )
    return _svg(chart_id, title, description, WIDTH, LINE_HEIGHT, mark_safe("".join(parts)))
