"""Meetings: the back office."""

import datetime

import pytest
from django.conf import settings

from meetings.models import Meeting
from tests.factories import CityFactory, MeetingFactory, ThemeFactory

pytestmark = pytest.mark.django_db

URL = f"/{settings.ADMIN_PATH}meetings/meeting/"


def _form(**extra):
    data = {
        "title_it": "Incontro della rete a Lodi",
        "title_en": "Network meeting in Lodi",
        "slug": "2012-04-20-lodi",
        "kind": "network",
        "start_date": "2012-04-20",
        "end_date": "2012-04-20",
        "host_city": "",
        "place_name": "",
        "place_region": "",
        "place_latitude": "",
        "place_longitude": "",
        "venue_it": "",
        "venue_en": "",
        "summary_it": "<p>Sintesi.</p><script>alert(1)</script>",
        "summary_en": "<p>Summary.</p>",
        "report_it": "",
        "report_en": "",
        "published": "on",
        "attendance_modes": "in_person",
    }
    data.update(extra)
    return data


def test_changelist_shows_place_and_filters_by_year(admin_client):
    city = CityFactory(name_it="Lodi")
    MeetingFactory(title_it="Incontro 2012", host_city=city, start_date=datetime.date(2012, 4, 20))
    MeetingFactory(
        title_it="Convegno 2013",
        host_city=None,
        place_name="Arezzo",
        place_region="toscana",
        start_date=datetime.date(2013, 10, 10),
    )

    html = admin_client.get(URL).content.decode()
    assert "Incontro 2012" in html and "Convegno 2013" in html
    assert '<td class="field-place_display">Lodi</td>' in html
    assert "?year=2013" in html

    html = admin_client.get(f"{URL}?year=2013").content.decode()
    assert "Convegno 2013" in html
    assert "Incontro 2012" not in html
    assert admin_client.get(f"{URL}?year=abc").status_code == 200


def test_changelist_searches_titles_and_places(admin_client):
    MeetingFactory(title_it="Donne migranti e salute", host_city=None, place_name="San Giuliano")
    MeetingFactory(title_it="Incontro di Lodi")
    html = admin_client.get(f"{URL}?q=giuliano").content.decode()
    assert "Donne migranti e salute" in html
    assert "Incontro di Lodi" not in html


def test_add_form_has_the_map_picker_and_the_two_column_selectors(admin_client):
    html = admin_client.get(f"{URL}add/", headers={"accept-language": "en"}).content.decode()
    assert "data-map-picker" in html
    assert 'data-latitude-field="place_latitude"' in html
    assert 'data-longitude-field="place_longitude"' in html
    assert 'class="selectfilter"' in html
    assert "SelectFilter2.js" in html
    for heading in ("When", "Where", "Content", "Participants and themes"):
        assert f">{heading}</h2>" in html


def test_staff_creates_a_meeting_in_a_member_city(admin_client):
    city = CityFactory()
    guest = CityFactory()
    theme = ThemeFactory()
    response = admin_client.post(
        f"{URL}add/",
        _form(host_city=city.pk, participants=[guest.pk], themes=[theme.pk]),
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(slug="2012-04-20-lodi")
    assert meeting.host_city == city
    assert list(meeting.participants.all()) == [guest]
    assert list(meeting.themes.all()) == [theme]
    assert "<script>" not in meeting.summary_it


def test_staff_cannot_save_a_meeting_with_both_a_host_city_and_an_outside_place(admin_client):
    city = CityFactory()
    response = admin_client.post(
        f"{URL}add/",
        _form(host_city=city.pk, place_name="Arezzo"),
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    assert "Choose a host city or name an outside place, not both." in response.content.decode()
    assert not Meeting.objects.exists()


def test_staff_cannot_save_a_meeting_that_ends_before_it_starts(admin_client):
    city = CityFactory()
    response = admin_client.post(
        f"{URL}add/",
        _form(host_city=city.pk, end_date="2012-04-19"),
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    assert "The meeting cannot end before it starts." in response.content.decode()
    assert not Meeting.objects.exists()


def test_staff_creates_a_meeting_at_an_outside_place_with_coordinates(admin_client):
    response = admin_client.post(
        f"{URL}add/",
        _form(
            slug="2013-10-10-convegno-arezzo",
            place_name="Arezzo",
            place_region="toscana",
            place_latitude="43.4633",
            place_longitude="11.8796",
        ),
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(slug="2013-10-10-convegno-arezzo")
    assert meeting.place_name == "Arezzo"
    assert float(meeting.place_latitude) == pytest.approx(43.4633)


def test_people_without_staff_rights_cannot_open_the_meetings_admin(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
