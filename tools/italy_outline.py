"""Italy's outline as simplified GeoJSON, from world-atlas's TopoJSON of Natural Earth.

Run by `make assets`: python -m tools.italy_outline SOURCE.json OUTPUT.json
The locator maps (icnet/core/locator.py) draw it; Natural Earth is in the public domain,
world-atlas's packaging is under the ISC licence (THIRD_PARTY.md).
"""

import json
import math
import sys
from pathlib import Path

ITALY = "380"  # ISO 3166-1 numeric, the feature's id in world-atlas
TOLERANCE = 0.015  # degrees (about 1.5 km): invisible at the sizes the site draws
MIN_AREA = 0.004  # square degrees: islands smaller than this (about 40 km²) are left out
DIGITS = 3


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON's delta-encoded, quantized arcs as lists of (longitude, latitude)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    """One ring from its arcs (a negative index is the reversed arc ~index)."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker, iterative: the points farther than tolerance from the chords."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        farthest, distance = None, tolerance
        for i in range(first + 1, last):
            px, py = points[i]
            d = (
                abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length
                if length
                else math.hypot(px - x1, py - y1)
            )
            if d > distance:
                farthest, distance = i, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def area(points: list) -> float:
    return (
        abs(
            sum(
                x1 * y2 - x2 * y1
                for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)
            )
        )
        / 2
    )


def outline(topology: dict) -> dict:
    """Italy's outer rings (San Marino's and the Vatican's holes are not drawn), simplified."""
    arcs = decode_arcs(topology)
    (geometry,) = [
        g for g in topology["objects"]["countries"]["geometries"] if g.get("id") == ITALY
    ]
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    rings = []
    for polygon in polygons:
        outer = ring(arcs, polygon[0])
        if area(outer) < MIN_AREA:
            continue
        points = simplify(outer, TOLERANCE)
        rings.append([[[round(x, DIGITS), round(y, DIGITS)] for x, y in points]])
    rings.sort(key=lambda r: -area([tuple(p) for p in r[0]]))
    return {
        "type": "Feature",
        "properties": {
            "name": "Italia",
            "source": "Natural Earth 1:50m Admin 0 countries (public domain), "
            "through world-atlas (ISC); simplified",
        },
        "geometry": {"type": "MultiPolygon", "coordinates": rings},
    }


def main(source: str, output: str) -> None:
    feature = outline(json.loads(Path(source).read_text()))
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    Path(output).write_text(json.dumps(feature, separators=(",", ":")) + "\n")
    count = sum(len(r[0]) for r in feature["geometry"]["coordinates"])
    print(f"{output}: {len(feature['geometry']['coordinates'])} polygons, {count} points")


if __name__ == "__main__":
    main(*sys.argv[1:3])
