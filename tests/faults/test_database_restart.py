"""PostgreSQL restarted under traffic: a few 503s, never a 500, no lost or phantom edit.

The site runs under gunicorn (two workers, production settings) on a PostgreSQL cluster
and a Redis that the test owns. While one visitor adds useful links in the admin and
another reads public pages, the database is stopped and started again; the app servers
are not restarted.
"""

import itertools
import threading
import time
import uuid

import psycopg
import pytest
from django.conf import settings

from tests.faults.app import Visitor, demo_site, manage
from tests.pages import public_paths

PASSWORD = "faults-staff-password-1"
ADMIN = f"/{settings.ADMIN_PATH}"
# Bounds of the run: edits and reads stop at these counts, or after this long.
MAX_EDITS = 200
MAX_READS = 3000
RUN_SECONDS = 120
EDITS_BEFORE, EDITS_AFTER = 5, 5
# The promise: service back this soon after the database is.
BACK_WITHIN_SECONDS = 10
UNAVAILABLE_WORDS = ("Temporaneamente non disponibile", "Temporarily unavailable")


@pytest.fixture(scope="module")
def app(postgres_cluster, tmp_path_factory):
    with demo_site(postgres_cluster, tmp_path_factory.mktemp("faults-app")) as server:
        manage(
            server.env,
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model; get_user_model().objects."
            f"create_superuser('staff', 'staff@example.org', '{PASSWORD}')",
        )
        yield server


def link_titles(cluster) -> set[str]:
    with psycopg.connect(cluster.url("icnet")) as connection:
        rows = connection.execute(
            "SELECT title_it FROM documents_link WHERE title_it LIKE 'faults-%%'"
        ).fetchall()
    return {row[0] for row in rows}


class Run:
    """Edits and reads in two threads, each response kept."""

    def __init__(self, port: int, token: str, editor: Visitor):
        self.port, self.token, self.editor = port, token, editor
        self.stop = threading.Event()
        self.editing = threading.Event()
        self.editing.set()
        self.idle = threading.Event()  # set while the editor waits for `editing`
        self.edits: list[tuple[str, int, str]] = []  # title, status, body when not 302
        self.reads: list[tuple[str, int]] = []
        self.failures: list[str] = []
        self.threads = [
            threading.Thread(target=self._edit, daemon=True),
            threading.Thread(target=self._read, daemon=True),
        ]

    def confirmed(self) -> list[str]:
        return [title for title, status, _body in self.edits if status == 302]

    def _edit(self):
        try:
            for n in range(MAX_EDITS):
                if not self.editing.is_set():
                    self.idle.set()
                    while not self.editing.wait(0.1):
                        if self.stop.is_set():
                            return
                    self.idle.clear()
                if self.stop.is_set():
                    return
                title = f"faults-{n}-{uuid.uuid4().hex[:8]}"
                response = self.editor.request(
                    "POST",
                    f"{ADMIN}documents/link/add/",
                    {
                        "csrfmiddlewaretoken": self.token,
                        "title_it": title,
                        "title_en": title,
                        "url": f"https://example.org/{title}",
                        "description_it": "",
                        "description_en": "",
                        "order": "50",
                        "published": "on",
                        "_save": "1",
                    },
                )
                confirmed = (
                    response.status == 302
                    and response.headers.get("location") == f"{ADMIN}documents/link/"
                )
                self.edits.append((title, 302 if confirmed else response.status, response.body))
                if response.status == 503:
                    time.sleep(0.2)
        except Exception as error:  # kept for the test to report
            self.failures.append(f"edit: {error!r}")

    def _read(self):
        visitor = Visitor(self.port)
        try:
            for path in itertools.islice(itertools.cycle(public_paths()), MAX_READS):
                if self.stop.is_set():
                    return
                self.reads.append((path, visitor.get(path).status))
        except Exception as error:
            self.failures.append(f"read: {error!r}")

    def pause_edits(self) -> None:
        """Let the edit in flight finish and start no other."""
        self.editing.clear()
        self.idle.wait(REQUEST_JOIN_SECONDS)

    def wait_for_edits(self, count: int, deadline: float) -> None:
        while len(self.confirmed()) < count and time.monotonic() < deadline:
            if not any(thread.is_alive() for thread in self.threads):
                break
            time.sleep(0.1)

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(REQUEST_JOIN_SECONDS)


