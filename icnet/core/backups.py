"""Backups of the database and the media, and their restore (manage.py backup / restore).

A backup is a folder holding the database (database.dump, pg_dump's custom format, on
PostgreSQL; database.json, Django's dumpdata, on SQLite) and media.tar.gz, every uploaded
file with its path under MEDIA_ROOT.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connections

DUMP, FIXTURE, MEDIA = "database.dump", "database.json", "media.tar.gz"
# Kept out of a dumpdata backup: rebuilt by migrate (content types, permissions) or
# worthless after a restore (sessions).
NOT_DUMPED = ["contenttypes", "auth.permission", "sessions"]


class BackupError(Exception):
    """A backup or restore that cannot be done, with a message for the operator."""


def _postgres_env(settings_dict) -> dict[str, str]:
    """libpq's variables for the database of `settings_dict` (no password on a command line)."""
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for option, variable in [("sslmode", "PGSSLMODE"), ("connect_timeout", "PGCONNECT_TIMEOUT")]:
        if settings_dict.get("OPTIONS", {}).get(option):
            env[variable] = str(settings_dict["OPTIONS"][option])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is missing: install the PostgreSQL client (postgresql-client).")
    return path


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def backup(folder: Path, alias: str = "default") -> list[Path]:
    """Write the database and the media into `folder` (created); the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty.")
    connection = connections[alias]
    if connection.vendor == "postgresql":
        database = folder / DUMP
        settings_dict = connection.settings_dict
        _run(
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={database}",
                f"--dbname={settings_dict['NAME']}",
            ],
            _postgres_env(settings_dict),
        )
    else:
        database = folder / FIXTURE
        call_command(
            "dumpdata",
            database=alias,
            natural_foreign=True,
            natural_primary=True,
            exclude=NOT_DUMPED,
            output=str(database),
            verbosity=0,
        )
    media = folder / MEDIA
    root = Path(settings.MEDIA_ROOT)
    with tarfile.open(media, "w:gz") as archive:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                archive.add(path, arcname=str(path.relative_to(root)), recursive=False)
    return [database, media]


def restore(folder: Path, alias: str = "default", clean: bool = False) -> None:
    """Bring back the database and the media of the backup in `folder`.

    The database must be empty (created, nothing migrated) unless `clean`, which replaces
    what is there. Media files are written over the files of the same name.
    """
    connection = connections[alias]
    dump, fixture, media = folder / DUMP, folder / FIXTURE, folder / MEDIA
    if not media.is_file() or not (dump.is_file() or fixture.is_file()):
        raise BackupError(f"{folder} holds no backup ({DUMP} or {FIXTURE}, and {MEDIA}).")
    has_tables = bool(connection.introspection.table_names())
    if has_tables and not clean:
        raise BackupError(
            "The database is not empty: restore into an empty database, or pass --clean "
            "to replace what it holds."
        )
    if dump.is_file():
        if connection.vendor != "postgresql":
            raise BackupError(
                f"{DUMP} is a PostgreSQL backup; this database is {connection.vendor}."
            )
        settings_dict = connection.settings_dict
        connection.close()
        _run(
            [
                _tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *(["--clean", "--if-exists"] if clean else []),
                f"--dbname={settings_dict['NAME']}",
                str(dump),
            ],
            _postgres_env(settings_dict),
        )
    else:
        call_command("migrate", database=alias, interactive=False, verbosity=0)
        if has_tables:
            call_command("flush", database=alias, interactive=False, verbosity=0)
        call_command("loaddata", str(fixture), database=alias, verbosity=0)
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(media, "r:gz") as archive:
        archive.extractall(root, filter="data")
