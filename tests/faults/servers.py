"""A Redis and a PostgreSQL cluster that a test owns, on free ports, to stop, pause, restart.

Each is found on the machine (redis-server; initdb and pg_ctl from PG_BIN, pg_config or
/usr/lib/postgresql/*/bin). Missing locally: the test is skipped; missing in CI
(CI=true): the test fails, as for the browser tests. Every process started here is stopped
by its PID.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

# Generous: the machine may be busy with other work; none of these is a speed check.
START_TIMEOUT = 60


def need(binary: str | None, what: str, install: str) -> str:
    """The path of `binary`, or skip the test (fail it in CI) when it is missing."""
    if binary and os.path.exists(binary):
        return binary
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing; {install}")
    pytest.skip(f"{what} is not installed ({install})")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing answers on port {port}")


class RedisServer:
    """redis-server on its own port, without persistence: a stop loses its contents, a
    pause (SIGSTOP) keeps them."""

    def __init__(self, binary: str, *args: str):
        self.binary = binary
        self.args = args  # more of redis-server's options, e.g. "--maxmemory", "2mb"
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.paused = False

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                *self.args,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is None:
            return
        if self.paused:
            self.resume()
        self.process.terminate()
        try:
            self.process.wait(START_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def pause(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)
        self.paused = True

    def resume(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)
        self.paused = False

    def keys(self) -> int:
        """How many keys it holds (asked directly, not through the site's cache)."""
        import redis

        return redis.Redis(port=self.port, socket_timeout=START_TIMEOUT).dbsize()


def postgres_bin_dir() -> str | None:
    candidates = [os.environ.get("PG_BIN", "")]
    if pg_config := shutil.which("pg_config"):
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            candidates.append(subprocess.check_output([pg_config, "--bindir"], text=True).strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in candidates:
        if folder and os.path.exists(os.path.join(folder, "initdb")):
            return folder
    return None


class PostgresCluster:
    """A PostgreSQL cluster in a temporary folder, on its own port, trusting local users.

    As root the server runs as the postgres user (it refuses to run as root), so its folder
    is given to that user.
    """

    def __init__(self, bin_dir: str):
        self.bin_dir = bin_dir
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="icnet-faults-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "log"

    def _as_owner(self, *command: str) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *command]
        return list(command)

    def _run(self, *command: str) -> None:
        subprocess.run(
            self._as_owner(*command),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=START_TIMEOUT * 2,
        )

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(
            os.path.join(self.bin_dir, "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
        )

    def _pg_ctl(self, *args: str) -> None:
        self._run(
            os.path.join(self.bin_dir, "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-t",
            str(START_TIMEOUT),
            *args,
        )

    def start(self) -> None:
        self._pg_ctl(
            "-o", f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -F", "-w", "start"
        )

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "stop")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
