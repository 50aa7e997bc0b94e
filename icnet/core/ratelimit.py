"""Rate limits as counters in the shared cache: a few lines instead of another package.

A counter is created with the window as its timeout and incremented on each attempt, so
every app server sees the same count; when the cache is down nobody is limited (a cache
outage makes pages slower, never errors).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


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
