"""Meetings: the rules the data obeys, the querysets, and how dates are written."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from icnet.core.richtext import plain_text
from meetings.dates import format_date_range
from meetings.models import Meeting
from tests.factories import CityFactory, MeetingFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2012, 6, 1)


def _outside(**extra):
    values = {
        "title_it": "Convegno",
        "slug": "convegno",
        "start_date": datetime.date(2013, 10, 10),
        "end_date": datetime.date(2013, 10, 11),
        "place_name": "Arezzo",
        "place_region": "toscana",
    }
    return Meeting(**(values | extra))


def test_end_before_start_is_refused_by_clean_with_a_readable_message():
    meeting = MeetingFactory.build(
        host_city=CityFactory(),
        start_date=datetime.date(2011, 10, 7),
        end_date=datetime.date(2011, 10, 5),
    )
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            meeting.full_clean()
        assert error.value.message_dict["end_date"] == ["The meeting cannot end before it starts."]


def test_end_before_start_is_refused_by_the_database():
    meeting = MeetingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(end_date=datetime.date(2012, 4, 19))


def test_one_day_meeting_is_valid():
    meeting = MeetingFactory.build(host_city=CityFactory())
    meeting.full_clean()
    assert not meeting.is_multi_day


def test_host_city_and_outside_place_together_are_refused_by_clean():
    meeting = _outside(host_city=CityFactory())
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            meeting.full_clean()
        assert error.value.message_dict["place_name"] == [
            "Choose a host city or name an outside place, not both."
        ]


def test_host_city_and_outside_place_together_are_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        _outside(host_city=CityFactory()).save()


def test_neither_host_city_nor_outside_place_is_refused_by_clean():
    meeting = _outside(place_name="")
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            meeting.full_clean()
        assert error.value.message_dict["host_city"] == [
            "Choose the host city, or name the outside place."
        ]


def test_neither_host_city_nor_outside_place_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        _outside(place_name="").save()


def test_outside_place_needs_both_coordinates():
    meeting = _outside(place_latitude=Decimal("43.46"))
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "place_longitude" in error.value.message_dict


def test_outside_place_alone_is_valid_and_gives_its_coordinates():
    meeting = _outside(place_latitude=Decimal("43.4633"), place_longitude=Decimal("11.8796"))
    meeting.full_clean()
    meeting.save()
    assert meeting.place == "Arezzo"
    assert meeting.coordinates == (Decimal("43.4633"), Decimal("11.8796"))


def test_published_leaves_out_unpublished_meetings():
    shown = MeetingFactory()
    MeetingFactory(published=False)
    assert list(Meeting.objects.published()) == [shown]


def test_upcoming_and_past_split_around_today():
    yesterday = MeetingFactory(start_date=TODAY - datetime.timedelta(days=1))
    ongoing = MeetingFactory(
        start_date=TODAY - datetime.timedelta(days=1), end_date=TODAY + datetime.timedelta(days=1)
    )
    today = MeetingFactory(start_date=TODAY)
    later = MeetingFactory(start_date=TODAY + datetime.timedelta(days=30))
    long_ago = MeetingFactory(start_date=datetime.date(2010, 5, 22))

    assert list(Meeting.objects.upcoming(today=TODAY)) == [ongoing, today, later]
    assert list(Meeting.objects.past(today=TODAY)) == [yesterday, long_ago]


@pytest.mark.parametrize(
    ("start", "end", "italian", "english"),
    [
        ((2011, 10, 5), (2011, 10, 7), "5\u20137 ottobre 2011", "5\u20137 October 2011"),
        ((2011, 1, 27), (2011, 1, 28), "27\u201328 gennaio 2011", "27\u201328 January 2011"),
        ((2010, 5, 22), (2010, 5, 22), "22 maggio 2010", "22 May 2010"),
        (
            (2012, 9, 30),
            (2012, 10, 2),
            "30 settembre \u2013 2 ottobre 2012",
            "30 September \u2013 2 October 2012",
        ),
        (
            (2012, 12, 31),
            (2013, 1, 1),
            "31 dicembre 2012 \u2013 1 gennaio 2013",
            "31 December 2012 \u2013 1 January 2013",
        ),
    ],
)
def test_date_ranges_are_written_as_each_language_writes_them(start, end, italian, english):
    start, end = datetime.date(*start), datetime.date(*end)
    with translation.override("it"):
        assert format_date_range(start, end) == italian
    with translation.override("en"):
        assert format_date_range(start, end) == english


def test_plain_text_drops_tags_and_decodes_entities():
    assert plain_text("<p>Donne &amp; salute</p>\n<p>Pisa</p>") == "Donne & salute Pisa"
