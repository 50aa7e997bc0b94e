"""The benchmark: a synthetic network served by gunicorn in production settings, under load.

    make bench                      # 10,000 cities, 20,000 meetings, 20,000 documents
    BENCH_SECONDS=5 BENCH_CITIES=1000 make bench

Steps: prepare a database (PostgreSQL when DATABASE_URL is set, a SQLite file otherwise),
generate the network, weigh the back office's pages as network staff (bench/backoffice.py),
start gunicorn on 127.0.0.1, count the queries and weigh each page type, load each one (and
a static file) for a bounded time with 16 connections, then print the tables and write them
to docs/performance.md. Uses wrk when it is installed, otherwise a small threaded load
generator. Then, where nginx is installed, the city list once more through nginx (TLS) in
front of two gunicorn app servers sharing the database and cache, each with half the
workers (deploy/cluster.py starts them), and the home page there while another client
floods unique search addresses (BENCH_FLOOD_CONNECTIONS, 32 by default).
"""

from __future__ import annotations

import datetime
import gzip
import http.client
import json
import os
import platform
import re
import shutil
import ssl
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench import HOST, PY, ROOT, manage, start_gunicorn
from deploy.cluster import Cluster, free_port, listening, tool

PORT = int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
CITIES = int(os.environ.get("BENCH_CITIES", "10000"))
MEETINGS = int(os.environ.get("BENCH_MEETINGS", "20000"))
DOCUMENTS = int(os.environ.get("BENCH_DOCUMENTS", "20000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str((os.cpu_count() or 2) * 2 + 1)))

WARM_UP_SECONDS = 3
TARGET_RATIO = 0.4
# Six for the page and one read of the content generation (icnet.core.cache).
TARGET_QUERIES = 7
TARGET_P99_MS = 100.0
TARGET_MAP_KB = 200
# The back office, as staff: each page at most this heavy and this many queries.
TARGET_ADMIN_KB = 200
TARGET_ADMIN_QUERIES = 15
# Every load asks for compressed responses, as browsers do.
ACCEPT_ENCODING = "gzip"
# Responses that are data rather than pages: held to the p99 and query targets, not the
# ratio to the static file.
DATA = ("city map data", "GeoJSON", "sitemap")


def production_env() -> dict[str, str]:
    env = dict(os.environ)
    var = ROOT / "var"
    env.update(
        DJANGO_SETTINGS_MODULE="icnet.settings",
        DEBUG="false",
        SECRET_KEY=env.get("SECRET_KEY", "benchmark-only-secret-key-" + "x7Qm" * 10),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(var / "bench-static"),
        MEDIA_ROOT=str(var / "bench-media"),
        AXES_ENABLED="false",
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{var / 'bench.sqlite3'}")
    if "CACHE_URL" not in env and listening(6379):
        env["CACHE_URL"] = "redis://127.0.0.1:6379/15"
        env["CACHE_KEY_PREFIX"] = "icnet-bench"
    return env


def prepare(env) -> None:
    print(f"Database: {env['DATABASE_URL'].split('@')[-1]}")
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    manage(env, "load_demo")
    counts = json.loads(manage(env, "shell", "-c", COUNT_SNIPPET).strip().splitlines()[-1])
    if counts != [CITIES, MEETINGS, DOCUMENTS]:
        subprocess.run(
            [
                PY,
                "manage.py",
                "generate_network",
                "--replace",
                f"--cities={CITIES}",
                f"--meetings={MEETINGS}",
                f"--documents={DOCUMENTS}",
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
    manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")


COUNT_SNIPPET = (
    "import json; from cities.models import City; from meetings.models import Meeting; "
    "from documents.models import Document; "
    "print(json.dumps([City.objects.filter(slug__startswith='synthetic-').count(), "
    "Meeting.objects.filter(slug__startswith='synthetic-').count(), "
    "Document.objects.filter(slug__startswith='synthetic-').count()]))"
)

# What each page type is, found in the data once gunicorn runs.
PAGES_SNIPPET = """
import json
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from cities.models import City
from meetings.models import Meeting
from documents.models import Document
city = City.objects.published().filter(slug__startswith='synthetic-').order_by('pk')[CITIES // 2]
meeting = Meeting.objects.published().filter(slug__startswith='synthetic-').order_by('pk')[MEETINGS // 2]
document = Document.objects.published().filter(slug__startswith='synthetic-').order_by('pk')[DOCUMENTS // 2]
translation.activate("it")
print(json.dumps({
    "static file": static("icnet/site.css"),
    "home": "/it/",
    "city list with map": reverse("cities:list"),
    "city map data": reverse("cities:map-data"),
    "city profile": city.get_absolute_url(),
    "meetings list": reverse("meetings:list"),
    "meeting detail": meeting.get_absolute_url(),
    "documents list": reverse("documents:list"),
    "document detail": document.get_absolute_url(),
    "search": reverse("search") + "?q=mediazione",
    "GeoJSON": "/api/cities.geojson",
    "sitemap": "/sitemap.xml",
}))
"""

QUERIES_SNIPPET = """
import json
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
paths = json.loads(PATHS)
out = {}
with override_settings(PAGE_CACHE_SECONDS=0, ALLOWED_HOSTS=['testserver']):
    client = Client()
    for name, path in paths.items():
        if name == "static file":
            continue
        cache.clear()  # cold: nothing remembered from the page before
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        out[name] = [len(ctx.captured_queries), response.status_code]
print(json.dumps(out))
"""


def page_paths(env) -> dict[str, str]:
    snippet = (
        PAGES_SNIPPET.replace("CITIES", str(CITIES))
        .replace("MEETINGS", str(MEETINGS))
        .replace("DOCUMENTS", str(DOCUMENTS))
    )
    return json.loads(manage(env, "shell", "-c", snippet).strip().splitlines()[-1])


def query_counts(env, paths) -> dict[str, list[int]]:
    snippet = QUERIES_SNIPPET.replace("PATHS", repr(json.dumps(paths)))
    return json.loads(manage(env, "shell", "-c", snippet).strip().splitlines()[-1])


def backoffice(env) -> dict[str, dict]:
    snippet = "from bench.backoffice import main; main()"
    return json.loads(manage(env, "shell", "-c", snippet).strip().splitlines()[-1])


def weigh(path: str) -> tuple[int, int, int, float]:
    """(status, bytes, gzipped bytes, milliseconds) of one response."""
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Accept-Encoding": "identity"})
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    return response.status, len(body), len(gzip.compress(body, 6)), elapsed


def _connection(base: str, context: ssl.SSLContext | None) -> http.client.HTTPConnection:
    scheme, _, address = base.partition("://")
    host, _, port = address.partition(":")
    if scheme == "https":
        return http.client.HTTPSConnection(host, int(port), timeout=30, context=context)
    return http.client.HTTPConnection(host, int(port), timeout=30)


def load_with_wrk(path: str, seconds: int = SECONDS, base: str = "", context=None) -> dict:
    base = base or f"http://{HOST}:{PORT}"
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            # As browsers ask; the static file is served compressed too.
            "-H",
            f"Accept-Encoding: {ACCEPT_ENCODING}",
            f"-d{seconds}s",
            "--latency",
            f"{base}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def percentile(p):
        match = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rate": rate,
        "p50": percentile(50),
        "p99": percentile(99),
        "errors": int(errors.group(1)) if errors else 0,
    }


def load_with_threads(path: str, seconds: int = SECONDS, base: str = "", context=None) -> dict:
    """A plain load generator for machines without wrk (less precise: it shares the CPU)."""
    base = base or f"http://{HOST}:{PORT}"
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker():
        nonlocal errors
        connection = _connection(base, context)
        while time.monotonic() < stop:
            started = time.perf_counter()
            connection.request("GET", path, headers={"Accept-Encoding": ACCEPT_ENCODING})
            response = connection.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if response.status >= 400:
                    errors += 1
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "rate": len(latencies) / seconds,
        "p50": statistics.median(latencies),
        "p99": latencies[int(len(latencies) * 0.99) - 1],
        "errors": errors,
    }


# Notes, in the page's own clock (milliseconds from the start of its navigation), when a
# map is first drawn: reported ready with a marker or a cluster on it.
MAP_DRAWN_SCRIPT = """
new MutationObserver(function (changes, observer) {
  if (document.querySelector("[data-map-ready] .marker-cluster, [data-map-ready] .leaflet-marker-icon")) {
    document.documentElement.dataset.mapDrawnAt = String(performance.now());
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true, attributes: true});
"""


def map_ready_ms(path: str, home: str = "/it/") -> float | None:
    """Milliseconds from navigation to the map drawn (markers or clusters, and the map
    reported ready) in headless chromium, measured by the page's own clock for a returning
    visitor who comes from the home page; tiles unreachable. The median of five visits;
    None when no browser is available."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(chromium):
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    url = f"http://{HOST}:{PORT}{path}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                # Tiles and every other host are unreachable; blocking them with page.route
                # instead would turn the browser's cache off.
                f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {HOST}",
            ],
        )
        page = browser.new_page()
        page.add_init_script(MAP_DRAWN_SCRIPT)
        page.goto(url)  # warm the browser's own caches once, as a returning visitor
        page.wait_for_selector("html[data-map-drawn-at]", timeout=30000)
        timings = []
        for _ in range(5):
            page.goto(f"http://{HOST}:{PORT}{home}")
            page.goto(url, wait_until="commit")
            page.wait_for_selector("html[data-map-drawn-at]", timeout=30000)
            timings.append(float(page.get_attribute("html", "data-map-drawn-at")))
        browser.close()
    return statistics.median(timings)


NGINX_ROW = "city list via nginx, 2 app servers"
FLOOD_ROW = "cached pages during a search flood"
# The flood: one client asking for a new search address on each request, through nginx.
FLOOD_CONNECTIONS = int(os.environ.get("BENCH_FLOOD_CONNECTIONS", "32"))
FLOOD_SCRIPT = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/it/cerca/?q=flood" .. math.random(1, 1000000000) .. "x" .. counter)
end
"""


def flood_with_wrk(base: str, seconds: int, script: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            # One thread: the flood's own client takes at most one core of this machine
            # (an attacker's client runs on theirs).
            "wrk",
            "-t1",
            f"-c{FLOOD_CONNECTIONS}",
            f"-d{seconds}s",
            "-s",
            str(script),
            f"{base}/it/cerca/",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def flood_with_threads(base: str, seconds: int, context, counts: dict) -> list[threading.Thread]:
    """Unique search addresses from FLOOD_CONNECTIONS threads, for a bounded time."""
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def worker(number: int):
        connection = _connection(base, context)
        n = 0
        while time.monotonic() < stop:
            n += 1
            connection.request("GET", f"/it/cerca/?q=flood{number}x{n}")
            response = connection.getresponse()
            response.read()
            with lock:
                counts[response.status] = counts.get(response.status, 0) + 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = _connection(base, context)
        connection.close()

    threads = [
        threading.Thread(target=worker, args=(n,), daemon=True) for n in range(FLOOD_CONNECTIONS)
    ]
    for thread in threads:
        thread.start()
    return threads


def flood_row(cluster: Cluster, path: str, loader, context, queries: int) -> dict:
    """Another client's cached pages (the home page) while one client floods unique search
    addresses at FLOOD_CONNECTIONS connections, both through nginx."""
    loader(path, seconds=WARM_UP_SECONDS, base=cluster.url, context=context)
    seconds = SECONDS + 2  # the flood runs before, during and after the measure
    counts: dict[int, int] = {}
    script = cluster.run_dir / "flood.lua"
    script.write_text(FLOOD_SCRIPT)
    if loader is load_with_wrk:
        flood = flood_with_wrk(cluster.url, seconds, script)
        threads = []
    else:
        flood = None
        threads = flood_with_threads(cluster.url, seconds, context, counts)
    time.sleep(1)
    try:
        result = loader(path, base=cluster.url, context=context)
    finally:
        if flood is not None:
            out, _ = flood.communicate(timeout=seconds + 60)
            total = re.search(r"(\d+) requests in", out or "")
            refused = re.search(r"Non-2xx or 3xx responses: (\d+)", out or "")
            counts = {"all": int(total.group(1)) if total else 0}
            counts["refused"] = int(refused.group(1)) if refused else 0
        for thread in threads:
            thread.join(timeout=seconds + 60)
    if "all" not in counts:
        counts = {"all": sum(counts.values()), "refused": counts.get(429, 0)}
    print(
        f"  {FLOOD_ROW:<20} {result['rate']:>8.0f} req/s  p99 {result['p99']:.1f} ms "
        f"(flood: {counts['all']} searches, {counts['refused']} refused)"
    )
    response = _connection(cluster.url, context)
    response.request("GET", path, headers={"Accept-Encoding": "identity"})
    answer = response.getresponse()
    body = answer.read()
    response.close()
    return {
        "name": FLOOD_ROW,
        "path": path,
        "status": answer.status,
        "bytes": len(body),
        "gzip": len(gzip.compress(body, 6)),
        "uncached": None,
        "queries": queries,
        "flood": counts,
        **result,
    }


def nginx_rows(env, path: str, loader, queries: dict) -> list[dict]:
    """The city list through nginx (TLS) in front of two app servers, each with half the
    workers, then the home page during a flood of unique searches; none when nginx is not
    installed."""
    if tool("nginx") is None:
        print("  nginx is missing: the rows through nginx are left out (apt-get install nginx)")
        return []
    # Behind nginx, as in production: the client is the address nginx names.
    env = {**env, "BEHIND_TRUSTED_PROXY": "true"}
    cluster = Cluster(
        run_dir=ROOT / "var" / "bench-cluster",
        database_url=env["DATABASE_URL"],
        cache_url=env.get("CACHE_URL", ""),
        environment=env,
        https_port=free_port(),
        http_port=free_port(),
        app_ports=(free_port(), free_port()),
        workers=max(1, WORKERS // 2),
    )
    try:
        for index in range(len(cluster.app_ports)):
            cluster.start_app(index)
        cluster.start_nginx()
        context = cluster.tls_context()
        connection = _connection(cluster.url, context)
        connection.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        loader("/it/", seconds=WARM_UP_SECONDS, base=cluster.url, context=context)
        result = loader(path, base=cluster.url, context=context)
        print(f"  {NGINX_ROW:<20} {result['rate']:>8.0f} req/s  p99 {result['p99']:.1f} ms")
        rows = [
            {
                "name": NGINX_ROW,
                "path": path,
                "status": response.status,
                "bytes": len(body),
                "gzip": len(gzip.compress(body, 6)),
                "uncached": None,
                "queries": queries["city list with map"],
                **result,
            }
        ]
        rows.append(flood_row(cluster, "/it/", loader, context, queries["home"]))
    finally:
        cluster.stop()
    return rows


def machine() -> str:
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    cpu = platform.processor() or platform.machine()
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}"


def main() -> int:
    env = production_env()
    prepare(env)
    paths = page_paths(env)
    queries = query_counts(env, paths)
    admin = backoffice(env)
    loader = load_with_wrk if shutil.which("wrk") else load_with_threads
    server = start_gunicorn(env, PORT, WORKERS)
    # Every worker up and answering before anything is measured.
    loader(paths["home"], seconds=WARM_UP_SECONDS)
    rows = []
    try:
        for name, path in paths.items():
            # The first request renders the page (it is not in the page cache yet).
            status, size, gz, uncached = weigh(path)
            result = loader(path)
            rows.append(
                {
                    "name": name,
                    "path": path,
                    "status": status,
                    "bytes": size,
                    "gzip": gz,
                    "uncached": uncached,
                    "queries": queries.get(name, [0])[0],
                    **result,
                }
            )
            print(f"  {name:<20} {result['rate']:>8.0f} req/s  p99 {result['p99']:.1f} ms")
        map_ms = map_ready_ms(paths["city list with map"])
    finally:
        server.terminate()
        server.wait(timeout=30)
    # The single server is stopped first: the two app servers get the whole machine.
    city_list = next(r for r in rows if r["name"] == "city list with map")
    counted = {r["name"]: r["queries"] for r in rows}
    rows += nginx_rows(env, city_list["path"], loader, counted)
    static_rate = next(r["rate"] for r in rows if r["name"] == "static file")
    report = render(rows, static_rate, env, loader.__name__, map_ms, admin)
    print(report)
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    performance = docs / "performance.md"
    text = performance.read_text() if performance.exists() else ""
    marker = "<!-- bench -->"
    head = text.split(marker)[0] if marker in text else text
    performance.write_text(head.rstrip() + f"\n\n{marker}\n" + report)
    failed = [r for r in rows if r["status"] != 200 or r["errors"]]
    failed += [page for page in admin.values() if page["status"] != 200]
    return 1 if failed else 0


def render(rows, static_rate, env, loader, map_ms, admin) -> str:
    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    cache = "Redis" if env.get("CACHE_URL", "").startswith("redis") else "local memory"
    lines = [
        f"## Last run: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}. Python {platform.python_version()}, gunicorn with {WORKERS} "
        f"workers on {HOST}, {engine}, {cache} cache. Network: {CITIES} cities, {MEETINGS} "
        f"meetings, {DOCUMENTS} documents. Load: {CONNECTIONS} connections for {SECONDS} s "
        f"per page ({'wrk' if loader == 'load_with_wrk' else 'threaded Python client'}). "
        + (
            f"The {NGINX_ROW} row: nginx with TLS in front of two gunicorn servers, "
            f"each with half the workers ({max(1, WORKERS // 2)})."
            if any(r["name"] == NGINX_ROW for r in rows)
            else "nginx is missing: no row through nginx."
        )
        + "".join(
            f" The {FLOOD_ROW} row: the home page, asked by one client through nginx while "
            f"another asks for a new search address on each request at {FLOOD_CONNECTIONS} "
            f"connections ({r['flood']['all']} searches, {r['flood']['refused']} refused "
            "by nginx's limits, 429 or 503)."
            for r in rows
            if r["name"] == FLOOD_ROW
        ),
        "",
        "| page | req/s | p50 ms | p99 ms | uncached ms | queries | weight KB | gzip KB "
        "| ratio to static |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ratio = r["rate"] / static_rate if static_rate else 0
        lines.append(
            f"| {r['name']} | {r['rate']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
            f"{'-' if r['uncached'] is None else format(r['uncached'], '.0f')} | "
            f"{r['queries']} | {r['bytes'] / 1024:.1f} | {r['gzip'] / 1024:.1f} | {ratio:.2f} |"
        )
    pages = [r for r in rows if r["name"] != "static file"]
    # Through nginx the page pays for TLS and a second hop: not compared with the static
    # file served by gunicorn directly.
    html = [r for r in pages if r["name"] not in DATA and r["name"] not in (NGINX_ROW, FLOOD_ROW)]
    checks = [
        (
            f"every HTML page ≥ {TARGET_RATIO}x the static file's rate",
            all(r["rate"] >= TARGET_RATIO * static_rate for r in html),
        ),
        (
            f"at most {TARGET_QUERIES} queries per page",
            all(r["queries"] <= TARGET_QUERIES for r in pages),
        ),
        (f"p99 under {TARGET_P99_MS:.0f} ms", all(r["p99"] < TARGET_P99_MS for r in rows)),
        (
            f"{FLOOD_ROW}: p99 at most {TARGET_P99_MS:.0f} ms and no error",
            all(
                r["p99"] <= TARGET_P99_MS and not r["errors"]
                for r in rows
                if r["name"] == FLOOD_ROW
            ),
        ),
        (
            f"the city list and its map data at most {TARGET_MAP_KB} KB gzipped together",
            sum(r["gzip"] for r in rows if r["name"] in ("city list with map", "city map data"))
            <= TARGET_MAP_KB * 1024,
        ),
    ]
    checks.append(
        (
            "city map drawn within 1 s in headless chromium"
            + (f" ({map_ms:.0f} ms)" if map_ms is not None else " (no browser: not measured)"),
            map_ms is not None and map_ms <= 1000,
        )
    )
    checks.append(
        (
            f"back office: every page at most {TARGET_ADMIN_QUERIES} queries and "
            f"{TARGET_ADMIN_KB} KB",
            all(
                p["queries"] <= TARGET_ADMIN_QUERIES and p["bytes"] <= TARGET_ADMIN_KB * 1024
                for p in admin.values()
            ),
        )
    )
    lines += [
        "",
        "Back office, as network staff (in-process, Italian, the median of three requests):",
        "",
        "| admin page | queries | ms | weight KB | gzip KB |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, page in admin.items():
        lines.append(
            f"| {name} | {page['queries']} | {page['ms']:.0f} | {page['bytes'] / 1024:.1f} | "
            f"{page['gzip'] / 1024:.1f} |"
        )
    lines += ["", "| target | met |", "|---|---|"]
    lines += [f"| {label} | {'yes' if ok else '**no**'} |" for label, ok in checks]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
