"""The database as web requests see it: a deadline on every wait, and a short rest after a
failure.

A PostgreSQL that is paused (a frozen machine, a stopped process, a network that drops
packets) neither answers nor refuses: without a deadline a request would wait for it for
ever and hold its worker, and soon every worker. In a web request each wait on the
database (a query, a commit, a health check) ends after DATABASE_QUERY_TIMEOUT seconds:
the connection is closed and the request fails as in any database outage (a cached page,
or the 503 page). After such a silence, or a connection that got no answer within its
connect_timeout, the process leaves the database alone for DATABASE_RETRY_AFTER seconds,
so that the requests meanwhile fail at once instead of each waiting for the deadline; the
first one after that tries again. A database that refuses (stopped, restarting) costs no
wait and is tried again at every request, so the site is back at the first request after
it. Management commands and other work outside requests wait as long as they need.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time

import psycopg
from django.conf import settings
from psycopg import errors

logger = logging.getLogger("icnet.database")

# Seconds each wait on the database may take in this request; None outside requests.
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "icnet_database_deadline", default=None
)
# Until when (time.monotonic()) this process leaves the database alone.
_rest_until = [0.0]


@contextlib.contextmanager
def request_deadline():
    """Within this block (a web request), database waits end at the deadline."""
    seconds = settings.DATABASE_QUERY_TIMEOUT
    token = _deadline.set(seconds if seconds > 0 else None)
    try:
        yield
    finally:
        _deadline.reset(token)


def in_request() -> bool:
    return _deadline.get() is not None


def rest(reason: str) -> None:
    """Leave the database alone for a while (in requests only): it just failed."""
    seconds = settings.DATABASE_RETRY_AFTER
    if in_request() and seconds > 0:
        _rest_until[0] = time.monotonic() + seconds
        logger.warning("database left alone for %s s (%s)", seconds, reason)


def resting() -> bool:
    return in_request() and time.monotonic() < _rest_until[0]


def forget_failures() -> None:
    _rest_until[0] = 0.0


class DeadlineConnection(psycopg.Connection):
    """A psycopg connection whose waits, in a web request, end at the request's deadline."""

    def wait(self, gen, interval=0.1, timeout=None):
        limit = _deadline.get()
        if limit is not None and (timeout is None or timeout > limit):
            timeout = limit
        try:
            return super().wait(gen, interval=interval, timeout=timeout)
        except errors._WaitTimeout as error:
            # Nothing came back: the connection is in an unknown state, close it.
            self.pgconn.finish()
            rest(f"no answer within {limit} s")
            raise psycopg.OperationalError(
                f"the database did not answer within {limit} s"
            ) from error
