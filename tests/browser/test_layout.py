"""The public face in a real browser, on a phone (390 px) and a desktop (1280 px): no page
scrolls sideways, the menu button opens and closes the navigation by keyboard, the header
search's placeholder fits, and the footer reaches the bottom of short pages."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.pages import DEMO_OPTIONS, public_paths, registration_paths

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _demo():
    call_command("load_demo", *DEMO_OPTIONS, stdout=StringIO())


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_no_page_scrolls_sideways(page, live_server, viewport):
    _demo()
    page.set_viewport_size(viewport)
    wide = {}
    for path in public_paths() + registration_paths():
        page.goto(live_server.url + path)
        if page.locator("[data-map]").count():
            page.wait_for_selector("[data-map][data-map-ready]")
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if widths[0] > widths[1]:
            wide[path] = widths
    assert wide == {}
    assert page.js_errors == []


def test_the_menu_button_opens_and_closes_the_navigation_by_keyboard(page, live_server):
    _demo()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/it/meetings/")
    button = page.get_by_role("button", name="Menu")
    menu = page.locator("#main-menu")
    expect(button).to_have_attribute("aria-controls", "main-menu")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu.get_by_role("link", name="Documenti")).to_be_hidden()

    # Reach the button with Tab, as a keyboard user does.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('aria-controls')"):
            break
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Documenti")).to_be_visible()
    # The current section is marked for screen readers.
    expect(menu.get_by_role("link", name="Incontri")).to_have_attribute("aria-current", "page")
    # Tab goes on into the menu's links, and Escape closes it and gives the focus back.
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Home")).to_be_focused()
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(menu.get_by_role("link", name="Documenti")).to_be_hidden()
    # Space opens it again, Enter closes it.
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "false")
    assert page.js_errors == []


def test_the_navigation_is_a_plain_bar_on_a_desktop(page, live_server):
    _demo()
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/en/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.locator("#main-menu").get_by_role("link", name="Documents")).to_be_visible()


def test_without_javascript_the_phone_shows_the_navigation(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    _demo()
    context = browser.new_context(locale="it-IT", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/it/")
    expect(page.locator("#main-menu").get_by_role("link", name="Documenti")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("width", [320, 390, 768, 1280])
@pytest.mark.parametrize("language", ["it", "en"])
def test_the_header_search_placeholder_fits(page, live_server, width, language):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/{language}/search/")
    room, text = page.evaluate(
        """async () => {
            await document.fonts.ready;
            const input = document.querySelector("#site-search-q");
            const style = getComputedStyle(input);
            const ctx = document.createElement("canvas").getContext("2d");
            ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            return [room, ctx.measureText(input.placeholder).width];
        }"""
    )
    assert text <= room


@pytest.mark.parametrize("path", ["/it/cookie/", "/en/search/"])
def test_the_footer_reaches_the_bottom_of_a_short_page(page, live_server, path):
    _demo()
    page.set_viewport_size({"width": 1280, "height": 2000})
    page.goto(live_server.url + path)
    bottom, height, scroll = page.evaluate(
        """() => [document.querySelector("footer").getBoundingClientRect().bottom,
                  window.innerHeight, document.documentElement.scrollHeight]"""
    )
    assert scroll == height  # the page is shorter than the window
    assert abs(bottom - height) <= 1
