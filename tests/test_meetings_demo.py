"""Meetings: the network's own meetings, loaded as demo data."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from cities.models import Theme
from meetings import demo
from meetings.models import Meeting
from tests.factories import CityFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cities():
    return {slug: CityFactory(slug=slug) for slug in demo.TEN_CITIES}


def test_demo_creates_every_meeting_of_the_network_page_published(cities):
    demo.load()
    network = Meeting.objects.exclude(slug=demo.EXAMPLE_SLUG)
    assert network.count() == 17
    assert network.published().count() == 17
    for meeting in Meeting.objects.all():
        meeting.full_clean()
        assert meeting.title_it and meeting.title_en
        assert meeting.summary_it and meeting.summary_en


def test_demo_is_idempotent(cities):
    first = demo.load()
    assert first >= 17
    assert demo.load() == 0
    assert Meeting.objects.count() == 17 + 1  # and the example


def test_demo_keeps_what_staff_edited(cities):
    demo.load()
    Meeting.objects.filter(slug="2012-04-20-lodi").update(title_en="Lodi, edited")
    demo.load()
    assert Meeting.objects.get(slug="2012-04-20-lodi").title_en == "Lodi, edited"


def test_demo_dates_and_places_follow_the_page(cities):
    demo.load()
    preliminary = Meeting.objects.get(slug="2010-05-22-riunione-preliminare")
    assert preliminary.kind == Meeting.Kind.PRELIMINARY
    assert preliminary.start_date == preliminary.end_date == datetime.date(2010, 5, 22)
    second = Meeting.objects.get(slug="2010-09-21-reggio-emilia")
    assert second.host_city == cities["reggio-emilia"]
    assert {c.slug for c in second.participants.all()} == set(demo.TEN_CITIES)
    turin = Meeting.objects.get(slug="2011-01-27-torino")
    assert (turin.start_date, turin.end_date) == (
        datetime.date(2011, 1, 27),
        datetime.date(2011, 1, 28),
    )
    assert Meeting.objects.get(slug="2010-12-03-torino").host_city == cities["torino"]
    milano = Meeting.objects.get(slug="2012-05-25-milano")
    assert (milano.host_city, milano.place_name, milano.place_region) == (
        None,
        "Milano",
        "lombardia",
    )
    convention = Meeting.objects.get(slug="2013-10-10-convegno-arezzo")
    assert convention.kind == Meeting.Kind.CONVENTION
    assert convention.end_date == datetime.date(2013, 10, 11)
    assert (convention.venue_it, convention.venue_en) == ("Casa delle Culture", "House of Cultures")
    assert convention.coordinates is not None
    assert [t.slug for t in convention.themes.all()] == ["intercultural-centres"]
    school = Meeting.objects.get(slug="2012-11-19-scuola-buone-prassi")
    assert school.kind == Meeting.Kind.SCHOOL
    assert school.end_date == datetime.date(2012, 11, 20)


def test_demo_reads_citta_where_the_page_has_an_encoding_slip(cities):
    demo.load()
    pizzo = Meeting.objects.get(slug="2013-04-20-pizzo-calabro")
    assert pizzo.title_it.startswith("Il diritto alla città.")
    assert pizzo.place_region == "calabria"
    assert not Meeting.objects.filter(title_it__contains="cittą").exists()
    assert not Meeting.objects.filter(summary_it__contains="cittą").exists()


def test_demo_reuses_existing_themes_and_creates_missing_ones_with_both_names(cities):
    existing = ThemeFactory(slug="health", name_it="Salute e benessere")
    demo.load()
    assert Theme.objects.get(slug="health").name_it == "Salute e benessere"
    san_giuliano = Meeting.objects.get(slug="2013-05-11-san-giuliano-terme")
    assert list(san_giuliano.themes.all()) == [existing]
    citizenship = Theme.objects.get(slug="citizenship")
    assert (citizenship.name_it, citizenship.name_en) == ("Cittadinanza", "Citizenship")


def test_demo_skips_meetings_of_a_city_that_is_not_there_yet():
    demo.load()
    assert set(Meeting.objects.values_list("slug", flat=True)) == {
        "2012-05-25-milano",
        "2013-04-20-pizzo-calabro",
        "2013-05-11-san-giuliano-terme",
        "2013-10-10-convegno-arezzo",
    }


def test_demo_marks_the_three_2010_workshops_with_their_themes(cities):
    demo.load()
    workshops = (
        Meeting.objects.filter(kind=Meeting.Kind.WORKSHOP)
        .exclude(slug=demo.EXAMPLE_SLUG)
        .order_by("start_date")
    )
    assert [(m.host_city.slug, [t.slug for t in m.themes.all()]) for m in workshops] == [
        ("fermo", ["training"]),
        ("savignano-sul-rubicone", ["mediation"]),
        ("torino", ["second-generations"]),
    ]


def test_demo_has_an_upcoming_example_meeting_open_for_registration(cities):
    today = datetime.date.today()
    demo.load()
    example = Meeting.objects.get(slug=demo.EXAMPLE_SLUG)
    assert example.title_it.startswith("Esempio") and example.title_en.startswith("Example")
    assert "esempio" in example.summary_it and "example" in example.summary_en
    assert example.start_date > today
    assert example.registration_state() == "open"
    assert example.host_city == cities["reggio-emilia"]


def test_the_demo_names_each_place_one_way_in_english():
    """English texts use the English name of a place that has one (Genoa, Turin, Milan),
    as the cities' English names do; Italian texts the Italian one."""
    import re

    from django.apps import apps

    from icnet.core.i18n import ENGLISH_PLACE_NAMES

    call_command("load_demo", "--index-examples", stdout=StringIO())
    italian_names = re.compile(r"\b(" + "|".join(ENGLISH_PLACE_NAMES) + r")\b")
    english_names = re.compile(r"\b(" + "|".join(ENGLISH_PLACE_NAMES.values()) + r")\b")
    checked = 0
    for model in apps.get_models():
        en = [f.name for f in model._meta.fields if f.name.endswith("_en")]
        it = [f.name for f in model._meta.fields if f.name.endswith("_it")]
        for row in model.objects.values(*en, *it):
            for name in en:
                assert not italian_names.search(row[name] or ""), (model, name, row[name])
            for name in it:
                assert not english_names.search(row[name] or ""), (model, name, row[name])
            checked += 1
    assert checked > 50
