"""Cities: the GeoJSON open data at /api/cities.geojson."""

import json

import pytest
from django.utils.http import http_date

from cities.models import City, Region
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db

URL = "/api/cities.geojson"


def get_json(client, **headers):
    response = client.get(URL, headers=headers)
    return response, json.loads(response.content) if response.status_code == 200 else None


def test_geojson_is_a_feature_collection_of_published_cities(client):
    CityFactory(
        slug="genova",
        name_it="Genova",
        name_en="Genoa",
        region=Region.LIGURIA,
        latitude="44.407062",
        longitude="8.933989",
    )
    CityFactory(slug="hidden", published=False)
    response, data = get_json(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["slug"] for f in data["features"]] == ["genova"]
    feature = data["features"][0]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [8.933989, 44.407062]}
    props = feature["properties"]
    assert props["name_it"] == "Genova"
    assert props["name_en"] == "Genoa"
    assert props["region"] == "liguria"
    assert props["status"] == "member"
    assert props["url_it"] == "http://testserver/it/citta/genova/"
    assert props["url_en"] == "http://testserver/en/cities/genova/"


def test_geojson_coordinates_are_numbers_longitude_first(client):
    CityFactory(slug="bari", latitude="41.125784", longitude="16.866732")
    _, data = get_json(client)
    longitude, latitude = data["features"][0]["geometry"]["coordinates"]
    assert isinstance(longitude, float) and isinstance(latitude, float)
    assert (longitude, latitude) == (16.866732, 41.125784)


def test_geojson_keeps_a_city_without_coordinates_with_a_null_geometry(client):
    CityFactory(slug="somewhere", latitude=None, longitude=None)
    _, data = get_json(client)
    assert data["features"][0]["geometry"] is None


def test_geojson_english_name_falls_back_to_italian(client):
    CityFactory(slug="fermo", name_it="Fermo", name_en="")
    _, data = get_json(client)
    assert data["features"][0]["properties"]["name_en"] == "Fermo"


def test_geojson_is_open_to_any_origin(client):
    CityFactory()
    response = client.get(URL, headers={"origin": "https://maps.example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_open_data_answers_a_preflight_and_pages_stay_closed_to_other_origins(client):
    origin = {"origin": "https://maps.example.org", "access-control-request-method": "GET"}
    preflight = client.options(URL, headers=origin)
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    page = client.get("/it/", headers={"origin": "https://maps.example.org"})
    assert "Access-Control-Allow-Origin" not in page


def test_geojson_answers_304_to_a_matching_etag(client):
    CityFactory()
    first = client.get(URL)
    assert first["ETag"]
    again = client.get(
        URL, headers={"if-none-match": first["ETag"], "origin": "https://maps.example.org"}
    )
    assert again.status_code == 304
    assert again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"


def test_geojson_answers_304_when_not_modified_since(client):
    CityFactory()
    first = client.get(URL)
    assert first["Last-Modified"]
    again = client.get(URL, headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 304


def test_geojson_changes_its_etag_when_a_city_changes(client):
    city = CityFactory(name_en="Before")
    first = client.get(URL)
    city.name_en = "After"
    city.save()
    again = client.get(URL, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert json.loads(again.content)["features"][0]["properties"]["name_en"] == "After"


def test_geojson_changes_its_etag_when_a_city_is_deleted(client):
    keep = CityFactory()
    gone = CityFactory()
    first = client.get(URL)
    # The newest change time stays the same; the count tells the difference.
    City.objects.filter(pk=gone.pk).delete()
    City.objects.filter(pk=keep.pk).update(updated=keep.updated)
    again = client.get(URL, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200


def test_geojson_is_modified_after_a_newer_change(client):
    city = CityFactory()
    old = http_date(city.updated.timestamp() - 3600)
    response = client.get(URL, headers={"if-modified-since": old})
    assert response.status_code == 200


def test_geojson_of_no_city_is_an_empty_collection(client):
    response, data = get_json(client)
    assert response.status_code == 200
    assert data == {"type": "FeatureCollection", "features": []}


def test_geojson_refuses_post(client):
    assert client.post(URL).status_code == 405
