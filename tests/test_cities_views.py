"""Cities: the public list with its map, the profiles, the themes and the home page block."""

import datetime
import io
import json
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from cities.models import City, Region
from tests.factories import (
    ActivityFactory,
    CityFactory,
    MeetingFactory,
    ResultFactory,
    ScoreFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")


def map_data(html: str, script_id: str = "") -> dict:
    """The data of the page's map: from its json_script element when given, else from the
    address the list's map reads it from."""
    if script_id:
        match = re.search(rf'<script id="{script_id}" type="application/json">(.*?)</script>', html)
        assert match, f"no {script_id} json_script in the page"
        return json.loads(match.group(1))
    match = re.search(r'<div id="cities-map"[^>]* data-geojson-url="([^"]+)"', html)
    assert match, "no map data address in the page"
    response = Client().get(unescape(match.group(1)))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def map_slugs(html: str) -> list[str]:
    return [row[3] for row in map_data(html)["rows"]]


def listed_slugs(html: str) -> list[str]:
    return re.findall(r'<li class="card city-card" id="city-([\w-]+)">', html)


def photo_upload(name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), (200, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


# The list and its map --------------------------------------------------------------------


def test_list_and_map_show_the_same_published_cities(client):
    CityFactory(slug="genova", name_it="Genova", region=Region.LIGURIA)
    CityFactory(slug="bari", name_it="Bari", region=Region.PUGLIA)
    CityFactory(slug="hidden", name_it="Nascosta", published=False)
    html = client.get("/it/citta/").content.decode()
    assert listed_slugs(html) == ["bari", "genova"]
    assert map_slugs(html) == ["bari", "genova"]
    assert "Nascosta" not in html
    assert "/it/citta/hidden/" not in html


def test_map_rows_are_latitude_first_with_popup_fields(client):
    CityFactory(
        slug="genova",
        name_it="Genova",
        name_en="Genoa",
        province="Genova",
        region=Region.LIGURIA,
        latitude="44.407062",
        longitude="8.933989",
    )
    data = map_data(client.get("/en/cities/").content.decode())
    assert data["rows"] == [[44.40706, 8.93399, "Genoa", "genova", 0, "Liguria"]]
    assert data["url"] == "/en/cities/{slug}/"
    assert data["thumb"] == "/en/cities/{slug}/thumbnail/"


def test_popup_of_a_city_with_a_photo_gets_its_thumbnail_address_and_description(client):
    city = CityFactory(slug="fermo", photo_alt_it="La piazza", region=Region.MARCHE)
    city.photo = photo_upload()
    city.save()
    data = map_data(client.get("/it/citta/").content.decode())
    assert data["rows"][0][3:] == ["fermo", 1, "Marche", "La piazza"]
    assert data["thumb"].replace("{slug}", "fermo") == "/it/citta/fermo/miniatura/"


def test_a_city_without_coordinates_is_listed_but_not_on_the_map(client):
    CityFactory(slug="somewhere", latitude=None, longitude=None)
    CityFactory(slug="placed")
    html = client.get("/en/cities/").content.decode()
    assert sorted(listed_slugs(html)) == ["placed", "somewhere"]
    assert map_slugs(html) == ["placed"]
    assert "Not on the map: its position has not been recorded yet." in html


def test_map_is_clustered_and_labelled_and_the_list_is_its_equivalent(client):
    CityFactory()
    html = client.get("/en/cities/").content.decode()
    assert "data-cluster" in html
    assert 'data-geojson-url="/en/cities/map.json"' in html
    assert 'aria-label="Map of all the cities that match"' in html
    assert '<h2 id="list-title">List of cities</h2>' in html


def test_map_data_follows_the_filters_but_not_the_page(client):
    CityFactory(slug="genova", region=Region.LIGURIA)
    CityFactory(slug="bari", region=Region.PUGLIA)
    html = client.get("/en/cities/?region=puglia&page=2&q=").content.decode()
    assert 'data-geojson-url="/en/cities/map.json?region=puglia&amp;q="' in html
    assert map_slugs(html) == ["bari"]


def test_map_data_ignores_filters_it_does_not_understand_and_refuses_post(client):
    CityFactory(slug="genova")
    response = client.get("/en/cities/map.json?region=atlantis&status=%00")
    assert [row[3] for row in response.json()["rows"]] == ["genova"]
    assert client.post("/en/cities/map.json").status_code == 405


def test_list_region_filter(client):
    CityFactory(slug="genova", region=Region.LIGURIA)
    CityFactory(slug="bari", region=Region.PUGLIA)
    html = client.get("/it/citta/", {"region": "puglia"}).content.decode()
    assert listed_slugs(html) == ["bari"]
    assert map_slugs(html) == ["bari"]
    assert '<option value="puglia" selected>' in html


def test_list_status_filter(client):
    CityFactory(slug="member", status=City.Status.MEMBER)
    CityFactory(slug="observer", status=City.Status.OBSERVER)
    html = client.get("/it/citta/", {"status": "observer"}).content.decode()
    assert listed_slugs(html) == ["observer"]


def test_list_text_filter_matches_names_in_both_languages(client):
    CityFactory(slug="torino", name_it="Torino", name_en="Turin")
    CityFactory(slug="lodi", name_it="Lodi", name_en="Lodi")
    assert listed_slugs(client.get("/it/citta/", {"q": "turin"}).content.decode()) == ["torino"]
    assert listed_slugs(client.get("/en/cities/", {"q": "tori"}).content.decode()) == ["torino"]


def test_bad_filter_values_are_ignored_with_a_message_and_the_good_ones_still_apply(client):
    CityFactory(slug="torino", name_it="Torino", name_en="Turin")
    CityFactory(slug="lodi", name_it="Lodi")
    response = client.get("/en/cities/", {"region": "atlantis", "status": "<b>", "q": "tor"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters could not be used and were ignored" in html
    assert 'id="filter-region-error"' in html
    assert "<b>" not in html.split('id="filter-status-error"')[1][:200]
    assert listed_slugs(html) == ["torino"]


def test_too_long_text_filter_is_refused_not_a_server_error(client):
    CityFactory(slug="lodi")
    response = client.get("/en/cities/", {"q": "x" * 500, "region": ["a", "b"]})
    assert response.status_code == 200
    assert listed_slugs(response.content.decode()) == ["lodi"]
    assert 'id="filter-q-error"' in response.content.decode()


def test_no_match_says_so(client):
    CityFactory(slug="lodi", region=Region.LOMBARDIA)
    html = client.get("/en/cities/", {"region": "sicilia"}).content.decode()
    assert "No city matches these filters." in html
    assert map_data(html)["rows"] == []


def test_filter_controls_are_labelled(client):
    html = client.get("/en/cities/").content.decode()
    for name in ("q", "region", "status"):
        assert f'<label for="filter-{name}">' in html
        assert f'id="filter-{name}"' in html
    assert 'method="get"' in html


def test_pages_with_a_map_advertise_the_open_data(client):
    CityFactory(slug="lodi")
    link = '<link rel="alternate" type="application/geo+json" href="/api/cities.geojson"'
    assert link in client.get("/it/citta/").content.decode()
    assert link in client.get("/en/cities/lodi/").content.decode()


def test_public_pages_have_no_inline_script(client):
    city = CityFactory(slug="lodi")
    ActivityFactory(city=city, theme=ThemeFactory(slug="mediation"))
    for url in (
        "/it/citta/",
        "/en/cities/lodi/",
        "/it/citta/temi/",
        "/en/cities/themes/mediation/",
        "/it/",
    ):
        html = client.get(url).content.decode()
        assert INLINE_SCRIPT.findall(html) == [], url
        assert "//unpkg" not in html and "cdn" not in html.lower(), url


def test_list_refuses_post(client):
    assert client.post("/it/citta/").status_code == 405


# The profile -------------------------------------------------------------------------------


def test_profile_shows_facts_text_and_activities(client):
    theme = ThemeFactory(slug="mediation", name_en="Social mediation in neighbourhoods")
    city = CityFactory(
        slug="lodi",
        name_it="Lodi",
        name_en="Lodi",
        population=45000,
        profile_en="<p>Lodi works with its neighbourhoods.</p>",
        website="https://www.comune.lodi.it/",
    )
    shown = ActivityFactory(city=city, theme=theme, title_en="Mediators", year=2012)
    hidden = ActivityFactory(city=city, published=False, title_en="Draft")
    html = client.get("/en/cities/lodi/").content.decode()
    assert "<h1>Lodi</h1>" in html
    assert "about 45,000 residents" in html
    assert "Lodi works with its neighbourhoods." in html
    assert f'id="activity-{shown.pk}"' in html
    assert 'href="/en/cities/themes/mediation/"' in html
    assert f'id="activity-{hidden.pk}"' not in html
    assert "Draft" not in html
    assert ">comune.lodi.it</a>" in html


def test_profile_milestones_are_a_timeline_with_machine_readable_dates(client):
    CityFactory(
        slug="lodi",
        resolution_adopted=datetime.date(2010, 9, 21),
        charter_signed=datetime.date(2011, 5, 10),
    )
    html = client.get("/it/citta/lodi/").content.decode()
    timeline = html.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert '<time datetime="2010-09-21">21 settembre 2010</time>' in timeline
    assert timeline.index("2010-09-21") < timeline.index("2011-05-10")
    html = client.get("/en/cities/lodi/").content.decode()
    assert '<time datetime="2011-05-10">10 May 2011</time> <span>Charter signed</span>' in html
    assert "The dates of the other membership steps" in html


def test_profile_without_milestone_dates_has_no_membership_section(client):
    CityFactory(slug="lodi")
    html = client.get("/en/cities/lodi/").content.decode()
    assert "milestones-title" not in html
    assert "Membership of the network" not in html
    assert "have not been recorded yet" not in html


def test_profile_has_a_small_map_of_the_city(client):
    CityFactory(
        slug="lodi",
        name_en="Lodi",
        region=Region.LOMBARDIA,
        latitude="45.314255",
        longitude="9.503507",
    )
    html = client.get("/en/cities/lodi/").content.decode()
    rows = map_data(html, "city-map-data")["rows"]
    assert rows == [[45.31426, 9.50351, "Lodi", "lodi", 0, "Lombardy"]]
    assert 'class="map small"' in html


def test_profile_includes_the_meetings_and_documents_places(client):
    from django.template.loader import get_template

    source = get_template("cities/detail.html").template.source
    assert '{% include "meetings/_city.html" with city=city %}' in source
    assert '{% include "documents/_city.html" with city=city %}' in source
    assert client.get(f"/it/citta/{CityFactory().slug}/").status_code == 200


def test_unpublished_profile_is_not_found(client):
    CityFactory(slug="hidden", published=False)
    assert client.get("/it/citta/hidden/").status_code == 404
    assert client.get("/en/cities/no-such-city/").status_code == 404


def test_english_profile_without_english_text_shows_italian_with_a_notice(client):
    CityFactory(slug="fermo", name_en="", summary_en="", profile_en="", profile_it="<p>Testo.</p>")
    html = client.get("/en/cities/fermo/").content.decode()
    assert "shown in the original Italian" in html
    assert "Testo." in html


def test_english_profile_with_english_text_has_no_notice(client):
    CityFactory(slug="fermo", photo_alt_it="", contact_office_it="")
    html = client.get("/en/cities/fermo/").content.decode()
    assert 'class="notice"' not in html
    assert 'class="notice"' not in client.get("/it/citta/fermo/").content.decode()


def test_untranslated_activity_gets_its_own_notice(client):
    city = CityFactory(slug="fermo")
    ActivityFactory(city=city, title_en="", title_it="Corso di lingua")
    html = client.get("/en/cities/fermo/").content.decode()
    assert html.count("shown in the original Italian") == 1
    assert "Corso di lingua" in html


def test_profile_links_to_its_other_language_version(client):
    CityFactory(slug="torino", name_it="Torino", name_en="Turin")
    html = client.get("/it/citta/torino/").content.decode()
    assert 'href="/en/cities/torino/" hreflang="en"' in html
    html = client.get("/en/cities/torino/").content.decode()
    assert 'href="/it/citta/torino/" hreflang="it"' in html
    assert "<h1>Turin</h1>" in html


# Themes ------------------------------------------------------------------------------------


def test_theme_page_lists_only_published_activities_of_published_cities(client):
    theme = ThemeFactory(slug="mediation", name_en="Social mediation", workshop=True)
    ActivityFactory(theme=theme, title_en="Shown", city=CityFactory(name_en="Lodi"))
    ActivityFactory(theme=theme, title_en="Draft", published=False)
    ActivityFactory(theme=theme, title_en="Of a hidden city", city=CityFactory(published=False))
    html = client.get("/en/cities/themes/mediation/").content.decode()
    assert "<h1>Social mediation</h1>" in html
    assert "Workshop of the network" in html
    assert "Shown" in html
    assert "Draft" not in html
    assert "Of a hidden city" not in html


def test_unknown_theme_is_not_found(client):
    assert client.get("/en/cities/themes/nothing/").status_code == 404


def test_a_theme_without_activities_shows_no_empty_count_or_section(client):
    empty = ThemeFactory(slug="health", name_en="Migrant women and health")
    busy = ThemeFactory(slug="mediation", name_en="Social mediation")
    ActivityFactory(theme=busy)
    ActivityFactory(theme=empty, published=False)
    html = client.get("/en/cities/themes/").content.decode()
    assert "0 activities" not in html
    assert "1 activity" in html
    assert 'href="/en/cities/themes/health/"' in html  # the theme is still listed
    html = client.get("/en/cities/themes/health/").content.decode()
    assert "theme-activities-title" not in html
    assert "No activity on this theme" not in html
    html = client.get("/en/cities/themes/mediation/").content.decode()
    assert "theme-activities-title" in html


def test_themes_index_puts_the_workshops_first(client):
    ThemeFactory(slug="health", name_en="Migrant women and health", workshop=False)
    ThemeFactory(slug="training", name_en="Training", workshop=True)
    html = client.get("/en/cities/themes/").content.decode()
    assert html.index("The network's workshops") < html.index("Training")
    assert html.index("Training") < html.index("Other themes")
    assert html.index("Other themes") < html.index("Migrant women and health")


# Home page block ---------------------------------------------------------------------------


def test_home_lists_published_member_cities_and_links_to_the_map(client):
    CityFactory(slug="genova", name_it="Genova", name_en="Genoa")
    CityFactory(slug="hidden", name_it="Nascosta", published=False)
    html = client.get("/en/").content.decode()
    assert '<h2 id="home-cities-title">Member cities</h2>' in html
    assert '<a href="/en/cities/genova/">Genoa</a>' in html
    assert "Nascosta" not in html
    assert 'href="/en/cities/"' in html


# Query counts ------------------------------------------------------------------------------

QUERY_BOUND = 12
# The list, the profile and the open data are the pages that grow with the network: each
# stays within this many queries whatever the number of cities: six for the page, one for
# the content generation (icnet.core.cache).
PAGE_QUERY_BOUND = 7


def make_cities(count: int) -> list[City]:
    cities = City.objects.bulk_create(CityFactory.build() for _ in range(count))
    return cities


@pytest.mark.parametrize("count", [10, 1000])
def test_list_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    make_cities(count)
    with django_assert_max_num_queries(PAGE_QUERY_BOUND):
        response = client.get("/en/cities/")
    html = response.content.decode()
    assert len(listed_slugs(html)) == min(count, 48)
    assert len(map_slugs(html)) == count


@pytest.mark.parametrize("count", [10, 1000])
def test_list_query_count_does_not_grow_on_a_filtered_later_page(
    client, django_assert_max_num_queries, count
):
    make_cities(count)
    with django_assert_max_num_queries(PAGE_QUERY_BOUND):
        response = client.get("/it/citta/", {"region": "toscana", "q": "Citt", "page": "2"})
    assert response.status_code == 200
    assert len(map_slugs(response.content.decode())) == count


@pytest.mark.parametrize("count", [10, 1000])
def test_profile_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    cities = make_cities(count)
    city = City.objects.get(slug=cities[0].slug)
    for _ in range(3):
        ActivityFactory(city=city, theme=ThemeFactory())
    # The meetings block of the profile: one meeting hosted, one attended.
    MeetingFactory(host_city=city)
    MeetingFactory(host_city=City.objects.get(slug=cities[1].slug), participants=[city])
    # The Index block: two editions, so the change since the previous one shows too.
    for year in (2016, 2021):
        ScoreFactory.create_batch(3, result=ResultFactory(city=city, year=year))
    with django_assert_max_num_queries(PAGE_QUERY_BOUND):
        response = client.get(f"/it/citta/{city.slug}/")
    assert response.status_code == 200
    assert 'id="city-meetings-hosted"' in response.content.decode()
    assert 'id="city-index"' in response.content.decode()


@pytest.mark.parametrize("count", [10, 1000])
def test_geojson_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    make_cities(count)
    with django_assert_max_num_queries(PAGE_QUERY_BOUND):
        response = client.get("/api/cities.geojson")
    assert len(json.loads(response.content)["features"]) == count


@pytest.mark.parametrize("count", [10, 1000])
def test_theme_pages_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    theme = ThemeFactory(slug="mediation")
    for city in make_cities(count)[:20]:
        ActivityFactory(city=city, theme=theme)
    with django_assert_max_num_queries(QUERY_BOUND):
        assert client.get("/it/citta/temi/mediation/").status_code == 200
    with django_assert_max_num_queries(QUERY_BOUND):
        assert client.get("/it/citta/temi/").status_code == 200


def test_english_pages_name_places_as_english_does(client):
    CityFactory(slug="genova", name_it="Genova", name_en="Genoa", province="Genova")
    CityFactory(slug="pompei", name_it="Pompei", name_en="Pompei", province="Napoli")
    html = client.get("/en/cities/genova/").content.decode()
    assert "<dd>Genoa</dd>" in html
    assert "Genova" not in html.split("<main", 1)[1]
    html = client.get("/en/cities/").content.decode()
    assert "Naples, " in html and "Napoli" not in html
    html = client.get("/it/citta/").content.decode()
    assert "Napoli, " in html and "Naples" not in html
