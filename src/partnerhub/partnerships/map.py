"""The map of partnerships: an SVG written on the server, no tiles, no internet, no JavaScript.

Land outlines come from a static file (`static/partnerships/map/world-land-110m.svg`,
Natural Earth 1:110m, built by `scripts/build_world_map.py` with the same projection
as here: equirectangular, 1000 units wide, from 84° N to 58° S). On top of it: a
point for every municipality with coordinates and, for every partnership, a curved
line from the German municipality to each partner. Every line is a link to the
partnership's profile with an accessible name ("Town twinning: Musterstadt –
Sample City (Ghana)"); the page shows the same partnerships as a table below the
map, which is what screen readers and keyboard users read first.

Kinds differ by colour *and* by line pattern (solid, dashed, dotted), so colour is
never the only way to tell them apart. Only presentation attributes are used (no
style attributes), so a Content-Security-Policy without inline styles holds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .models import Partnership, PartnershipKind

WIDTH = 1000.0
LAT_TOP = 84.0
LAT_BOTTOM = -58.0
SCALE = WIDTH / 360.0
HEIGHT = round((LAT_TOP - LAT_BOTTOM) * SCALE, 1)
LAND_SVG = "partnerships/map/world-land-110m.svg"

# Colours with at least 4.5:1 contrast on white and on the land colour; patterns as well.
KIND_STYLES = {
    PartnershipKind.TOWN_TWINNING: ("#0b5394", ""),
    PartnershipKind.PROJECT: ("#8a3b00", "6 3"),
    PartnershipKind.CLIMATE: ("#1d6b2f", "2 2.5"),
}


def project(latitude, longitude) -> tuple[float, float]:
    """Equirectangular: degrees to map units (x to the east, y to the south)."""
    x = (float(longitude) + 180.0) * SCALE
    y = (LAT_TOP - float(latitude)) * SCALE
    return round(x, 1), round(y, 1)


def has_coordinates(municipality) -> bool:
    return municipality.latitude is not None and municipality.longitude is not None


def curve(start: tuple[float, float], end: tuple[float, float], bend: float = 0.18) -> str:
    """A quadratic curve bowing to the north of the straight line, like a flight route."""
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1)
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    if length == 0:
        return f"M{x1:g} {y1:g}L{x2:g} {y2:g}"
    # The normal pointing up (negative y) on screen.
    nx, ny = (y2 - y1) / length, -(x2 - x1) / length
    if ny > 0:
        nx, ny = -nx, -ny
    bow = bend * length
    cx, cy = round(mx + nx * bow, 1), round(my + ny * bow, 1)
    return f"M{x1:g} {y1:g}Q{cx:g} {cy:g} {x2:g} {y2:g}"


@dataclass(frozen=True)
class MapLine:
    partnership: Partnership
    partner: object
    path: str
    label: str


@dataclass
class PartnershipMap:
    lines: list[MapLine]
    points: list[tuple[object, float, float]]
    not_on_map: list[Partnership]

    @property
    def svg(self) -> SafeString:
        return map_svg(self)


def is_climate(partnership: Partnership) -> bool:
    """Of the climate kind, or inside another kind with a climate partnership record."""
    if partnership.kind == PartnershipKind.CLIMATE:
        return True
    try:
        return partnership.climate_partnership is not None
    except Exception:  # no record (RelatedObjectDoesNotExist) or no climate app yet
        return False


def line_label(partnership: Partnership, partner) -> str:
    return _("%(kind)s: %(german)s – %(partner)s (%(country)s)") % {
        "kind": partnership.get_kind_display(),
        "german": partnership.german_municipality.name,
        "partner": partner.name,
        "country": partner.country.name,
    }


def build_map(partnerships) -> PartnershipMap:
    """Lines and points of the given partnerships (already fetched with both sides)."""
    lines: list[MapLine] = []
    points: dict[int, tuple[object, float, float]] = {}
    not_on_map: list[Partnership] = []
    pairs: dict[tuple[int, int], int] = {}
    for partnership in partnerships:
        german = partnership.german_municipality
        drawn = False
        for partner in partnership.partners.all():
            if not (has_coordinates(german) and has_coordinates(partner)):
                continue
            start = project(german.latitude, german.longitude)
            end = project(partner.latitude, partner.longitude)
            seen = pairs[german.pk, partner.pk] = pairs.get((german.pk, partner.pk), -1) + 1
            points[german.pk] = (german, *start)
            points[partner.pk] = (partner, *end)
            lines.append(
                MapLine(
                    partnership=partnership,
                    partner=partner,
                    path=curve(start, end, bend=0.18 + 0.12 * seen),
                    label=line_label(partnership, partner),
                )
            )
            drawn = True
        if not drawn:
            not_on_map.append(partnership)
    return PartnershipMap(lines=lines, points=list(points.values()), not_on_map=not_on_map)


def _line(line: MapLine) -> SafeString:
    colour, dashes = KIND_STYLES.get(line.partnership.kind, KIND_STYLES[PartnershipKind.PROJECT])
    dash = format_html(' stroke-dasharray="{}"', dashes) if dashes else ""
    return format_html(
        '<a href="{}" class="map-line" aria-label="{}">'
        '<path d="{}" fill="none" stroke="{}" stroke-width="1.6"{}/>'
        "<title>{}</title></a>",
        reverse("partnerships:detail", args=[line.partnership.pk]),
        line.label,
        line.path,
        colour,
        dash,
        line.label,
    )


def legend_items() -> list[dict]:
    return [
        {"kind": kind, "label": kind.label, "colour": colour, "dashes": dashes}
        for kind, (colour, dashes) in KIND_STYLES.items()
    ]


def map_svg(partnership_map: PartnershipMap) -> SafeString:
    title = _("Map of partnerships")
    description = _(
        "%(lines)d lines between partner municipalities; each line is a link to the "
        "partnership. The table below lists the same partnerships."
    ) % {"lines": len(partnership_map.lines)}
    points = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="2.6" fill="{}" stroke="#ffffff" stroke-width="0.8">'
        "<title>{}</title></circle>",
        (
            (
                x,
                y,
                "#1a1a1a" if municipality.country_id == "DE" else "#5b2a86",
                f"{municipality.name} ({municipality.country.name})",
            )
            for municipality, x, y in partnership_map.points
        ),
    )
    lines = format_html_join("", "{}", ((_line(line),) for line in partnership_map.lines))
    return format_html(
        '<svg class="partnership-map" viewBox="0 0 {w} {h}" '
        'xmlns="http://www.w3.org/2000/svg" aria-labelledby="map-title map-desc">'
        '<title id="map-title">{title}</title><desc id="map-desc">{desc}</desc>'
        '<rect width="{w}" height="{h}" fill="#f4f8fb"/>'
        '<image href="{land}" width="{w}" height="{h}" aria-hidden="true"/>'
        '<g class="map-lines">{lines}</g>'
        '<g class="map-points" aria-hidden="true">{points}</g>'
        "</svg>",
        w=f"{WIDTH:g}",
        h=f"{HEIGHT:g}",
        title=title,
        desc=description,
        land=static(LAND_SVG),
        lines=lines,
        points=points,
    )
