"""The content generation: one number that every change of public content moves on.

Every save or deletion of a model of the site bumps the "content generation" kept in the
shared cache. Cached pages (icnet.core.page_cache) and cached values (remember) are stored
under it as the key's version, so a change makes all of them stale at once, on every app
server, without listing or deleting keys.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

GENERATION_KEY = "content-generation"
CONTENT_APPS = {"icnet", "cities", "meetings", "documents", "index"}


def content_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A random start: after the shared cache is emptied, no process can mistake the
        # pages it still holds for pages of the new generation.
        cache.add(GENERATION_KEY, secrets.randbits(48), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_generation(**kwargs) -> None:
    """Make every cached page stale (called for each change of public content)."""
    sender = kwargs.get("sender")
    model = getattr(sender, "_meta", None)
    if model is not None and model.app_label not in CONTENT_APPS:
        # m2m_changed's sender is the through model: look at the instance instead.
        instance = kwargs.get("instance")
        if instance is None or instance._meta.app_label not in CONTENT_APPS:
            return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, secrets.randbits(48), timeout=None)


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(bump_generation, dispatch_uid=f"icnet-page-cache-{signal!r}")


def remember(name: str, compute, timeout: int = 3600):
    """The value `compute()` returns, computed once per content generation (e.g. the
    footer's links) and shared by every app server."""
    return cache.get_or_set(f"value:{name}", compute, timeout, version=content_generation())
