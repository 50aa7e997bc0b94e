"""Meetings: a meeting's page, with its dates, place, map, participants and event data."""

import datetime
import json
import re

import pytest

from tests.factories import CityFactory, MeetingFactory, ThemeFactory
from tests.meetings_shared import (
    _outside_meeting,
    _section,
    clock,  # noqa: F401 (autouse: every page reads today from it)
)
from tests.pages import localized

pytestmark = pytest.mark.django_db


def _script(html: str, element_id: str) -> dict:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert match, f"no json_script #{element_id}"
    return json.loads(match.group(1))


def _jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


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
    assert f'href="/it/incontri/{meeting.slug}.ics"' in html


def test_detail_of_an_outside_place_shows_it_with_its_region_and_a_small_map(client):
    meeting = _outside_meeting(venue_it="Casa delle Culture", venue_en="House of Cultures")
    english = localized("meetings:detail", {"slug": meeting.slug}, language="en")
    html = client.get(english).content.decode()
    assert "<dd>Pizzo Calabro, Calabria</dd>" in html
    assert "<dd>House of Cultures</dd>" in html
    data = _script(html, "meeting-map-data")
    (feature,) = data["features"]
    assert feature["geometry"]["coordinates"] == [16.1597, 38.7353]
    assert feature["properties"]["name"] == "Pizzo Calabro"
    assert feature["properties"]["url"] == english
    assert feature["properties"]["subtitle"].startswith(f"{meeting.title_en} (")
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
    html = client.get(
        localized("meetings:detail", {"slug": "preliminare"}, language=language)
    ).content.decode()
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
    assert client.get(f"/it/incontri/{meeting.slug}.ics").status_code == 404


def test_unknown_meeting_is_not_found(client):
    assert client.get("/it/incontri/nessuno/").status_code == 404


def test_detail_has_schema_org_event_data(client):
    meeting = _outside_meeting(
        slug="convegno",
        title_it="Convegno <nazionale> & centri",
        start_date=datetime.date(2013, 10, 10),
        end_date=datetime.date(2013, 10, 11),
        venue_it="Casa delle Culture",
        summary_it="<p>Il convegno dei centri interculturali.</p>",
    )

    html = client.get("/it/incontri/convegno/").content.decode()

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
    assert data["url"] == "http://testserver/it/incontri/convegno/"
    assert data["inLanguage"] == "it"


def test_detail_refuses_post(client):
    meeting = MeetingFactory()
    assert client.post(meeting.get_absolute_url()).status_code == 405


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
