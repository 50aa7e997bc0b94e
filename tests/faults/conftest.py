"""Fault tests: a Redis and a PostgreSQL of their own, stopped, paused and restarted."""

import shutil

import pytest

from tests.faults.servers import PostgresCluster, RedisServer, need, postgres_bin_dir


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.faults)


@pytest.fixture
def redis_server():
    binary = need(shutil.which("redis-server"), "redis-server", "apt-get install redis-server")
    server = RedisServer(binary)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def postgres_cluster():
    bin_dir = postgres_bin_dir()
    need(
        bin_dir and f"{bin_dir}/initdb",
        "PostgreSQL's initdb",
        "apt-get install postgresql, or set PG_BIN",
    )
    cluster = PostgresCluster(bin_dir)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.remove()
