"""Whole-page caching of public pages, made stale by any change to public content.

Public pages are the same for every visitor (no cookie, no inline script, no per-user
content), so a page is rendered once and then served from the shared cache until content
changes: page keys carry the content generation (icnet.core.cache) as their version.

A stored page keeps its body, a gzipped copy when that is smaller, and an ETag for each;
it is sent gzipped to clients that accept it. Each process also keeps the pages it served
last in its own memory (LOCAL_PAGE_CACHE_BYTES), under the same keys: a page served again
costs one read of the generation number from the database, not the page's transfer.
When the cache does not answer, pages are built by the views each time (slower, not
broken); when the database does not answer, the pages already cached are still served.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag

from icnet.core.cache import content_generation

CACHED_PREFIXES = ("/api/", "/sitemap", "/robots.txt")


def _is_public_path(path: str) -> bool:
    languages = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)
    return path.startswith(languages) or path.startswith(CACHED_PREFIXES)


def _key(request) -> str:
    """The page's key in the shared cache; the content generation is its version."""
    # The host is part of the key: pages carry absolute links (canonical, feeds, calendars).
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"page:{request.method == 'HEAD'}:{digest}"


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
    """The pages this process served last, up to a total size, newest kept (thread-safe)."""

    def __init__(self):
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
        limit = settings.LOCAL_PAGE_CACHE_BYTES
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
        key, generation = _key(request), content_generation()
        if generation is None:
            return self.get_response(request)  # the database is down and nothing is known
        local_key = f"{generation}:{key}"
        page = local_pages.get(local_key)
        if page is None:
            page = cache.get(key, version=generation)
            if isinstance(page, CachedPage):
                local_pages.put(local_key, page)
        if isinstance(page, CachedPage):
            return page.response(request, "hit")
        response = self.get_response(request)
        if not self._shareable(response):
            return response
        patch_cache_control(response, public=True, no_cache=True)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        page = CachedPage(response, seconds)
        cache.set(key, page, seconds, version=generation)
        local_pages.put(local_key, page)
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
