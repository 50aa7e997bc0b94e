"""Django's PostgreSQL backend, with a deadline on each wait in a web request and a short
rest after a failure (icnet.core.database)."""

from __future__ import annotations

import psycopg
from django.db.backends.postgresql import base

from icnet.core.database import DeadlineConnection, rest, resting


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
        # The same connection, whose waits know the request's deadline.
        connection.__class__ = DeadlineConnection
        return connection
