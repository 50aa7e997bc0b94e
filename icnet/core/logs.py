"""Log lines for production: one line per event, each with the id of its request.

Refusals (403, 400 and the like) are the site working as meant: Django logs them with the
traceback of the exception that refused the request, so a scan of a few hundred requests
would bury the real errors (500s) under tracebacks. RefusalFilter makes each one a warning
line without traceback.
"""

from __future__ import annotations

import logging
import re
import uuid

from asgiref.local import Local
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.http.multipartparser import MultiPartParserError

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


REFUSALS = (PermissionDenied, SuspiciousOperation, BadRequest, MultiPartParserError, Http404)


def is_refusal(record: logging.LogRecord) -> bool:
    """A request refused on purpose: a 4xx answer, a refusing exception or a security note."""
    exception = record.exc_info[1] if record.exc_info else None
    if exception is not None:
        return isinstance(exception, REFUSALS)
    if record.name.startswith("django.security."):
        return True
    status = getattr(record, "status_code", None)
    return record.name == "django.request" and isinstance(status, int) and status < 500


class RefusalFilter(logging.Filter):
    """Turn a refusal into one warning line without traceback; leave everything else be.

    The line is made of the formatted message with line breaks escaped, so a crafted path
    cannot forge further log lines either.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if is_refusal(record):
            message = record.getMessage().replace("\r", "\\r").replace("\n", "\\n")
            record.msg, record.args = message, None
            record.exc_info = record.exc_text = record.stack_info = None
            record.levelno, record.levelname = (
                logging.WARNING,
                logging.getLevelName(logging.WARNING),
            )
        return True
