"""The map's projection, lines and the shipped land outline."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

from partnerhub.partnerships import map as partnership_map


def test_projection_corners_and_germany():
    assert partnership_map.project(84, -180) == (0, 0)
    assert partnership_map.project(-58, 180) == (1000, partnership_map.HEIGHT)
    x, y = partnership_map.project(51, 10)
    assert 520 < x < 535 and 90 < y < 95


def test_curves_bow_to_the_north():
    path = partnership_map.curve((100, 200), (300, 200))
    control_y = float(re.match(r"M[\d.]+ [\d.]+Q[\d.]+ ([\d.-]+)", path).group(1))
    assert control_y < 200
    assert partnership_map.curve((5, 5), (5, 5)) == "M5 5L5 5"
    # A second line between the same two bows further, so both stay visible.
    assert partnership_map.curve((0, 0), (10, 0), bend=0.3) != partnership_map.curve(
        (0, 0), (10, 0)
    )


def test_land_outline_is_shipped_with_the_same_projection_and_its_sources():
    svg = Path(finders.find(partnership_map.LAND_SVG)).read_text()
    assert f'viewBox="0 0 {partnership_map.WIDTH:g} {partnership_map.HEIGHT:g}"' in svg
    assert "Natural Earth" in svg
    folder = Path(finders.find(partnership_map.LAND_SVG)).parent
    assert (folder / "README.md").exists() and (folder / "LICENSE-world-atlas.txt").exists()
