"""Whole-page caching of public pages, cleared by any change to public content.

Public pages are the same for every visitor (no cookie, no inline script, no per-user
content), so a page is rendered once and then served from the shared cache until content
changes. Every save or deletion of a model of the site bumps a "content generation"
number kept in the same cache; page keys include it, so a change makes every cached page
stale at once, on every app server, without listing or deleting keys.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import patch_cache_control

GENERATION_KEY = "content-generation"
CONTENT_APPS = {"icnet", "cities", "meetings", "documents"}
CACHED_PREFIXES = ("/api/", "/sitemap", "/robots.txt")


def content_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = 1
        cache.add(GENERATION_KEY, generation, timeout=None)
    return generation


def bump_generation(**kwargs) -> None:
    """Make every cached page stale (called for each change of public content)."""
    sender = kwargs.get("sender")
    model = getattr(sender, "_meta", None)
    if model is not None and model.app_label not in CONTENT_APPS:
        # m2m_changed's sender is the through model: look at the instance instead.
        instance = kwargs.get("instance")
        if instance is None or instance._meta.app_label not in CONTENT_APPS:
            return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(bump_generation, dispatch_uid=f"icnet-page-cache-{signal!r}")


def _is_public_path(path: str) -> bool:
    languages = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)
    return path.startswith(languages) or path.startswith(CACHED_PREFIXES)


def _key(request, generation: int) -> str:
    # The host is part of the key: pages carry absolute links (canonical, feeds, calendars).
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"page:{generation}:{request.method == 'HEAD'}:{digest}"


class PublicPageCacheMiddleware:
    """Serve public GET pages from the shared cache; store the ones that can be shared."""

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
        generation = content_generation()
        key = _key(request, generation)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if self._shareable(response):
            patch_cache_control(response, public=True, no_cache=True)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, response, seconds)
            response["X-Cache"] = "miss"
        return response

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


def remember(name: str, compute, timeout: int = 3600):
    """A small value computed once per content generation (e.g. the footer's links)."""
    key = f"value:{content_generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value
