"""The shipped basemap in a real browser: drawn beneath the markers whether tiles load, fail
or are turned off; with tiles off (MAP_TILES_URL empty) the pages ask no other host."""

from io import StringIO

import pytest
from django.core.management import call_command

from cities.models import City
from meetings.models import Meeting
from tests.browser.test_cities_map import count_markers, make_network

pytestmark = pytest.mark.django_db(transaction=True)

BASEMAP_PATHS = ".leaflet-basemap-pane path"


def record_requests(page) -> list[str]:
    """Every address the page's context asks for (documents, scripts, images, fetches)."""
    asked = []
    page.context.on("request", lambda request: asked.append(request.url))
    return asked


def wait_for_map(page, selector: str) -> None:
    page.wait_for_selector(f"{selector}[data-map-ready][data-basemap-ready]")


def test_with_tiles_off_no_request_leaves_the_site_and_the_map_is_still_readable(
    page, live_server, settings
):
    settings.MAP_TILES_URL = ""
    call_command("load_demo", stdout=StringIO())
    cities = City.objects.published().count()
    asked = record_requests(page)

    page.goto(f"{live_server.url}/it/citta/")
    wait_for_map(page, "#cities-map")
    # Italy's twenty regions are drawn as SVG paths, beneath the markers.
    assert page.locator(f"#cities-map {BASEMAP_PATHS}").count() >= 20
    assert page.locator("#cities-map .leaflet-tile").count() == 0
    assert count_markers(page) == cities
    assert page.get_attribute("#cities-map", "data-map-ready") == str(cities)
    assert "Natural Earth" in page.locator("#cities-map .leaflet-control-attribution").inner_text()
    z_index = page.eval_on_selector(
        "#cities-map .leaflet-basemap-pane", "pane => getComputedStyle(pane).zIndex"
    )
    marker_z = page.eval_on_selector(
        "#cities-map .leaflet-marker-pane", "pane => getComputedStyle(pane).zIndex"
    )
    assert int(z_index) < int(marker_z)

    # The other page types with a map: a profile, the meetings and one of them.
    meeting = Meeting.objects.published().filter(host_city__isnull=False).first()
    for path, selector in [
        ("/it/citta/reggio-emilia/", "#city-map"),
        ("/en/meetings/", "#meetings-map"),
        (f"/en/meetings/{meeting.slug}/", "#meeting-map"),
    ]:
        page.goto(f"{live_server.url}{path}")
        wait_for_map(page, selector)
        assert page.locator(f"{selector} {BASEMAP_PATHS}").count() >= 20, path
        assert page.locator(f"{selector} .leaflet-marker-icon").count() >= 1, path
    page.goto(f"{live_server.url}/it/")
    page.goto(f"{live_server.url}/en/search/?q=torino")

    assert asked, "the pages made requests"
    outside = [url for url in asked if not url.startswith(live_server.url)]
    assert outside == []
    assert page.js_errors == []


def test_when_tiles_fail_the_basemap_shows_beneath_them(page, live_server, settings):
    # Tiles from an outside host, which the test's browser refuses: they fail to load.
    settings.MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    published = make_network()
    page.goto(f"{live_server.url}/en/cities/")
    wait_for_map(page, "#cities-map")
    assert page.locator("#cities-map .leaflet-tile").count() >= 1  # asked for, refused
    assert page.locator(f"#cities-map {BASEMAP_PATHS}").count() >= 20
    assert count_markers(page) == published
    basemap_z = page.eval_on_selector(
        "#cities-map .leaflet-basemap-pane", "pane => getComputedStyle(pane).zIndex"
    )
    tiles_z = page.eval_on_selector(
        "#cities-map .leaflet-tile-pane", "pane => getComputedStyle(pane).zIndex"
    )
    assert int(basemap_z) < int(tiles_z)  # loaded tiles cover it
