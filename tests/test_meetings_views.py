"""Meetings: the list with its filters and map, a meeting's page, and the blocks other pages show."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.template import Context, Template

from meetings.models import Meeting
from tests.factories import CityFactory, MeetingFactory, ThemeFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2012, 6, 1)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """Every meetings page reads today's date from meetings.services.today."""
    monkeypatch.setattr("meetings.services.today", lambda: TODAY)
    return TODAY


def _script(html: str, element_id: str) -> dict:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert match, f"no json_script #{element_id}"
    return json.loads(match.group(1))


def _jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def _section(html: str, element_id: str) -> str:
    """The HTML of the <section> labelled by the heading with this id."""
    start = html.index(f'aria-labelledby="{element_id}"')
    end = html.index("</section>", start)
    return html[start:end]


def _outside_meeting(**extra):
    values = {
        "host_city": None,
        "place_name": "Pizzo Calabro",
        "place_region": "calabria",
        "place_latitude": Decimal("38.735300"),
        "place_longitude": Decimal("16.159700"),
    }
    return MeetingFactory(**(values | extra))


# The list


def test_list_shows_upcoming_first_then_past_by_year(client):
    later = MeetingFactory(title_it="Incontro futuro", start_date=datetime.date(2012, 9, 8))
    MeetingFactory(title_it="Incontro di Lodi", start_date=datetime.date(2012, 4, 20))
    MeetingFactory(title_it="Incontro di Genova", start_date=datetime.date(2010, 10, 21))

    html = client.get("/it/meetings/").content.decode()

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

    html = client.get("/it/meetings/").content.decode()

    assert "Pubblico" in html
    assert "Bozza segreta" not in html
    assert "Luogo segreto" not in html
    names = [f["properties"]["name"] for f in _script(html, "meetings-map-data")["features"]]
    assert "Luogo segreto" not in names


def test_list_map_has_member_cities_and_outside_places_with_a_list_equivalent(client):
    city = CityFactory(
        name_it="Lodi", name_en="Lodi", latitude=Decimal("45.31"), longitude=Decimal("9.50")
    )
    MeetingFactory(host_city=city, start_date=datetime.date(2012, 4, 20))
    MeetingFactory(host_city=city, start_date=datetime.date(2011, 4, 20))
    outside = _outside_meeting()

    response = client.get("/en/meetings/")
    html = response.content.decode()

    data = _script(html, "meetings-map-data")
    assert data["type"] == "FeatureCollection"
    by_name = {f["properties"]["name"]: f for f in data["features"]}
    assert set(by_name) == {"Lodi", "Pizzo Calabro"}
    assert by_name["Pizzo Calabro"]["geometry"]["coordinates"] == [16.1597, 38.7353]
    assert by_name["Pizzo Calabro"]["properties"]["url"] == f"/en/meetings/{outside.slug}/"
    assert by_name["Lodi"]["properties"]["url"] == f"/en/meetings/?city={city.slug}"
    assert by_name["Lodi"]["properties"]["subtitle"] == "2 meetings, 2011\u20132012"
    assert 'data-map data-geojson-id="meetings-map-data"' in html
    assert "data-cluster" in html
    assert "icnet/map.js" in html
    places = html[html.index('<ul class="places"') :]
    assert f'<a href="/en/cities/{city.slug}/">Lodi</a>' in places
    assert "<strong>Pizzo Calabro</strong> (Calabria)" in places


def test_list_links_the_workshop_themes_to_their_pages(client):
    theme = ThemeFactory(slug="mediation", name_it="Mediazione sociale", workshop=True)
    ThemeFactory(slug="health", name_it="Salute", workshop=False)

    html = client.get("/it/meetings/").content.decode()

    workshops = _section(html, "workshops-title")
    assert f'<a href="{theme.get_absolute_url()}">Mediazione sociale</a>' in workshops
    assert "Salute" not in workshops


