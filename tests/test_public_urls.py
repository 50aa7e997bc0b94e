"""Addresses in the page's language: /it/citta/…, /en/cities/…; the first releases'
Italian addresses (/it/cities/…) answer 301; the language switch, canonical, hreflang and
the sitemap follow."""

import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import resolve
from django.utils import translation

from tests.factories import (
    CityFactory,
    DocumentFactory,
    MeetingFactory,
    RegistrationFactory,
    ThemeFactory,
)
from tests.pages import localized

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def world():
    city = CityFactory(slug="torino", name_it="Torino", name_en="Turin")
    theme = ThemeFactory(slug="mediation")
    meeting = MeetingFactory(slug="incontro-torino", host_city=city)
    document = DocumentFactory(slug="carta")
    registration = RegistrationFactory(meeting=meeting, city=None)
    return {
        "city": city,
        "theme": theme,
        "meeting": meeting,
        "document": document,
        "token": registration.token,
    }


# (URL name, its arguments from the world, the Italian path, the English path)
ADDRESSES = [
    ("about", {}, "/it/chi-siamo/", "/en/about/"),
    ("join", {}, "/it/aderire/", "/en/join/"),
    ("search", {}, "/it/cerca/", "/en/search/"),
    ("open_data", {}, "/it/dati-aperti/", "/en/open-data/"),
    ("statistics", {}, "/it/statistiche/", "/en/statistics/"),
    ("index:compare", {}, "/it/indice/", "/en/index/"),
    ("cities:list", {}, "/it/citta/", "/en/cities/"),
    ("cities:map-data", {}, "/it/citta/mappa.json", "/en/cities/map.json"),
    ("cities:themes", {}, "/it/citta/temi/", "/en/cities/themes/"),
    (
        "cities:theme",
        {"slug": "mediation"},
        "/it/citta/temi/mediation/",
        "/en/cities/themes/mediation/",
    ),
    ("cities:detail", {"slug": "torino"}, "/it/citta/torino/", "/en/cities/torino/"),
    (
        "cities:thumbnail",
        {"slug": "torino"},
        "/it/citta/torino/miniatura/",
        "/en/cities/torino/thumbnail/",
    ),
    ("meetings:list", {}, "/it/incontri/", "/en/meetings/"),
    ("meetings:calendar", {}, "/it/incontri/calendario.ics", "/en/meetings/calendar.ics"),
    ("meetings:places", {}, "/it/incontri/luoghi.geojson", "/en/meetings/places.geojson"),
    ("meetings:rss", {}, "/it/incontri/feed/rss/", "/en/meetings/feed/rss/"),
    ("meetings:atom", {}, "/it/incontri/feed/atom/", "/en/meetings/feed/atom/"),
    (
        "meetings:detail",
        {"slug": "incontro-torino"},
        "/it/incontri/incontro-torino/",
        "/en/meetings/incontro-torino/",
    ),
    (
        "meetings:register",
        {"slug": "incontro-torino"},
        "/it/incontri/incontro-torino/iscriviti/",
        "/en/meetings/incontro-torino/register/",
    ),
    (
        "meetings:ics",
        {"slug": "incontro-torino"},
        "/it/incontri/incontro-torino.ics",
        "/en/meetings/incontro-torino.ics",
    ),
    ("documents:list", {}, "/it/documenti/", "/en/documents/"),
    ("documents:links", {}, "/it/documenti/collegamenti/", "/en/documents/links/"),
    ("documents:detail", {"slug": "carta"}, "/it/documenti/carta/", "/en/documents/carta/"),
]


@pytest.mark.parametrize(("name", "kwargs", "italian", "english"), ADDRESSES)
def test_each_page_has_an_italian_and_an_english_address(name, kwargs, italian, english):
    assert localized(name, kwargs, language="it") == italian
    assert localized(name, kwargs, language="en") == english


def test_registration_links_have_italian_and_english_addresses(world):
    token = world["token"]
    confirm, cancel = "meetings:registration-confirm", "meetings:registration-cancel"
    assert localized(confirm, {"token": token}) == f"/it/incontri/iscrizione/{token}/conferma/"
    assert localized(cancel, {"token": token}) == f"/it/incontri/iscrizione/{token}/annulla/"
    assert (
        localized(confirm, {"token": token}, language="en")
        == f"/en/meetings/registration/{token}/confirm/"
    )


@pytest.mark.parametrize(("name", "kwargs", "italian", "english"), ADDRESSES)
def test_both_addresses_lead_to_the_same_page(client, world, name, kwargs, italian, english):
    for language, path in (("it", italian), ("en", english)):
        with translation.override(language):
            assert resolve(path).view_name == name
    assert client.get(italian).status_code == client.get(english).status_code


