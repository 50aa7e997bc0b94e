"""Checks of the parts the site depends on (database, cache, media storage), with a deadline.

Each check runs in its own thread and the answer waits at most DEADLINE seconds for all of
them, so a part that hangs (a paused server, a lost network) is reported "down" quickly.
A check still running from an earlier call is not started again: a hung part never piles
up threads or connections.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connections

DEADLINE = 1.0
OK, DOWN = "ok", "down"

_running: dict[str, threading.Thread] = {}
_lock = threading.Lock()


def check_database() -> None:
    """One query on a connection of its own, closed afterwards."""
    connection = connections["default"]  # this thread's own connection
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET statement_timeout = %s", [int(DEADLINE * 1000)])
            cursor.execute("SELECT 1")
            if cursor.fetchone() != (1,):
                raise RuntimeError("unexpected answer")
    finally:
        connection.close()


def check_cache() -> None:
    """A value written can be read back (a failing Redis answers as an empty cache)."""
    key, token = "healthz", secrets.token_hex(8)
    cache.set(key, token, 30)
    if cache.get(key) != token:
        raise RuntimeError("the cache does not keep values")


def check_storage() -> None:
    """Files can be stored: on a local disk, the media folder (or, before the first upload,
    the folder that will hold it) is writable; elsewhere, the storage can be listed."""
    location = getattr(default_storage, "location", None)
    if location is None:
        default_storage.listdir("")
        return
    folder = Path(location)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # FileSystemStorage creates missing folders on save
    if not (folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)):
        raise RuntimeError(f"{location} cannot be written")


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
}


def run_checks(checks: dict[str, Callable[[], None]] | None = None, deadline: float = DEADLINE):
    """{name: "ok" | "down"} for each check, in at most about `deadline` seconds."""
    checks = CHECKS if checks is None else checks
    results: dict[str, str] = {}
    started: dict[str, threading.Thread] = {}

    def run(name, check):
        try:
            check()
        except Exception:
            results[name] = DOWN
        else:
            results[name] = OK

    with _lock:
        for name, check in checks.items():
            previous = _running.get(name)
            if previous is not None and previous.is_alive():
                continue  # still hanging from an earlier call: down, without a new thread
            thread = threading.Thread(
                target=run, args=(name, check), name=f"healthz-{name}", daemon=True
            )
            _running[name] = started[name] = thread
            thread.start()
    end = time.monotonic() + deadline
    for thread in started.values():
        thread.join(max(0.0, end - time.monotonic()))
    return {name: results.get(name, DOWN) for name in checks}


def overall(parts: dict[str, str]) -> str:
    """ok when every part answers, down when the database does not, degraded otherwise."""
    if parts.get("database") != OK:
        return "down"
    return "ok" if all(state == OK for state in parts.values()) else "degraded"
