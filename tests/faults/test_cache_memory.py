"""A cache whose memory is bounded: the system check says when it is not, and a full Redis
(maxmemory with the noeviction policy) never makes a page fail.

Each test starts its own redis-server on a free port: one as installed by default (no
maxmemory, noeviction), one bounded with allkeys-lru, one tiny and refusing writes.
"""

import shutil
from io import StringIO

import pytest
import redis
from django.core.management import call_command
from django.test import Client

from icnet.core.checks import check_cache_memory
from icnet.core.redis_cache import forget_failures
from tests.faults.servers import RedisServer, free_port, need
from tests.pages import public_paths

pytestmark = pytest.mark.django_db


@pytest.fixture
def start_redis():
    binary = need(shutil.which("redis-server"), "redis-server", "apt-get install redis-server")
    started = []

    def start(*args: str) -> RedisServer:
        server = RedisServer(binary, *args)
        server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
    forget_failures()


def use_cache(settings, url: str) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "icnet.core.redis_cache.FailSoftRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "icnet-memory",
            "RETRY_AFTER": 1.0,
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        }
    }
    forget_failures()


def warning_ids(settings) -> list[str]:
    return [warning.id for warning in check_cache_memory()]


def test_the_check_warns_of_a_redis_without_a_memory_limit(settings, start_redis):
    use_cache(settings, start_redis().url)
    warnings = check_cache_memory()
    assert [w.id for w in warnings] == ["icnet.W001"]
    assert "no memory limit" in warnings[0].msg
    assert "allkeys-lru" in warnings[0].hint


def test_the_check_warns_of_a_redis_that_refuses_writes_when_full(settings, start_redis):
    use_cache(settings, start_redis("--maxmemory", "64mb", "--maxmemory-policy", "noeviction").url)
    warnings = check_cache_memory()
    assert [w.id for w in warnings] == ["icnet.W001"]
    assert "noeviction" in warnings[0].msg


def test_a_bounded_evicting_redis_passes(settings, start_redis):
    use_cache(settings, start_redis("--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru").url)
    assert check_cache_memory() == []
    out = StringIO()
    call_command("check", stdout=out, stderr=out)
    assert "icnet.W00" not in out.getvalue()


def test_the_check_says_when_config_cannot_be_read_or_redis_not_reached(settings, start_redis):
    use_cache(settings, start_redis("--rename-command", "CONFIG", "").url)
    assert warning_ids(settings) == ["icnet.W002"]
    use_cache(settings, f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    assert warning_ids(settings) == ["icnet.W003"]


def test_manage_py_check_shows_the_warning(settings, start_redis):
    use_cache(settings, start_redis().url)
    out = StringIO()
    call_command("check", stdout=out, stderr=out)
    assert "icnet.W001" in out.getvalue()


def test_a_full_redis_never_makes_a_page_fail(settings, start_redis):
    server = start_redis("--maxmemory", "3mb", "--maxmemory-policy", "noeviction")
    use_cache(settings, server.url)
    settings.PAGE_CACHE_SECONDS = 600
    settings.LOCAL_PAGE_CACHE_BYTES = 0  # every page from Redis or from the views
    call_command("load_demo", stdout=StringIO())
    direct = redis.Redis(port=server.port)
    filler = b"x" * 100_000
    n = 0
    with pytest.raises(redis.exceptions.OutOfMemoryError):
        while n < 1000:  # 100 MB at most: far beyond the 3 MB it may hold
            direct.set(f"filler:{n}", filler)
            n += 1
    client = Client()
    statuses = {path: client.get(path).status_code for path in public_paths()}
    assert {path: status for path, status in statuses.items() if status >= 500} == {}
    # Reads still work: a page stored before it filled up is served from it.
    direct.flushdb()
    assert client.get("/it/")["X-Cache"] == "miss"
    while n < 2000:
        try:
            direct.set(f"filler:{n}", filler)
        except redis.exceptions.OutOfMemoryError:
            break
        n += 1
    assert client.get("/it/")["X-Cache"] == "hit"
    assert client.get("/it/citta/?region=toscana").status_code == 200
