"""Whole-page caching of public pages, made stale by any change to public content.

Public pages are the same for every visitor (no cookie, no inline script, no per-user
content), so a page is rendered once and then served from the shared cache until content
changes: page keys carry the content generation (icnet.core.cache) as their version.

A stored page keeps its body, a gzipped copy when that is smaller, and an ETag for each;
it is sent gzipped to clients that accept it. Each process also keeps the pages it served
last in its own memory (LOCAL_PAGE_CACHE_BYTES), under the same keys: a page served again
costs one read of the generation number from the database, not the page's transfer.
Keys also carry the day (in the site's time zone): pages that depend on the date (upcoming
meetings, a registration open until a given day) change at midnight without any edit.
When the cache does not answer, pages are built by the views each time (slower, not
broken); when the database does not answer, the pages already cached are still served.

A page's key names its query as the page understands it, not as it was written: each view
declares its parameters (page_query), and the middleware asks the view's declaration, found
by resolving the address, for the canonical query: the parameters it knows with values it
can use, in a fixed order. The view then sees only that query, so a page never depends on
a parameter its key leaves out, and `?utm_source=x`, `?fbclid=…` or the same filters in
another order are one entry, not one each. Addresses whose view declares nothing are keyed
and rendered without their query. A known parameter whose value the page cannot use (a
city that is not in the list) is a different case: the page says what it ignored, so it is
rendered each time and stored nowhere, and a page number past the last page likewise.

Free-text queries (the site search, the city list's name filter) are never stored in the
shared cache: each different text would be another entry, so a client writing random
words could fill its memory. They are kept instead in a small memory of each process
(SEARCH_PAGE_CACHE_BYTES), apart from the other pages, so that a search asked again (the
links of a results page, a popular word) is served quickly while a flood of unique texts
only churns that small memory and never evicts the pages everyone reads.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag, urlencode
from django.utils.translation import override

from icnet.core.cache import content_generation

CACHED_PREFIXES = ("/api/", "/sitemap", "/robots.txt")


def _is_public_path(path: str) -> bool:
    languages = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)
    return path.startswith(languages) or path.startswith(CACHED_PREFIXES)


@dataclass(frozen=True)
class Understood:
    """What a view makes of a query: the parameters it uses, with their values, in its own
    order (`pairs`), and whether a known parameter had a value it could not use and says so
    on the page (`reported`: then `pairs` are the parameters it knows, as they were given;
    the page is rendered from them and not stored)."""

    pairs: list[tuple[str, str]]
    reported: bool = False


def page_query(canonical: Callable[[QueryDict], Understood], *, free_text: tuple[str, ...] = ()):
    """Declare what query a view understands (for the page cache's keys).

    `canonical(query)` answers an Understood for the request's GET query; it is called
    before the view, on every request with a query string that the cache might serve, so it
    reads no more than the view's own choices (kept per content generation). `free_text`
    names the parameters holding typed text: a page with one of them set is kept only in
    each process's small search memory, never in the shared cache.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        wrapper.page_query = canonical
        wrapper.free_text = free_text
        return wrapper

    return decorate


def page_number(query: QueryDict, name: str = "page") -> list[tuple[str, str]]:
    """The page number's pair of a paginated page's canonical query: a whole number from 2
    (page 1 is the page without it); anything else gives the first page, as the lists do."""
    value = query.get(name, "").strip()
    if value.isascii() and value.isdigit() and 2 <= int(value) <= 10**6:
        return [(name, str(int(value)))]
    return []


def keep_out_of_cache(request) -> None:
    """Render this page without storing it (a page number past the last page, shown as the
    last page: storing it would add an entry per number)."""
    request._page_cache_store = False


def _understood(request) -> tuple[Understood, tuple[str, ...]] | None:
    """The request's query as its view understands it, and the view's free-text parameters;
    None when no view answers this address (its query is then left as it is)."""
    code = request.path_info.lstrip("/").partition("/")[0]
    language = code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with override(language):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    canonical = getattr(match.func, "page_query", None)
    if canonical is None:
        return Understood([]), ()
    with override(language):
        return canonical(request.GET), match.func.free_text


def _set_query(request, query: str) -> None:
    request.META["QUERY_STRING"] = query
    request.GET = QueryDict(query)


def _key(request) -> str:
    """The page's key in the shared cache; the content generation is its version."""
    # The host is part of the key: pages carry absolute links (canonical, feeds, calendars).
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    # So is the day: what a page shows changes with it (upcoming meetings, a registration
    # that opens or closes), and no page is served on a later day than its own.
    return f"page:{request.method == 'HEAD'}:{timezone.localdate().isoformat()}:{digest}"


# Types worth compressing, and the same test of Accept-Encoding as Django's GZipMiddleware.
COMPRESSIBLE = re.compile(r"^(text/|application/(json|geo\+json|xml|rss\+xml|atom\+xml))")
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
MIN_COMPRESSED_SIZE = 200


def _etag(body: bytes) -> str:
    return quote_etag(hashlib.md5(body, usedforsecurity=False).hexdigest())


class CachedPage:
    """What is kept of a page: status, headers, body, gzipped body, their ETags, expiry."""

    __slots__ = ("body", "etag", "expires", "gzip_etag", "gzipped", "headers", "status")

    def __init__(self, response, seconds: int):
        self.status = response.status_code
        self.body = response.content
        self.headers = [
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in ("content-length", "etag", "x-cache")
        ]
        # A view's own ETag (a download's stamp) is kept; otherwise one from the body.
        self.etag = response.get("ETag") or _etag(self.body)
        self.gzipped = self.gzip_etag = None
        if (
            len(self.body) >= MIN_COMPRESSED_SIZE
            and not response.has_header("Content-Encoding")
            and COMPRESSIBLE.match(response.get("Content-Type", ""))
        ):
            # mtime=0: the same page always gives the same bytes.
            gzipped = gzip.compress(self.body, compresslevel=6, mtime=0)
            if len(gzipped) < len(self.body):
                self.gzipped = gzipped
                weak, tag = self.etag.startswith("W/"), self.etag.removeprefix("W/")
                self.gzip_etag = ("W/" if weak else "") + tag[:-1] + '-gzip"'
        self.expires = time.time() + seconds

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"")

    def response(self, request, state: str) -> HttpResponse:
        response = HttpResponse(status=self.status)
        for name, value in self.headers:
            response[name] = value
        if self.gzipped is not None:
            patch_vary_headers(response, ("Accept-Encoding",))
        if self.gzipped is not None and ACCEPTS_GZIP.search(
            request.headers.get("Accept-Encoding", "")
        ):
            response.content = self.gzipped
            response["Content-Encoding"] = "gzip"
            response["ETag"] = self.gzip_etag
        else:
            response.content = self.body
            response["ETag"] = self.etag
        response["Content-Length"] = str(len(response.content))
        response["X-Cache"] = state
        return response


