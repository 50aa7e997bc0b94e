"""Marker images on a high-density screen: every map asks for Leaflet's images where the
static files are, the 2x icon and the shadow included, and none answers 404."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group

from icnet.core.roles import EDITOR_GROUP
from tests.factories import CityFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _marker_requests(browser, live_server, path, login=None):
    context = browser.new_context(locale="it-IT", device_scale_factor=2)
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    if login is not None:
        context.add_cookies(
            [{"name": django_settings.SESSION_COOKIE_NAME, "value": login, "url": live_server.url}]
        )
    page = context.new_page()
    answers = {}
    page.on("response", lambda r: answers.__setitem__(r.url, r.status))
    page.goto(f"{live_server.url}{path}")
    page.wait_for_selector(".leaflet-marker-icon")
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.leaflet-marker-icon, img.leaflet-marker-shadow')]"
        ".every((img) => img.complete && img.naturalWidth > 0)"
    )
    context.close()
    return {url: status for url, status in answers.items() if "marker-" in url}


@pytest.mark.parametrize("which", ["cities", "profile", "meetings"])
def test_public_maps_load_the_retina_marker_and_its_shadow(browser, live_server, which, settings):
    settings.ALLOWED_HOSTS = ["*"]
    city = CityFactory(slug="torino", latitude="45.07", longitude="7.68")
    MeetingFactory(host_city=city)
    path = {"cities": "/it/citta/", "profile": "/it/citta/torino/", "meetings": "/it/incontri/"}
    requests = _marker_requests(browser, live_server, path[which])
    assert requests, "no marker image was requested"
    assert all(status == 200 for status in requests.values()), requests
    names = {url.rsplit("/", 1)[1] for url in requests}
    assert {"marker-icon-2x.png", "marker-shadow.png"} <= names
    assert all("/static/leaflet/images/" in url for url in requests), requests


def test_the_admin_map_picker_loads_its_marker_images(browser, live_server, client, settings):
    settings.ALLOWED_HOSTS = ["*"]
    city = CityFactory(latitude="45.07", longitude="7.68")
    editor = UserFactory(username="editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR_GROUP))
    city.editors.add(editor)
    client.force_login(editor)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    path = f"/{django_settings.ADMIN_PATH}cities/city/{city.pk}/change/"
    requests = _marker_requests(browser, live_server, path, login=session)
    assert requests and all(status == 200 for status in requests.values()), requests
    assert any(url.endswith("marker-icon-2x.png") for url in requests)
