"""Django's PostgreSQL backend, with a deadline on each wait in a web request and a short
rest after a failure (icnet.core.database)."""

from __future__ import annotations

import psycopg
from django.db.backends.postgresql import base

from icnet.core.database import (
    HEALTH_CHECK_SECONDS,
    DeadlineConnection,
    answered,
    request_deadline,
    rest,
    resting,
)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        if resting():
            raise psycopg.OperationalError("the database failed a moment ago: not tried again yet")
        try:
            connection = super().get_new_connection(conn_params)
        except psycopg.errors.ConnectionTimeout:
            # No answer (a refusal is quick, and is tried again at the next request).
            rest("no answer to the connection")
            raise
        answered()
        # The same connection, whose waits know the request's deadline.
        connection.__class__ = DeadlineConnection
        return connection

    def is_usable(self):
        # The health check of a kept connection (at the start and end of each request,
        # and before its first query) waits a second at most.
        with request_deadline(HEALTH_CHECK_SECONDS):
            return super().is_usable()
