"""Lighthouse over the public page types, in both languages, as a phone on a slow network.

    make lighthouse            (or: .venv/bin/python -m bench.lighthouse [--write])

Serves the demo in production settings (DEBUG=false, so WhiteNoise serves hashed and
compressed static files; a SQLite database of its own; MAP_TILES_URL empty, so no request
leaves 127.0.0.1) under gunicorn on a free port of 127.0.0.1, runs Lighthouse 12 (npm,
through npx) in headless chromium with its default mobile emulation and throttling, and
prints the four scores of each page as a Markdown table (the full reports are kept in
var/lighthouse/). With --write the table replaces
the Lighthouse section of docs/performance.md (above the `<!-- bench -->` marker).

Needs Node 20 with npx and chromium (CHROME_PATH, default /usr/bin/chromium).
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bench import ROOT, manage, start_gunicorn
from deploy.cluster import free_port

LIGHTHOUSE = os.environ.get("LIGHTHOUSE", "lighthouse@12.8.2")
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))  # each page's scores: the median of RUNS
DOC = ROOT / "docs" / "performance.md"
REPORTS = ROOT / "var" / "lighthouse"  # each page's full report, to see what cost points
START, END = "<!-- lighthouse -->", "<!-- /lighthouse -->"

# The page types, as URL names (reversed in each language, so translated addresses follow).
PAGES = """
from django.urls import reverse
from django.utils import translation
import json
out = []
for code in ("it", "en"):
    with translation.override(code):
        out += [
            ("home", code, reverse("home")),
            ("city list", code, reverse("cities:list")),
            ("city profile", code, reverse("cities:detail", args=["reggio-emilia"])),
            ("meetings", code, reverse("meetings:list")),
            ("a meeting", code, reverse("meetings:detail", args=["2010-09-21-reggio-emilia"])),
            ("documents", code, reverse("documents:list")),
            ("search", code, reverse("search") + "?q=torino"),
        ]
print(json.dumps(out))
"""


def environment(folder: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CACHE_URL", "REDIS_URL", "STATIC_ROOT", "MEDIA_ROOT"}
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="lighthouse-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        MAP_TILES_URL="",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        LOG_LEVEL="ERROR",
    )
    return env


def audit(url: str, report: Path) -> dict[str, int]:
    report.parent.mkdir(parents=True, exist_ok=True)
    # Lighthouse now and then fails to record a trace (NO_NAVSTART): try again, twice.
    for attempt in range(3):
        try:
            return _audit(url, report)
        except subprocess.CalledProcessError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _audit(url: str, report: Path) -> dict[str, int]:
    subprocess.run(
        [
            "npx",
            "--yes",
            LIGHTHOUSE,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox",
        ],
        env={**os.environ, "CHROME_PATH": CHROME},
        check=True,
    )
    result = json.loads(report.read_text())
    return {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}


def table(rows) -> str:
    lines = [
        "| page | language | address | performance | accessibility | best practices | SEO |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, code, path, scores in rows:
        lines.append(
            f"| {name} | {code} | `{path}` | "
            + " | ".join(str(scores[c]) for c in CATEGORIES)
            + " |"
        )
    return "\n".join(lines)


def write(text: str) -> None:
    doc = DOC.read_text()
    if START in doc:
        doc = re.sub(re.escape(START) + ".*?" + re.escape(END), text, doc, flags=re.S)
    else:
        doc = doc.replace("<!-- bench -->", text + "\n\n<!-- bench -->")
    DOC.write_text(doc)


def main() -> int:
    # LIGHTHOUSE_ONLY="a meeting,home": only these page types.
    only = {n.strip() for n in os.environ.get("LIGHTHOUSE_ONLY", "").split(",") if n.strip()}
    with tempfile.TemporaryDirectory(prefix="icnet-lighthouse-") as tmp:
        folder = Path(tmp)
        env = environment(folder)
        manage(env, "migrate", "--no-input")
        manage(env, "collectstatic", "--no-input")
        manage(env, "load_demo", "--index-examples")
        pages = json.loads(manage(env, "shell", "--no-imports", "-c", PAGES).splitlines()[-1])
        port = free_port()
        server = start_gunicorn(env, port, workers=2)
        try:
            rows = []
            for name, code, path in pages:
                if only and name not in only:
                    continue
                url = f"http://127.0.0.1:{port}{path}"
                # Once first, as a visitor before: the page is then in the page cache.
                urllib.request.urlopen(url, timeout=30).read()
                runs = [
                    audit(url, REPORTS / f"{name.replace(' ', '-')}-{code}-{run}.json")
                    for run in range(1, RUNS + 1)
                ]
                scores = {c: sorted(r[c] for r in runs)[len(runs) // 2] for c in CATEGORIES}
                print(name, code, path, scores, flush=True)
                rows.append((name, code, path, scores))
        finally:
            server.terminate()
            server.wait()
    version = subprocess.run(
        ["npx", "--yes", LIGHTHOUSE, "--version"], capture_output=True, text=True
    ).stdout.strip()
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = (
        f"{START}\n## Lighthouse: {when}\n\n"
        f"Lighthouse {version}, mobile (its default emulation and throttling: slow 4G, 4x CPU "
        "slowdown), headless chromium; the demo served by gunicorn with `DEBUG=false` on "
        "127.0.0.1, map tiles off, each page requested once before (so it comes from the "
        f"page cache, as for most visitors). Each score is the median of {RUNS} runs. Machine: "
        f"{os.cpu_count()} cores, shared with other work. Repeat with `make lighthouse` "
        "(`bench/lighthouse.py`; `LIGHTHOUSE_RUNS`, `LIGHTHOUSE_ONLY`).\n\n"
        f"{table(rows)}\n{END}"
    )
    print(text)
    if "--write" in sys.argv:
        write(text)
    low = [(n, c, s) for n, c, _p, s in rows if min(s.values()) < 95]
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