class LocalPages:
    """The pages this process served last, up to a total size (the setting `limit`), newest
    kept (thread-safe)."""

    def __init__(self, limit: str = "LOCAL_PAGE_CACHE_BYTES"):
        self.limit = limit
        self.pages: OrderedDict[str, CachedPage] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: str) -> CachedPage | None:
        with self.lock:
            page = self.pages.get(key)
            if page is None:
                return None
            if page.expires < time.time():
                self._drop(key)
                return None
            self.pages.move_to_end(key)
            return page

    def put(self, key: str, page: CachedPage) -> None:
        limit = getattr(settings, self.limit)
        if page.size > limit // 4:
            return
        with self.lock:
            if key in self.pages:
                self._drop(key)
            self.pages[key] = page
            self.size += page.size
            while self.size > limit:
                self._drop(next(iter(self.pages)))

    def _drop(self, key: str) -> None:
        self.size -= self.pages.pop(key).size


local_pages = LocalPages()
# Pages of free-text queries: in this process only, apart, so that they never push out the
# pages everyone reads.
search_pages = LocalPages("SEARCH_PAGE_CACHE_BYTES")


class PublicPageCacheMiddleware:
    """Serve public GET pages from the cache; store the ones that can be shared."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if (
            not seconds
            or request.method not in ("GET", "HEAD")
            or not _is_public_path(request.path)
        ):
            return self.get_response(request)
        shared = True
        if request.META.get("QUERY_STRING"):
            try:
                found = _understood(request)
            except DatabaseError:
                found = None  # the view will say the database is down (503)
            if found is None:
                return self.get_response(request)  # no page here: nothing to store
            understood, free_text = found
            if understood.reported:
                # The page reports a value it ignored: the view gets the parameters it
                # knows, as they were given, and the page is stored nowhere.
                _set_query(request, urlencode(understood.pairs))
                return self.get_response(request)
            _set_query(request, urlencode(understood.pairs))
            shared = not any(name in free_text for name, _value in understood.pairs)
        key, generation = _key(request), content_generation()
        if generation is None:
            return self.get_response(request)  # the database is down and nothing is known
        local_key = f"{generation}:{key}"
        memory = local_pages if shared else search_pages
        page = memory.get(local_key)
        if page is None and shared:
            page = cache.get(key, version=generation)
            if isinstance(page, CachedPage):
                local_pages.put(local_key, page)
        if isinstance(page, CachedPage):
            return page.response(request, "hit")
        response = self.get_response(request)
        if not self._shareable(response) or not getattr(request, "_page_cache_store", True):
            return response
        patch_cache_control(response, public=True, no_cache=True)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        page = CachedPage(response, seconds)
        if shared:
            cache.set(key, page, seconds, version=generation)
        memory.put(local_key, page)
        return page.response(request, "miss")

    @staticmethod
    def _shareable(response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
            and "Cookie" not in response.get("Vary", "")
        )
