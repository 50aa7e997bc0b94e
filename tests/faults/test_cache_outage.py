"""A Redis outage makes the site slower, never broken, and leaves no stale page behind.

The site runs here in this process (Django's test client) with the page cache on and the
production cache backend, against a Redis the test starts on its own port, stops, starts
again empty, pauses (SIGSTOP: it keeps its contents) and resumes.
"""

import time
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from documents.models import Link
from icnet.core.redis_cache import forget_failures
from tests.pages import public_paths

pytestmark = pytest.mark.django_db

PASSWORD = "faults-staff-password-1"
RETRY_AFTER = 1.0
ADMIN = f"/{settings.ADMIN_PATH}"


@pytest.fixture
def site(redis_server, settings):
    """The demo network, the page cache on, and the cache in the test's Redis."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        "default": {
            "BACKEND": "icnet.core.redis_cache.FailSoftRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "icnet-faults",
            "RETRY_AFTER": RETRY_AFTER,
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        }
    }
    forget_failures()
    call_command("load_demo", stdout=StringIO())
    get_user_model().objects.create_superuser("staff", "staff@example.org", PASSWORD)
    yield redis_server
    forget_failures()


def crawl(client) -> dict[str, int]:
    """Every public page type in both languages, and the feeds, data and downloads."""
    return {path: client.get(path).status_code for path in public_paths()}


def sign_in() -> Client:
    client = Client()
    response = client.post(
        f"{ADMIN}login/?next={ADMIN}", {"username": "staff", "password": PASSWORD}
    )
    assert response.status_code == 302, "sign-in refused"
    assert response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200
    return client


def add_link(client, title: str) -> None:
    """Add a useful link in the admin; it shows on the links page and in every footer."""
    response = client.post(
        f"{ADMIN}documents/link/add/",
        {
            "title_it": title,
            "title_en": title,
            "url": "https://example.org/" + title.replace(" ", "-"),
            "description_it": "",
            "description_en": "",
            "order": "0",
            "published": "on",
            "_save": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Link.objects.filter(title_it=title).exists()


def health(client) -> tuple[int, dict]:
    response = client.get("/healthz")
    return response.status_code, response.json()


def test_a_cache_outage_slows_the_site_and_leaves_no_stale_page(site):
    public = Client()

    # Redis answers: pages are cached.
    assert set(crawl(public).values()) == {200}
    assert public.get("/it/documenti/collegamenti/")["X-Cache"] == "hit"
    assert health(public) == (
        200,
        {"status": "ok", "database": "ok", "cache": "ok", "storage": "ok"},
    )

    # Stopped: every page is built from the database; sign-in and edits work.
    site.stop()
    statuses = crawl(public)
    assert [path for path, status in statuses.items() if status >= 500] == []
    assert set(statuses.values()) == {200}
    assert health(public) == (
        200,
        {"status": "degraded", "database": "ok", "cache": "down", "storage": "ok"},
    )
    add_link(sign_in(), "Collegamento durante il guasto")
    assert (
        "Collegamento durante il guasto"
        in public.get("/it/documenti/collegamenti/").content.decode()
    )

    # Started again, empty: the edit shows, and pages are cached again.
    site.start()
    forget_failures()
    assert "Collegamento durante il guasto" in public.get("/it/").content.decode()
    assert set(crawl(public).values()) == {200}
    assert public.get("/it/documenti/collegamenti/")["X-Cache"] == "hit"
    kept = site.keys()
    assert kept > 0

    # Paused: it keeps its (now old) pages but answers nothing. Each call gives up quickly.
    site.pause()
    try:
        statuses = crawl(public)
        assert [path for path, status in statuses.items() if status >= 500] == []
        assert set(statuses.values()) == {200}
        assert health(public) == (
            200,
            {"status": "degraded", "database": "ok", "cache": "down", "storage": "ok"},
        )
        add_link(sign_in(), "Collegamento durante la pausa")
    finally:
        site.resume()

    # Resumed with its old contents: the first request already shows the edit.
    assert site.keys() >= kept
    time.sleep(RETRY_AFTER + 0.2)  # this process tries the cache again
    first = public.get("/it/documenti/collegamenti/")
    assert first.status_code == 200
    assert "Collegamento durante la pausa" in first.content.decode()
    assert "Collegamento durante la pausa" in public.get("/en/").content.decode()
    assert public.get("/it/documenti/collegamenti/")["X-Cache"] == "hit"
    assert health(public)[1]["status"] == "ok"


def test_a_failing_redis_answers_as_an_empty_cache(site):
    """A Redis that answers errors (here: out of memory for every write) breaks nothing."""
    import redis

    direct = redis.Redis(port=site.port)
    direct.config_set("maxmemory", "1")
    direct.config_set("maxmemory-policy", "noeviction")
    try:
        public = Client()
        statuses = crawl(public)
        assert set(statuses.values()) == {200}
        add_link(sign_in(), "Collegamento con la cache piena")
        assert "Collegamento con la cache piena" in public.get("/it/").content.decode()
        assert health(public)[1] == {
            "status": "degraded",
            "database": "ok",
            "cache": "down",
            "storage": "ok",
        }
    finally:
        direct.config_set("maxmemory", "0")
