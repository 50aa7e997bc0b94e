"""Test settings: the project's settings, on PostgreSQL whenever one answers.

The suite runs on PostgreSQL when DATABASE_URL says so or a server answers on
127.0.0.1:5432, and on SQLite otherwise. On PostgreSQL the test database is named after
the checkout (see checkout_database_name), so that runs from different checkouts sharing
one server never meet; TEST_DATABASE_NAME overrides the name.
"""

import hashlib
import os
import socket
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent


def checkout_database_name(checkout: Path) -> str:
    """The test database of one checkout: the same on every run from it (so that --reuse-db
    finds it again), and another one for every other checkout."""
    digest = hashlib.sha256(str(Path(checkout).resolve()).encode()).hexdigest()[:12]
    return f"test_icnet_{digest}"


def _postgres_answers(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


if not os.environ.get("DATABASE_URL") and _postgres_answers():
    os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/icnet"
os.environ.setdefault("DEBUG", "true")

from icnet.settings import *  # noqa: E402, F403

_default = DATABASES["default"]  # noqa: F405
if "sqlite" not in _default["ENGINE"] and not _default.get("TEST", {}).get("NAME"):
    _default["TEST"] = {"NAME": checkout_database_name(CHECKOUT)}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
PAGE_CACHE_SECONDS = 0
# One client asks for every page of the suite: the limit of renders is tested on its own.
EXPENSIVE_PAGES_LIMIT = 0
DEMO_ACCOUNTS = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
