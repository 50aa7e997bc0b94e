"""A backup restores: every city, meeting, document, file and revision comes back.

The backup is taken from the test database (pg_dump on PostgreSQL, dumpdata on SQLite)
and restored by `manage.py restore` in another process, into an empty database of its own
and an empty media folder; then both databases are dumped and compared, file by file too.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import uuid
from io import StringIO
from pathlib import Path

import pytest
import reversion
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from cities.models import City
from documents.models import Document, DocumentFile
from meetings.models import Meeting

pytestmark = pytest.mark.django_db(transaction=True)

COMPARED = ["cities", "meetings", "documents", "icnet", "core", "reversion"]


def dump(env: dict[str, str] | None = None) -> list[dict]:
    """The compared apps as dumpdata sees them: here, or in the database of `env`."""
    args = ["dumpdata", *COMPARED, "--natural-foreign"]
    if env is None:
        out = StringIO()
        call_command(*args, stdout=out)
        return json.loads(out.getvalue())
    return json.loads(manage(env, *args))


def manage(env, *args) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def files(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def empty_database(tmp_path):
    """The address of a new, empty database on the same server (a SQLite file otherwise)."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            if os.environ.get("CI"):
                pytest.fail(f"{tool} is missing (apt-get install postgresql-client)")
            pytest.skip(f"{tool} is not installed")
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    yield f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_a_backup_restores_every_object_file_and_revision(tmp_path, empty_database):
    call_command("load_demo", stdout=StringIO())
    city = City.objects.get(slug="reggio-emilia")
    document = Document.objects.filter(files__isnull=False).first()
    with reversion.create_revision():
        city.summary_it = (city.summary_it or "") + " Rivisto per la prova."
        city.save()
        document.save()
        reversion.set_comment("Prova di ripristino")
    assert DocumentFile.objects.exists() and Meeting.objects.exists()

    backup = tmp_path / "backup"
    call_command("backup", output=str(backup), stdout=StringIO())
    assert sorted(p.name for p in backup.iterdir()) == sorted(
        ["media.tar.gz", "database.dump" if connection.vendor == "postgresql" else "database.json"]
    )

    restored_media = tmp_path / "restored-media"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("TEST_DATABASE_NAME", "CACHE_URL", "REDIS_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="icnet.settings",
        DEBUG="true",
        DATABASE_URL=empty_database,
        MEDIA_ROOT=str(restored_media),
    )
    manage(env, "restore", str(backup))

    original, restored = dump(), dump(env)
    kinds = {row["model"] for row in original}
    assert {"cities.city", "meetings.meeting", "documents.document"} <= kinds
    assert {"documents.documentfile", "reversion.revision", "reversion.version"} <= kinds
    # The content generation is moved on by the restore; everything else is the same.
    assert [r for r in restored if r["model"] != "core.contentgeneration"] == [
        r for r in original if r["model"] != "core.contentgeneration"
    ]
    assert files(restored_media) == files(Path(settings.MEDIA_ROOT))
    assert any(name.startswith("documents/") for name in files(restored_media))

    # A second restore over a database that is no longer empty is refused.
    with pytest.raises(subprocess.CalledProcessError):
        subprocess.run(
            [sys.executable, "manage.py", "restore", str(backup)],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            check=True,
            timeout=600,
        )


def test_a_backup_is_never_written_over_another(tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    (folder / "something").write_text("kept")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", output=str(folder), stdout=StringIO())
    assert (folder / "something").read_text() == "kept"
