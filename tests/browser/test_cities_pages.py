"""The cities pages in a real browser: no accessibility violations (axe-core) with the map
drawn, the list works without JavaScript, and the map still draws with no tiles."""

import pytest
from playwright.sync_api import expect

from cities import demo
from tests.browser.axe import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "path",
    [
        "/it/citta/",
        "/en/cities/?region=atlantis&status=member&q=",
        "/it/citta/reggio-emilia/",
        "/en/cities/genova/",
        "/en/cities/themes/",
        "/it/citta/temi/training/",
    ],
)
def test_cities_pages_have_no_accessibility_violations(axe_page, live_server, path):
    demo.load()
    axe_page.goto(live_server.url + path)
    if axe_page.locator("[data-map]").count():
        axe_page.wait_for_selector("[data-map][data-map-ready]")
    assert axe_violations(axe_page) == []


def test_city_list_filters_work_without_javascript(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    demo.load()
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/cities/")
    assert page.locator(".city-card").count() == 10
    page.fill("#filter-q", "turin")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/en/cities/?q=turin**")
    assert page.locator(".city-card h3").all_inner_texts() == ["Turin"]
    page.get_by_role("link", name="Show all cities").first.click()
    page.wait_for_url(f"{live_server.url}/en/cities/")
    expect(page.locator(".city-card")).to_have_count(10)
    context.close()


def test_demo_cities_are_drawn_where_they_are_with_no_tiles(page, live_server):
    demo.load()
    page.goto(f"{live_server.url}/it/citta/")
    page.wait_for_selector("#cities-map[data-map-ready]")
    assert page.get_attribute("#cities-map", "data-map-ready") == "10"
    # With every tile request refused, the map shows Italy's outline of markers: the
    # westernmost is Torino, the easternmost Bari, the southernmost Pompei.
    positions = page.evaluate(
        """() => {
            const map = document.querySelector("#cities-map")._leafletMap;
            const out = {};
            map.eachLayer((layer) => {
                if (layer.getAllChildMarkers) {
                    layer.getAllChildMarkers().forEach((m) => { out[m.options.title] = m.getLatLng(); });
                } else if (layer.getLatLng && layer.options.title) {
                    out[layer.options.title] = layer.getLatLng();
                }
            });
            return out;
        }"""
    )
    assert set(positions) >= {"Torino", "Bari", "Pompei", "Genova"}
    west = min(positions, key=lambda name: positions[name]["lng"])
    east = max(positions, key=lambda name: positions[name]["lng"])
    south = min(positions, key=lambda name: positions[name]["lat"])
    assert (west, east, south) == ("Torino", "Bari", "Pompei")
    assert page.js_errors == []
