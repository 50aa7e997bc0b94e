"""The city map in a real browser: one marker per published city, popups, language switch,
and thousands of cities all drawn."""

import io
import random
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from cities.models import City, Region
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db(transaction=True)


def make_network():
    """Seven published cities (three of them close enough to cluster) and a hidden one."""
    buffer = io.BytesIO()
    Image.new("RGB", (480, 300), (40, 120, 90)).save(buffer, format="PNG")
    torino = CityFactory(
        slug="torino",
        name_it="Torino",
        name_en="Turin",
        region=Region.PIEMONTE,
        latitude="45.070312",
        longitude="7.686856",
        photo_alt_it="Piazza Castello",
    )
    torino.photo = SimpleUploadedFile("torino.png", buffer.getvalue(), content_type="image/png")
    torino.save()
    places = [
        ("bari", "Bari", Region.PUGLIA, "41.125784", "16.866732"),
        ("pompei", "Pompei", Region.CAMPANIA, "40.749409", "14.500694"),
        ("senigallia", "Senigallia", Region.MARCHE, "43.714680", "13.217640"),
        # Three points a few hundred metres apart: one cluster at the whole-country zoom.
        ("campi-a", "Campi A", Region.TOSCANA, "43.825680", "11.132370"),
        ("campi-b", "Campi B", Region.TOSCANA, "43.827680", "11.134370"),
        ("campi-c", "Campi C", Region.TOSCANA, "43.823680", "11.130370"),
    ]
    for slug, name, region, lat, lng in places:
        CityFactory(
            slug=slug, name_it=name, name_en=name, region=region, latitude=lat, longitude=lng
        )
    CityFactory(
        slug="hidden", name_it="Nascosta", latitude="40.0", longitude="15.0", published=False
    )
    return 1 + len(places)


def count_markers(page) -> int:
    clusters = page.locator("#cities-map .marker-cluster").all_inner_texts()
    in_clusters = sum(int(re.sub(r"\D", "", text) or 0) for text in clusters)
    singles = page.locator("#cities-map .leaflet-marker-icon:not(.marker-cluster)").count()
    return in_clusters + singles


def test_map_shows_one_marker_per_published_city_and_opens_profiles(page, live_server):
    published = make_network()
    page.goto(f"{live_server.url}/it/citta/")
    page.wait_for_selector("#cities-map[data-map-ready]")
    assert page.get_attribute("#cities-map", "data-map-ready") == str(published)
    assert page.locator("#cities-map .marker-cluster").count() >= 1
    assert count_markers(page) == published
    assert page.locator("#cities-map [title='Nascosta']").count() == 0
    # The list beside the map has the same cities.
    assert page.locator(".city-card").count() == published

    page.locator("#cities-map .leaflet-marker-icon[title='Torino']").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("strong").inner_text() == "Torino"
    assert popup.locator(".map-popup-sub").inner_text() == "Piemonte"
    # The picture comes through the city's thumbnail address, which redirects to it.
    image = popup.locator("img")
    assert image.get_attribute("src") == "/it/citta/torino/miniatura/"
    assert image.get_attribute("alt") == "Piazza Castello"
    page.wait_for_function(
        "() => document.querySelector('.leaflet-popup-content img').naturalWidth === 240"
    )
    popup.locator("a").click()
    page.wait_for_url(f"{live_server.url}/it/citta/torino/")
    expect(page.locator("h1")).to_have_text("Torino")
    page.wait_for_selector("#city-map[data-map-ready='1']")

    page.locator("nav.languages a[hreflang='en']").click()
    page.wait_for_url(f"{live_server.url}/en/cities/torino/")
    expect(page.locator("h1")).to_have_text("Turin")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.js_errors == []


def test_a_marker_opens_its_popup_from_the_keyboard(page, live_server):
    make_network()
    page.goto(f"{live_server.url}/en/cities/")
    page.wait_for_selector("#cities-map[data-map-ready]")
    page.locator("#cities-map .leaflet-marker-icon[title='Bari']").focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("strong").inner_text() == "Bari"
    assert popup.locator("img").count() == 0
    assert popup.locator("a").get_attribute("href") == "/en/cities/bari/"
    assert popup.locator("a").inner_text() == "Open the page: Bari"


def test_filtering_the_list_filters_the_map(page, live_server):
    make_network()
    page.goto(f"{live_server.url}/en/cities/")
    page.select_option("#filter-region", "puglia")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r".*region=puglia.*"))
    page.wait_for_selector("#cities-map[data-map-ready]")
    assert page.get_attribute("#cities-map", "data-map-ready") == "1"
    assert page.locator("#cities-map .leaflet-marker-icon[title='Bari']").count() == 1
    assert page.locator(".city-card").count() == 1


def test_clusters_open_into_their_cities(page, live_server):
    make_network()
    page.goto(f"{live_server.url}/it/citta/")
    page.wait_for_selector("#cities-map[data-map-ready]")
    cluster = page.locator("#cities-map .marker-cluster").first
    expect(cluster).to_have_text("3")
    cluster.click()
    # Zoomed in on the group: its three cities are single markers now.
    for name in ("Campi A", "Campi B", "Campi C"):
        page.wait_for_selector(f"#cities-map .leaflet-marker-icon[title='{name}']")


def test_two_thousand_cities_are_all_drawn(page, live_server):
    rng = random.Random(2010)
    City.objects.bulk_create(
        CityFactory.build(
            slug=f"place-{n:05d}",
            latitude=Decimal(f"{rng.uniform(37.0, 46.5):.6f}"),
            longitude=Decimal(f"{rng.uniform(7.0, 18.5):.6f}"),
        )
        for n in range(2000)
    )
    page.goto(f"{live_server.url}/it/citta/")
    # How fast is make bench's business; here only that every city is drawn, however long
    # a loaded machine takes.
    page.wait_for_selector("#cities-map[data-map-ready='2000']", timeout=120_000)
    drawn = page.locator("#cities-map .marker-cluster, #cities-map .leaflet-marker-icon")
    assert drawn.count() >= 1
    assert count_markers(page) == 2000
    assert page.locator(".city-card").count() == 48
    assert page.js_errors == []
