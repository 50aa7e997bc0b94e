"""Cities: the data rules (coordinates, slugs, rich text, photos), visibility and demo data."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation
from PIL import Image

from cities import demo
from cities.models import Activity, City, Region, Theme
from tests.factories import ActivityFactory, CityFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def png_bytes(size=(64, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 79, 108)).save(buffer, format="PNG")
    return buffer.getvalue()


def unsaved_city(**values) -> City:
    defaults = {
        "name_it": "Prova",
        "slug": "prova",
        "region": Region.TOSCANA,
        "latitude": Decimal("43.5"),
        "longitude": Decimal("11.2"),
    }
    return City(**{**defaults, **values})


# Coordinates ---------------------------------------------------------------------------------


def test_clean_refuses_a_latitude_without_longitude():
    city = unsaved_city(longitude=None)
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            city.full_clean()
        assert error.value.message_dict["longitude"] == [
            "Give both latitude and longitude, or leave both empty."
        ]


def test_clean_refuses_a_longitude_without_latitude():
    city = unsaved_city(latitude=None)
    with pytest.raises(ValidationError) as error:
        city.full_clean()
    assert "latitude" in error.value.message_dict


def test_clean_accepts_no_coordinates_at_all():
    city = unsaved_city(latitude=None, longitude=None)
    city.full_clean()
    city.save()
    assert City.objects.get(slug="prova").has_coordinates is False


@pytest.mark.parametrize(
    ("field", "value"),
    [("latitude", "90.000001"), ("latitude", "-91"), ("longitude", "180.5"), ("longitude", "-181")],
)
def test_clean_refuses_coordinates_out_of_range(field, value):
    city = unsaved_city(**{field: Decimal(value)})
    with pytest.raises(ValidationError) as error:
        city.full_clean()
    assert field in error.value.message_dict


def test_database_refuses_half_a_coordinate_pair():
    with pytest.raises(IntegrityError), transaction.atomic():
        unsaved_city(longitude=None).save()
    assert not City.objects.filter(slug="prova").exists()


@pytest.mark.parametrize(("field", "value"), [("latitude", "95"), ("longitude", "-200")])
def test_database_refuses_coordinates_out_of_range(field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        unsaved_city(**{field: Decimal(value)}).save()


# Slugs ---------------------------------------------------------------------------------------


def test_database_refuses_a_second_city_with_the_same_slug():
    CityFactory(slug="genova")
    with pytest.raises(IntegrityError), transaction.atomic():
        CityFactory(slug="genova")
    assert City.objects.filter(slug="genova").count() == 1


def test_clean_reports_a_taken_slug():
    CityFactory(slug="genova")
    with pytest.raises(ValidationError) as error:
        unsaved_city(slug="genova").full_clean()
    assert "slug" in error.value.message_dict


def test_the_themes_address_cannot_be_a_city_slug():
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            unsaved_city(slug="themes").full_clean()
        assert error.value.message_dict["slug"] == [
            "This address is taken by another page of the site; choose another."
        ]
    with pytest.raises(IntegrityError), transaction.atomic():
        unsaved_city(slug="themes").save()


# Rich text and photos ------------------------------------------------------------------------


def test_script_in_the_profile_is_stripped_on_save():
    city = CityFactory(profile_it='<p onclick="x()">Ciao<script>alert(1)</script></p>')
    city.refresh_from_db()
    assert "script" not in city.profile_it
    assert "onclick" not in city.profile_it
    assert "Ciao" in city.profile_it


def test_a_text_file_named_jpg_is_not_accepted_as_photo():
    city = CityFactory.build(slug="foto")
    city.photo = SimpleUploadedFile("photo.jpg", b"just some text", content_type="image/jpeg")
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            city.full_clean()
        assert "not an image we can use" in error.value.message_dict["photo"][0]


def test_a_real_picture_is_accepted_and_stored_under_a_random_name():
    city = CityFactory.build(slug="foto")
    city.photo = SimpleUploadedFile("my holiday.png", png_bytes(), content_type="image/png")
    city.full_clean()
    city.save()
    assert city.photo.name.startswith("cities/")
    assert "holiday" not in city.photo.name


# Visibility and ordering ---------------------------------------------------------------------


def test_published_cities_leave_out_the_unpublished():
    shown = CityFactory(published=True)
    CityFactory(published=False)
    assert list(City.objects.published()) == [shown]


def test_published_activities_need_a_published_city_too():
    visible = ActivityFactory(published=True)
    ActivityFactory(published=False, city=visible.city)
    ActivityFactory(published=True, city=CityFactory(published=False))
    assert list(Activity.objects.published()) == [visible]


def test_english_order_uses_the_english_name_and_falls_back_to_italian():
    CityFactory(name_it="Torino", name_en="Turin", slug="torino")
    CityFactory(name_it="Genova", name_en="Genoa", slug="genova")
    CityFactory(name_it="Senigallia", name_en="", slug="senigallia")
    with translation.override("en"):
        assert [c.slug for c in City.objects.by_local_name()] == ["genova", "senigallia", "torino"]
    with translation.override("it"):
        assert [c.slug for c in City.objects.by_local_name()] == ["genova", "senigallia", "torino"]


def test_text_search_matches_either_language_and_the_province():
    CityFactory(name_it="Torino", name_en="Turin", slug="torino", province="Torino")
    CityFactory(name_it="Lodi", name_en="Lodi", slug="lodi", province="Lodi")
    assert [c.slug for c in City.objects.matching("turin")] == ["torino"]
    assert [c.slug for c in City.objects.matching("LOD")] == ["lodi"]


def test_milestones_list_only_dated_steps_oldest_first():
    import datetime

    city = CityFactory(
        resolution_adopted=datetime.date(2010, 9, 1),
        charter_signed=None,
        action_plan_launched=datetime.date(2010, 5, 22),
    )
    assert [day for _label, day in city.milestones()] == [
        datetime.date(2010, 5, 22),
        datetime.date(2010, 9, 1),
    ]


# Demo data -----------------------------------------------------------------------------------

CITY_SLUGS = {
    "genova",
    "torino",
    "savignano-sul-rubicone",
    "fermo",
    "pompei",
    "lodi",
    "senigallia",
    "bari",
    "campi-bisenzio",
    "reggio-emilia",
}


def test_demo_loads_the_ten_member_cities_where_they_are():
    created = demo.load()
    assert created == Theme.objects.count() + City.objects.count() + Activity.objects.count()
    cities = {city.slug: city for city in City.objects.published()}
    assert set(cities) == CITY_SLUGS
    for city in cities.values():
        # Inside Italy's bounding box, with six decimals.
        assert Decimal("36.6") < city.latitude < Decimal("47.1"), city.slug
        assert Decimal("6.6") < city.longitude < Decimal("18.6"), city.slug
        assert city.latitude.as_tuple().exponent == -6
        assert city.status == City.Status.MEMBER
        assert city.summary_it and city.summary_en and city.profile_it and city.profile_en
        # The network's page gives no date for each city: none is invented.
        assert city.milestones() == []
    assert cities["genova"].name_en == "Genoa"
    assert cities["torino"].name_en == "Turin"
    assert cities["lodi"].name_en == "Lodi"
    assert cities["genova"].region == Region.LIGURIA
    assert cities["bari"].region == Region.PUGLIA
    assert abs(cities["torino"].latitude - Decimal("45.07")) < Decimal("0.05")
    assert abs(cities["bari"].longitude - Decimal("16.87")) < Decimal("0.05")


def test_demo_themes_start_with_the_three_workshops():
    demo.load()
    workshops = set(Theme.objects.filter(workshop=True).values_list("slug", flat=True))
    assert workshops == {"training", "second-generations", "mediation"}
    for slug in ("integration", "health", "citizenship", "intercultural-centres", "education"):
        assert Theme.objects.filter(slug=slug, workshop=False).exists()
    for theme in Theme.objects.filter(workshop=True):
        assert "workshop" in theme.description_en
        assert "laboratorio" in theme.description_it


def test_demo_gives_every_city_a_published_activity_and_marks_examples():
    demo.load()
    for city in City.objects.all():
        assert Activity.objects.published().filter(city=city, theme__isnull=False).exists()
    real = Activity.objects.get(city__slug="reggio-emilia", example=False)
    assert real.year == 2012
    assert Activity.objects.filter(example=True).count() == 9


def test_demo_loads_only_once_and_keeps_edits():
    demo.load()
    city = City.objects.get(slug="genova")
    city.summary_en = "<p>Edited by staff.</p>"
    city.save()
    counts = (Theme.objects.count(), City.objects.count(), Activity.objects.count())
    assert demo.load() == 0
    assert (Theme.objects.count(), City.objects.count(), Activity.objects.count()) == counts
    assert City.objects.get(slug="genova").summary_en == "<p>Edited by staff.</p>"


def test_theme_factory_pages_have_their_address():
    theme = ThemeFactory(slug="mediation")
    assert theme.get_absolute_url() == "/it/citta/temi/mediation/"
