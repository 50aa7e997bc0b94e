"""Log lines for production: one line per event, each with the id of its request."""

from __future__ import annotations

import logging
import re
import uuid

from asgiref.local import Local

_current = Local()
# An id the client or the proxy sent (X-Request-ID) is kept when it looks like one.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:@/+=-]{1,128}$")


def new_request_id(sent: str | None) -> str:
    """The id of a request: the one sent in X-Request-ID when it is sane, else a new one."""
    if sent and REQUEST_ID.match(sent):
        return sent
    return uuid.uuid4().hex


def set_request_id(value: str | None) -> None:
    _current.request_id = value


def current_request_id() -> str | None:
    return getattr(_current, "request_id", None)


class RequestIdFilter(logging.Filter):
    """Give every record the id of the request being served ("-" outside requests)."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id() or "-"
        return True


class SkipServiceUnavailable(logging.Filter):
    """Leave out records of requests answered 503 (a database outage is not a bug to mail)."""

    def filter(self, record):
        return getattr(record, "status_code", None) != 503


class OneLineFormatter(logging.Formatter):
    """The usual format, with the line breaks of messages and tracebacks written as \\n,
    so that each event is one line for whatever collects standard output."""

    def format(self, record):
        return super().format(record).replace("\r", "").replace("\n", "\\n")
