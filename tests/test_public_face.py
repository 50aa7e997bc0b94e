"""The public face: locator maps for cities without a photo, the public-body pages and
their links in the footer, the header's pieces, and the committed design-system build."""

import json
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from icnet.core import locator
from icnet.site.models import Page
from tests.factories import CityFactory, PageFactory

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "static"


# Locator maps -------------------------------------------------------------------------------


def test_the_outline_of_italy_is_shipped_as_simplified_geojson():
    feature = json.loads((STATIC / "geo" / "italy-outline.json").read_text())
    polygons = feature["geometry"]["coordinates"]
    assert feature["geometry"]["type"] == "MultiPolygon"
    assert len(polygons) >= 3  # the mainland, Sicily and Sardinia at least
    points = [p for polygon in polygons for p in polygon[0]]
    assert 6.5 < min(p[0] for p in points) < 7 and 18.4 < max(p[0] for p in points) < 18.6
    assert 35.4 < min(p[1] for p in points) < 36.7 and 46.9 < max(p[1] for p in points) < 47.2
    assert (STATIC / "geo" / "LICENSE-world-atlas").exists()


def test_places_fall_where_they_are_on_the_locator_map():
    italy = locator.italy()
    torino = italy.point(Decimal("45.07"), Decimal("7.69"))
    bari = italy.point(41.12, 16.87)
    palermo = italy.point(38.12, 13.36)
    assert torino[0] < palermo[0] < bari[0]  # west to east
    assert torino[1] < bari[1] < palermo[1]  # north to south
    for x, y in (torino, bari, palermo):
        assert 0 < x < italy.width and 0 < y < italy.height


def test_a_city_without_a_photo_shows_a_labelled_locator_map_in_each_language(client):
    CityFactory(slug="torino", name_it="Torino", name_en="Turin", latitude=45.07, longitude=7.69)
    it = client.get("/it/citta/torino/").content.decode()
    en = client.get("/en/cities/torino/").content.decode()
    assert re.search(r'<svg class="locator"[^>]* role="img" aria-label="Torino sulla mappa d', it)
    assert 'aria-label="Torino sulla mappa d\'Italia"' in it
    assert 'role="img" aria-label="Turin on the map of Italy"' in en
    assert '<circle class="locator-point" cx="' in en


def test_the_outline_is_written_once_on_a_page_of_many_cities(client):
    for n in range(5):
        CityFactory(slug=f"city-{n}")
    html = client.get("/it/citta/").content.decode()
    assert html.count('class="locator city-card-picture"') == 5
    assert html.count('<path id="italy-land"') == 1
    assert html.count('<use href="#italy-land"') == 5


def test_a_city_without_coordinates_shows_italy_alone(client):
    CityFactory(slug="nowhere", latitude=None, longitude=None)
    html = client.get("/en/cities/nowhere/").content.decode()
    assert 'role="img" aria-label="Map of Italy"' in html
    assert "locator-point" not in html


# Pages every public body's site has ---------------------------------------------------------


@pytest.mark.parametrize("key", ["contacts", "privacy", "cookies", "accessibility", "legal"])
def test_the_demo_has_each_public_body_page_in_both_languages(client, key):
    call_command("load_demo", stdout=StringIO())
    page = Page.objects.get(key=key)
    assert page.title_it and page.title_en and page.body_it and page.body_en
    assert client.get(page.get_absolute_url()).status_code == 200


def test_the_privacy_notice_says_public_pages_set_no_cookies_and_what_the_form_keeps():
    call_command("load_demo", stdout=StringIO())
    page = Page.objects.get(key="privacy")
    assert "Le pagine pubbliche non impostano cookie" in page.body_it
    assert "The public pages set no cookies" in page.body_en
    for word in ("name", "e-mail address", "organisation", "accessibility needs"):
        assert word in page.body_en


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_footer_links_every_public_body_page(client, language):
    html = client.get(f"/{language}/").content.decode()
    footer = html[html.index("<footer") :]
    with translation.override(language):
        addresses = [
            reverse(name) for name in ("contacts", "privacy", "cookies", "accessibility", "legal")
        ]
    for address in addresses:
        assert f'href="{address}"' in footer
    assert re.search(rf'<a href="{addresses[1]}" data-element="privacy-policy-link">', footer)


def test_the_accessibility_statement_links_agid_s_form(client):
    PageFactory(key="accessibility", title_it="Dichiarazione di accessibilità")
    html = client.get("/it/accessibilita/").content.decode()
    assert re.search(
        r'<a href="https://form\.agid\.gov\.it/"[^>]* data-element="accessibility-link">', html
    )
    assert "data-element" not in client.get("/it/").content.decode().split("<footer")[0]


def test_a_staff_edit_of_a_page_shows_on_the_site(client):
    PageFactory(key="legal", title_it="Note legali", body_it="<p>Testo rivisto.</p>")
    html = client.get("/it/note-legali/").content.decode()
    assert "<h1>Note legali</h1>" in html and "Testo rivisto." in html


# Header ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "logo", "label"),
    [("it", "logo-it.svg", "Menu"), ("en", "logo-en.svg", "Menu")],
)
def test_the_header_has_the_logo_of_the_language_and_a_menu_button(client, language, logo, label):
    html = client.get(f"/{language}/").content.decode()
    header = html[: html.index("</header>")]
    assert f"icnet/{logo}" in header
    assert re.search(
        r'<button class="custom-navbar-toggler menu-button" type="button" '
        r'aria-controls="main-menu" aria-expanded="false">',
        header,
    )
    assert f"<span>{label}</span>" in header
    assert 'id="main-menu"' in header


def test_public_pages_load_no_inline_script(client):
    html = client.get("/it/").content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", html) == []


# The committed build -----------------------------------------------------------------------


def test_the_design_system_build_is_committed_with_its_licences():
    folder = STATIC / "designers-italia"
    css = (folder / "bootstrap-italia.min.css").read_text()
    assert ".it-header-slim-wrapper" in css and ".breadcrumb" in css and ".it-footer" in css
    assert len(css.encode()) < 200_000  # a subset, not the whole 600 kB build
    assert (
        "BSD" in (folder / "LICENSE").read_text()
        or "Redistribution" in (folder / "LICENSE").read_text()
    )
    assert "SIL OPEN FONT LICENSE" in (folder / "fonts" / "OFL.txt").read_text().upper()
    site_css = (STATIC / "icnet" / "site.css").read_text()
    for face in re.findall(r'url\("\.\./designers-italia/fonts/([^"]+)"\)', site_css):
        assert (folder / "fonts" / face).exists(), face
    for language in ("it", "en"):
        assert (STATIC / "icnet" / f"logo-{language}.svg").exists()
