"""Meetings: the iCalendar files and the RSS/Atom feeds."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from icalendar import Calendar

from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _calendar(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def _events(calendar: Calendar) -> dict:
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def meetings():
    return {
        "school": MeetingFactory(
            title_it="Scuola di buone prassi",
            slug="scuola",
            start_date=datetime.date(2011, 10, 5),
            end_date=datetime.date(2011, 10, 7),
            venue_it="Sala del Tricolore",
            summary_it="<p>Tre giornate &amp; <strong>laboratori</strong>.</p>",
        ),
        "outside": MeetingFactory(
            title_it="Convegno",
            slug="convegno",
            host_city=None,
            place_name="Arezzo",
            place_region="toscana",
            place_latitude=Decimal("43.463300"),
            place_longitude=Decimal("11.879600"),
            start_date=datetime.date(2013, 10, 10),
        ),
        "draft": MeetingFactory(title_it="Bozza", slug="bozza", published=False),
    }


def test_calendar_is_valid_icalendar_with_its_headers(client, meetings):
    response = client.get("/it/incontri/calendario.ics")
    calendar = _calendar(response)
    assert 'filename="icnet-meetings.ics"' in response["Content-Disposition"]
    assert calendar["VERSION"] == "2.0"
    assert "icnet" in str(calendar["PRODID"])
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert str(calendar["X-WR-CALNAME"])
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))


def test_calendar_lists_only_published_meetings(client, meetings):
    events = _events(_calendar(client.get("/it/incontri/calendario.ics")))
    assert set(events) == {"Scuola di buone prassi", "Convegno"}


def test_calendar_events_are_all_day_and_cover_every_day(client, meetings):
    events = _events(_calendar(client.get("/it/incontri/calendario.ics")))
    school = events["Scuola di buone prassi"]
    assert school["DTSTART"].params["VALUE"] == "DATE"
    assert school["DTSTART"].dt == datetime.date(2011, 10, 5)
    # DTEND is exclusive: the day after the last day.
    assert school["DTEND"].dt == datetime.date(2011, 10, 8)
    assert school["DTEND"].params["VALUE"] == "DATE"
    one_day = events["Convegno"]
    assert one_day["DTSTART"].dt == datetime.date(2013, 10, 10)
    assert one_day["DTEND"].dt == datetime.date(2013, 10, 11)


def test_calendar_events_carry_uid_stamp_location_url_and_description(client, meetings):
    school = meetings["school"]
    events = _events(_calendar(client.get("/it/incontri/calendario.ics")))
    event = events["Scuola di buone prassi"]
    assert str(event["UID"]) == f"meeting-{school.pk}@testserver"
    assert event["DTSTAMP"].dt == school.updated.astimezone(datetime.UTC).replace(microsecond=0)
    assert event["DTSTAMP"].dt.utcoffset() == datetime.timedelta(0)
    assert str(event["LOCATION"]).startswith("Sala del Tricolore, ")
    assert str(event["URL"]) == "http://testserver/it/incontri/scuola/"
    assert str(event["DESCRIPTION"]) == "Tre giornate & laboratori."
    outside = events["Convegno"]
    assert str(outside["LOCATION"]) == "Arezzo, Toscana"
    assert outside["GEO"].latitude == pytest.approx(43.4633)


def test_calendar_uids_are_stable_between_requests_and_languages(client, meetings):
    first = _events(_calendar(client.get("/it/incontri/calendario.ics")))
    second = _events(_calendar(client.get("/it/incontri/calendario.ics")))
    english = _calendar(client.get("/en/meetings/calendar.ics")).walk("VEVENT")
    uids = sorted(str(e["UID"]) for e in first.values())
    assert uids == sorted(str(e["UID"]) for e in second.values())
    assert uids == sorted(str(e["UID"]) for e in english)


def test_one_meeting_has_its_own_calendar_file(client, meetings):
    response = client.get("/it/incontri/scuola.ics")
    calendar = _calendar(response)
    assert 'filename="scuola.ics"' in response["Content-Disposition"]
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["UID"]) == f"meeting-{meetings['school'].pk}@testserver"


def test_unpublished_meeting_has_no_calendar_file(client, meetings):
    assert client.get("/it/incontri/bozza.ics").status_code == 404


def test_calendar_refuses_post(client):
    assert client.post("/it/incontri/calendario.ics").status_code == 405


def test_rss_feed_lists_published_meetings_newest_first(client, meetings):
    response = client.get("/en/meetings/feed/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("language") == "en"
    items = channel.findall("item")
    assert [item.findtext("link") for item in items] == [
        "http://testserver/en/meetings/convegno/",
        "http://testserver/en/meetings/scuola/",
    ]
    description = items[1].findtext("description")
    assert description.startswith("5\u20137 October 2011")
    assert description.endswith("Meeting summary.")


def test_atom_feed_lists_published_meetings_newest_first(client, meetings):
    response = client.get("/it/incontri/feed/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Convegno",
        "Scuola di buone prassi",
    ]
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == (
        "http://testserver/it/incontri/feed/atom/"
    )
    assert "Bozza" not in response.content.decode()


def test_feeds_date_a_meeting_entered_after_it_took_place_by_the_meeting(client):
    MeetingFactory(slug="storico", start_date=datetime.date(2010, 9, 21))
    rss = ET.fromstring(client.get("/en/meetings/feed/rss/").content)
    assert rss.find("channel/item").findtext("pubDate") == "Tue, 21 Sep 2010 00:00:00 +0200"
    atom = ET.fromstring(client.get("/en/meetings/feed/atom/").content)
    entry = atom.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}published") == "2010-09-21T00:00:00+02:00"
    assert entry.findtext(f"{ATOM}updated") == "2010-09-21T00:00:00+02:00"
    assert atom.findtext(f"{ATOM}updated") == "2010-09-21T00:00:00+02:00"


def test_feeds_date_an_announced_meeting_by_its_creation_and_an_edit_by_the_edit(client):
    from django.utils import timezone

    from meetings.models import Meeting

    meeting = MeetingFactory(start_date=timezone.localdate() + datetime.timedelta(days=30))
    created = Meeting.objects.get(pk=meeting.pk).created
    edited = created + datetime.timedelta(days=2)
    Meeting.objects.filter(pk=meeting.pk).update(updated=edited)
    atom = ET.fromstring(client.get("/en/meetings/feed/atom/").content)
    entry = atom.find(f"{ATOM}entry")
    published = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
    updated = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    assert published == created
    assert updated == edited


def test_feeds_are_bounded(client):
    for day in range(55):
        MeetingFactory(start_date=datetime.date(2010, 1, 1) + datetime.timedelta(days=day))
    rss = ET.fromstring(client.get("/it/incontri/feed/rss/").content)
    assert len(rss.find("channel").findall("item")) == 50
    atom = ET.fromstring(client.get("/it/incontri/feed/atom/").content)
    assert len(atom.findall(f"{ATOM}entry")) == 50


def test_feeds_refuse_post(client):
    assert client.post("/it/incontri/feed/rss/").status_code == 405
    assert client.post("/it/incontri/feed/atom/").status_code == 405
