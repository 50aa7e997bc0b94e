"""The production settings as a new process loads them, for the tests of what they set."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings


def production_settings(expression: str, *, prelude: str = "", **environment: str):
    """The value of a JSON-able expression over the production settings (named `s`), read
    in a new process with these environment variables; `prelude` runs before it."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "icnet.settings", **environment}
    for name in ("TEST_DATABASE_NAME", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    code = "; ".join(
        part
        for part in (
            "import json, django",
            "django.setup()",
            "from django.conf import settings as s",
            prelude,
            f"print(json.dumps({expression}, default=str))",
        )
        if part
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])
