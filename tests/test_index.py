"""The Intercultural Cities Index: validation, a city's chart and table, the comparison page,
the open data, and query counts that do not grow with the network."""

import csv
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from cities.models import City
from index.models import Result, Score
from tests.factories import (
    AreaFactory,
    CityFactory,
    DocumentFactory,
    ResultFactory,
    ScoreFactory,
)

pytestmark = pytest.mark.django_db


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text of table cells by row."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self._table = a.get("class", "") + "#" + str(len(self.tables))
                self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._depth -= 1
            if self._depth == 0:
                self._table = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            self.tables[self._table].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def section(html: str, element_id: str) -> str:
    """The HTML of the <section> with this id (sections of the index do not nest)."""
    start = html.index(f'id="{element_id}"')
    start = html.rindex("<section", 0, start)
    return html[start : html.index("</section>", start)]


def tables_of(html: str, class_name: str) -> list[list[list[str]]]:
    return [rows for key, rows in parse(html).tables.items() if key.startswith(class_name)]


@pytest.fixture
def areas():
    return [
        AreaFactory(slug="education", name_it="Istruzione", name_en="Education", order=1),
        AreaFactory(
            slug="public-space", name_it="Spazio pubblico", name_en="Public space", order=2
        ),
        AreaFactory(slug="language", name_it="Lingua", name_en="Language", order=3),
    ]


def result_with(city, year, values, samples=None, **kwargs) -> Result:
    """A published result of this city with a score per area (values: {area: score})."""
    result = ResultFactory(city=city, year=year, **kwargs)
    for area, value in values.items():
        sample = (samples or {}).get(area, Decimal("50"))
        ScoreFactory(result=result, area=area, value=Decimal(value), sample_average=sample)
    return result


# Validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "value"), [("value", "100.5"), ("sample_average", "-1")])
def test_a_score_out_of_range_is_refused_with_a_message(areas, field, value):
    score = ScoreFactory.build(result=ResultFactory(), area=areas[0], **{field: Decimal(value)})
    with pytest.raises(ValidationError) as refused:
        score.full_clean()
    assert refused.value.message_dict[field] == ["Un punteggio è un numero da 0 a 100."]


