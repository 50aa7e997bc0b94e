"""The admin's map picker in a real browser, under the admin's nonce-based CSP."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from cities.models import City
from tests.factories import CityFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SIX_DECIMALS = re.compile(r"^-?\d{1,3}\.\d{6}$")


@pytest.fixture
def staff_page(page, live_server):
    """The browser page, signed in as network staff (session cookie of a forced login)."""
    user = UserFactory(username="staff", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.console_messages = messages
    return page


def csp_violations(page) -> list[str]:
    return [
        text
        for text in page.console_messages
        if "Content Security Policy" in text or "Refused to" in text
    ]


def marker_position(page):
    return page.evaluate(
        """() => {
            const box = document.querySelector("[data-map-picker]");
            let found = null;
            box._pickerMap.eachLayer((layer) => {
                if (layer.getLatLng && layer.options.draggable) { found = layer.getLatLng(); }
            });
            return found && [found.lat, found.lng];
        }"""
    )


# True once the map has finished moving to the marker it was asked to show: the marker sits
# in the middle of the map (any pan still running moves it away from there).
MAP_RESTS_ON_THE_MARKER = """() => {
    const map = document.querySelector("[data-map-picker]")._pickerMap;
    let marker = null;
    map.eachLayer((layer) => {
        if (layer.getLatLng && layer.options.draggable) { marker = layer; }
    });
    if (!marker) { return false; }
    const at = map.latLngToContainerPoint(marker.getLatLng());
    return at.distanceTo(map.getSize().divideBy(2)) < 2;
}"""


def test_clicking_the_map_fills_the_coordinates_and_typing_moves_the_marker(
    staff_page, live_server
):
    page = staff_page
    response = page.goto(f"{live_server.url}/{settings.ADMIN_PATH}cities/city/add/")
    assert "nonce-" in response.headers["content-security-policy"]
    page.wait_for_selector("[data-map-picker][data-picker-ready]")
    assert page.input_value("#id_latitude") == ""
    assert marker_position(page) is None

    picker = page.locator("[data-map-picker]")
    picker.scroll_into_view_if_needed()
    box = picker.bounding_box()
    picker.click(position={"x": box["width"] * 0.4, "y": box["height"] * 0.5})
    expect(page.locator("#id_latitude")).to_have_value(SIX_DECIMALS)
    expect(page.locator("#id_longitude")).to_have_value(SIX_DECIMALS)
    latitude = page.input_value("#id_latitude")
    longitude = page.input_value("#id_longitude")
    assert SIX_DECIMALS.match(latitude), latitude
    assert SIX_DECIMALS.match(longitude), longitude
    assert -90 <= float(latitude) <= 90 and -180 <= float(longitude) <= 180
    assert marker_position(page) == pytest.approx([float(latitude), float(longitude)], abs=1e-6)

    page.fill("#id_latitude", "45.070312")
    page.fill("#id_longitude", "7.686856")
    expect(picker).to_have_attribute("data-marker-lat", "45.070312")
    expect(picker).to_have_attribute("data-marker-lng", "7.686856")
    assert marker_position(page) == pytest.approx([45.070312, 7.686856], abs=1e-6)

    # Dragging the marker writes the new place back into the inputs, once the map has
    # panned to the typed place.
    page.wait_for_function(MAP_RESTS_ON_THE_MARKER)
    picker.scroll_into_view_if_needed()
    marker = page.locator("[data-map-picker] .leaflet-marker-icon").bounding_box()
    start_x = marker["x"] + marker["width"] / 2
    start_y = marker["y"] + marker["height"] - 4
    page.mouse.move(start_x, start_y)
    page.mouse.down()
    page.mouse.move(start_x + 40, start_y + 30, steps=8)
    page.mouse.up()
    expect(page.locator("#id_latitude")).not_to_have_value("45.070312")
    dragged = (page.input_value("#id_latitude"), page.input_value("#id_longitude"))
    assert dragged != ("45.070312", "7.686856")
    assert SIX_DECIMALS.match(dragged[0]) and SIX_DECIMALS.match(dragged[1])
    assert float(dragged[0]) < 45.070312 and float(dragged[1]) > 7.686856

    page.fill("#id_latitude", "45.070312")
    page.fill("#id_longitude", "7.686856")
    page.fill("#id_name_it", "Torino")
    page.press("#id_name_it", "Tab")
    expect(page.locator("#id_slug")).to_have_value("torino")  # filled from the Italian name
    page.select_option("#id_region", "piemonte")
    page.locator("input[name='_save']").first.click()
    page.wait_for_url(re.compile(r".*/cities/city/$"))
    city = City.objects.get(slug="torino")
    assert (str(city.latitude), str(city.longitude)) == ("45.070312", "7.686856")
    assert csp_violations(page) == []
    assert page.js_errors == []


def test_change_form_shows_the_saved_place_and_can_remove_it(staff_page, live_server):
    page = staff_page
    city = CityFactory(slug="bari", latitude="41.125784", longitude="16.866732")
    page.goto(f"{live_server.url}/{settings.ADMIN_PATH}cities/city/{city.pk}/change/")
    page.wait_for_selector("[data-map-picker][data-picker-ready]")
    assert marker_position(page) == pytest.approx([41.125784, 16.866732], abs=1e-6)
    page.locator("[data-map-picker-clear]").click()
    expect(page.locator("#id_latitude")).to_have_value("")
    expect(page.locator("#id_longitude")).to_have_value("")
    assert marker_position(page) is None
    assert csp_violations(page) == []
    assert page.js_errors == []
