"""Site-wide middleware: request ids, headers Django has no setting for, database and file
store outages, and the addresses of the first releases."""

from __future__ import annotations

import errno
import logging

from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as StoreConnectionError
from django.conf import settings
from django.core.signals import request_finished
from django.db import InterfaceError, OperationalError, connection
from django.db.transaction import TransactionManagementError
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext, override

from icnet.core.database import request_deadline
from icnet.core.logs import new_request_id, set_request_id
from icnet.core.short_pages import come_back_later

logger = logging.getLogger("icnet.database")
storage_logger = logging.getLogger("icnet.storage")

# How long a client should wait before trying again after a 503.
RETRY_AFTER_SECONDS = 30


class RequestIdMiddleware:
    """Give each request an id (the X-Request-ID it came with, or a new one): every log
    line of the request carries it, and so does the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = new_request_id(request.headers.get("X-Request-ID"))
        # Kept until the request is finished: Django logs a refused or failed request after
        # the middleware has returned.
        set_request_id(request.id)
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        return response


class DatabaseDeadlineMiddleware:
    """Within a request, each wait on the database ends at DATABASE_QUERY_TIMEOUT, and a
    process that just found the database down leaves it alone for DATABASE_RETRY_AFTER
    (icnet.core.database)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_deadline():
            return self.get_response(request)


def _forget_request_id(**kwargs) -> None:
    set_request_id(None)


request_finished.connect(_forget_request_id, dispatch_uid="icnet-request-id")


# The language whose path segments every address used before each language had its own
# (/it/cities/genova/ is now /it/citta/genova/).
OLD_ADDRESS_LANGUAGE = "en"


def current_address(path: str) -> str | None:
    """The address that replaced this old one (same page, same language prefix), or None.

    An old address is a path under another language's prefix that reads as a page in
    OLD_ADDRESS_LANGUAGE's segments; the page it names is reversed in the prefix's language.
    """
    code, _slash, rest = path.lstrip("/").partition("/")
    if code == OLD_ADDRESS_LANGUAGE or code not in dict(settings.LANGUAGES):
        return None
    candidates = [f"/{OLD_ADDRESS_LANGUAGE}/{rest}"]
    if not rest.endswith("/"):
        candidates.append(candidates[0] + "/")
    for old in candidates:
        with override(OLD_ADDRESS_LANGUAGE):
            try:
                match = resolve(old)
            except Resolver404:
                continue
        with override(code):
            try:
                new = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
                # Only to an address that is served as it is: never a chain, never a loop.
                resolve(new)
            except (NoReverseMatch, Resolver404):
                return None
        return new if new != path else None
    return None


class OldAddressRedirectMiddleware:
    """301 from an address of the first releases (/it/cities/genova/?x=1) to the same page's
    address in its language (/it/citta/genova/?x=1). Only addresses that find no page are
    looked at, so every current address is served as it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        new = current_address(request.path_info)
        if new is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{new}?{query}" if query else new)


class PermissionsPolicyMiddleware:
    """Add the Permissions-Policy header to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class AdminInlineStyleMiddleware:
    """Allow inline styles in the back office only: Django's admin templates, the editor and
    the map widgets write style attributes, which public pages never do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(f"/{settings.ADMIN_PATH}"):
            update = dict(getattr(response, "_csp_update", None) or {})
            update["style-src"] = [*update.get("style-src", []), "'unsafe-inline'"]
            response._csp_update = update
        return response


def is_database_outage(error: BaseException | None) -> bool:
    """Whether an exception means the database cannot be reached (rather than a bug)."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        if isinstance(error, TransactionManagementError) and connection.errors_occurred:
            # A query after a failed one in the same transaction: the failure was the
            # connection's (errors_occurred is not set for integrity or data errors).
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


# A disk that cannot take a file: full, over quota, read-only, failing.
STORAGE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO}


def is_storage_outage(error: BaseException | None) -> bool:
    """Whether an exception means the file store cannot take or give a file: the bucket's
    server does not answer, or answers that it is failing (5xx), or the disk is full."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, (StoreConnectionError, HTTPClientError)):
            return True
        if isinstance(error, ClientError):
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            return status >= 500
        if isinstance(error, OSError) and error.errno in STORAGE_ERRNOS:
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def service_unavailable(request, error: BaseException, part: str = "database") -> HttpResponse:
    """The short "temporarily unavailable" page, 503, with Retry-After; never cached.
    Logged as one warning line naming the part and the cause (instead of Django's error
    line)."""
    message = str(error).strip().splitlines()
    (storage_logger if part == "storage" else logger).warning(
        "%s unavailable (%s: %s): %s %s answered 503",
        part,
        type(error).__name__,
        message[0] if message else "",
        request.method,
        request.path,
    )
    response = come_back_later(
        request,
        "503.html",
        503,
        RETRY_AFTER_SECONDS,
        gettext("The site is temporarily unavailable. Please try again in a minute."),
        storage=part == "storage",
    )
    response._has_been_logged = True  # by the warning above
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 with a short translated page when a view finds the database, or the file
    store, down.

    An edit that met the outage was rolled back with its transaction (the admin saves in an
    atomic block), so its author sees this page, never a success. One warning line is logged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            return service_unavailable(request, exception)
        if is_storage_outage(exception):
            return service_unavailable(request, exception, part="storage")
        return None