def test_list_and_detail_advertise_the_calendar_and_feeds(client):
    meeting = MeetingFactory()
    for url in ("/it/meetings/", meeting.get_absolute_url()):
        html = client.get(url).content.decode()
        head = html[: html.index("</head>")]
        assert 'type="text/calendar"' in head
        assert 'href="/it/meetings/calendar.ics"' in head
        assert 'type="application/rss+xml"' in head and 'href="/it/meetings/feed/rss/"' in head
        assert 'type="application/atom+xml"' in head and 'href="/it/meetings/feed/atom/"' in head
        assert 'href="webcal://testserver/it/meetings/calendar.ics"' in html


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

    response = client.get(f"/it/meetings/?{query}")

    assert response.status_code == 200
    html = response.content.decode()
    listed = html[html.index('id="upcoming-title"') : html.index('id="map-title"')]
    for title in shown:
        assert title in listed
    for title in hidden:
        assert title not in listed
    assert 'href="/it/meetings/">' in html[html.index('<form class="filters"') :]


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
    assert "<script>" not in html.split("<main", 1)[1].split('<script id="meetings-map-data"')[0]
    assert "Visible meeting" in _section(html, "past-title")


def test_list_filter_on_an_unpublished_city_is_refused(client):
    hidden = CityFactory(slug="hidden", published=False)
    MeetingFactory(host_city=hidden)
    html = client.get("/en/meetings/?city=hidden").content.decode()
    assert "were not recognised and have been ignored" in html


def test_list_refuses_post(client):
    assert client.post("/it/meetings/").status_code == 405


# A meeting's page


def test_detail_shows_dates_place_venue_participants_and_themes(client):
    host = CityFactory(name_it="Reggio Emilia", region="emilia-romagna")
    guest = CityFactory(name_it="Lodi")
    hidden = CityFactory(name_it="Città nascosta", published=False)
    theme = ThemeFactory(name_it="Seconde generazioni")
    meeting = MeetingFactory(
        host_city=host,
        start_date=datetime.date(2011, 10, 5),
        end_date=datetime.date(2011, 10, 7),
        venue_it="Sala del Tricolore",
        summary_it="<p>Tre giornate di lavoro.</p>",
        report_it="<p>Il resoconto.</p>",
    )
    meeting.participants.add(guest, hidden)
    meeting.themes.add(theme)

    html = client.get(meeting.get_absolute_url()).content.decode()

    assert (
        '<time datetime="2011-10-05">5</time>\u2013<time datetime="2011-10-07">7 ottobre 2011</time>'
        in html
    )
    assert f'<a href="{host.get_absolute_url()}">Reggio Emilia</a>, Emilia-Romagna' in html
    assert "<dd>Sala del Tricolore</dd>" in html
    participants = _section(html, "participants-title")
    assert f'<a href="{guest.get_absolute_url()}">Lodi</a>' in participants
    assert "Città nascosta" not in html
    assert f'<a href="{theme.get_absolute_url()}">Seconde generazioni</a>' in _section(
        html, "themes-title"
    )
    assert "<p>Tre giornate di lavoro.</p>" in html
    assert "<p>Il resoconto.</p>" in html
    assert f'href="/it/meetings/{meeting.slug}.ics"' in html


def test_detail_of_an_outside_place_shows_it_with_its_region_and_a_small_map(client):
    meeting = _outside_meeting(venue_it="Casa delle Culture", venue_en="House of Cultures")
    html = client.get(f"/en{meeting.get_absolute_url()[3:]}").content.decode()
    assert "<dd>Pizzo Calabro, Calabria</dd>" in html
    assert "<dd>House of Cultures</dd>" in html
    data = _script(html, "meeting-map-data")
    assert data["features"][0]["geometry"]["coordinates"] == [16.1597, 38.7353]
    assert 'class="map small"' in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("it", '<time datetime="2010-05-22">22 maggio 2010</time>'),
        ("en", '<time datetime="2010-05-22">22 May 2010</time>'),
    ],
)
def test_detail_writes_a_single_day_in_the_visitors_language(client, language, expected):
    meeting = MeetingFactory(start_date=datetime.date(2010, 5, 22), slug="preliminare")
    html = client.get(f"/{language}/meetings/preliminare/").content.decode()
    assert expected in html
    assert meeting.title_it in html or meeting.title_en in html


