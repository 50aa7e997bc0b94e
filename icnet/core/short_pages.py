"""The short pages that ask a visitor to come back later (429, 503)."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers


def come_back_later(
    request, template: str, status: int, retry_after: int, fallback: str, **context
) -> HttpResponse:
    """The template as a page with this status and Retry-After, never cached; `fallback`
    (translated plain text) when the page itself cannot be rendered, for it must not fail."""
    try:
        body = render_to_string(template, {"retry_after": retry_after, **context}, request)
        content_type = "text/html; charset=utf-8"
    except Exception:
        body, content_type = fallback, "text/plain; charset=utf-8"
    response = HttpResponse(body, status=status, content_type=content_type)
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response