def test_the_database_refuses_a_score_out_of_range(areas):
    score = ScoreFactory(result=ResultFactory(), area=areas[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.filter(pk=score.pk).update(value=Decimal("101"))


def test_an_overall_index_out_of_range_is_refused():
    result = ResultFactory.build(city=CityFactory(), overall=Decimal("120"))
    with pytest.raises(ValidationError) as refused:
        result.full_clean()
    assert "overall" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        ResultFactory(overall=Decimal("120"))


def test_a_second_score_for_the_same_area_is_refused(areas):
    score = ScoreFactory(result=ResultFactory(), area=areas[0])
    again = Score(result=score.result, area=areas[0], value=1, sample_average=1)
    with pytest.raises(ValidationError) as refused:
        again.full_clean()
    assert "Questo risultato ha già un punteggio per questa area." in str(refused.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        again.save()


def test_a_second_result_for_the_same_edition_is_refused():
    result = ResultFactory(year=2019)
    again = ResultFactory.build(city=result.city, year=2019)
    with pytest.raises(ValidationError) as refused:
        again.full_clean()
    assert "Questa città ha già un risultato per questa edizione." in str(refused.value)


def test_an_area_may_not_take_the_name_of_a_table_column():
    area = AreaFactory.build(slug="overall")
    with pytest.raises(ValidationError) as refused:
        area.full_clean()
    assert "slug" in refused.value.message_dict


# A city's profile -------------------------------------------------------------------------


def test_the_profile_chart_has_a_bar_per_area_for_the_city_and_the_sample(client, areas):
    city = CityFactory(slug="lodi", name_it="Lodi", name_en="Lodi")
    result_with(city, 2019, {areas[0]: "72.5", areas[1]: "40", areas[2]: "88"})
    html = client.get("/en/cities/lodi/").content.decode()
    chart = section(html, "city-index")
    tags = parse(chart).tags
    svg = [a for tag, a in tags if tag == "svg"]
    assert len(svg) == 1 and svg[0]["role"] == "img"
    city_bars = [a for tag, a in tags if tag == "rect" and a.get("class") == "index-bar-first"]
    sample_bars = [a for tag, a in tags if tag == "rect" and a.get("class") == "index-bar-second"]
    assert len(city_bars) == len(sample_bars) == 3
    # The text alternative: the chart's title and description, both on the page.
    title_id, desc_id = svg[0]["aria-labelledby"].split()
    assert re.search(rf'id="{title_id}">Lodi in the 2019 Index, by area<', chart)
    assert re.search(rf'id="{desc_id}" class="meta">For each area, the score of Lodi', chart)
    # Bars are drawn to scale: 72.5 of 100 is longer than 40.
    assert float(city_bars[0]["width"]) > float(city_bars[1]["width"])


def test_the_profile_table_holds_the_chart_numbers(client, areas):
    city = CityFactory(slug="lodi", name_it="Lodi", name_en="Lodi")
    result_with(
        city,
        2019,
        {areas[0]: "72.5", areas[1]: "40", areas[2]: "88"},
        {areas[0]: Decimal("61"), areas[1]: Decimal("45.5"), areas[2]: Decimal("70")},
    )
    html = client.get("/en/cities/lodi/").content.decode()
    [rows] = tables_of(section(html, "city-index"), "index-chart-table")
    assert rows == [
        ["Area", "Lodi", "Sample average"],
        ["Education", "72.5", "61"],
        ["Public space", "40", "45.5"],
        ["Language", "88", "70"],
    ]
    values = re.findall(r'class="chart-value">([^<]+)<', section(html, "city-index"))
    assert values == ["72.5", "61", "40", "45.5", "88", "70"]


def test_the_profile_shows_the_overall_index_edition_sample_report_and_change(client, areas):
    city = CityFactory(slug="lodi", name_it="Lodi", name_en="Lodi")
    report = DocumentFactory(slug="lodi-index-2021", published=True)
    result_with(city, 2016, {areas[0]: "50"}, overall=Decimal("58"))
    result_with(
        city,
        2021,
        {areas[0]: "61", areas[1]: "70"},
        overall=Decimal("63.5"),
        sample_overall=Decimal("57"),
        sample_size=120,
        report=report,
    )
    chart = section(client.get("/en/cities/lodi/").content.decode(), "city-index")
    assert "<dd>63.5 out of 100 · sample average 57</dd>" in chart
    assert "<dd>2021</dd>" in chart
    assert "120 cities took the Index that year" in chart
    assert "+5.5 points since 2016 (then 58)" in chart
    assert '<a href="/en/documents/lodi-index-2021/">The 2021 Index report</a>' in chart
    # The change by area, where the earlier result had the area.
    [rows] = tables_of(chart, "index-chart-table")
    assert rows[0][-1] == "Change since 2016"
    assert rows[1] == ["Education", "61", "50", "+11"]
    assert rows[2] == ["Public space", "70", "50", "—"]


def test_an_unpublished_report_document_gives_way_to_the_outside_address(client, areas):
    city = CityFactory(slug="lodi")
    hidden = DocumentFactory(slug="draft-report", published=False)
    result_with(city, 2021, {areas[0]: "61"}, report=hidden, report_url="https://example.org/r.pdf")
    chart = section(client.get("/en/cities/lodi/").content.decode(), "city-index")
    assert "draft-report" not in chart
    assert '<a href="https://example.org/r.pdf" rel="external">' in chart


def test_unpublished_results_and_cities_are_not_shown(client, areas):
    shown = CityFactory(slug="shown", name_en="Shown")
    result_with(shown, 2019, {areas[0]: "50"}, published=False)
    hidden = CityFactory(slug="hidden", name_en="Hidden", published=False)
    result_with(hidden, 2019, {areas[0]: "50"})
    assert 'id="city-index"' not in client.get("/en/cities/shown/").content.decode()
    assert client.get("/en/cities/hidden/").status_code == 404
    page = client.get("/en/index/").content.decode()
    assert "Hidden" not in page and "Shown" not in page
    assert json.loads(client.get("/api/index.json").content)["results"] == []


def test_example_results_wear_the_badge_wherever_they_show(client, areas):
    city = CityFactory(slug="lodi", name_en="Lodi")
    result_with(city, 2019, {areas[0]: "50"}, example=True)
    badge = '<span class="badge-example">example data</span>'
    assert badge in section(client.get("/en/cities/lodi/").content.decode(), "city-index")
    page = client.get("/en/index/").content.decode()
    assert page.count(badge) >= 3  # the note, the table's row, the progress table's column
    assert (
        '<span class="badge-example">dati di esempio</span>'
        in client.get("/it/indice/").content.decode()
    )
    assert json.loads(client.get("/api/index.json").content)["results"][0]["example"] is True


# The comparison page ----------------------------------------------------------------------


@pytest.fixture
def network(areas):
    cities = {
        slug: CityFactory(slug=slug, name_it=name, name_en=name)
        for slug, name in [("bari", "Bari"), ("fermo", "Fermo"), ("lodi", "Lodi")]
    }
    result_with(cities["bari"], 2016, {areas[0]: "90"}, overall=Decimal("80"))
    result_with(cities["bari"], 2021, {areas[0]: "40", areas[1]: "60"}, overall=Decimal("55"))
    result_with(cities["fermo"], 2019, {areas[0]: "75"}, overall=Decimal("70"))
    result_with(cities["lodi"], 2021, {areas[0]: "60", areas[1]: "30"}, overall=Decimal("62"))
    return cities


def table_cities(html: str) -> list[str]:
    [rows] = tables_of(html, "index-table")
    return [row[0] for row in rows[1:]]


def test_the_comparison_lists_each_member_city_s_latest_result(client, network, areas):
    CityFactory(slug="gone", name_en="Gone", status=City.Status.FORMER)
    result_with(City.objects.get(slug="gone"), 2019, {areas[0]: "99"})
    html = client.get("/en/index/").content.decode()
    [rows] = tables_of(html, "index-table")
    assert rows[0][:5] == ["City ▲", "Edition", "Overall index", "Education", "Public space"]
    assert rows[1:] == [
        ["Bari", "2021", "55", "40", "60"],
        ["Fermo", "2019", "70", "75", "—"],
        ["Lodi", "2021", "62", "60", "30"],
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?sort=education&order=desc", ["Fermo", "Lodi", "Bari"]),
        ("?sort=education&order=asc", ["Bari", "Lodi", "Fermo"]),
        ("?sort=overall&order=desc", ["Fermo", "Lodi", "Bari"]),
        # Fermo has no score for the area: last, whichever the order.
        ("?sort=public-space&order=asc", ["Lodi", "Bari", "Fermo"]),
        ("?sort=public-space&order=desc", ["Bari", "Lodi", "Fermo"]),
        ("?sort=city&order=desc", ["Lodi", "Fermo", "Bari"]),
        ("?sort=year", ["Bari", "Lodi", "Fermo"]),
    ],
)
def test_the_comparison_sorts_by_a_column_through_plain_links(client, network, query, expected):
    html = client.get(f"/en/index/{query}").content.decode()
    assert table_cities(html) == expected


def test_sort_links_state_the_order_and_reverse_it(client, network):
    html = client.get("/en/index/?sort=education&order=desc").content.decode()
    assert (
        '<th scope="col" aria-sort="descending"><a href="?sort=education&amp;order=asc'
        '#index-table-title">Education</a>'
    ) in html
    assert '<a href="?sort=overall&amp;order=desc#index-table-title">Overall index</a>' in html
    assert "<script" not in section(html, "index-table-title")


@pytest.mark.parametrize(
    "query",
    [
        "?sort=nothing&order=sideways",
        "?sort=&order=",
        "?sort=education&order=%00",
        "?sort[]=x&city=%C3%28",
        "?city=" + "x" * 5000,
    ],
)
def test_unknown_sort_values_fall_back_to_the_default(client, network, query):
    response = client.get(f"/en/index/{query}")
    assert response.status_code == 200
    assert table_cities(response.content.decode()) in (
        ["Bari", "Fermo", "Lodi"],
        ["Fermo", "Lodi", "Bari"],  # "education" kept with the default order for scores
    )


def test_the_network_chart_sets_the_members_average_against_the_samples(client, network):
    html = client.get("/en/index/").content.decode()
    [rows] = tables_of(section(html, "network-index-title"), "index-chart-table")
    # Education: (40 + 75 + 60) / 3; the samples' averages are 50 each.
    assert rows[1] == ["Education", "58.3", "50"]
    assert rows[2] == ["Public space", "45", "50"]


def test_a_city_s_progress_is_chosen_with_a_plain_form(client, network):
    html = client.get("/en/index/?city=bari").content.decode()
    progress = section(html, "progress-title")
    assert '<form class="index-city-form" method="get"' in progress
    assert '<option value="bari" selected>Bari</option>' in progress
    [chart_rows, area_rows] = tables_of(progress, "")
    assert chart_rows[1:] == [["2016", "80", "55"], ["2021", "55", "55"]]
    assert area_rows[0] == ["Area", "2016", "2021"]
    assert area_rows[1:] == [["Education", "90", "40"], ["Public space", "—", "60"]]
    # An unknown city gives the first one by name.
    other = section(client.get("/en/index/?city=nowhere").content.decode(), "progress-title")
    assert '<option value="bari" selected>Bari</option>' in other


def test_an_empty_network_says_so(client):
    html = client.get("/en/index/").content.decode()
    assert "No member city's results have been published yet." in html


def test_the_page_has_a_translated_address_and_the_language_switch_maps_it(client, network):
    assert client.get("/en/indice/").status_code == 404
    # English segments under /it/ lead to the Italian address (see test_public_urls).
    assert client.get("/it/index/?sort=education")["Location"] == "/it/indice/?sort=education"
    html = client.get("/it/indice/?sort=education&order=desc").content.decode()
    assert 'href="/en/index/?sort=education&amp;order=desc" hreflang="en"' in html
    english = client.get("/en/index/?city=lodi").content.decode()
    assert 'href="/it/indice/?city=lodi" hreflang="it"' in english


def test_the_page_is_in_the_sitemap_in_both_languages(client):
    xml = client.get("/sitemap-pages.xml").content.decode()
    assert "<loc>http://testserver/it/indice/</loc>" in xml
    assert "<loc>http://testserver/en/index/</loc>" in xml
    assert 'hreflang="en" href="http://testserver/en/index/"' in xml


def test_statistics_and_open_data_pages_link_the_comparison(client):
    for path in ("/en/statistics/", "/en/open-data/"):
        assert 'href="/en/index/"' in client.get(path).content.decode()


# Open data --------------------------------------------------------------------------------


def _expected_rows() -> list[dict]:
    rows = []
    for score in Score.objects.select_related("result__city", "area").order_by(
        "result__city__slug", "result__year", "area__order"
    ):
        result = score.result
        rows.append(
            {
                "city": result.city.slug,
                "year": result.year,
                "area": score.area.slug,
                "score": score.value,
                "sample_average": score.sample_average,
                "overall_index": result.overall,
                "sample_size": result.sample_size,
            }
        )
    return rows


def test_the_csv_matches_the_database(client, network):
    response = client.get("/api/index.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == Score.objects.count() == 6
    got = [
        {
            "city": row["city"],
            "year": int(row["year"]),
            "area": row["area"],
            "score": Decimal(row["score"]),
            "sample_average": Decimal(row["sample_average"]),
            "overall_index": Decimal(row["overall_index"]),
            "sample_size": int(row["sample_size"]),
        }
        for row in rows
    ]
    assert got == _expected_rows()
    assert rows[0]["area_name_it"] == "Istruzione" and rows[0]["area_name_en"] == "Education"
    assert rows[0]["example"] == "false"


def test_the_json_matches_the_database(client, network):
    data = json.loads(client.get("/api/index.json").content)
    assert data["count"] == len(data["results"]) == 6
    got = [
        {
            "city": row["city"],
            "year": row["year"],
            "area": row["area"],
            "score": Decimal(str(row["score"])),
            "sample_average": Decimal(str(row["sample_average"])),
            "overall_index": Decimal(str(row["overall_index"])),
            "sample_size": row["sample_size"],
        }
        for row in data["results"]
    ]
    assert got == _expected_rows()


def test_the_downloads_are_open_to_any_origin_and_revalidated(client, network, areas):
    response = client.get("/api/index.json", headers={"origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    etag = response["ETag"]
    assert client.get("/api/index.json", headers={"if-none-match": etag}).status_code == 304
    # Renaming an area changes what the rows say: a new ETag.
    areas[0].name_en = "Schools"
    areas[0].save()
    assert client.get("/api/index.json", headers={"if-none-match": etag}).status_code == 200


# Query counts -----------------------------------------------------------------------------

EDITIONS = [2012, 2015, 2018, 2021, 2024]
# A generous bound; what matters is that 20 and 200 cities cost the same.
QUERY_BOUND = 12


def make_network(count: int, areas) -> list[City]:
    cities = City.objects.bulk_create(CityFactory.build() for _ in range(count))
    results = Result.objects.bulk_create(
        ResultFactory.build(city=city, year=year, overall=Decimal(40 + i % 50))
        for i, (city, year) in enumerate((c, y) for c in cities for y in EDITIONS)
    )
    Score.objects.bulk_create(
        Score(result=result, area=area, value=Decimal(30 + i % 60), sample_average=50)
        for i, (result, area) in enumerate((r, a) for r in results for a in areas)
    )
    return cities


def _count(django_assert_max_num_queries, client, path: str) -> int:
    # A first request reads what is kept once per content generation (the footer's links).
    client.get(path)
    with django_assert_max_num_queries(QUERY_BOUND), CaptureQueriesContext(connection) as seen:
        response = client.get(path)
    assert response.status_code == 200
    return len(seen.captured_queries)


@pytest.mark.parametrize(
    "path", ["/it/indice/?sort=education&order=desc", "/en/index/", "/api/index.json"]
)
def test_query_counts_are_the_same_for_20_and_200_cities(
    client, django_assert_max_num_queries, areas, path
):
    cities = make_network(20, areas)
    small = _count(django_assert_max_num_queries, client, path)
    profile_small = _count(django_assert_max_num_queries, client, f"/en/cities/{cities[5].slug}/")
    City.objects.all().delete()
    cities = make_network(200, areas)
    large = _count(django_assert_max_num_queries, client, path)
    profile_large = _count(django_assert_max_num_queries, client, f"/en/cities/{cities[5].slug}/")
    assert small == large
    assert profile_small == profile_large
    if path.startswith("/api/"):
        assert json.loads(client.get(path).content)["count"] == 200 * 5 * 3


def test_the_csv_reads_few_queries_with_200_cities(client, django_assert_max_num_queries, areas):
    make_network(200, areas)
    with django_assert_max_num_queries(4):
        response = client.get("/api/index.csv")
    assert response.content.decode("utf-8-sig").count("\n") == 1 + 200 * 5 * 3
