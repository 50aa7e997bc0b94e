"""Whole-page cache of public pages: shared, cookie-free, and cleared by any content change."""

import pytest

from icnet.models import Page
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def caching(settings):
    settings.PAGE_CACHE_SECONDS = 600


def test_second_visit_is_served_from_the_cache(client, caching):
    PageFactory(key=Page.Key.ABOUT, title_it="Chi siamo")
    assert client.get("/it/about/")["X-Cache"] == "miss"
    assert client.get("/it/about/")["X-Cache"] == "hit"


def test_a_saved_change_shows_at_once(client, caching):
    page = PageFactory(key=Page.Key.ABOUT, title_it="Chi siamo")
    client.get("/it/about/")
    page.title_it = "Chi siamo, rivisto"
    page.save()
    response = client.get("/it/about/")
    assert response["X-Cache"] == "miss"
    assert "Chi siamo, rivisto" in response.content.decode()


def test_a_deletion_shows_at_once(client, caching):
    page = PageFactory(key=Page.Key.ABOUT)
    assert client.get("/it/about/").status_code == 200
    page.delete()
    assert client.get("/it/about/").status_code == 404


def test_languages_are_cached_apart(client, caching):
    PageFactory(key=Page.Key.ABOUT, title_it="Chi siamo", title_en="About us")
    client.get("/it/about/")
    assert "About us" in client.get("/en/about/").content.decode()


def test_public_pages_set_no_cookie(client, caching):
    PageFactory(key=Page.Key.ABOUT)
    for path in ["/it/", "/en/about/", "/it/search/?q=rete"]:
        response = client.get(path)
        assert response.cookies == {}, path
        assert "Set-Cookie" not in response.headers


def test_cached_pages_keep_the_security_headers(client, caching):
    client.get("/it/")
    response = client.get("/it/")
    assert response["X-Cache"] == "hit"
    assert "Content-Security-Policy" in response
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Permissions-Policy" in response


def test_revalidation_answers_304(client, caching):
    first = client.get("/it/")
    again = client.get("/it/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_not_found_pages_and_the_admin_are_not_cached(client, caching):
    assert "X-Cache" not in client.get("/it/nowhere/")
    assert "X-Cache" not in client.get("/admin/login/")