REQUEST_JOIN_SECONDS = 60


def health(port) -> tuple[int, str]:
    response = Visitor(port).get("/healthz")
    return response.status, response.body


def test_a_database_restart_costs_a_few_503s_and_loses_no_edit(app):
    cluster = app.cluster
    public = Visitor(app.port)
    # Warm the page cache: every public page, once per language.
    for path in public_paths():
        assert public.get(path).status == 200, path
    assert public.get("/it/")  # cached now
    status, body = health(app.port)
    assert status == 200
    assert '"status": "ok"' in body

    editor = Visitor(app.port)
    token = editor.sign_in(ADMIN, "staff", PASSWORD)
    run = Run(app.port, token, editor)
    for thread in run.threads:
        thread.start()
    deadline = time.monotonic() + RUN_SECONDS
    try:
        run.wait_for_edits(EDITS_BEFORE, deadline)
        assert len(run.confirmed()) >= EDITS_BEFORE, (run.failures, run.edits[-3:])
        # The home page of the latest content, in the cache when the database goes away.
        run.pause_edits()
        assert public.get("/it/").status == 200

        cluster.stop()
        run.idle.clear()
        run.editing.set()  # edits meet the outage
        # Down: the health check says so, cached pages are served, the rest answers 503.
        status, body = health(app.port)
        assert status == 503
        assert '"status": "down"' in body and '"database": "down"' in body
        assert '"cache": "ok"' in body
        cached = public.get("/it/")
        assert cached.status == 200
        assert cached.headers["x-cache"] == "hit"
        fresh = public.get(f"/it/cerca/?q={uuid.uuid4().hex[:6]}")
        assert fresh.status == 503
        assert fresh.headers["retry-after"].isdigit()
        assert "Temporaneamente non disponibile" in fresh.body
        english = public.get(f"/en/search/?q={uuid.uuid4().hex[:6]}")
        assert english.status == 503 and "Temporarily unavailable" in english.body
        admin = editor.get(f"{ADMIN}documents/link/")
        assert admin.status == 503
        assert "Traceback" not in admin.body
        time.sleep(1)  # a few edits meet the outage

        cluster.start()
        back_by = time.monotonic() + BACK_WITHIN_SECONDS
        while health(app.port)[0] != 200 and time.monotonic() < back_by:
            time.sleep(0.1)
        assert health(app.port)[0] == 200, "the site did not come back"
        assert editor.get(f"{ADMIN}documents/link/").status == 200

        before = len(run.confirmed())
        run.wait_for_edits(before + EDITS_AFTER, deadline)
        assert len(run.confirmed()) >= before + EDITS_AFTER, (run.failures, run.edits[-3:])
    finally:
        run.finish()

    assert run.failures == []
    statuses = [status for _title, status, _body in run.edits] + [s for _p, s in run.reads]
    assert 500 not in statuses
    assert {status for status in statuses if status >= 500} <= {503}
    # Every edit was either confirmed or refused with the "unavailable" page.
    for title, status, body in run.edits:
        assert status in (302, 503), (title, status, body[:500])
        if status == 503:
            assert any(words in body for words in UNAVAILABLE_WORDS)
    saved = link_titles(cluster)
    assert set(run.confirmed()) <= saved, "a confirmed edit is missing"
    # An edit is in the database only if it was confirmed, or refused when the database
    # committed it but the answer was lost with the connection (at most one per worker).
    refused_but_saved = saved - set(run.confirmed())
    assert refused_but_saved <= {title for title, status, _b in run.edits if status == 503}
    assert len(refused_but_saved) <= app.workers
    assert any(status == 503 for status in statuses), "the outage was not seen"
    # After the restart, the public pages show the edits at once.
    assert run.confirmed()[-1] in public.get("/it/documenti/collegamenti/").body
    # Each refusal is one warning line with its request id; no error, no traceback.
    log = app.log.read_text()
    assert "database unavailable" in log
    assert " ERROR " not in log and "Traceback" not in log
