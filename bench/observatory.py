"""The MDN HTTP Observatory's grade of the site behind TLS (make observatory).

Scans the home page of a running `make cluster` (nginx with a self-signed certificate for
127.0.0.1) with an installed copy of the Observatory (npm `@mdn/mdn-http-observatory`,
installed with --ignore-scripts, named by OBSERVATORY_DIR or found in node_modules), and
prints its grade, score and each test. Exits 1 below A+.

The Observatory scans a host name: it is given `127.0.0.1:PORT`, which it asks for over
https and over plain http (nginx answers plain http on its TLS port with a redirect to
https). It checks certificates itself, so the cluster's certificate is given to Node as an
extra authority; its list of preloaded HSTS hosts and of top-level domains are left empty.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bench import ROOT

PACKAGE = Path("node_modules") / "@mdn" / "mdn-http-observatory"


def observatory_dir() -> Path | None:
    """The installed Observatory: OBSERVATORY_DIR, else the checkout's node_modules."""
    candidates = [os.environ.get("OBSERVATORY_DIR", ""), str(ROOT / PACKAGE)]
    for candidate in candidates:
        if candidate and (Path(candidate) / "src" / "scan.js").is_file():
            return Path(candidate)
    return None


def scan(host: str, certificate: Path, package: Path, timeout: int = 120) -> dict:
    """The Observatory's JSON answer for `host` (e.g. 127.0.0.1:8443)."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is missing")
    conf = package / "conf"
    conf.mkdir(exist_ok=True)
    for name, empty in (("hsts-preload.json", "{}"), ("tld-list.json", "[]")):
        if not (conf / name).exists():
            (conf / name).write_text(empty)
    env = {**os.environ, "NODE_EXTRA_CA_CERTS": str(certificate)}
    env.pop("NODE_TLS_REJECT_UNAUTHORIZED", None)  # the certificate is trusted, not ignored
    result = subprocess.run(
        [node, str(package / "src" / "scan.js"), host],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
    answer = json.loads(result.stdout or "{}")
    if "error" in answer and "scan" not in answer:
        raise RuntimeError(f"the Observatory failed: {answer['error']}")
    return answer


def main() -> int:
    package = observatory_dir()
    if package is None:
        print(
            "The Observatory is not installed: mkdir -p /tmp/obs && (cd /tmp/obs && npm install "
            "--ignore-scripts @mdn/mdn-http-observatory), then "
            "OBSERVATORY_DIR=/tmp/obs/node_modules/@mdn/mdn-http-observatory make observatory"
        )
        return 2
    port = os.environ.get("CLUSTER_HTTPS_PORT", "8443")
    certificate = ROOT / "var" / "cluster" / "tls" / "cert.pem"
    if not certificate.exists():
        print("No cluster certificate: start the site with make cluster first.")
        return 2
    answer = scan(f"127.0.0.1:{port}", certificate, package)
    result = answer["scan"]
    print(f"MDN HTTP Observatory: {result['grade']} ({result['score']}/100)")
    for name, test in answer["tests"].items():
        print(f"  {name:<32} {test['scoreModifier']:>+4}  {test['result']}")
    return 0 if result["grade"] == "A+" else 1


if __name__ == "__main__":
    sys.exit(main())
