"""Every page type answers 200 in both languages, and its HTML is valid (W3C Nu checker)."""

import json
import os
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.pages import (
    DEMO_OPTIONS,
    demo_editor,
    editor_paths,
    localized,
    public_paths,
    registration_paths,
)

pytestmark = pytest.mark.django_db

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture
def demo():
    call_command("load_demo", *DEMO_OPTIONS, stdout=StringIO())


def _pages(client) -> dict[str, str]:
    pages = {}
    for path in public_paths() + registration_paths():
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content.decode()
    # What the form answers: the page that asks to check the mailbox, and the form with
    # its errors.
    for code, _name in settings.LANGUAGES:
        path = localized("meetings:register", {"slug": "esempio-iscrizioni"}, language=code)
        data = {
            "name": "Anna Rossi",
            "email": f"anna-{code}@example.org",
            "organisation": "Università",
            "role": "Ricercatrice",
            "attendance": "online",
            "consent": "on",
        }
        response = client.post(path, data)
        assert response.status_code == 200, path
        pages[f"{path} (sent)"] = response.content.decode()
        response = client.post(path, {**data, "email": "no", "consent": "", "organisation": ""})
        assert response.status_code == 400, path
        pages[f"{path} (errors)"] = response.content.decode()
    user, city = demo_editor()
    client.force_login(user)
    for path in editor_paths(city.pk):
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content.decode()
    return pages


def test_every_page_type_answers_in_both_languages(client, demo):
    pages = _pages(client)
    assert len(pages) == len(public_paths()) + 6 + 4 + len(editor_paths(0))


def test_every_page_is_valid_html(client, demo, tmp_path):
    java = shutil.which("java")
    if not (java and VNU.exists()):
        if os.environ.get("CI"):
            pytest.fail("java and vnu.jar are needed: .ci/run installs them")
        pytest.skip("the Nu HTML checker needs java and `make checkers`")
    folder = tmp_path / "pages"
    folder.mkdir()
    names = {}
    for index, (path, html) in enumerate(_pages(client).items()):
        file = folder / f"page-{index:03d}.html"
        file.write_text(html)
        names[f"file:{file}"] = path
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{names.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == []
