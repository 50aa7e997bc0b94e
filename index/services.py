"""What the Index pages and the open data show, built from published results only.

Each function reads a fixed number of queries, whatever the number of cities and editions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.db.models.functions import Greatest
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cities.models import City
from documents.models import Document
from index.charts import PairChart, PairRow
from index.models import Area, Result, Score

TENTH = Decimal("0.1")


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values) / len(values)).quantize(TENTH, rounding=ROUND_HALF_UP)


def _report_public(prefix: str = "result__") -> Exists:
    return Exists(Document.objects.published().filter(pk=OuterRef(f"{prefix}report_id")))


# A city's profile ----------------------------------------------------------------------------


@dataclass
class CityIndex:
    """A city's latest result, its chart and table, and the change since the one before."""

    latest: Result
    previous: Result | None
    chart: PairChart
    change: Decimal | None


def city_index(city: City) -> CityIndex | None:
    """The city's latest published result with its scores by area, in one query.

    A result is read through its scores (the admin asks for at least one per result).
    """
    scores = (
        Score.objects.filter(result__in=Result.objects.published().filter(city=city))
        .select_related("result", "result__report", "area")
        .annotate(report_public=_report_public())
        .order_by("-result__year", "area__order", "area__slug")
    )
    results: dict[int, tuple[Result, list[Score]]] = {}
    for score in scores:
        result, found = results.setdefault(score.result_id, (score.result, []))
        result.report_public = score.report_public
        found.append(score)
    if not results:
        return None
    ordered = list(results.values())
    latest, latest_scores = ordered[0]
    previous, previous_scores = ordered[1] if len(ordered) > 1 else (None, [])
    before = {score.area_id: score.value for score in previous_scores}
    rows = [
        PairRow(
            str(score.area),
            score.value,
            score.sample_average,
            key=score.area.slug,
            change=score.value - before[score.area_id] if score.area_id in before else None,
        )
        for score in latest_scores
    ]
    chart = PairChart(
        "city-index-chart",
        _("%(city)s in the %(year)s Index, by area") % {"city": city.name, "year": latest.year},
        _(
            "For each area, the score of %(city)s and the average of the %(count)s cities "
            "of the sample, from 0 to 100."
        )
        % {"city": city.name, "count": latest.sample_size},
        city.name,
        _("Sample average"),
        rows,
    )
    change = latest.overall - previous.overall if previous else None
    return CityIndex(latest, previous, chart, change)


# The comparison page -------------------------------------------------------------------------

SORT_CITY, SORT_YEAR, SORT_OVERALL = "city", "year", "overall"
ORDERS = ("asc", "desc")


@dataclass
class CityRow:
    """A member city's latest result in the comparison table."""

    result: Result
    values: dict[int, Decimal]
    samples: dict[int, Decimal]
    cells: list[Decimal | None] = field(default_factory=list)

    @property
    def city(self) -> City:
        return self.result.city


@dataclass
class Column:
    key: str
    label: str
    query: str
    sorted: str = ""  # "ascending", "descending" or ""


@dataclass
class Comparison:
    areas: list[Area]
    rows: list[CityRow]
    sort: str
    order: str
    columns: list[Column]
    network_chart: PairChart
    has_examples: bool


def _latest_member_results() -> list[Result]:
    return list(
        Result.objects.published()
        .filter(city__status=City.Status.MEMBER)
        .latest_per_city()
        .select_related("city")
        .prefetch_related(
            Prefetch(
                "scores", queryset=Score.objects.only("result", "area", "value", "sample_average")
            )
        )
    )


def _sort_value(row: CityRow, sort: str, area_ids: dict[str, int]):
    if sort == SORT_CITY:
        return row.city.name.casefold()
    if sort == SORT_YEAR:
        return row.result.year
    if sort == SORT_OVERALL:
        return row.result.overall
    return row.values.get(area_ids[sort])


def sort_rows(rows: list[CityRow], sort: str, order: str, area_ids: dict[str, int]) -> list:
    """Rows by the column, ties and then rows without a value for it by city name."""
    by_name = sorted(rows, key=lambda row: (row.city.name.casefold(), row.city.slug))
    if sort == SORT_CITY:
        return by_name[::-1] if order == "desc" else by_name
    valued = [row for row in by_name if _sort_value(row, sort, area_ids) is not None]
    missing = [row for row in by_name if _sort_value(row, sort, area_ids) is None]
    valued.sort(key=lambda row: _sort_value(row, sort, area_ids), reverse=order == "desc")
    return valued + missing


