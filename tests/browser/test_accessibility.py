"""axe-core over every page type of the site in both languages, and the editor's admin pages:
no violations, with the maps drawn. Also: the map has a keyboard path, and Tab order starts
with the skip link."""

import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.pages import DEMO_OPTIONS, demo_editor, editor_paths, public_paths, registration_paths

pytestmark = pytest.mark.django_db(transaction=True)


def _check(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    if page.locator("[data-map]").count():
        page.wait_for_selector("[data-map][data-map-ready]")
    return axe_violations(page)


def test_public_pages_have_no_accessibility_violations(axe_page, live_server):
    call_command("load_demo", *DEMO_OPTIONS, stdout=StringIO())
    found = {}
    for path in public_paths() + registration_paths():
        violations = _check(axe_page, live_server.url + path)
        if violations:
            found[path] = violations
    assert found == {}


def test_editor_admin_pages_have_no_accessibility_violations(axe_page, live_server):
    call_command("load_demo", *DEMO_OPTIONS, stdout=StringIO())
    user, city = demo_editor()
    client = Client()
    client.force_login(user)
    axe_page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    found = {}
    for path in editor_paths(city.pk):
        violations = _check(axe_page, live_server.url + path)
        if violations:
            found[path] = violations
    assert found == {}


def test_keyboard_starts_at_the_skip_link_and_reaches_the_city_list(page, live_server):
    call_command("load_demo", stdout=StringIO())
    page.goto(f"{live_server.url}/it/citta/")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_class("skip-link")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    # The list of cities is the keyboard equivalent of the map: its links take focus.
    link = page.locator("main a[href='/it/citta/genova/']").first
    link.focus()
    expect(page.locator(":focus")).to_have_attribute("href", "/it/citta/genova/")
