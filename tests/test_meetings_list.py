"""Meetings: the list with its filters, pages, years and map, and the queries its pages
read as meetings grow."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache

from meetings.models import Meeting
from tests.factories import CityFactory, MeetingFactory, ThemeFactory
from tests.meetings_shared import (
    _outside_meeting,
    _section,
    clock,  # noqa: F401 (autouse: every page reads today from it)
)

pytestmark = pytest.mark.django_db


# The list


def test_list_shows_upcoming_first_then_past_by_year(client):
    later = MeetingFactory(title_it="Incontro futuro", start_date=datetime.date(2012, 9, 8))
    MeetingFactory(title_it="Incontro di Lodi", start_date=datetime.date(2012, 4, 20))
    MeetingFactory(title_it="Incontro di Genova", start_date=datetime.date(2010, 10, 21))

    html = client.get("/it/incontri/").content.decode()

    upcoming = _section(html, "upcoming-title")
    assert later.title_it in upcoming
    assert "Incontro di Lodi" not in upcoming
    past = _section(html, "past-title")
    assert '<h3 id="year-2012">2012</h3>' in html
    assert '<h3 id="year-2010">2010</h3>' in html
    assert html.index("Incontro futuro") < html.index('id="year-2012"')
    assert (
        html.index("Incontro di Lodi")
        < html.index('id="year-2010"')
        < html.index("Incontro di Genova")
    )
    assert "Incontro futuro" not in past


def test_list_says_when_no_meeting_is_planned(client):
    MeetingFactory(start_date=datetime.date(2011, 1, 1))
    html = client.get("/en/meetings/").content.decode()
    assert "No meeting is planned at the moment." in _section(html, "upcoming-title")


def test_list_leaves_out_unpublished_meetings_and_their_places(client):
    MeetingFactory(title_it="Pubblico")
    _outside_meeting(title_it="Bozza segreta", place_name="Luogo segreto", published=False)

    html = client.get("/it/incontri/").content.decode()

    assert "Pubblico" in html
    assert "Bozza segreta" not in html
    assert "Luogo segreto" not in html
    data = client.get("/it/incontri/luoghi.geojson").json()
    assert "Luogo segreto" not in [f["properties"]["name"] for f in data["features"]]


def test_list_map_has_member_cities_and_outside_places_with_a_list_equivalent(client):
    city = CityFactory(
        name_it="Lodi", name_en="Lodi", latitude=Decimal("45.31"), longitude=Decimal("9.50")
    )
    MeetingFactory(host_city=city, start_date=datetime.date(2012, 4, 20))
    MeetingFactory(host_city=city, start_date=datetime.date(2011, 4, 20))
    outside = _outside_meeting()

    response = client.get("/en/meetings/")
    html = response.content.decode()

    places = client.get("/en/meetings/places.geojson")
    assert places["Content-Type"] == "application/geo+json"
    data = places.json()
    assert data["type"] == "FeatureCollection"
    by_name = {f["properties"]["name"]: f for f in data["features"]}
    assert set(by_name) == {"Lodi", "Pizzo Calabro"}
    assert by_name["Pizzo Calabro"]["geometry"]["coordinates"] == [16.1597, 38.7353]
    assert by_name["Pizzo Calabro"]["properties"]["url"] == f"/en/meetings/{outside.slug}/"
    assert by_name["Lodi"]["properties"]["url"] == f"/en/meetings/?city={city.slug}"
    assert by_name["Lodi"]["properties"]["subtitle"] == "2 meetings, 2011\u20132012"
    assert 'data-map data-geojson-url="/en/meetings/places.geojson"' in html
    assert "data-cluster" in html
    assert "icnet/map.js" in html
    places = html[html.index('<ul class="places"') :]
    assert f'<a href="/en/cities/{city.slug}/">Lodi</a>' in places
    assert "<strong>Pizzo Calabro</strong> (Calabria)" in places
    assert f'<a href="/en/meetings/?city={city.slug}">2 meetings</a>, 2011\u20132012' in places


def test_list_links_the_workshop_themes_to_their_pages(client):
    theme = ThemeFactory(slug="mediation", name_it="Mediazione sociale", workshop=True)
    ThemeFactory(slug="health", name_it="Salute", workshop=False)

    html = client.get("/it/incontri/").content.decode()

    workshops = _section(html, "workshops-title")
    assert f'<a href="{theme.get_absolute_url()}">Mediazione sociale</a>' in workshops
    assert "Salute" not in workshops


def test_list_and_detail_advertise_the_calendar_and_feeds(client):
    meeting = MeetingFactory()
    for url in ("/it/incontri/", meeting.get_absolute_url()):
        html = client.get(url).content.decode()
        head = html[: html.index("</head>")]
        assert 'type="text/calendar"' in head
        assert 'href="/it/incontri/calendario.ics"' in head
        assert 'type="application/rss+xml"' in head and 'href="/it/incontri/feed/rss/"' in head
        assert 'type="application/atom+xml"' in head and 'href="/it/incontri/feed/atom/"' in head
        assert 'href="webcal://testserver/it/incontri/calendario.ics"' in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("kind=school", ["Scuola"], ["Incontro di Lodi", "Convegno"]),
        ("theme=health", ["Convegno"], ["Scuola", "Incontro di Lodi"]),
        ("city=lodi", ["Incontro di Lodi", "Scuola"], ["Convegno"]),
        ("kind=network&city=lodi", ["Incontro di Lodi"], ["Scuola", "Convegno"]),
    ],
)
def test_list_filters_by_kind_theme_and_city(client, query, shown, hidden):
    lodi = CityFactory(slug="lodi", name_it="Lodi")
    health = ThemeFactory(slug="health")
    MeetingFactory(title_it="Incontro di Lodi", host_city=lodi)
    school = MeetingFactory(title_it="Scuola", kind=Meeting.Kind.SCHOOL)
    school.participants.add(lodi)  # a participant counts for the city filter
    convention = MeetingFactory(title_it="Convegno", kind=Meeting.Kind.CONVENTION)
    convention.themes.add(health)

    response = client.get(f"/it/incontri/?{query}")

    assert response.status_code == 200
    html = response.content.decode()
    listed = html[html.index('id="upcoming-title"') : html.index('id="map-title"')]
    for title in shown:
        assert title in listed
    for title in hidden:
        assert title not in listed
    assert 'href="/it/incontri/">' in html[html.index('<form class="filters"') :]


def test_list_filter_form_has_labelled_selects(client):
    ThemeFactory(slug="health")
    html = client.get("/en/meetings/").content.decode()
    start = html.index('<form class="filters"')
    form = html[start : html.index("</form>", start)]
    assert 'method="get"' in form
    for name in ("kind", "theme", "city"):
        assert f'<label for="id_{name}">' in form
        assert f'<select name="{name}" id="id_{name}">' in form


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("kind=party", "Kind"),
        ("theme=nothing", "Theme"),
        ("city=atlantis", "City (host or participant)"),
        ("kind=%00", "Kind"),
        ("theme=%3Cscript%3E&page=x", "Theme"),
        ("year=abc", "Year"),
        ("year=99999", "Year"),
    ],
)
def test_list_ignores_bad_filter_values_with_a_message(client, query, label):
    MeetingFactory(title_en="Visible meeting")

    response = client.get(f"/en/meetings/?{query}")

    assert response.status_code == 200
    html = response.content.decode()
    notice = re.search(r'<p class="notice" role="status">(.*?)</p>', html, re.S).group(1)
    assert "were not recognised and have been ignored" in notice
    assert label in notice
    assert "<script>" not in html.split("<main", 1)[1].split("</main>")[0]
    assert "Visible meeting" in _section(html, "past-title")


def test_list_filter_on_an_unpublished_city_is_refused(client):
    hidden = CityFactory(slug="hidden", published=False)
    MeetingFactory(host_city=hidden)
    html = client.get("/en/meetings/?city=hidden").content.decode()
    assert "were not recognised and have been ignored" in html


def test_list_refuses_post(client):
    assert client.post("/it/incontri/").status_code == 405


# Lists at any size: pages of past meetings, years, a typed city, the places with most meetings


def _past_meetings(count: int, year: int = 2011, **extra):
    """`count` past meetings in `year`, one a day from 1 January, newest last."""
    return [
        MeetingFactory(
            title_it=f"Incontro {year} n. {n:03d}",
            title_en=f"Incontro {year} n. {n:03d}",
            start_date=datetime.date(year, 1, 1) + datetime.timedelta(days=n),
            **extra,
        )
        for n in range(count)
    ]


def _past_titles(html: str) -> list[str]:
    past = html[html.index('aria-labelledby="past-title"') : html.index('id="map-title"')]
    return re.findall(r'class="meeting-title" href="[^"]+">([^<]+)</a>', past)


def test_past_meetings_come_a_page_at_a_time_newest_first(client, monkeypatch):
    monkeypatch.setattr("meetings.listing.PAST_PAGE_SIZE", 5)
    _past_meetings(4, year=2010)
    _past_meetings(8, year=2011)

    first = client.get("/it/incontri/").content.decode()
    second = client.get("/it/incontri/?page=2").content.decode()
    last = client.get("/it/incontri/?page=3").content.decode()

    assert _past_titles(first) == [f"Incontro 2011 n. {n:03d}" for n in (7, 6, 5, 4, 3)]
    # A page can span two years; each keeps its heading.
    assert _past_titles(second) == [
        *(f"Incontro 2011 n. {n:03d}" for n in (2, 1, 0)),
        *(f"Incontro 2010 n. {n:03d}" for n in (3, 2)),
    ]
    assert '<h3 id="year-2011">' in second and '<h3 id="year-2010">' in second
    assert _past_titles(last) == ["Incontro 2010 n. 001", "Incontro 2010 n. 000"]
    assert "Pagina 1 di 3" in first
    assert 'href="?page=2" rel="next"' in first
    assert 'href="?page=2" rel="prev"' in last
    # Past the end, the last page; not a number, the first.
    assert _past_titles(client.get("/it/incontri/?page=99").content.decode()) == _past_titles(last)
    assert _past_titles(client.get("/it/incontri/?page=x").content.decode()) == _past_titles(first)


def test_pages_keep_the_filters(client, monkeypatch):
    monkeypatch.setattr("meetings.listing.PAST_PAGE_SIZE", 2)
    _past_meetings(3, kind=Meeting.Kind.SCHOOL)
    _past_meetings(3, year=2010)

    html = client.get("/en/meetings/?kind=school").content.decode()

    assert 'href="?kind=school&amp;page=2" rel="next"' in html
    second = client.get("/en/meetings/?kind=school&page=2").content.decode()
    assert _past_titles(second) == ["Incontro 2011 n. 000"]


def test_a_year_shows_only_its_meetings_and_the_years_lead_to_each_other(client):
    _past_meetings(2, year=2010)
    _past_meetings(2, year=2011)

    html = client.get("/en/meetings/?year=2010").content.decode()

    assert _past_titles(html) == ["Incontro 2010 n. 001", "Incontro 2010 n. 000"]
    years = html[html.index('aria-label="Past meetings by year"') :]
    years = years[: years.index("</nav>")]
    assert '<a href="?year=2011">2011</a>' in years
    assert '<a href="?year=2010" aria-current="page">2010</a>' in years
    assert '<a href="?">All years</a>' in years
    assert '<option value="2010" selected>2010</option>' in html


def test_a_year_without_meetings_is_ignored_with_a_message(client):
    _past_meetings(2, year=2010)

    html = client.get("/en/meetings/?year=1999").content.decode()

    assert "were not recognised and have been ignored" in html
    assert "Year" in re.search(r'<p class="notice" role="status">(.*?)</p>', html, re.S).group(1)
    assert len(_past_titles(html)) == 2


def test_upcoming_meetings_are_capped_and_the_list_says_so(client, monkeypatch):
    monkeypatch.setattr("meetings.listing.UPCOMING_LIMIT", 3)
    _past_meetings(5, year=2013)

    html = client.get("/en/meetings/").content.decode()

    upcoming = _section(html, "upcoming-title")
    assert upcoming.count('class="meeting-item"') == 3
    assert "The next 3 of 5 upcoming meetings are listed" in upcoming
    assert "Incontro 2013 n. 000" in upcoming and "Incontro 2013 n. 004" not in upcoming


def test_with_many_cities_the_city_filter_is_typed_by_name_or_address_name(client, monkeypatch):
    monkeypatch.setattr("cities.filters.CITY_SELECT_LIMIT", 2)
    lodi = CityFactory(slug="lodi", name_it="Lodi", name_en="Lodi")
    genoa = CityFactory(slug="genova", name_it="Genova", name_en="Genoa")
    turin = CityFactory(slug="torino", name_it="Torino", name_en="Turin")
    for city in (lodi, genoa, turin):
        title = f"Incontro a {city.name_it}"
        MeetingFactory(title_it=title, title_en=title, host_city=city)

    html = client.get("/en/meetings/").content.decode()
    assert '<input type="text" name="city"' in html
    assert 'aria-describedby="id_city_helptext"' in html
    assert '<small id="id_city_helptext" class="helptext">' in html

    for typed in ("genoa", "Genova", "genova", " GENOA "):
        html = client.get("/en/meetings/", {"city": typed}).content.decode()
        listed = html[html.index('id="upcoming-title"') : html.index('id="map-title"')]
        assert "Incontro a Genova" in listed, typed
        assert "Incontro a Lodi" not in listed and "Incontro a Torino" not in listed

    html = client.get("/en/meetings/?city=Atlantis").content.decode()
    assert "were not recognised and have been ignored" in html
    assert "Incontro a Lodi" in html


def test_the_places_list_gives_the_places_with_most_meetings_and_the_map_all(client, monkeypatch):
    monkeypatch.setattr("meetings.places.PLACES_LIMIT", 2)
    cities = [
        CityFactory(name_it=name, name_en=name, latitude=Decimal("45"), longitude=Decimal("9"))
        for name in ("Alfa", "Beta", "Gamma")
    ]
    for city, count in zip(cities, (3, 1, 2), strict=True):
        for _ in range(count):
            MeetingFactory(host_city=city)

    html = client.get("/en/meetings/").content.decode()

    places = html[html.index('<ul class="places"') :]
    places = places[: places.index("</ul>")]
    assert "Alfa" in places and "Gamma" in places and "Beta" not in places
    assert places.index("Alfa") < places.index("Gamma")  # by name
    assert "The 2 places with the most meetings" in html
    data = client.get("/en/meetings/places.geojson").json()
    assert {f["properties"]["name"] for f in data["features"]} == {"Alfa", "Beta", "Gamma"}


def test_the_places_file_is_in_the_visitors_language_and_refuses_post(client):
    city = CityFactory(name_it="Genova", name_en="Genoa", latitude=Decimal("44.4"))
    MeetingFactory(host_city=city)
    assert client.get("/it/incontri/luoghi.geojson").json()["features"][0]["properties"][
        "name"
    ] == ("Genova")
    assert client.get("/en/meetings/places.geojson").json()["features"][0]["properties"][
        "name"
    ] == ("Genoa")
    assert client.post("/en/meetings/places.geojson").status_code == 405


# Queries stay flat as meetings grow


def _many(count: int):
    cities = [CityFactory() for _ in range(5)]
    themes = [ThemeFactory() for _ in range(3)]
    for n in range(count):
        meeting = MeetingFactory(
            host_city=cities[n % 5],
            start_date=datetime.date(2010, 1, 1) + datetime.timedelta(days=17 * n),
        )
        meeting.participants.add(*cities[:3])
        meeting.themes.add(themes[n % 3])
    return meeting


@pytest.mark.parametrize("count", [10, 200])
def test_pages_use_a_bounded_number_of_queries(client, django_assert_max_num_queries, count):
    last = _many(count)
    urls = [
        "/it/incontri/",
        "/it/incontri/?kind=network&city=" + last.host_city.slug,
        last.get_absolute_url(),
        "/it/incontri/calendario.ics",
        "/it/incontri/feed/rss/",
        "/it/incontri/feed/atom/",
        "/it/",
    ]
    for url in urls:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [10, 400])
def test_list_pages_read_few_queries_at_any_size(client, django_assert_max_num_queries, count):
    last = _many(count)
    urls = [
        "/it/incontri/",
        "/it/incontri/?page=3",
        "/it/incontri/?year=2011",
        "/it/incontri/?theme=" + last.themes.get().slug,
        "/it/incontri/?city=" + last.host_city.slug,
        "/it/incontri/luoghi.geojson",
    ]
    for url in urls:
        cache.clear()  # neither the page nor its parts come from the cache
        # Six for the page, one for the content generation (icnet.core.cache).
        with django_assert_max_num_queries(7):
            assert client.get(url).status_code == 200


def test_a_typed_city_keeps_the_list_within_six_queries_and_the_generation(
    client, django_assert_max_num_queries, monkeypatch
):
    monkeypatch.setattr("cities.filters.CITY_SELECT_LIMIT", 2)
    last = _many(10)
    cache.clear()
    with django_assert_max_num_queries(7):
        html = client.get("/it/incontri/", {"city": last.host_city.name_it}).content.decode()
    assert '<input type="text" name="city"' in html
    assert last.title_it in html
