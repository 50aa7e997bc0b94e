"""PostgreSQL paused (SIGSTOP: it neither answers nor refuses, as a frozen machine): no
request waits for it for ever. Pages in the cache are still served, the rest answer the
short 503 page, each within seconds; when the database resumes, so does the site.

The site runs under gunicorn (production settings) on a PostgreSQL cluster and a Redis
that the test owns, with short deadlines so that the test is quick; every wait of the
test is bounded by the client's own timeout (tests.faults.app.REQUEST_TIMEOUT).
"""

import contextlib
import os
import signal
import time
from pathlib import Path

import pytest

from tests.faults.app import REQUEST_TIMEOUT, Visitor, demo_site

BACK_WITHIN_SECONDS = 20
UNAVAILABLE_WORDS = ("Temporaneamente non disponibile", "Temporarily unavailable")


@pytest.fixture(scope="module")
def app(postgres_cluster, tmp_path_factory):
    with demo_site(
        postgres_cluster,
        tmp_path_factory.mktemp("faults-pause"),
        DATABASE_QUERY_TIMEOUT="2",
        DATABASE_RETRY_AFTER="2",
        DATABASE_CONNECT_TIMEOUT="2",
    ) as server:
        yield server


def _cluster_pids(cluster) -> list[int]:
    """The postmaster and its children (the backends, the checkpointer…)."""
    postmaster = int((Path(cluster.data) / "postmaster.pid").read_text().split()[0])
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == postmaster:
                children.append(int(entry.name))
    return [postmaster, *children]


def test_a_paused_database_holds_no_request(app):
    visitor = Visitor(app.port)
    cached = "/it/"
    assert visitor.get(cached).status == 200
    assert visitor.get(cached).headers.get("x-cache") == "hit"

    pids = _cluster_pids(app.cluster)
    try:
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):  # a child that just ended
                os.kill(pid, signal.SIGSTOP)
        answers = {}
        # A page nobody asked for yet, and a search: each needs the database.
        for path in (cached, "/it/documenti/", "/it/cerca/?q=torino", cached):
            started = time.monotonic()
            response = visitor.get(path)  # the client gives up after REQUEST_TIMEOUT
            answers[path] = (response.status, time.monotonic() - started)
            if response.status == 503:
                assert response.headers["retry-after"] == "30"
                assert any(words in response.body for words in UNAVAILABLE_WORDS)
        assert answers[cached][0] == 200, answers
        assert answers["/it/documenti/"][0] == 503, answers
        assert answers["/it/cerca/?q=torino"][0] == 503, answers
        assert all(seconds < REQUEST_TIMEOUT for _status, seconds in answers.values())
    finally:
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)

    deadline = time.monotonic() + BACK_WITHIN_SECONDS
    status = None
    while time.monotonic() < deadline:
        status = visitor.get(f"/it/cerca/?q=milano{time.monotonic_ns()}").status
        if status == 200:
            break
        time.sleep(0.5)
    assert status == 200, "the site did not come back with the database"
    assert "database left alone" in (app.log.read_text())
