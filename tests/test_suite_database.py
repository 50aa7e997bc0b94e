"""The suite's own PostgreSQL database is named after the checkout it runs from, so that
runs from several checkouts on one server never share (and drop) each other's database."""

import os
from pathlib import Path

import pytest
from django.db import connection

from tests.settings import CHECKOUT, checkout_database_name


def test_the_name_is_stable_for_a_checkout_and_differs_for_another():
    assert (CHECKOUT / "manage.py").is_file()
    name = checkout_database_name(CHECKOUT)
    assert name.startswith("test_icnet_")
    assert len(name) <= 63  # PostgreSQL's longest identifier
    assert checkout_database_name(CHECKOUT) == name
    assert checkout_database_name(Path(str(CHECKOUT) + "-copy")) != name
    assert checkout_database_name(CHECKOUT.parent / "another" / CHECKOUT.name) != name


@pytest.mark.django_db
def test_the_suite_runs_on_this_checkouts_database():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite tests run in memory")
    expected = os.environ.get("TEST_DATABASE_NAME") or checkout_database_name(CHECKOUT)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        assert cursor.fetchone()[0] == expected