# The first releases' Italian addresses, each with a query string, and where they lead now.
OLD_ADDRESSES = [
    ("/it/about/", "/it/chi-siamo/"),
    ("/it/join/", "/it/aderire/"),
    ("/it/search/?q=torino&type=cities", "/it/cerca/?q=torino&type=cities"),
    ("/it/open-data/", "/it/dati-aperti/"),
    ("/it/statistics/", "/it/statistiche/"),
    ("/it/cities/?region=piemonte&q=tor", "/it/citta/?region=piemonte&q=tor"),
    ("/it/cities/map.json", "/it/citta/mappa.json"),
    ("/it/cities/themes/", "/it/citta/temi/"),
    ("/it/cities/themes/mediation/", "/it/citta/temi/mediation/"),
    ("/it/cities/torino/", "/it/citta/torino/"),
    ("/it/cities/torino/thumbnail/", "/it/citta/torino/miniatura/"),
    ("/it/meetings/?year=2011&page=2", "/it/incontri/?year=2011&page=2"),
    ("/it/meetings/calendar.ics", "/it/incontri/calendario.ics"),
    ("/it/meetings/places.geojson", "/it/incontri/luoghi.geojson"),
    ("/it/meetings/feed/rss/", "/it/incontri/feed/rss/"),
    ("/it/meetings/feed/atom/", "/it/incontri/feed/atom/"),
    ("/it/meetings/incontro-torino/", "/it/incontri/incontro-torino/"),
    ("/it/meetings/incontro-torino.ics", "/it/incontri/incontro-torino.ics"),
    ("/it/meetings/incontro-torino/register/", "/it/incontri/incontro-torino/iscriviti/"),
    ("/it/documents/?kind=charter", "/it/documenti/?kind=charter"),
    ("/it/documents/links/", "/it/documenti/collegamenti/"),
    ("/it/documents/carta/", "/it/documenti/carta/"),
    ("/it/documents/carta/it/", "/it/documenti/carta/it/"),
    ("/it/index/?sort=education", "/it/indice/?sort=education"),
    # Without the final slash, as people type it.
    ("/it/cities", "/it/citta/"),
]


@pytest.mark.parametrize(("old", "new"), OLD_ADDRESSES)
def test_old_italian_addresses_answer_301_to_the_new_ones(client, world, old, new):
    response = client.get(old)
    assert response.status_code == 301, old
    assert response["Location"] == new
    with translation.override("it"):
        resolve(new.split("?")[0])


def test_old_registration_links_already_mailed_still_lead_to_their_page(client, world):
    token = world["token"]
    response = client.get(f"/it/meetings/registration/{token}/confirm/")
    assert response.status_code == 301
    assert response["Location"] == f"/it/incontri/iscrizione/{token}/conferma/"
    response = client.get(f"/it/meetings/registration/{token}/cancel/?from=mail")
    assert response["Location"] == f"/it/incontri/iscrizione/{token}/annulla/?from=mail"


@pytest.mark.parametrize(
    "path",
    [
        "/en/cities/torino/",
        "/en/meetings/",
        "/it/citta/torino/",
        "/it/",
        "/en/",
    ],
)
def test_current_addresses_are_served_as_they_are(client, world, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/it/cities/no-such-city/",  # leads to the new address, which is not found
        "/it/citta/no-such-city/",
        "/it/nothing/",
        "/en/citta/torino/",  # the Italian segments are not English addresses
        "/en/cities/no-such-city/",
    ],
)
def test_a_missing_page_is_not_found_after_at_most_one_redirect(client, world, path):
    response = client.get(path, follow=True)
    assert response.status_code == 404
    assert len(response.redirect_chain) <= 1


def test_a_post_to_an_old_address_is_not_redirected(client, world):
    assert client.post("/it/meetings/incontro-torino/register/", {}).status_code == 404


def test_the_language_switch_keeps_the_object(client, world):
    html = client.get("/it/citta/torino/").content.decode()
    assert 'href="/en/cities/torino/" hreflang="en"' in html
    html = client.get("/en/meetings/incontro-torino/").content.decode()
    assert 'href="/it/incontri/incontro-torino/" hreflang="it"' in html
    html = client.get("/en/cities/themes/mediation/").content.decode()
    assert 'href="/it/citta/temi/mediation/" hreflang="it"' in html


def test_the_language_switch_keeps_the_query_string(client, world):
    html = client.get("/it/cerca/?q=torino").content.decode()
    assert 'href="/en/search/?q=torino" hreflang="en"' in html


def test_canonical_and_hreflang_use_each_languages_address(client, world):
    html = client.get("/it/documenti/carta/").content.decode()
    assert '<link rel="canonical" href="http://testserver/it/documenti/carta/">' in html
    assert 'hreflang="en" href="http://testserver/en/documents/carta/"' in html
    assert 'hreflang="it" href="http://testserver/it/documenti/carta/"' in html


def test_the_sitemap_lists_each_languages_address(client, world):
    section = ET.fromstring(client.get("/sitemap-cities.xml").content)
    urls = {loc.text.split("testserver", 1)[1] for loc in section.iter(f"{SM}loc")}
    assert urls == {"/it/citta/torino/", "/en/cities/torino/"}
    alternates = {
        link.get("hreflang"): link.get("href").split("testserver", 1)[1]
        for link in section.iter(f"{XHTML}link")
    }
    assert alternates["it"] == "/it/citta/torino/"
    assert alternates["en"] == "/en/cities/torino/"
    pages = ET.fromstring(client.get("/sitemap-pages.xml").content)
    urls = {loc.text.split("testserver", 1)[1] for loc in pages.iter(f"{SM}loc")}
    assert {"/it/chi-siamo/", "/it/documenti/collegamenti/", "/en/about/"} <= urls


@pytest.mark.parametrize("slug", ["themes", "temi"])
def test_no_city_may_take_the_themes_address_in_either_language(slug):
    with pytest.raises(ValidationError):
        CityFactory.build(slug=slug).clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        CityFactory(slug=slug)


@pytest.mark.parametrize("slug", ["links", "collegamenti"])
def test_no_document_may_take_the_links_address_in_either_language(slug):
    with pytest.raises(ValidationError):
        DocumentFactory.build(slug=slug).clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFactory(slug=slug)
