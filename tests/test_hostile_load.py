"""Hostile load: unique addresses cannot fill the cache, and floods of renders are limited.

A page's key names its query as the page understands it (icnet.core.page_cache); free-text
searches stay in each process's small search memory; renders of expensive pages are
limited per client address (icnet.core.ratelimit), and so are failed sign-ins, per client
behind the proxy.
"""

import pytest
from django.core.cache import cache

from icnet.core import page_cache
from icnet.core.roles import STAFF_GROUP
from tests.factories import CityFactory, DocumentFactory, back_office_user

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


@pytest.fixture
def caching(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()


def page_keys() -> list[str]:
    """The pages held in the shared cache (the tests' local-memory cache)."""
    return [key for key in cache._cache if ":page:" in key]


@pytest.fixture
def cities():
    CityFactory(slug="firenze", name_it="Firenze", region="toscana")
    CityFactory(slug="torino", name_it="Torino", region="piemonte", status="observer")


def test_unknown_parameters_and_their_order_make_one_entry(client, caching, cities):
    first = client.get("/it/citta/?region=toscana&status=member")
    assert first["X-Cache"] == "miss"
    for path in [
        "/it/citta/?status=member&region=toscana",
        "/it/citta/?utm_source=news&status=member&fbclid=abc&region=toscana",
        "/it/citta/?region=toscana&status=member&anything=else&page=1",
    ]:
        response = client.get(path)
        assert response["X-Cache"] == "hit", path
        assert response.content == first.content
    assert len(page_keys()) == 1
    for n in range(5):
        assert client.get(f"/it/?utm_source=x{n}")["X-Cache"] == ("miss" if n == 0 else "hit")
    assert len(page_keys()) == 2


def test_a_page_never_shows_a_parameter_its_key_leaves_out(client, caching, cities):
    marker = "marker-of-the-first-visitor"
    html = client.get(f"/it/citta/?region=toscana&utm_campaign={marker}").content.decode()
    assert marker not in html  # not in the language links, the map's address or elsewhere
    again = client.get("/it/citta/?region=toscana").content.decode()
    assert again == html


def test_invalid_filter_values_are_reported_and_never_stored(client, caching, cities):
    for value in ["nowhere", "elsewhere", "<b>x</b>"]:
        response = client.get("/it/citta/", {"region": value, "utm_source": "y"})
        assert response.status_code == 200
        assert "X-Cache" not in response
        assert "sono stati ignorati" in response.content.decode()
    DocumentFactory()
    for year in ["1800", "abc", "2999"]:
        response = client.get("/it/documenti/", {"year": year})
        assert response.status_code == 200
        assert "X-Cache" not in response
    assert page_keys() == []
    # A page number that is not one is the first page; one past the end is not stored.
    assert client.get("/it/citta/")["X-Cache"] == "miss"
    assert client.get("/it/citta/?page=abc")["X-Cache"] == "hit"
    assert client.get("/it/citta/?page=-3")["X-Cache"] == "hit"
    assert "X-Cache" not in client.get("/it/citta/?page=999")
    assert len(page_keys()) == 1


def test_other_pages_drop_every_parameter_and_the_index_keeps_its_valid_ones(client, caching):
    city = CityFactory()
    assert client.get(city.get_absolute_url() + "?x=1")["X-Cache"] == "miss"
    assert client.get(city.get_absolute_url() + "?y=2&z=3")["X-Cache"] == "hit"
    assert client.get("/it/indice/?sort=nothing&order=up")["X-Cache"] == "miss"
    assert client.get("/it/indice/?city=nowhere")["X-Cache"] == "hit"
    assert len(page_keys()) == 2


def test_a_search_stays_out_of_the_shared_cache(client, caching, cities):
    first = client.get("/it/cerca/?q=Firenze&utm_source=x")
    assert first["X-Cache"] == "miss"
    assert "Firenze" in first.content.decode()
    # Kept in this process's search memory: asked again, in other words, it is served.
    assert client.get("/it/cerca/?q=%20Firenze%20&fbclid=1")["X-Cache"] == "hit"
    assert page_keys() == []
    assert client.get("/it/citta/?q=Firenze")["X-Cache"] == "miss"
    assert page_keys() == []


def test_the_search_memory_keeps_within_its_bound(client, caching, settings):
    settings.SEARCH_PAGE_CACHE_BYTES = 200_000
    page_cache.search_pages.pages.clear()
    page_cache.search_pages.size = 0
    for n in range(40):
        assert client.get(f"/it/cerca/?q=word{n}").status_code == 200
    assert 0 < page_cache.search_pages.size <= 200_000
    assert len(page_cache.search_pages.pages) < 40
    assert page_keys() == []


@pytest.fixture
def limited(settings):
    settings.EXPENSIVE_PAGES_LIMIT = 3
    settings.EXPENSIVE_PAGES_SECONDS = 60
    cache.clear()


@pytest.mark.parametrize(
    ("prefix", "search", "words"),
    [("/it/", "cerca/", "Troppe richieste"), ("/en/", "search/", "Too many requests")],
)
def test_past_the_limit_searches_answer_429_with_retry_after(
    client, limited, prefix, search, words
):
    for n in range(3):
        assert client.get(f"{prefix}{search}?q=word{n}").status_code == 200
    response = client.get(f"{prefix}{search}?q=one-more")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert words in html
    assert f'lang="{prefix.strip("/")}"' in html
    # The lists without filters, and other pages, are not limited.
    assert client.get(f"{prefix}").status_code == 200
    assert client.get(f"{prefix}{search}").status_code == 200


def test_filtered_lists_map_data_and_downloads_are_limited_too(client, limited, cities):
    assert client.get("/it/citta/?region=toscana").status_code == 200
    assert client.get("/it/citta/mappa.json?region=piemonte").status_code == 200
    assert client.get("/api/cities.csv").status_code == 200
    for path in ["/it/citta/?status=member", "/it/citta/mappa.json?q=x", "/api/cities.geojson"]:
        assert client.get(path).status_code == 429, path
    assert client.get("/it/citta/").status_code == 200


def test_cached_pages_are_not_limited(client, limited, caching, cities):
    for _ in range(10):
        assert client.get("/it/citta/?region=toscana").status_code == 200
        assert client.get("/it/cerca/?q=Firenze").status_code == 200


def test_behind_the_proxy_each_client_has_its_own_limit(client, limited, settings):
    settings.BEHIND_TRUSTED_PROXY = True
    for n in range(3):
        assert (
            client.get(
                f"/it/cerca/?q=a{n}", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.1"
            ).status_code
            == 200
        )
    assert client.get("/it/cerca/?q=b", HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 429
    assert client.get("/it/cerca/?q=b", HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 200


def _staff(username: str):
    return back_office_user(username, STAFF_GROUP)


def _sign_in(client, username: str, password: str, forwarded: str):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_the_proxy_failed_sign_ins_lock_out_only_their_client(client, settings):
    settings.BEHIND_TRUSTED_PROXY = True
    _staff("someone")
    other = _staff("colleague")
    for attempt in range(1, 6):
        response = _sign_in(client, "someone", "wrong-password", "203.0.113.7")
        assert response.status_code == (429 if attempt == 5 else 200)
    assert _sign_in(client, "someone", PASSWORD, "203.0.113.7").status_code == 429
    # Another visitor, through the same proxy, signs in.
    response = _sign_in(client, other.username, PASSWORD, "198.51.100.4")
    assert response.status_code == 302


def test_without_the_proxy_setting_a_forwarded_address_changes_nothing(client, settings):
    settings.BEHIND_TRUSTED_PROXY = False
    _staff("someone")
    other = _staff("colleague")
    for n in range(5):
        _sign_in(client, "someone", "wrong-password", f"203.0.113.{n}")
    assert _sign_in(client, other.username, PASSWORD, "198.51.100.4").status_code == 429
