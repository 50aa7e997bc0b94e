"""The site served by gunicorn in production settings, and a small client that signs in.

Production cookies are Secure and the site trusts X-Forwarded-Proto from its proxy: the
client speaks plain http to 127.0.0.1 the way the proxy would, saying https, with an https
Referer (Django's CSRF check) and its cookies kept by hand (a cookie jar would keep Secure
cookies away from http).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

from django.conf import settings

from tests.faults.servers import START_TIMEOUT, free_port

ROOT = Path(settings.BASE_DIR)
PY = sys.executable
REQUEST_TIMEOUT = 30
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def production_env(database_url: str, cache_url: str, folder: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "TEST_DATABASE_NAME", "CACHE_URL", "REDIS_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="icnet.settings",
        DEBUG="false",
        SECRET_KEY="faults-test-secret-key-" + "q8Zr" * 12,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        CACHE_URL=cache_url,
        CACHE_KEY_PREFIX="icnet-faults",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT * 5,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class Visitor:
    """One person's view of the site: its cookies, http to the app as the proxy would."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, form: dict | None = None) -> Response:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Referer": self.origin + path,
            "Accept-Language": "it",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            text = raw.read().decode("utf-8", "replace")
            for value in raw.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    if morsel.value:
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
            return Response(raw.status, {k.lower(): v for k, v in raw.headers.items()}, text)
        finally:
            connection.close()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def csrf_token(self, path: str) -> str:
        response = self.get(path)
        found = CSRF_FIELD.search(response.body)
        if response.status != 200 or not found:
            raise RuntimeError(f"no form at {path}: {response.status}")
        return found.group(1)

    def sign_in(self, admin: str, username: str, password: str) -> str:
        """Sign in to the admin; returns a CSRF token good for the session's forms."""
        token = self.csrf_token(f"{admin}login/")
        response = self.request(
            "POST",
            f"{admin}login/?next={admin}",
            {
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": password,
                "next": admin,
            },
        )
        if response.status != 302 or response.headers.get("location") != admin:
            raise RuntimeError(f"sign-in failed: {response.status}")
        return self.csrf_token(admin + "password_change/")


class App:
    """gunicorn serving the site on its own port, stopped by its PID."""

    def __init__(self, env: dict[str, str], log: Path, workers: int = 2):
        self.env, self.log, self.workers = env, log, workers
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        gunicorn = str(Path(PY).with_name("gunicorn"))
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    gunicorn,
                    "icnet.wsgi",
                    f"--bind=127.0.0.1:{self.port}",
                    f"--workers={self.workers}",
                    "--timeout=120",
                    "--preload",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                if Visitor(self.port).get("/healthz").status in (200, 503):
                    return
            time.sleep(0.2)
        raise TimeoutError("gunicorn did not answer")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(START_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


@contextlib.contextmanager
def demo_site(postgres_cluster, folder: Path, **environment: str):
    """The demo site under gunicorn on its own Redis and a new database of the cluster
    (migrated, with the demo content), with these extra environment variables; `app.cluster`
    is the cluster. Everything it started is stopped afterwards."""
    import shutil

    from tests.faults.servers import RedisServer, need

    binary = need(shutil.which("redis-server"), "redis-server", "apt-get install redis-server")
    redis = RedisServer(binary)
    redis.start()
    try:
        postgres_cluster.create_database("icnet")
        env = production_env(postgres_cluster.url("icnet"), redis.url, folder)
        env.update(environment)
        for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"], ["load_demo"]):
            manage(env, *command)
        server = App(env, folder / "gunicorn.log")
        server.start()
        server.cluster = postgres_cluster
        try:
            yield server
        finally:
            server.stop()
    finally:
        redis.stop()