def comparison(sort: str | None, order: str | None, keep: dict[str, str]) -> Comparison:
    """Every member city's latest result, sorted by a column; anything else that is asked
    for gives the default order (by city name). `keep` is carried into the sort links."""
    results = _latest_member_results()
    all_areas = list(Area.objects.all())
    rows = [
        CityRow(
            result,
            {score.area_id: score.value for score in result.scores.all()},
            {score.area_id: score.sample_average for score in result.scores.all()},
        )
        for result in results
    ]
    used = {area_id for row in rows for area_id in row.values}
    areas = [area for area in all_areas if area.pk in used]
    area_ids = {area.slug: area.pk for area in areas}
    keys = [SORT_CITY, SORT_YEAR, SORT_OVERALL, *area_ids]
    if sort not in keys:
        sort, order = SORT_CITY, "asc"
    if order not in ORDERS:
        order = "asc" if sort == SORT_CITY else "desc"
    for row in rows:
        row.cells = [row.values.get(area.pk) for area in areas]
    rows = sort_rows(rows, sort, order, area_ids)

    labels = [_("City"), _("Edition"), _("Overall index"), *(str(area) for area in areas)]
    columns = []
    for key, label in zip(keys, labels, strict=True):
        if key == sort:
            next_order = "asc" if order == "desc" else "desc"
        else:
            next_order = "asc" if key == SORT_CITY else "desc"
        query = urlencode({**keep, "sort": key, "order": next_order})
        state = ("ascending" if order == "asc" else "descending") if key == sort else ""
        columns.append(Column(key, label, query, state))

    network = []
    for area in areas:
        scored = [row for row in rows if area.pk in row.values]
        network.append(
            PairRow(
                str(area),
                _mean([row.values[area.pk] for row in scored]),
                _mean([row.samples[area.pk] for row in scored]),
                key=area.slug,
            )
        )
    chart = PairChart(
        "network-index",
        _("The network and the samples, by area"),
        _(
            "For each area, the average score of the member cities in their latest result, "
            "and the average of their samples' averages, from 0 to 100."
        ),
        _("Network average"),
        _("Samples' average"),
        network,
    )
    return Comparison(
        areas,
        rows,
        sort,
        order,
        columns,
        chart,
        any(row.result.example for row in rows),
    )


@dataclass
class Progress:
    """One city's results over the editions: overall index by edition, scores by area."""

    city: City
    results: list[Result]
    chart: PairChart
    areas: list[tuple[Area, list[Decimal | None]]]
    has_examples: bool


def progress(found: Comparison, slug: str | None) -> Progress | None:
    """The progress of the city with this slug among the compared ones (the first by name
    when the slug names none of them)."""
    cities = sorted((row.city for row in found.rows), key=lambda c: (c.name.casefold(), c.slug))
    if not cities:
        return None
    city = next((c for c in cities if c.slug == slug), cities[0])
    results = list(
        Result.objects.published().filter(city=city).prefetch_related("scores").order_by("year")
    )
    values = [{score.area_id: score.value for score in r.scores.all()} for r in results]
    used = {area_id for found_values in values for area_id in found_values}
    areas = [
        (area, [by_area.get(area.pk) for by_area in values])
        for area in Area.objects.filter(pk__in=used)
    ]
    chart = PairChart(
        "progress-index",
        _("%(city)s edition by edition") % {"city": city.name},
        _(
            "For each edition, the overall index of %(city)s and the sample's average "
            "overall index, from 0 to 100."
        )
        % {"city": city.name},
        city.name,
        _("Sample average"),
        [PairRow(str(r.year), r.overall, r.sample_overall, key=str(r.year)) for r in results],
    )
    return Progress(city, results, chart, areas, any(r.example for r in results))


# Open data -------------------------------------------------------------------------------------

OPEN_DATA_COLUMNS = [
    "city",
    "city_name_it",
    "city_name_en",
    "year",
    "date",
    "sample_size",
    "overall_index",
    "sample_overall_index",
    "area",
    "area_name_it",
    "area_name_en",
    "score",
    "sample_average",
    "example",
    "report_url",
]


def published_scores():
    """The published scores, with `updated` as the latest change of what a row shows: for
    the open data's ETag."""
    return Score.objects.published().annotate(
        updated=Greatest("result__updated", "area__updated", "result__city__updated")
    )


def open_data_rows(absolute: Callable[[str], str]) -> Iterator[dict]:
    """One row per published result and area, with the sample's average: one query.

    Scores are Decimals; `absolute` makes the report's address absolute.
    """
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    scores = (
        Score.objects.published()
        .select_related("result__city", "result__report", "area")
        .annotate(report_public=_report_public())
        .order_by("result__city__slug", "result__year", "area__order", "area__slug")
    )
    for score in scores.iterator(chunk_size=2000):
        result, city, area = score.result, score.result.city, score.area
        result.report_public = score.report_public
        link = result.report_link()
        yield {
            "city": city.slug,
            "city_name_it": getattr(city, f"name_{default}"),
            "city_name_en": city.name_en or getattr(city, f"name_{default}"),
            "year": result.year,
            "date": result.date.isoformat() if result.date else None,
            "sample_size": result.sample_size,
            "overall_index": result.overall,
            "sample_overall_index": result.sample_overall,
            "area": area.slug,
            "area_name_it": getattr(area, f"name_{default}"),
            "area_name_en": area.name_en or getattr(area, f"name_{default}"),
            "score": score.value,
            "sample_average": score.sample_average,
            "example": result.example,
            "report_url": absolute(link) if link.startswith("/") else link,
        }
