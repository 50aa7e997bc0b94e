"""Cities at the scale of a directory: the list a page at a time, the map of every matching
city in compact rows, the popup thumbnails behind a redirect, and the weight of the page."""

import gzip
import io
import json
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from cities.models import City, Region
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db

MAP_URL = re.compile(r'<div id="cities-map"[^>]* data-geojson-url="([^"]+)"')


def map_url(html: str) -> str:
    match = MAP_URL.search(html)
    assert match, "no map data address in the page"
    return unescape(match.group(1))


def map_json(html: str) -> str:
    """The map data the list's map reads, as the text it is sent as."""
    response = Client().get(map_url(html))
    assert response.status_code == 200
    return response.content.decode()


def map_slugs(html: str) -> list[str]:
    return [row[3] for row in json.loads(map_json(html))["rows"]]


def listed_slugs(html: str) -> list[str]:
    return re.findall(r'<li class="card city-card" id="city-([\w-]+)">', html)


def pagination(html: str) -> str:
    match = re.search(r'<nav class="pagination"[^>]*>.*?</nav>', html, re.S)
    return match.group(0) if match else ""


def make_cities(count: int, **fields) -> list[City]:
    """Cities named so that their order is their number: place-00000, place-00001, …"""
    return City.objects.bulk_create(
        CityFactory.build(
            slug=f"place-{n:05d}", name_it=f"Luogo {n:05d}", name_en=f"Place {n:05d}", **fields
        )
        for n in range(count)
    )


def photo_upload(name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), (20, 90, 160)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


# Pages of the list ---------------------------------------------------------------------------


def test_list_shows_48_cities_a_page_in_name_order(client):
    make_cities(100)
    html = client.get("/en/cities/").content.decode()
    assert listed_slugs(html) == [f"place-{n:05d}" for n in range(48)]
    nav = pagination(html)
    assert 'aria-label="Pages of the list of cities"' in nav
    assert "Page 1 of 3" in nav
    assert '<a href="?page=2" rel="next">Next page</a>' in nav
    assert 'rel="prev"' not in nav


def test_second_page_shows_the_next_48_and_links_both_ways(client):
    make_cities(100)
    html = client.get("/en/cities/", {"page": "2"}).content.decode()
    assert listed_slugs(html) == [f"place-{n:05d}" for n in range(48, 96)]
    nav = pagination(html)
    assert "Page 2 of 3" in nav
    assert '<a href="?page=1" rel="prev">Previous page</a>' in nav
    assert '<a href="?page=3" rel="next">Next page</a>' in nav


def test_last_page_has_the_rest_and_no_next_link(client):
    make_cities(100)
    html = client.get("/en/cities/", {"page": "3"}).content.decode()
    assert listed_slugs(html) == ["place-00096", "place-00097", "place-00098", "place-00099"]
    assert "Page 3 of 3" in pagination(html)
    assert 'rel="next"' not in pagination(html)


def test_page_links_keep_the_filters(client):
    make_cities(60, region=Region.PUGLIA)
    html = client.get("/en/cities/", {"region": "puglia", "q": "place"}).content.decode()
    assert '<a href="?region=puglia&amp;q=place&amp;page=2" rel="next">' in pagination(html)
    html = client.get("/en/cities/", {"region": "puglia", "q": "place", "page": "2"}).content
    assert '<a href="?region=puglia&amp;q=place&amp;page=1" rel="prev">' in html.decode()


@pytest.mark.parametrize("number", ["4", "999", "9" * 40])
def test_a_page_number_past_the_end_gives_the_last_page(client, number):
    make_cities(100)
    response = client.get("/en/cities/", {"page": number})
    assert response.status_code == 200
    assert listed_slugs(response.content.decode())[0] == "place-00096"
    assert "Page 3 of 3" in response.content.decode()


@pytest.mark.parametrize("number", ["abc", "", "1.5", "<b>"])
def test_a_page_number_that_is_not_a_number_gives_the_first_page(client, number):
    make_cities(100)
    response = client.get("/en/cities/", {"page": number})
    assert response.status_code == 200
    assert listed_slugs(response.content.decode())[0] == "place-00000"
    assert "Page 1 of 3" in response.content.decode()


def test_every_published_city_is_reachable_through_the_pages(client):
    make_cities(100)
    CityFactory(slug="hidden", published=False)
    seen = []
    for number in (1, 2, 3):
        seen += listed_slugs(client.get("/it/citta/", {"page": number}).content.decode())
    assert seen == [f"place-{n:05d}" for n in range(100)]


def test_a_single_page_has_no_page_navigation(client):
    make_cities(48)
    html = client.get("/en/cities/").content.decode()
    assert len(listed_slugs(html)) == 48
    assert pagination(html) == ""
    assert "The map shows the cities listed below." in html


def test_result_count_counts_every_matching_city_not_only_the_page(client):
    make_cities(100)
    html = client.get("/en/cities/", {"page": "2"}).content.decode()
    assert '<p class="result-count" id="result-count">100 cities</p>' in html


# The map of every matching city ------------------------------------------------------------