def test_detail_writes_a_range_in_english(client):
    MeetingFactory(
        slug="torino",
        start_date=datetime.date(2011, 1, 27),
        end_date=datetime.date(2011, 1, 28),
    )
    html = client.get("/en/meetings/torino/").content.decode()
    assert (
        '<time datetime="2011-01-27">27</time>\u2013<time datetime="2011-01-28">28 January 2011</time>'
        in html
    )


def test_detail_shows_italian_with_a_notice_when_english_is_missing(client):
    MeetingFactory(slug="solo-italiano", title_en="", summary_en="", summary_it="<p>Solo qui.</p>")
    html = client.get("/en/meetings/solo-italiano/").content.decode()
    assert "<p>Solo qui.</p>" in html
    assert "shown in the original Italian" in html


def test_detail_includes_the_documents_of_the_meeting(client, settings, tmp_path):
    meeting = MeetingFactory()
    documents = tmp_path / "templates" / "documents"
    documents.mkdir(parents=True)
    (documents / "_meeting.html").write_text("<p>Documents of {{ meeting.slug }}</p>")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path / "templates", *engine["DIRS"]]}]
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert f"<p>Documents of {meeting.slug}</p>" in html


def test_unpublished_meeting_is_not_found(client):
    meeting = MeetingFactory(published=False)
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(f"/it/meetings/{meeting.slug}.ics").status_code == 404


def test_unknown_meeting_is_not_found(client):
    assert client.get("/it/meetings/nessuno/").status_code == 404


def test_detail_has_schema_org_event_data(client):
    meeting = _outside_meeting(
        slug="convegno",
        title_it="Convegno <nazionale> & centri",
        start_date=datetime.date(2013, 10, 10),
        end_date=datetime.date(2013, 10, 11),
        venue_it="Casa delle Culture",
        summary_it="<p>Il convegno dei centri interculturali.</p>",
    )

    html = client.get("/it/meetings/convegno/").content.decode()

    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in raw and ">" not in raw and "&" not in raw
    data = _jsonld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == meeting.title_it
    assert data["startDate"] == "2013-10-10"
    assert data["endDate"] == "2013-10-11"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["name"] == "Casa delle Culture"
    assert data["location"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Pizzo Calabro",
        "addressRegion": "Calabria",
        "addressCountry": "IT",
    }
    assert data["location"]["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 38.7353,
        "longitude": 16.1597,
    }
    assert data["organizer"]["@type"] == "Organization"
    assert data["organizer"]["url"] == "http://testserver/it/"
    assert data["description"] == "Il convegno dei centri interculturali."
    assert data["url"] == "http://testserver/it/meetings/convegno/"
    assert data["inLanguage"] == "it"


def test_detail_refuses_post(client):
    meeting = MeetingFactory()
    assert client.post(meeting.get_absolute_url()).status_code == 405


# Both sides of participation, and the blocks other pages include


def _render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_participants_are_shown_on_the_meeting_and_on_the_city(client):
    city = CityFactory(name_it="Senigallia")
    meeting = MeetingFactory(title_it="Incontro della rete a Reggio Emilia")
    meeting.participants.add(city)

    html = client.get(meeting.get_absolute_url()).content.decode()
    assert f'<a href="{city.get_absolute_url()}">Senigallia</a>' in html

    block = _render('{% include "meetings/_city.html" with city=city %}', city=city)
    attended = block[block.index("city-meetings-attended") :]
    assert f'<a href="{meeting.get_absolute_url()}">{meeting.title_it}</a>' in attended


