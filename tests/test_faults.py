"""Faults without starting servers: the cache guard, the 503 page, /healthz, logs, settings.

The outages themselves (Redis stopped and paused, PostgreSQL restarted) are in
tests/faults/.
"""

import logging
import sys
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.utils import translation

from icnet.core import health
from icnet.core.cache import remember
from icnet.core.logs import OneLineFormatter, RequestIdFilter, set_request_id
from icnet.core.redis_cache import FailSoftRedisCache, forget_failures
from icnet.site.models import Page
from icnet.site.views import server_error
from tests.factories import PageFactory
from tests.faults.servers import free_port
from tests.production import production_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def unreachable_cache(settings):
    """The production cache backend, pointed at a port where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "icnet.core.redis_cache.FailSoftRedisCache",
            # A free port: nothing listens there.
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "RETRY_AFTER": 60,
        }
    }
    forget_failures()
    yield
    forget_failures()


# The cache guard -------------------------------------------------------------------------


def test_an_unreachable_redis_answers_as_an_empty_cache(unreachable_cache, caplog):
    with caplog.at_level(logging.WARNING, logger="icnet.cache"):
        assert cache.get("missing", "default") == "default"
        cache.set("key", "value")
        assert cache.add("key", "value") is False
        assert cache.get_many(["a", "b"]) == {}
        assert cache.get_or_set("key", lambda: "computed") == "computed"
        assert remember("value", lambda: 42) == 42
        with pytest.raises(ValueError):
            cache.incr("counter")
    # One warning for the outage, not one per call: the process rests from the cache.
    warnings = [r for r in caplog.records if r.name == "icnet.cache"]
    assert len(warnings) == 1
    assert "unavailable" in warnings[0].getMessage()


def test_the_guard_gives_up_quickly_by_default():
    backend = FailSoftRedisCache("redis://127.0.0.1:6379/0", {})
    options = backend._options
    assert options["socket_connect_timeout"] < 1
    assert options["socket_timeout"] < 1


def test_production_settings_use_the_guard_and_database_sessions():
    cache_config, sessions, axes, admins, sentry = production_settings(
        "[s.CACHES['default'], s.SESSION_ENGINE, s.AXES_HANDLER, s.ADMINS, "
        "sentry_sdk.get_client().is_active()]",
        prelude="import sentry_sdk",
        DEBUG="true",
        CACHE_URL="redis://127.0.0.1:6379/3",
        ADMINS="Ada Lovelace <ada@example.org>, ops@example.org",
        SENTRY_DSN="https://key@127.0.0.1:9/1",
    )
    assert cache_config["BACKEND"] == "icnet.core.redis_cache.FailSoftRedisCache"
    assert cache_config["OPTIONS"]["socket_timeout"] < 1
    assert sessions == "django.contrib.sessions.backends.db"
    assert axes == "axes.handlers.database.AxesDatabaseHandler"
    assert admins == [["Ada Lovelace", "ada@example.org"], ["ops@example.org", "ops@example.org"]]
    assert sentry is True


def test_public_pages_and_sign_in_work_without_the_cache(client, unreachable_cache, settings):
    settings.PAGE_CACHE_SECONDS = 600
    PageFactory(key=Page.Key.ABOUT, title_it="Chi siamo")
    assert client.get("/it/chi-siamo/").status_code == 200
    assert client.get("/en/about/").status_code == 200
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("staff", "staff@example.org", "pw-faults-1")
    response = client.post(
        f"/{settings.ADMIN_PATH}login/", {"username": "staff", "password": "pw-faults-1"}
    )
    assert response.status_code == 302
    assert client.get(f"/{settings.ADMIN_PATH}").status_code == 200


# The database outage page ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/it/chi-siamo/", "Temporaneamente non disponibile"),
        ("/en/about/", "Temporarily unavailable"),
        (f"/{settings.ADMIN_PATH}", "Temporaneamente non disponibile"),
    ],
)
def test_a_database_outage_answers_a_short_translated_503(client, monkeypatch, path, words):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("staff", "s@example.org", "x"))

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert "no-store" in response["Cache-Control"]
    assert words in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_an_error_outside_the_views_from_the_database_is_a_503_too(rf):
    translation.activate("en")
    try:
        raise OperationalError("the server closed the connection")
    except OperationalError:
        response = server_error(rf.get("/en/"))
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.content.decode()


def test_other_errors_stay_500(rf):
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = server_error(rf.get("/it/"))
    assert response.status_code == 500


def test_an_unhandled_error_is_mailed_to_the_admins_and_an_outage_is_not(
    client, settings, monkeypatch
):
    settings.ADMINS = [("Ops", "ops@example.org")]
    client.raise_request_exception = False

    def bug(*args, **kwargs):
        raise RuntimeError("a bug in the page")

    monkeypatch.setattr("icnet.site.views.get_object_or_404", bug)
    assert client.get("/it/chi-siamo/").status_code == 500
    assert len(mail.outbox) == 1
    assert "a bug in the page" in mail.outbox[0].body
    monkeypatch.undo()

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    assert client.get("/it/chi-siamo/").status_code == 503
    assert len(mail.outbox) == 1


# /healthz --------------------------------------------------------------------------------


def test_health_is_degraded_but_200_when_the_cache_is_down(client, unreachable_cache):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "down",
        "storage": "ok",
    }


def test_health_is_degraded_when_the_media_cannot_be_written(client, settings, tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    settings.MEDIA_ROOT = folder / "file-not-folder"
    (folder / "file-not-folder").write_text("")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["storage"] == "down"
    assert response.json()["status"] == "degraded"


def test_a_hanging_check_is_reported_down_at_the_deadline_and_not_started_twice():
    release = threading.Event()
    calls = []

    def hangs():
        calls.append(1)
        release.wait(60)

    try:
        assert health.run_checks({"slow": hangs}, deadline=0.1) == {"slow": "down"}
        assert health.run_checks({"slow": hangs}, deadline=0.1) == {"slow": "down"}
        assert len(calls) == 1
    finally:
        release.set()


def test_health_is_never_cached(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    first = client.get("/healthz")
    assert "X-Cache" not in first
    assert "no-store" in first["Cache-Control"] or "max-age=0" in first["Cache-Control"]


# Logs ------------------------------------------------------------------------------------


def test_each_response_carries_a_request_id_and_keeps_a_sane_one(client):
    response = client.get("/healthz")
    assert len(response["X-Request-ID"]) == 32
    kept = client.get("/healthz", headers={"x-request-id": "proxy-42.abc"})
    assert kept["X-Request-ID"] == "proxy-42.abc"
    replaced = client.get("/healthz", headers={"x-request-id": "bad id\nwith lines"})
    assert replaced["X-Request-ID"] != "bad id\nwith lines"


def test_a_log_event_is_one_line_with_level_logger_and_request_id():
    formatter = OneLineFormatter("%(levelname)s %(name)s [%(request_id)s] %(message)s")
    try:
        raise ValueError("first\nsecond")
    except ValueError:
        record = logging.getLogger("icnet.test").makeRecord(
            "icnet.test", logging.ERROR, __file__, 1, "failed:\n%s", ("x",), sys.exc_info()
        )
    set_request_id("req-1")
    try:
        RequestIdFilter().filter(record)
    finally:
        set_request_id(None)
    line = formatter.format(record)
    assert "\n" not in line
    assert line.startswith("ERROR icnet.test [req-1] failed:\\nx\\nTraceback")
    assert "ValueError: first\\nsecond" in line


def test_production_logs_go_to_standard_output_in_one_line_format():
    handler = settings.LOGGING["handlers"]["console"]
    assert handler["stream"] == "ext://sys.stdout"
    assert "request_id" in settings.LOGGING["formatters"]["line"]["format"]
    assert "mail_admins" in settings.LOGGING["loggers"]["django"]["handlers"]


# The database's deadline in requests (icnet.core.database) ------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_query_past_the_requests_deadline_fails_and_the_process_rests(settings):
    from django.db import connection

    from icnet.core import database

    if connection.vendor != "postgresql":
        pytest.skip("the deadline is PostgreSQL's (the embedded SQLite is a file)")
    settings.DATABASE_QUERY_TIMEOUT = 0.5
    settings.DATABASE_RETRY_AFTER = 60
    database.forget_failures()
    try:
        with database.request_deadline():
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")  # quick: well inside the deadline
                with pytest.raises(OperationalError, match=r"did not answer within 0\.5 s"):
                    cursor.execute("SELECT pg_sleep(3)")
            # Resting: the next query of a request fails at once, without trying.
            connection.close()
            with pytest.raises(OperationalError, match="not tried again yet"):
                connection.ensure_connection()
        # Outside requests (commands, migrations) there is no deadline and no rest.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(1)")
    finally:
        database.forget_failures()
        connection.close()


def test_the_rest_doubles_while_the_database_stays_silent_and_starts_again_after(settings):
    from icnet.core import database

    settings.DATABASE_RETRY_AFTER = 1
    database.forget_failures()
    try:
        database.rest("outside a request")
        assert not database.resting()  # commands and migrations never rest
        with database.request_deadline(5):
            rests = []
            for _ in range(6):
                database.rest("silent")
                rests.append(database._rest["seconds"])
            assert rests == [1, 2, 4, 8, 8, 8]
            assert database.resting()
            database.answered()
            database.rest("silent again")
            assert database._rest["seconds"] == 1
    finally:
        database.forget_failures()


@pytest.mark.django_db(transaction=True)
def test_a_timeout_the_caller_asked_for_is_not_taken_for_a_silent_database(settings):
    from django.db import connection

    from icnet.core import database

    if connection.vendor != "postgresql":
        pytest.skip("the deadline is PostgreSQL's")
    database.forget_failures()
    try:
        with database.request_deadline(5):
            connection.ensure_connection()
            raw = connection.connection
            assert list(raw.notifies(timeout=0.2)) == []  # psycopg's own timeout
            assert not raw.closed
            assert not database.resting()
    finally:
        database.forget_failures()
        connection.close()