def test_map_shows_every_matching_city_on_every_page_and_says_so(client):
    make_cities(100)
    everyone = [f"place-{n:05d}" for n in range(100)]
    for number in ("1", "3"):
        html = client.get("/en/cities/", {"page": number}).content.decode()
        assert map_slugs(html) == everyone
    assert (
        "The map shows all 100 cities that match; the list shows them 48 at a time, "
        "with the same links."
    ) in html


def test_map_leaves_out_unpublished_cities(client):
    make_cities(60)
    CityFactory(slug="hidden", name_it="Nascosta", published=False)
    html = client.get("/it/citta/").content.decode()
    assert "hidden" not in map_slugs(html)
    assert len(map_slugs(html)) == 60
    assert "Nascosta" not in html


def test_map_follows_the_filters_beyond_the_page(client):
    make_cities(50, region=Region.PUGLIA)
    CityFactory(slug="genova", region=Region.LIGURIA)
    html = client.get("/it/citta/", {"region": "puglia", "page": "2"}).content.decode()
    assert len(listed_slugs(html)) == 2
    assert map_slugs(html) == [f"place-{n:05d}" for n in range(50)]


def test_map_data_is_compact_rows_with_address_templates(client):
    CityFactory(
        slug="reggio-emilia",
        name_it="Reggio Emilia",
        name_en="",
        region=Region.EMILIA_ROMAGNA,
        latitude="44.697650",
        longitude="10.630000",
    )
    text = map_json(client.get("/en/cities/").content.decode())
    assert text == (
        '{"v":1,"url":"/en/cities/{slug}/","thumb":"/en/cities/{slug}/thumbnail/",'
        '"rows":[[44.69765,10.63,"Reggio Emilia","reggio-emilia",0,"Emilia-Romagna"]]}'
    )


def test_map_rows_round_coordinates_to_five_decimals(client):
    CityFactory(slug="bari", latitude="41.125785", longitude="-16.866734")
    row = json.loads(map_json(client.get("/it/citta/").content.decode()))["rows"][0]
    assert row[:2] == [41.12579, -16.86673]


def test_map_rows_use_the_page_language_and_keep_names_as_text(client):
    CityFactory(slug="odd", name_it="Città", name_en="</script><b>&amp;")
    html = client.get("/en/cities/").content.decode()
    assert "</script><b>" not in html
    assert json.loads(map_json(html))["rows"][0][2] == "</script><b>&amp;"
    assert json.loads(map_json(client.get("/it/citta/").content.decode()))["rows"][0][2] == (
        "Città"
    )


def test_list_makes_no_popup_thumbnail(client, settings):
    city = CityFactory(slug="fermo", photo_alt_it="La piazza")
    city.photo = photo_upload()
    city.save()
    client.get("/it/citta/")
    # Only the card's picture: the popup's one waits until someone opens the popup.
    made = [Image.open(path).size for path in (settings.MEDIA_ROOT / "cache").rglob("*.jpg")]
    assert made == [(480, 300)]


# The popup thumbnail -------------------------------------------------------------------------


def test_thumbnail_redirects_to_the_popup_picture_of_the_photo(client, settings):
    city = CityFactory(slug="fermo")
    city.photo = photo_upload()
    city.save()
    response = client.get("/it/citta/fermo/miniatura/")
    assert response.status_code == 302
    assert response["Location"].startswith(settings.MEDIA_URL + "cache/")
    picture = settings.MEDIA_ROOT / response["Location"].removeprefix(settings.MEDIA_URL)
    assert Image.open(picture).size == (240, 160)
    assert "max-age=600" in response["Cache-Control"]
    assert client.head("/en/cities/fermo/thumbnail/").status_code == 302


@pytest.mark.parametrize("slug", ["hidden", "no-photo", "no-such-city"])
def test_thumbnail_of_an_unpublished_or_unknown_city_or_of_no_photo_is_not_found(client, slug):
    hidden = CityFactory(slug="hidden", published=False)
    hidden.photo = photo_upload()
    hidden.save()
    CityFactory(slug="no-photo")
    assert client.get(f"/it/citta/{slug}/miniatura/").status_code == 404


def test_thumbnail_of_a_missing_photo_file_is_not_found(client):
    city = CityFactory(slug="fermo")
    City.objects.filter(pk=city.pk).update(photo="cities/gone.png")
    assert client.get("/it/citta/fermo/miniatura/").status_code == 404


def test_thumbnail_refuses_post(client):
    city = CityFactory(slug="fermo")
    city.photo = photo_upload()
    city.save()
    assert client.post("/it/citta/fermo/miniatura/").status_code == 405


# Weight at scale -----------------------------------------------------------------------------


def test_list_of_ten_thousand_cities_is_light(client, django_assert_max_num_queries):
    make_cities(10_000)
    # Six for the page, one for the content generation (icnet.core.cache).
    with django_assert_max_num_queries(7):
        response = client.get("/it/citta/")
    html = response.content.decode()
    with django_assert_max_num_queries(7):
        data = map_json(html)
    assert len(json.loads(data)["rows"]) == 10_000
    page_bytes = len(html.encode())
    map_gzip = len(gzip.compress(data.encode(), 6))
    print(f"\n10,000 cities: page {page_bytes} B, map data {map_gzip} B gzipped")
    assert page_bytes < 100_000
    assert map_gzip < 200 * 1024
