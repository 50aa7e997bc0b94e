"""Locator maps: Italy's outline with one point, drawn on the server as inline SVG.

The outline is the simplified GeoJSON shipped in static/geo/italy-outline.json (Natural
Earth, see THIRD_PARTY.md). It is projected once per process (equirectangular, with
longitudes shrunk by the cosine of Italy's middle latitude, which keeps its shape at this
scale) and every map reuses the same path; only the point changes.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

OUTLINE = "geo/italy-outline.json"
WIDTH = 300  # the viewBox's width; the picture scales with its box
MARGIN = 6
MIDDLE_LATITUDE = 42.0


@dataclass(frozen=True)
class Outline:
    path: str  # SVG path data of the land, in viewBox units
    width: int
    height: int
    west: float
    north: float
    scale: float  # viewBox units per degree of latitude

    def point(self, latitude: float, longitude: float) -> tuple[float, float]:
        """Where a place falls in the viewBox."""
        latitude, longitude = float(latitude), float(longitude)
        x = MARGIN + (longitude - self.west) * math.cos(math.radians(MIDDLE_LATITUDE)) * self.scale
        y = MARGIN + (self.north - latitude) * self.scale
        return round(x, 1), round(y, 1)


def _read(path: Path) -> dict:
    return json.loads(path.read_text())


@cache
def italy() -> Outline:
    """Italy's outline, projected into a viewBox WIDTH units wide."""
    found = finders.find(OUTLINE) or str(Path(settings.BASE_DIR) / "static" / OUTLINE)
    rings = [polygon[0] for polygon in _read(Path(found))["geometry"]["coordinates"]]
    points = [p for ring in rings for p in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    shrink = math.cos(math.radians(MIDDLE_LATITUDE))
    scale = (WIDTH - 2 * MARGIN) / ((east - west) * shrink)
    height = math.ceil((north - south) * scale + 2 * MARGIN)
    outline = Outline("", WIDTH, height, west, north, scale)
    parts = []
    for ring in rings:
        # Whole units: a unit is about a pixel at the sizes the maps are shown.
        xy = [(round(x), round(y)) for x, y in (outline.point(lat, lng) for lng, lat in ring)]
        xy = [p for i, p in enumerate(xy) if i == 0 or p != xy[i - 1]]
        parts.append("M" + "L".join(f"{x} {y}" for x, y in xy) + "Z")
    return Outline("".join(parts), WIDTH, height, west, north, scale)
