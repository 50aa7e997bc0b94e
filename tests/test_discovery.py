"""Search, sitemap, robots, open data downloads and the statistics page."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.db import connection

from cities.models import City, Region
from documents.models import Document
from tests.factories import (
    ActivityFactory,
    CityFactory,
    DocumentFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL"
)
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def torino():
    return CityFactory(
        name_it="Torino",
        name_en="Turin",
        slug="torino",
        region=Region.PIEMONTE,
        summary_it="<p>Capoluogo del Piemonte, città di immigrazione.</p>",
        summary_en="<p>Capital of Piedmont, a city of immigration.</p>",
    )


# Search -------------------------------------------------------------------------------


def test_every_page_has_the_search_form(client):
    html = client.get("/it/").content.decode()
    assert 'role="search"' in html
    assert 'name="q"' in html
    assert 'action="/it/cerca/"' in html


def test_turin_on_english_site_and_torino_on_italian_site_find_the_same_city(client, torino):
    en = client.get("/en/search/", {"q": "Turin"}).content.decode()
    it = client.get("/it/cerca/", {"q": "Torino"}).content.decode()
    assert 'href="/en/cities/torino/"' in en
    assert 'href="/it/citta/torino/"' in it


def test_results_are_grouped_by_type_and_highlighted(client, torino):
    ActivityFactory(city=torino, title_it="Torino mediazione", title_en="Turin mediation")
    MeetingFactory(host_city=torino, title_it="Incontro a Torino", title_en="Meeting in Turin")
    html = client.get("/it/cerca/", {"q": "torino"}).content.decode()
    assert 'id="results-cities"' in html
    assert 'id="results-activities"' in html
    assert 'id="results-meetings"' in html
    assert "<mark>Torino</mark>" in html


def test_search_finds_nothing_unpublished(client):
    CityFactory(name_it="Segretopoli", name_en="Secretville", slug="segreto", published=False)
    DocumentFactory(title_it="Segretopoli documento", published=False)
    html = client.get("/it/cerca/", {"q": "Segretopoli"}).content.decode()
    assert "segreto" not in html
    assert "Nothing found" in html or "Nessun risultato" in html


def test_search_speaks_the_visitors_language(client, torino):
    html = client.get("/en/search/", {"q": "Turin"}).content.decode()
    assert ">Turin</mark>" in html or "<mark>Turin</mark>" in html
    assert "Capital of Piedmont" in html


def test_search_without_words_asks_for_some(client):
    response = client.get("/it/cerca/", {"q": "  "})
    assert response.status_code == 200
    assert "results-" not in response.content.decode()


@pytest.mark.parametrize(
    "params", [{"q": "x" * 5000}, {"q": "torino", "type": "nope"}, {"q": "torino", "page": "abc"}]
)
def test_search_survives_odd_input(client, torino, params):
    assert client.get("/it/cerca/", params).status_code == 200


def test_search_page_past_the_end_is_not_found(client, torino):
    assert client.get("/it/cerca/", {"q": "torino", "type": "cities", "page": 9}).status_code == 404


def test_search_paginates_one_type(client):
    for n in range(13):
        CityFactory(name_it=f"Borgo {n}", name_en=f"Borough {n}", slug=f"borgo-{n}")
    html = client.get("/it/cerca/", {"q": "borgo", "type": "cities"}).content.decode()
    assert html.count('href="/it/citta/borgo-') == 10
    html = client.get("/it/cerca/", {"q": "borgo", "type": "cities", "page": 2}).content.decode()
    assert html.count('href="/it/citta/borgo-') == 3


def test_search_ranks_name_matches_above_text_matches(client):
    CityFactory(name_it="Fermo", name_en="Fermo", slug="fermo", summary_it="<p>Marche.</p>")
    CityFactory(
        name_it="Lodi",
        name_en="Lodi",
        slug="lodi",
        summary_it="<p>Gemellata con Fermo per un progetto.</p>",
    )
    html = client.get("/it/cerca/", {"q": "Fermo", "type": "cities"}).content.decode()
    assert html.index("/it/citta/fermo/") < html.index("/it/citta/lodi/")


@postgres_only
def test_accents_do_not_matter_on_postgresql(client):
    ActivityFactory(title_it="Il diritto alla città", title_en="The right to the city")
    html = client.get("/it/cerca/", {"q": "citta"}).content.decode()
    assert "diritto alla" in html


@postgres_only
def test_small_typos_are_forgiven_on_postgresql(client, torino):
    html = client.get("/it/cerca/", {"q": "Torrino"}).content.decode()
    assert 'href="/it/citta/torino/"' in html


@postgres_only
def test_full_text_uses_the_language_stemmer(client):
    meeting = MeetingFactory(title_en="Network meetings on mediation", title_it="Incontri di rete")
    html = client.get("/en/search/", {"q": "meeting"}).content.decode()
    assert f'href="/en/meetings/{meeting.slug}/"' in html
    assert "Network <mark>meetings</mark>" in html


def test_sqlite_fallback_finds_names_and_titles(client, torino, settings):
    from icnet.site import search as site_search

    groups = site_search._fallback(
        City.objects.published(), site_search.SOURCES[0], ["turin"], "en"
    )
    assert list(groups) == [torino]


# Sitemap and robots -------------------------------------------------------------------


def _sitemap_urls(client):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    urls = []
    for loc in index.iter(f"{SM}loc"):
        path = loc.text.split("testserver", 1)[1]
        section = ET.fromstring(client.get(path).content)
        urls.extend(section.iter(f"{SM}url"))
    return urls


def test_sitemap_lists_every_public_page_in_both_languages_with_alternates(client, torino):
    CityFactory(slug="hidden", published=False)
    meeting = MeetingFactory(host_city=torino)
    document = DocumentFactory()
    urls = _sitemap_urls(client)
    locs = {u.find(f"{SM}loc").text.split("testserver", 1)[1] for u in urls}
    for path in [
        "/it/",
        "/en/",
        "/it/citta/torino/",
        "/en/cities/torino/",
        f"/it/incontri/{meeting.slug}/",
        f"/en/documents/{document.slug}/",
        "/it/statistiche/",
        "/en/open-data/",
    ]:
        assert path in locs
    assert "/it/citta/hidden/" not in locs
    city_url = next(u for u in urls if u.find(f"{SM}loc").text.endswith("/it/citta/torino/"))
    langs = {link.get("hreflang") for link in city_url.findall(f"{XHTML}link")}
    assert langs == {"it", "en", "x-default"}
    assert city_url.find(f"{SM}lastmod") is not None


def test_robots_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_every_page_has_canonical_hreflang_description_and_open_graph(client):
    html = client.get("/en/open-data/").content.decode()
    assert '<link rel="canonical" href="http://testserver/en/open-data/">' in html
    assert 'hreflang="it" href="http://testserver/it/dati-aperti/"' in html
    assert 'hreflang="x-default"' in html
    assert '<meta name="description"' in html
    assert '<meta property="og:title" content="Open data">' in html


# Open data ----------------------------------------------------------------------------


def test_cities_csv_has_one_row_per_published_city(client, torino):
    torino.latitude, torino.longitude = 45.070312, 7.686856
    torino.save()
    CityFactory(slug="hidden", published=False)
    response = client.get("/api/cities.csv", headers={"origin": "https://example.org"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["slug"] for r in rows] == ["torino"]
    row = rows[0]
    assert row["name_it"] == "Torino"
    assert row["name_en"] == "Turin"
    assert row["region"] == "piemonte"
    assert row["latitude"] == "45.070312"
    assert row["url_en"] == "http://testserver/en/cities/torino/"
    assert list(rows[0].keys())[:3] == ["slug", "name_it", "name_en"]


def test_cities_csv_revalidates_with_304(client, torino):
    first = client.get("/api/cities.csv")
    again = client.get("/api/cities.csv", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_meetings_json_lists_published_meetings_with_cors(client, torino):
    MeetingFactory(host_city=torino, slug="visible", participants=[torino])
    MeetingFactory(host_city=torino, slug="draft", published=False)
    response = client.get("/api/meetings.json", headers={"origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    data = json.loads(response.content)
    assert [m["slug"] for m in data["meetings"]] == ["visible"]
    assert data["meetings"][0]["participants"] == ["torino"]
    assert data["meetings"][0]["host_city"] == "torino"


def test_open_data_refuses_post(client):
    assert client.post("/api/cities.csv").status_code == 405
    assert client.post("/api/meetings.json").status_code == 405


def test_open_data_page_documents_the_files_and_licence(client):
    html = client.get("/en/open-data/").content.decode()
    for path in [
        "/api/cities.geojson",
        "/api/cities.csv",
        "/api/meetings.json",
        "/api/meetings.ics",
    ]:
        assert f'href="{path}"' in html
    assert 'rel="license"' in html


# Statistics ---------------------------------------------------------------------------


def test_statistics_numbers_equal_the_data(client):
    import datetime

    for _ in range(3):
        CityFactory(region=Region.TOSCANA)
    genova = CityFactory(region=Region.LIGURIA, resolution_adopted=datetime.date(2010, 6, 1))
    CityFactory(region=Region.LIGURIA, published=False)
    CityFactory(region=Region.PUGLIA, status=City.Status.OBSERVER)
    MeetingFactory(host_city=genova, start_date=datetime.date(2011, 5, 10))
    MeetingFactory(host_city=genova, start_date=datetime.date(2011, 1, 27))
    MeetingFactory(host_city=genova, start_date=datetime.date(2012, 4, 20))
    MeetingFactory(host_city=genova, start_date=datetime.date(2012, 5, 20), published=False)
    DocumentFactory(kind=Document.Kind.CHARTER)
    DocumentFactory(kind=Document.Kind.GUIDE, published=False)

    from icnet.site import stats

    regions = {b.label: b.value for b in stats.cities_by_region().bars}
    assert regions == {"Toscana": 3, "Liguria": 1}
    meetings = {b.label: b.value for b in stats.meetings_per_year().bars}
    assert meetings == {"2011": 2, "2012": 1}
    kinds = {b.label: b.value for b in stats.documents_by_kind().bars}
    assert kinds == {"Carta": 1}
    milestones = stats.milestones_over_time()
    assert milestones.years == [2010]
    assert milestones.series[0].values == [1]


def test_statistics_page_draws_svg_with_accessible_tables(client):
    CityFactory(region=Region.MARCHE)
    html = client.get("/it/statistiche/").content.decode()
    assert html.count("<svg") >= 1
    assert 'role="img"' in html
    assert "<caption>" in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_statistics_leave_out_the_milestones_until_a_date_is_recorded(client):
    import datetime

    city = CityFactory(region=Region.MARCHE)
    html = client.get("/en/statistics/").content.decode()
    assert 'id="chart-milestones"' not in html
    assert "Membership milestones over time" not in html
    assert "No membership dates" not in html
    city.charter_signed = datetime.date(2011, 5, 10)
    city.save()
    html = client.get("/en/statistics/").content.decode()
    assert 'id="chart-milestones"' in html


def test_sitemap_pages_split_language_pairs_without_loss(client, monkeypatch):
    from icnet.site.sitemaps import CitySitemap

    monkeypatch.setattr(CitySitemap, "limit", 3)
    for n in range(5):
        CityFactory(slug=f"citta-{n}")
    index = ET.fromstring(client.get("/sitemap.xml").content)
    city_pages = [loc.text for loc in index.iter(f"{SM}loc") if "sitemap-cities" in loc.text]
    assert len(city_pages) == 4  # 5 cities x 2 languages, 3 a page
    seen = []
    for url in city_pages:
        section = ET.fromstring(client.get(url.split("testserver", 1)[1]).content)
        seen += [loc.text.split("testserver", 1)[1] for loc in section.iter(f"{SM}loc")]
    expected = {f"/{segment}/citta-{n}/" for n in range(5) for segment in ("it/citta", "en/cities")}
    assert sorted(seen) == sorted(expected)


def test_sitemap_index_queries_do_not_grow_with_the_data(client, django_assert_max_num_queries):
    for n in range(40):
        CityFactory(slug=f"luogo-{n}")
    with django_assert_max_num_queries(6):
        assert client.get("/sitemap.xml").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/sitemap-cities.xml").status_code == 200


@postgres_only
def test_search_follows_edits_and_bulk_updates(client, torino):
    City.objects.filter(pk=torino.pk).update(name_it="Augusta Taurinorum")
    html = client.get("/it/cerca/", {"q": "Taurinorum"}).content.decode()
    assert 'href="/it/citta/torino/"' in html
    torino.refresh_from_db()
    torino.profile_en = "<p>Home of the Egyptian Museum.</p>"
    torino.save()
    html = client.get("/en/search/", {"q": "egyptian museum"}).content.decode()
    assert 'href="/en/cities/torino/"' in html
