"""Meetings in a real browser: the maps draw their places at a usable size."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.factories import CityFactory, MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _map_state(page, selector: str) -> dict:
    page.wait_for_selector(f"{selector}[data-map-ready]")
    return page.evaluate(
        """(selector) => {
            const el = document.querySelector(selector);
            return {
                ready: Number(el.dataset.mapReady),
                height: el.getBoundingClientRect().height,
                markers: el.querySelectorAll('.leaflet-marker-icon').length,
            };
        }""",
        selector,
    )


def test_list_map_shows_member_cities_and_outside_places(page, live_server):
    lodi = CityFactory(latitude=Decimal("45.314"), longitude=Decimal("9.503"))
    MeetingFactory(host_city=lodi, start_date=datetime.date(2012, 4, 20))
    MeetingFactory(
        host_city=None,
        place_name="Pizzo Calabro",
        place_region="calabria",
        place_latitude=Decimal("38.7353"),
        place_longitude=Decimal("16.1597"),
        start_date=datetime.date(2013, 4, 20),
    )

    page.goto(f"{live_server.url}/it/incontri/")

    state = _map_state(page, "#meetings-map")
    assert state["ready"] == 2
    assert state["height"] > 200  # not collapsed by Leaflet's own stylesheet
    assert state["markers"] == 2
    assert page.js_errors == []


def test_meeting_page_map_shows_its_place(page, live_server):
    meeting = MeetingFactory(
        host_city=None,
        place_name="Arezzo",
        place_region="toscana",
        place_latitude=Decimal("43.4633"),
        place_longitude=Decimal("11.8796"),
    )

    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")

    state = _map_state(page, "#meeting-map")
    assert state == {"ready": 1, "height": state["height"], "markers": 1}
    assert state["height"] > 100
    page.locator("#meeting-map .leaflet-marker-icon").click()
    expect(page.locator(".map-popup strong")).to_have_text("Arezzo")
    assert page.js_errors == []
