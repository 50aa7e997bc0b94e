"""Cities: the back office (tabs, map picker, photo checks, activities inline, lists)."""

import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cities.models import Activity, City
from tests.factories import ActivityFactory, CityFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

ADMIN = f"/{settings.ADMIN_PATH}cities/"


@pytest.fixture
def staff_client(client):
    user = UserFactory(username="staff", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def city_form(**values) -> dict:
    """The add form as a browser posts it, with an empty activities inline."""
    data = {
        "name_it": "Senigallia",
        "name_en": "Senigallia",
        "slug": "senigallia",
        "published": "on",
        "region": "marche",
        "province": "Ancona",
        "population": "44000",
        "latitude": "43.714680",
        "longitude": "13.217640",
        "status": "member",
        "summary_it": "<p>Città dell'Adriatico.</p>",
        "summary_en": "<p>An Adriatic town.</p>",
        "profile_it": "",
        "profile_en": "",
        "photo_alt_it": "",
        "photo_alt_en": "",
        "photo_credit": "",
        "website": "",
        "contact_office_it": "",
        "contact_office_en": "",
        "contact_email": "",
        "activities-TOTAL_FORMS": "0",
        "activities-INITIAL_FORMS": "0",
        "activities-MIN_NUM_FORMS": "0",
        "activities-MAX_NUM_FORMS": "1000",
    }
    data.update(values)
    return data


def png_upload(name="piazza.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 400), (30, 90, 140)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def media_files() -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_staff_adds_a_city_with_coordinates_and_both_languages(staff_client):
    response = staff_client.post(f"{ADMIN}city/add/", city_form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    city = City.objects.get(slug="senigallia")
    assert city.latitude == Decimal("43.714680")
    assert city.longitude == Decimal("13.217640")
    assert city.name_it == "Senigallia"
    assert city.summary_en == "<p>An Adriatic town.</p>"


def test_admin_refuses_half_a_coordinate_pair_with_a_clear_message(staff_client):
    response = staff_client.post(
        f"{ADMIN}city/add/", city_form(longitude=""), headers={"accept-language": "en"}
    )
    assert response.status_code == 200
    assert "Give both latitude and longitude, or leave both empty." in response.content.decode()
    assert not City.objects.exists()


def test_admin_refuses_a_latitude_out_of_range(staff_client):
    response = staff_client.post(f"{ADMIN}city/add/", city_form(latitude="123"))
    assert response.status_code == 200
    assert "latitude" in response.context["adminform"].form.errors
    assert not City.objects.exists()


def test_change_form_renders_the_map_picker_for_the_coordinates(staff_client):
    city = CityFactory(latitude="45.314255", longitude="9.503507")
    html = staff_client.get(f"{ADMIN}city/{city.pk}/change/").content.decode()
    assert 'name="latitude" value="45.314255"' in html
    assert 'name="longitude" value="9.503507"' in html
    assert "data-map-picker" in html
    assert 'data-latitude-field="latitude" data-longitude-field="longitude"' in html
    assert f'data-tiles-url="{settings.MAP_TILES_URL}"' in html
    assert 'src="/static/leaflet/leaflet.js"' in html
    assert 'src="/static/cities/map_picker.js"' in html
    assert 'href="/static/leaflet/leaflet.css"' in html


def test_add_form_has_language_tabs_and_the_picker(staff_client):
    html = staff_client.get(f"{ADMIN}city/add/").content.decode()
    assert 'name="name_it"' in html and 'name="name_en"' in html
    assert "tabbed_translation_fields.js" in html
    assert "data-map-picker" in html
    assert 'name="activities-TOTAL_FORMS"' in html


def test_admin_pages_load_scripts_only_from_files_or_with_the_nonce(staff_client):
    city = CityFactory()
    response = staff_client.get(f"{ADMIN}city/{city.pk}/change/")
    csp = response["Content-Security-Policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    html = response.content.decode()
    for tag in html.split("<script")[1:]:
        opening = tag.split(">", 1)[0]
        assert (
            "src=" in opening or f'nonce="{nonce}"' in opening or "application/json" in (opening)
        ), opening


def test_photo_that_is_not_an_image_is_refused_and_nothing_is_saved(staff_client):
    fake = SimpleUploadedFile("photo.jpg", b"this is plain text", content_type="image/jpeg")
    response = staff_client.post(
        f"{ADMIN}city/add/", city_form(photo=fake), headers={"accept-language": "en"}
    )
    assert response.status_code == 200
    assert (
        "This file is not an image we can use. Upload a JPEG, PNG, GIF or WebP picture."
        in response.content.decode()
    )
    assert not City.objects.exists()
    assert media_files() == []


def test_photo_upload_is_saved_and_previewed(staff_client):
    response = staff_client.post(
        f"{ADMIN}city/add/", city_form(photo=png_upload(), photo_alt_it="La piazza")
    )
    assert response.status_code == 302
    city = City.objects.get(slug="senigallia")
    assert city.photo.name.startswith("cities/")
    html = staff_client.get(f"{ADMIN}city/{city.pk}/change/").content.decode()
    assert 'class="city-photo-preview"' in html
    assert 'alt="La piazza"' in html


def test_staff_adds_an_activity_through_the_city_inline(staff_client):
    theme = ThemeFactory(slug="mediation")
    data = city_form(
        **{
            "activities-TOTAL_FORMS": "1",
            "activities-0-title_it": "Mediatori nei quartieri",
            "activities-0-title_en": "Mediators in the neighbourhoods",
            "activities-0-description_it": "",
            "activities-0-description_en": "",
            "activities-0-theme": str(theme.pk),
            "activities-0-year": "2012",
            "activities-0-link": "",
            "activities-0-published": "on",
        }
    )
    response = staff_client.post(f"{ADMIN}city/add/", data)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.city.slug == "senigallia"
    assert activity.title_en == "Mediators in the neighbourhoods"
    assert activity.theme == theme
    assert activity.example is False


def test_city_list_filters_and_search(staff_client):
    CityFactory(name_it="Torino", name_en="Turin", slug="torino", region="piemonte")
    CityFactory(name_it="Bari", name_en="Bari", slug="bari", region="puglia")
    html = staff_client.get(f"{ADMIN}city/", {"q": "turin"}).content.decode()
    assert f"{ADMIN}city/{City.objects.get(slug='torino').pk}/change/" in html
    assert f"{ADMIN}city/{City.objects.get(slug='bari').pk}/change/" not in html
    html = staff_client.get(f"{ADMIN}city/", {"region__exact": "puglia"}).content.decode()
    assert f"{ADMIN}city/{City.objects.get(slug='bari').pk}/change/" in html
    assert f"{ADMIN}city/{City.objects.get(slug='torino').pk}/change/" not in html


def test_activity_list_can_show_only_example_content(staff_client):
    real = ActivityFactory(title_it="Programma reale", example=False)
    made_up = ActivityFactory(title_it="Esempio inventato", example=True)
    html = staff_client.get(f"{ADMIN}activity/", {"example__exact": "1"}).content.decode()
    assert f"{ADMIN}activity/{made_up.pk}/change/" in html
    assert f"{ADMIN}activity/{real.pk}/change/" not in html


def test_example_mark_never_reaches_public_pages(client):
    activity = ActivityFactory(example=True)
    html = client.get(activity.city.get_absolute_url()).content.decode()
    section = html.split('id="activities-title"')[1].split("</section>")[0]
    assert activity.title_it in section
    assert "esempio" not in section.lower()
    assert "example" not in section.lower()


def test_theme_admin_pages_answer(staff_client):
    theme = ThemeFactory()
    assert staff_client.get(f"{ADMIN}theme/").status_code == 200
    html = staff_client.get(f"{ADMIN}theme/{theme.pk}/change/").content.decode()
    assert 'name="name_en"' in html and 'name="description_it"' in html


def test_activity_admin_change_page_answers(staff_client):
    activity = ActivityFactory()
    html = staff_client.get(f"{ADMIN}activity/{activity.pk}/change/").content.decode()
    assert 'name="title_en"' in html
    assert 'name="example"' in html
