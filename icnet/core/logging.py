"""Refusals in the log as one warning line each; tracebacks only for real errors.

Django logs every 403 and 400 with the traceback of the exception that refused the request
(PermissionDenied, BadRequest, SuspiciousOperation and its DisallowedHost, ...). Those are
the site working as meant, so a scan of a few hundred requests would bury the real errors
(500s) under tracebacks. Wired to the handlers in settings.LOGGING.
"""

from __future__ import annotations

import logging

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.http.multipartparser import MultiPartParserError

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
