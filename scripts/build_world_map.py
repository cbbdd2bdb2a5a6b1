#!/usr/bin/env python3
"""Build the land outline of the partnership map once, from Natural Earth via `world-atlas`.

The map of partnerships (`partnerships.map`) needs no internet access and no tile
server: the server writes an SVG with the points and lines of the partnerships on
top of this land outline, shipped as a static file.

Source: the npm package `world-atlas` (version 2.0.2), file `land-110m.json`: Natural
Earth's 1:110m land polygons (public domain) as TopoJSON, packaged under the ISC
licence. To rebuild:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 scripts/build_world_map.py /tmp/package/land-110m.json

It writes `src/partnerhub/static/partnerships/map/world-land-110m.svg`: one path in
the equirectangular projection of `partnerhub.partnerships.map` (the constants below
must stay equal to those there; a test checks the viewBox), coordinates rounded to
0.1 units, Antarctica left out (the map ends at 58° south).
"""

import json
import sys
from pathlib import Path

WIDTH = 1000.0
LAT_TOP = 84.0
LAT_BOTTOM = -58.0
SCALE = WIDTH / 360.0
HEIGHT = round((LAT_TOP - LAT_BOTTOM) * SCALE, 1)

OUT = (
    Path(__file__).resolve().parent.parent
    / "src/partnerhub/static/partnerships/map/world-land-110m.svg"
)


def project(lon: float, lat: float) -> tuple[float, float]:
    return round((lon + 180.0) * SCALE, 1), round((LAT_TOP - lat) * SCALE, 1)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs are quantized and delta-encoded: undo both, giving degrees."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        # Consecutive arcs share their end point: keep it once.
        points.extend(arc if not points else arc[1:])
    return points


def polygons(topology: dict):
    arcs = decode_arcs(topology)
    for geometry in topology["objects"]["land"]["geometries"]:
        shapes = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in shapes:
            yield [ring_points(ring, arcs) for ring in polygon]


def unwrap(points) -> list[tuple[float, float]]:
    """Make longitudes continuous across the antimeridian (they may leave -180..180)."""
    result: list[tuple[float, float]] = []
    for lon, lat in points:
        if result:
            previous = result[-1][0]
            while lon - previous > 180:
                lon -= 360
            while previous - lon > 180:
                lon += 360
        result.append((lon, lat))
    return result


def copies(points) -> list[list[tuple[float, float]]]:
    """A ring that crosses the antimeridian is drawn again shifted by 360° (the viewBox clips)."""
    ring = unwrap(points)
    rings = [ring]
    if max(lon for lon, _ in ring) > 180:
        rings.append([(lon - 360, lat) for lon, lat in ring])
    if min(lon for lon, _ in ring) < -180:
        rings.append([(lon + 360, lat) for lon, lat in ring])
    return rings


def ring_path(points) -> str:
    projected = []
    for lon, lat in points:
        point = project(lon, lat)
        if not projected or projected[-1] != point:
            projected.append(point)
    if len(projected) < 3:
        return ""
    first, *rest = projected
    return f"M{first[0]:g} {first[1]:g}" + "".join(f"L{x:g} {y:g}" for x, y in rest) + "Z"


def build(source: Path) -> str:
    topology = json.loads(source.read_text())
    parts = []
    for polygon in polygons(topology):
        for ring in polygon:
            if max(lat for _, lat in ring) < LAT_BOTTOM + 3:  # Antarctica and nearby islets
                continue
            parts.extend(ring_path(copy) for copy in copies(ring))
    path = "".join(part for part in parts if part)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH:g} {HEIGHT:g}" width="{WIDTH:g}" height="{HEIGHT:g}">\n'
        "<!-- Land outlines: Natural Earth 1:110m (public domain), via the npm package "
        "world-atlas 2.0.2 (ISC licence, Copyright 2013-2019 Michael Bostock). "
        "Equirectangular, built by scripts/build_world_map.py. -->\n"
        f'<path id="land" fill="#dfe6dc" stroke="#8a9a86" stroke-width="0.4" '
        f'fill-rule="evenodd" d="{path}"/>\n'
        "</svg>\n"
    )


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(build(Path(argv[1])))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
