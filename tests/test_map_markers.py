"""Every map names Leaflet's marker images by their static addresses, so no page asks for
them beside itself (where they answered 404), whatever the static files storage calls them."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from icnet.core.templatetags.icnet_tags import MAP_MARKER_IMAGES
from tests.factories import CityFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_marker_images_are_shipped_static_files():
    for path in MAP_MARKER_IMAGES.values():
        assert finders.find(path), path


@pytest.mark.parametrize("path", ["/it/citta/", "/en/cities/torino/", "/it/incontri/"])
def test_public_maps_carry_the_marker_image_addresses(client, path):
    MeetingFactory(host_city=CityFactory(slug="torino"))
    html = client.get(path).content.decode()
    tag = re.search(r"<div [^>]*data-map[ >][^>]*>", html)[0]
    for attribute, image in MAP_MARKER_IMAGES.items():
        assert f'{attribute}="{static(image)}"' in tag


def test_the_admin_map_picker_carries_them_too(client):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    html = client.get(f"/{settings.ADMIN_PATH}cities/city/add/").content.decode()
    tag = re.search(r"<div [^>]*data-map-picker[^>]*>", html)[0]
    assert (
        f'data-marker-icon-retina="{static(MAP_MARKER_IMAGES["data-marker-icon-retina"])}"' in tag
    )
