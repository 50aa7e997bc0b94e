"""What the benchmarks share: manage.py and gunicorn in a given environment."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
HOST = "127.0.0.1"


def manage(env, *args) -> str:
    """manage.py with these arguments in this environment; its standard output."""
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def start_gunicorn(env, port: int, workers: int) -> subprocess.Popen:
    """gunicorn serving the site on 127.0.0.1:port, once /healthz answers."""
    process = subprocess.Popen(
        [
            str(Path(PY).with_name("gunicorn")),
            "icnet.wsgi",
            f"--bind={HOST}:{port}",
            f"--workers={workers}",
            "--log-level=warning",
            # The application is loaded once, before the workers are forked, as in production.
            "--preload",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("gunicorn did not start")