def test_city_block_lists_hosted_and_attended_published_meetings_only(
    django_assert_max_num_queries,
):
    city = CityFactory()
    hosted = MeetingFactory(host_city=city, title_it="Ospitato")
    MeetingFactory(host_city=city, title_it="Bozza ospitata", published=False)
    attended = MeetingFactory(title_it="Partecipato")
    attended.participants.add(city)
    draft = MeetingFactory(title_it="Bozza partecipata", published=False)
    draft.participants.add(city)

    with django_assert_max_num_queries(2):
        html = _render('{% include "meetings/_city.html" with city=city %}', city=city)

    hosted_part = html[html.index("city-meetings-hosted") : html.index("city-meetings-attended")]
    assert hosted.title_it in hosted_part
    assert "Partecipato" in html[html.index("city-meetings-attended") :]
    assert "Bozza" not in html
    assert f'href="/it/meetings/?city={city.slug}"' in html


def test_city_block_is_empty_for_a_city_without_meetings():
    city = CityFactory()
    assert _render('{% include "meetings/_city.html" with city=city %}', city=city).strip() == ""


def test_theme_block_lists_published_meetings_on_the_theme(django_assert_max_num_queries):
    theme = ThemeFactory()
    shown = MeetingFactory(title_it="Sul tema")
    shown.themes.add(theme)
    hidden = MeetingFactory(title_it="Bozza sul tema", published=False)
    hidden.themes.add(theme)
    MeetingFactory(title_it="Altro tema")

    with django_assert_max_num_queries(1):
        html = _render('{% include "meetings/_theme.html" with theme=theme %}', theme=theme)

    assert "<h2" in html
    assert f'<a href="{shown.get_absolute_url()}">Sul tema</a>' in html
    assert "Bozza" not in html
    assert "Altro tema" not in html


def test_home_shows_the_next_meeting(client):
    MeetingFactory(title_it="Passato", start_date=datetime.date(2012, 4, 20))
    MeetingFactory(
        title_it="Prossimo", title_en="Coming next", start_date=datetime.date(2012, 9, 8)
    )
    MeetingFactory(title_it="Dopo ancora", start_date=datetime.date(2012, 11, 19))
    MeetingFactory(title_it="Bozza", start_date=datetime.date(2012, 6, 2), published=False)

    html = client.get("/en/").content.decode()

    block = _section(html, "home-meetings-title")
    assert "Next meeting" in block
    assert "Coming next</strong>" in block
    assert "Dopo ancora" not in block and "Bozza" not in block
    assert 'href="/en/meetings/"' in block
    assert 'href="/en/meetings/calendar.ics"' in block


def test_home_shows_the_last_meeting_when_none_is_planned(client):
    MeetingFactory(title_it="Vecchio", start_date=datetime.date(2010, 5, 22))
    MeetingFactory(title_it="Ultimo", start_date=datetime.date(2012, 4, 20))

    html = client.get("/it/").content.decode()

    block = _section(html, "home-meetings-title")
    assert "Ultimo</strong>" in block
    assert "Vecchio" not in block
    html = client.get("/en/").content.decode()
    block = _section(html, "home-meetings-title")
    assert "Latest meeting" in block
    assert "No meeting is planned at the moment" in block
    assert "No meeting is planned at the moment" in block


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
        "/it/meetings/",
        "/it/meetings/?kind=network&city=" + last.host_city.slug,
        last.get_absolute_url(),
        "/it/meetings/calendar.ics",
        "/it/meetings/feed/rss/",
        "/it/meetings/feed/atom/",
        "/it/",
    ]
    for url in urls:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_meeting_page_has_no_inline_script(client):
    meeting = MeetingFactory()
    html = client.get(meeting.get_absolute_url()).content.decode()
    for tag in html.split("<script")[1:]:
        opening = tag.split(">", 1)[0]
        assert (
            "src=" in opening
            or 'type="application/json"' in opening
            or 'type="application/ld+json"' in opening
        ), opening
