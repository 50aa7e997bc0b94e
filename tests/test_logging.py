"""The log: a refused request is one warning line; a real error keeps its traceback."""

import io
import logging
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import BadRequest, PermissionDenied

from icnet.core.logs import RefusalFilter
from icnet.core.roles import EDITOR_GROUP
from tests.factories import CityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def log():
    """What the site's console handler (settings.LOGGING) writes, with each level shown."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RefusalFilter) for f in h.filters)
    )
    stream = io.StringIO()
    previous_stream = handler.setStream(stream)
    previous_formatter = handler.formatter
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    yield stream
    handler.setStream(previous_stream)
    handler.setFormatter(previous_formatter)


def _lines(stream) -> list[str]:
    return [line for line in stream.getvalue().splitlines() if line.strip()]


def test_a_forbidden_admin_page_is_one_warning_line(client, log):
    editor = UserFactory(username="editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR_GROUP))
    CityFactory().editors.add(editor)
    client.force_login(editor)
    assert client.get(f"/{settings.ADMIN_PATH}auth/user/").status_code == 403
    lines = _lines(log)
    assert len(lines) == 1, lines
    assert lines[0].startswith("WARNING django.request Forbidden (Permission denied)")


def test_a_request_for_a_foreign_host_is_one_warning_line(client, log):
    assert client.get("/it/", HTTP_HOST="evil.example").status_code == 400
    lines = _lines(log)
    assert len(lines) == 1, lines
    assert lines[0].startswith("WARNING django.security.DisallowedHost Invalid HTTP_HOST")


def test_a_csrf_failure_is_one_warning_line():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RefusalFilter())
    logger = logging.getLogger("django.security.csrf")
    logger.addHandler(handler)
    try:
        response = client.post(f"/{settings.ADMIN_PATH}login/", {"username": "x"})
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 403
    lines = _lines(stream)
    assert len(lines) == 1 and lines[0].startswith("Forbidden (CSRF"), lines


def _record(exception, level=logging.WARNING, name="django.request", message="%s: %s"):
    try:
        raise exception
    except Exception:
        exc_info = sys.exc_info()
    return logging.LogRecord(name, level, __file__, 1, message, ("Boom", "/x/"), exc_info)


@pytest.mark.parametrize(
    ("exception", "level"),
    [
        (PermissionDenied(), logging.WARNING),
        (BadRequest("Bad"), logging.WARNING),
        (BadRequest("Bad"), logging.ERROR),
    ],
)
def test_refusals_lose_their_traceback_and_become_warnings(exception, level):
    record = _record(exception, level)
    assert RefusalFilter().filter(record)
    assert record.exc_info is None and record.levelno == logging.WARNING
    text = logging.Formatter("%(levelname)s %(message)s").format(record)
    assert text == "WARNING Boom: /x/"


def test_a_real_error_keeps_its_traceback():
    record = _record(ValueError("broken"), logging.ERROR)
    assert RefusalFilter().filter(record)
    assert record.levelno == logging.ERROR
    assert "Traceback" in logging.Formatter().format(record)


def test_line_breaks_in_a_refused_path_cannot_forge_log_lines():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/a\nERROR x",), None
    )
    record.status_code = 404
    RefusalFilter().filter(record)
    assert record.getMessage() == "Not Found: /a\\nERROR x"
