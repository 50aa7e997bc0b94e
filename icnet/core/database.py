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
# Until when (time.monotonic()) this process leaves the database alone, and for how long
# it did so last: the rest doubles while the database stays silent (up to eight times
# DATABASE_RETRY_AFTER), and starts again from one once a connection is made.
_rest = {"until": 0.0, "seconds": 0.0}
# A health check of a kept connection (Django's CONN_HEALTH_CHECKS) is one quick query:
# it gets a short deadline of its own.
HEALTH_CHECK_SECONDS = 1.0


@contextlib.contextmanager
def request_deadline(seconds: float | None = None):
    """Within this block (a web request), database waits end at the deadline
    (DATABASE_QUERY_TIMEOUT unless given; 0: no deadline and no rest)."""
    if seconds is None:
        seconds = settings.DATABASE_QUERY_TIMEOUT
    token = _deadline.set(seconds if seconds > 0 else None)
    try:
        yield
    finally:
        _deadline.reset(token)


def in_request() -> bool:
    return _deadline.get() is not None


def rest(reason: str) -> None:
    """Leave the database alone for a while (in requests only): it did not answer."""
    base = settings.DATABASE_RETRY_AFTER
    if not in_request() or base <= 0:
        return
    seconds = min(base * 8, max(base, _rest["seconds"] * 2))
    _rest.update(until=time.monotonic() + seconds, seconds=seconds)
    logger.warning("database left alone for %s s (%s)", seconds, reason)


def resting() -> bool:
    return in_request() and time.monotonic() < _rest["until"]


def answered() -> None:
    """The database answered (a connection was made): the next silence rests from one."""
    _rest["seconds"] = 0.0


def forget_failures() -> None:
    _rest.update(until=0.0, seconds=0.0)


class DeadlineConnection(psycopg.Connection):
    """A psycopg connection whose waits, in a web request, end at the request's deadline."""

    def wait(self, gen, interval=0.1, timeout=None):
        limit = _deadline.get()
        ours = limit is not None and (timeout is None or timeout > limit)
        try:
            return super().wait(gen, interval=interval, timeout=limit if ours else timeout)
        except errors._WaitTimeout as error:
            if not ours:
                raise  # a timeout the caller asked for (psycopg's own): theirs to handle
            # Nothing came back: the connection is in an unknown state, close it.
            self.pgconn.finish()
            rest(f"no answer within {limit} s")
            raise psycopg.OperationalError(
                f"the database did not answer within {limit} s"
            ) from error
