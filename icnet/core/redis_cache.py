"""Django's RedisCache, for which an unreachable, paused or failing Redis is an empty cache.

The site keeps nothing in the cache that it cannot rebuild from the database (pages,
computed values; sessions and sign-in records live in the database), so a cache that
does not answer only makes pages slower. Every call gives up after the socket timeouts
of OPTIONS (well under a second), logs one warning and answers as a cache miss would.

After a failure this process leaves the cache alone for RETRY_AFTER seconds (a small
circuit breaker), then tries again. Without it a paused Redis would cost every cache call
of every request a full read timeout: a public page built afresh makes 3 to 18 cache calls
(measured over tests/pages.py: the page, then get, add and get for each remembered value),
so with the 0.3 s timeout a page would take one to five seconds, instead of one timeout per
process every few seconds. This is why the site uses this thin guard rather than
django-redis's IGNORE_EXCEPTIONS, which ignores each error but pays each timeout.

A full Redis (a `maxmemory` with the `noeviction` policy) refuses writes (OutOfMemoryError)
and still answers reads: such a write is dropped (a warning at most once per RETRY_AFTER),
and the cache is not rested, so the pages already stored are still served.
"""

from __future__ import annotations

import functools
import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import OutOfMemoryError, RedisError

logger = logging.getLogger("icnet.cache")

DEFAULT_OPTIONS = {"socket_connect_timeout": 0.3, "socket_timeout": 0.3}
DEFAULT_RETRY_AFTER = 5.0

# When each Redis (by location) may be tried again, shared by the threads of a process.
_down_until: dict[str, float] = {}
_lock = threading.Lock()


def _guarded(answer_when_down):
    """Run the cache call unless the cache is resting after a failure; on a Redis error,
    log it, rest, and answer `answer_when_down(*args, **kwargs)` instead."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self.is_resting():
                return answer_when_down(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except OutOfMemoryError as error:
                self.refused(error)
                return answer_when_down(*args, **kwargs)
            except RedisError as error:
                self.rest(error)
                return answer_when_down(*args, **kwargs)
            self.recovered()
            return result

        return wrapper

    return decorate


# When each full Redis (by location) was last reported, so that a flood of refused writes
# logs a line every few seconds, not one per write.
_full_reported: dict[str, float] = {}


def _default(key, default=None, version=None):
    return default


class FailSoftRedisCache(RedisCache):
    """RedisCache whose calls never raise for an unreachable or failing Redis."""

    def __init__(self, server, params):
        params = dict(params)
        params["OPTIONS"] = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        self.retry_after = float(params.get("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        super().__init__(server, params)
        self.location = ",".join(self._servers)

    def is_resting(self) -> bool:
        until = _down_until.get(self.location)
        return until is not None and time.monotonic() < until

    def rest(self, error: Exception) -> None:
        with _lock:
            first = self.location not in _down_until
            _down_until[self.location] = time.monotonic() + self.retry_after
        logger.warning(
            "cache %s %s (%s: %s); pages are built from the database, next try in %g s",
            "unavailable" if first else "still unavailable",
            self.location,
            type(error).__name__,
            error,
            self.retry_after,
        )

    def refused(self, error: Exception) -> None:
        now = time.monotonic()
        with _lock:
            last = _full_reported.get(self.location)
            if last is not None and now - last < self.retry_after:
                return
            _full_reported[self.location] = now
        logger.warning(
            "cache %s is full and refuses writes (%s); pages are served, not stored: give "
            "it an eviction policy (maxmemory-policy allkeys-lru)",
            self.location,
            error,
        )

    def recovered(self) -> None:
        if self.location in _down_until:
            with _lock:
                if _down_until.pop(self.location, None) is not None:
                    logger.warning("cache %s answers again", self.location)

    @_guarded(lambda key, value, timeout=DEFAULT_TIMEOUT, version=None: False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @_guarded(_default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_guarded(lambda key, value, timeout=DEFAULT_TIMEOUT, version=None: None)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_guarded(lambda key, timeout=DEFAULT_TIMEOUT, version=None: False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @_guarded(lambda key, version=None: False)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_guarded(lambda keys, version=None: {})
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_guarded(lambda key, version=None: False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    def incr(self, key, delta=1, version=None):
        if self.is_resting():
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        try:
            result = super().incr(key, delta, version)
        except RedisError as error:
            if isinstance(error, OutOfMemoryError):
                self.refused(error)
            else:
                self.rest(error)
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).") from error
        self.recovered()
        return result

    @_guarded(lambda data, timeout=DEFAULT_TIMEOUT, version=None: list(data))
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_guarded(lambda keys, version=None: None)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_guarded(lambda: False)
    def clear(self):
        return super().clear()


def forget_failures() -> None:
    """Try every cache again at the next call (for tests and after a known recovery)."""
    with _lock:
        _down_until.clear()
        _full_reported.clear()
