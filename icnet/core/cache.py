"""The content generation: one number that every change of public content replaces.

Cached pages (icnet.core.page_cache) and cached values (remember) are stored under the
generation as the key's version, so a change makes all of them stale at once, on every app
server, without listing or deleting keys.

The generation lives in the database (icnet.core.models.ContentGeneration), written in the
same transaction as the change that moves it on: an edit saved while the cache is away
still makes every page stale, even when the cache comes back with its old contents (paused
or cut off rather than restarted), and a rolled-back edit moves nothing. Each new value is
random, so no value ever comes back (after a restore, or when the row is recreated).

It is read once per request, a primary-key lookup, and kept for the rest of the request.
Each committed value is also copied into the shared cache: when the database does not
answer, that copy (or the last value this process saw, when the cache is away too) lets
the pages already cached be served.
"""

from __future__ import annotations

import secrets
import time

from asgiref.local import Local
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from icnet.core.models import ContentGeneration

GENERATION_KEY = "content-generation"
# The copy in the cache expires, as everything there does (an evicting Redis may drop it
# anyway); each process writes it again when it is half this old.
GENERATION_COPY_SECONDS = 24 * 60 * 60
CONTENT_APPS = {"icnet", "cities", "meetings", "documents", "index"}

# The generation read in the current request (None outside requests: always read).
_request = Local()
_last_seen: list[int] = []
_published_at: list[float] = [0.0]


def _new_value() -> int:
    return secrets.randbits(48)


def _read() -> int:
    value = ContentGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
    if value is None:
        # First use, or the table was emptied (a flushed test database): start afresh.
        row, _created = ContentGeneration.objects.get_or_create(
            pk=1, defaults={"value": _new_value()}
        )
        value = row.value
    return value


def content_generation() -> int | None:
    """The current generation; None only when neither the database nor the cache knows it."""
    value = getattr(_request, "generation", None)
    if value is not None:
        return value
    try:
        value = _read()
    except DatabaseError:
        if connection.in_atomic_block:
            raise  # the transaction is broken: let the request fail as a whole
        # The newest value any process saw, else the newest this process saw.
        value = cache.get(GENERATION_KEY)
        if value is None and _last_seen:
            value = _last_seen[0]
        if value is None:
            return None
    else:
        stale = time.monotonic() - _published_at[0] > GENERATION_COPY_SECONDS / 2
        if not _last_seen or _last_seen[0] != value or stale:
            _publish(value)
    if getattr(_request, "active", False):
        _request.generation = value
    return value


def bump_generation(**kwargs) -> None:
    """Make every cached page stale (called for each change of public content)."""
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed: one bump after the change is enough
    sender = kwargs.get("sender")
    model = getattr(sender, "_meta", None)
    if model is not None and model.app_label not in CONTENT_APPS:
        # m2m_changed's sender is the through model: look at the instance instead.
        instance = kwargs.get("instance")
        if instance is None or instance._meta.app_label not in CONTENT_APPS:
            return
    value = _new_value()
    if not ContentGeneration.objects.filter(pk=1).update(value=value):
        ContentGeneration.objects.update_or_create(pk=1, defaults={"value": value})
    transaction.on_commit(lambda: _publish(value))
    # The rest of this request reads the new value (its own, until the transaction ends).
    _request.generation = None


def _publish(value: int) -> None:
    """Keep a copy of a committed generation, for when the database does not answer."""
    _last_seen[:] = [value]
    _published_at[0] = time.monotonic()
    cache.set(GENERATION_KEY, value, timeout=GENERATION_COPY_SECONDS)


def _request_started(**kwargs) -> None:
    _request.active = True
    _request.generation = None


def _request_finished(**kwargs) -> None:
    _request.active = False
    _request.generation = None


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(bump_generation, dispatch_uid=f"icnet-page-cache-{signal!r}")
    request_started.connect(_request_started, dispatch_uid="icnet-generation-start")
    request_finished.connect(_request_finished, dispatch_uid="icnet-generation-finish")


def remember(name: str, compute, timeout: int = 3600):
    """The value `compute()` returns, computed once per content generation (e.g. the
    footer's links) and shared by every app server."""
    generation = content_generation()
    if generation is None:
        return compute()
    return cache.get_or_set(f"value:{name}", compute, timeout, version=generation)
