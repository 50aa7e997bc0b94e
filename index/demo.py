"""The Index's part of the demo: the indicator areas, and on request example results.

The areas are the questionnaire's own. The demo invents no result presented as real: the
example results (`load_examples`, `manage.py load_demo --index-examples`) are made-up
numbers, marked `example` so that every page and download labels them "example data".
"""

import zlib
from decimal import ROUND_HALF_UP, Decimal

from cities.models import City
from index.models import Area, Result, Score

# slug, Italian name, English name; the last two came with the newer editions.
AREAS = [
    ("commitment", "Impegno", "Commitment"),
    ("education", "Istruzione", "Education"),
    ("neighbourhoods", "Quartieri", "Neighbourhoods"),
    ("public-services", "Servizi pubblici", "Public services"),
    ("business-labour-market", "Imprese e mercato del lavoro", "Business and labour market"),
    ("cultural-civil-life", "Vita culturale e civile", "Cultural and civil life"),
    ("public-space", "Spazio pubblico", "Public space"),
    (
        "mediation-conflict-resolution",
        "Mediazione e risoluzione dei conflitti",
        "Mediation and conflict resolution",
    ),
    ("language", "Lingua", "Language"),
    ("media", "Media", "Media"),
    ("international-outlook", "Apertura internazionale", "International outlook"),
    (
        "intelligence-competence",
        "Intelligenza e competenza interculturali",
        "Intercultural intelligence and competence",
    ),
    ("welcoming-newcomers", "Accoglienza dei nuovi arrivati", "Welcoming newcomers"),
    ("governance", "Governance", "Governance"),
    ("anti-discrimination", "Antidiscriminazione", "Anti-discrimination"),
    ("participation", "Partecipazione", "Participation"),
]
NEWER_AREAS = {"anti-discrimination", "participation"}

# Example results: made-up numbers for these cities and editions, never real ones.
EXAMPLE_CITIES = ["reggio-emilia", "genova", "torino", "senigallia"]
EXAMPLE_EDITIONS = [(2016, 85), (2021, 120)]


def load_areas() -> int:
    created = 0
    for order, (slug, name_it, name_en) in enumerate(AREAS, start=1):
        _, new = Area.objects.get_or_create(
            slug=slug, defaults={"name_it": name_it, "name_en": name_en, "order": order * 10}
        )
        created += new
    return created


def _made_up(*parts, low: int, spread: int) -> Decimal:
    """A stable made-up number, the same on every load."""
    return Decimal(low + zlib.crc32("-".join(map(str, parts)).encode()) % spread)


def load_examples() -> int:
    """Example results for a few demo cities, marked as example data."""
    load_areas()
    areas = list(Area.objects.filter(slug__in=[slug for slug, _it, _en in AREAS]))
    created = 0
    for city in City.objects.filter(slug__in=EXAMPLE_CITIES):
        for year, sample_size in EXAMPLE_EDITIONS:
            if Result.objects.filter(city=city, year=year).exists():
                continue
            used = [a for a in areas if year >= 2021 or a.slug not in NEWER_AREAS]
            values = {a: _made_up(city.slug, year, a.slug, low=35, spread=60) for a in used}
            samples = {a: _made_up(year, a.slug, low=40, spread=35) for a in used}
            overall = (sum(values.values()) / len(values)).quantize(
                Decimal("1"), rounding=ROUND_HALF_UP
            )
            sample_overall = (sum(samples.values()) / len(samples)).quantize(
                Decimal("1"), rounding=ROUND_HALF_UP
            )
            result = Result.objects.create(
                city=city,
                year=year,
                sample_size=sample_size,
                overall=overall,
                sample_overall=sample_overall,
                example=True,
                published=True,
            )
            Score.objects.bulk_create(
                Score(result=result, area=a, value=values[a], sample_average=samples[a])
                for a in used
            )
            created += 1 + len(used)
    return created


def load() -> int:
    """The areas only: the demo's default invents no results."""
    return load_areas()
