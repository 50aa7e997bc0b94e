"""Whole-page cache of public pages: shared, cookie-free, and cleared by any content change."""

import datetime
import gzip
import zoneinfo
from io import StringIO

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

from icnet.core.cache import content_generation
from icnet.core.models import ContentGeneration
from icnet.core.page_cache import CachedPage, LocalPages
from icnet.site.models import Page
from tests.factories import MeetingFactory, PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def caching(settings):
    settings.PAGE_CACHE_SECONDS = 600


def test_second_visit_is_served_from_the_cache(client, caching):
    PageFactory(key=Page.Key.ABOUT, title_it="Chi siamo")
    assert client.get("/it/chi-siamo/")["X-Cache"] == "miss"
    assert client.get("/it/chi-siamo/")["X-Cache"] == "hit"


def test_a_saved_change_shows_at_once(client, caching):
    page = PageFactory(key=Page.Key.ABOUT, title_it="Chi siamo")
    client.get("/it/chi-siamo/")
    page.title_it = "Chi siamo, rivisto"
    page.save()
    response = client.get("/it/chi-siamo/")
    assert response["X-Cache"] == "miss"
    assert "Chi siamo, rivisto" in response.content.decode()


def test_a_deletion_shows_at_once(client, caching):
    page = PageFactory(key=Page.Key.ABOUT)
    assert client.get("/it/chi-siamo/").status_code == 200
    page.delete()
    assert client.get("/it/chi-siamo/").status_code == 404


def test_languages_are_cached_apart(client, caching):
    PageFactory(key=Page.Key.ABOUT, title_it="Chi siamo", title_en="About us")
    client.get("/it/chi-siamo/")
    assert "About us" in client.get("/en/about/").content.decode()


def test_public_pages_set_no_cookie(client, caching):
    PageFactory(key=Page.Key.ABOUT)
    for path in ["/it/", "/en/about/", "/it/cerca/?q=rete"]:
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


def test_pages_are_sent_gzipped_to_clients_that_accept_it(client, caching):
    PageFactory(key=Page.Key.ABOUT, title_it="Chi siamo")
    plain = client.get("/it/chi-siamo/")
    zipped = client.get("/it/chi-siamo/", headers={"accept-encoding": "gzip, br"})

    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content)
    for response in (plain, zipped):
        assert "Accept-Encoding" in response["Vary"]
    # Each form has its own validator, and each revalidates.
    assert zipped["ETag"] != plain["ETag"]
    again = client.get(
        "/it/chi-siamo/", headers={"accept-encoding": "gzip", "if-none-match": zipped["ETag"]}
    )
    assert again.status_code == 304


def test_a_change_made_outside_the_site_shows_after_expire_pages(client, caching):
    page = PageFactory(key=Page.Key.ABOUT, title_it="Prima")
    assert "Prima" in client.get("/it/chi-siamo/").content.decode()
    Page.objects.filter(pk=page.pk).update(title_it="Dopo")  # no signal: the cache knows nothing
    assert "Prima" in client.get("/it/chi-siamo/").content.decode()
    call_command("expire_pages", stdout=StringIO())
    assert "Dopo" in client.get("/it/chi-siamo/").content.decode()


def test_the_generation_lives_in_the_database_and_is_replaced_by_each_change(caching):
    before = content_generation()
    assert ContentGeneration.objects.get().value == before
    PageFactory(key=Page.Key.ABOUT)
    assert content_generation() != before
    assert ContentGeneration.objects.get().value == content_generation()


def test_an_edit_that_is_rolled_back_leaves_the_generation_alone(caching):
    before = content_generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        PageFactory(key=Page.Key.ABOUT)
        raise RuntimeError("the edit fails after its save")
    assert content_generation() == before


def test_emptying_the_shared_cache_keeps_pages_right(client, caching):
    PageFactory(key=Page.Key.ABOUT, title_it="Prima")
    client.get("/it/chi-siamo/")
    cache.clear()
    response = client.get("/it/chi-siamo/")
    assert response.status_code == 200
    assert "Prima" in response.content.decode()


def test_a_new_generation_starts_when_its_row_is_gone(caching):
    ContentGeneration.objects.all().delete()
    assert content_generation() == ContentGeneration.objects.get().value


def test_each_process_keeps_only_its_latest_pages_up_to_a_size(settings, rf):
    settings.LOCAL_PAGE_CACHE_BYTES = 4000
    pages = LocalPages()
    for n in range(5):
        pages.put(f"page-{n}", CachedPage(HttpResponse(b"x" * 900, content_type="text/plain"), 60))
    assert list(pages.pages) == ["page-1", "page-2", "page-3", "page-4"]
    assert pages.size <= 4000
    pages.put("too-big", CachedPage(HttpResponse(b"x" * 2000, content_type="image/png"), 60))
    assert pages.get("too-big") is None
    pages.put("stale", CachedPage(HttpResponse(b"x", content_type="text/plain"), -1))
    assert pages.get("stale") is None
    assert pages.get("page-4").response(rf.get("/"), "hit").content == b"x" * 900


def test_a_cached_meeting_page_closes_its_registration_at_midnight(client, caching, monkeypatch):
    """What a page shows can change with the day alone (a registration open until a given
    day): a page cached in the evening is not served after midnight, with no edit between."""
    rome = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    last_day = datetime.date(2031, 5, 10)
    meeting = MeetingFactory(
        slug="incontro-lodi",
        start_date=last_day + datetime.timedelta(days=5),
        registration_capacity=20,
        registration_closes=last_day,
    )
    register = f'href="/it/incontri/{meeting.slug}/iscriviti/"'

    def at(*moment):
        now = datetime.datetime(*moment, tzinfo=rome).astimezone(datetime.UTC)
        monkeypatch.setattr(timezone, "now", lambda: now)

    at(2031, 5, 10, 23, 59, 30)
    evening = client.get(meeting.get_absolute_url())
    assert evening["X-Cache"] == "miss"
    assert register in evening.content.decode()
    assert client.get(meeting.get_absolute_url())["X-Cache"] == "hit"
    at(2031, 5, 11, 0, 0, 30)
    after_midnight = client.get(meeting.get_absolute_url())
    assert after_midnight["X-Cache"] == "miss"
    page = after_midnight.content.decode()
    assert register not in page
    assert "Le iscrizioni a questo incontro sono chiuse." in page
