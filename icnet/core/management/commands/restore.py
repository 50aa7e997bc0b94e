"""Restore a backup written by manage.py backup."""

from pathlib import Path

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from icnet.core.backups import BackupError, restore
from icnet.core.cache import bump_generation


class Command(BaseCommand):
    help = (
        "Bring back the database and the media of a backup folder, into an empty database "
        "(or over the current one with --clean); then every cached page is built again."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder written by manage.py backup")
        parser.add_argument(
            "--clean", action="store_true", help="replace what the database holds now"
        )

    def handle(self, *args, **options):
        try:
            restore(Path(options["folder"]), clean=options["clean"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        # The restored content is older than what the caches may hold: start afresh.
        with transaction.atomic():
            bump_generation()
        cache.clear()
        self.stdout.write(self.style.SUCCESS(f"Restored {options['folder']}"))
