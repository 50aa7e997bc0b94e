"""Rate limits as counters in the shared cache: a few lines instead of another package.

A counter is created with the window as its timeout and incremented on each attempt, so
every app server sees the same count; when the cache is down nobody is limited (a cache
outage makes pages slower, never errors).

Pages that cost a render for each different address (search, filtered lists, the filtered
map data, open-data downloads) are limited per client with limit_renders: only their
renders count, since the page cache answers the pages it holds before any view runs. nginx
limits the same addresses first (deploy/nginx.conf); this limit is for sites without it.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext

from icnet.core.short_pages import come_back_later


def client_ip(request) -> str:
    """The address the request came from.

    REMOTE_ADDR, unless settings.BEHIND_TRUSTED_PROXY says a proxy of ours sets
    X-Forwarded-For: then its first hop. Without that setting the header is the client's
    own word and is ignored.
    """
    if getattr(settings, "BEHIND_TRUSTED_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        first = forwarded.split(",")[0].strip()
        if first:
            return first[:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def _key(scope: str, value: str) -> str:
    # Hashed: keys stay short and the cache holds no address in clear.
    return "rate:" + scope + ":" + hashlib.sha256(value.encode()).hexdigest()[:32]


def hit(scope: str, value: str, limit: int, seconds: int) -> bool:
    """Count one attempt of `value` in `scope`; False once it is over `limit` in the window."""
    key = _key(scope, value)
    try:
        cache.add(key, 0, timeout=seconds)
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window starts
        cache.set(key, 1, timeout=seconds)
        count = 1
    except Exception:  # the cache is down: let the person through
        return True
    return count <= limit


def too_many_requests(request, retry_after: int) -> HttpResponse:
    """The short "too many requests" page, 429, with Retry-After; never cached."""
    return come_back_later(
        request,
        "429.html",
        429,
        retry_after,
        gettext("Too many requests from your address. Please try again in a minute."),
    )


def limit_renders(when: Callable | None = None):
    """Limit how often one client (client_ip) may have this view render: at most
    EXPENSIVE_PAGES_LIMIT renders of such pages per EXPENSIVE_PAGES_SECONDS, all of them
    together; beyond that, too_many_requests. `when(request)` says whether this request is
    an expensive one (a list with filters, not the list itself); 0 turns the limit off."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            limit = settings.EXPENSIVE_PAGES_LIMIT
            seconds = settings.EXPENSIVE_PAGES_SECONDS
            if (
                limit
                and (when is None or when(request))
                and not hit("renders", client_ip(request), limit, seconds)
            ):
                return too_many_requests(request, seconds)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def filtered(request) -> bool:
    """Whether a list's query narrows it (any parameter but the page number)."""
    return any(name != "page" for name in request.GET)
