"""Back up the database and the media into one folder."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from icnet.core.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write the database (pg_dump custom format on PostgreSQL, dumpdata on SQLite) and "
        "the media (media.tar.gz) into a new folder under BACKUP_DIR, or into --output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="the folder to write (new or empty)")

    def handle(self, *args, **options):
        folder = Path(
            options["output"] or Path(settings.BACKUP_DIR) / f"icnet-{timezone.now():%Y%m%d-%H%M%S}"
        )
        try:
            files = backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for file in files:
            self.stdout.write(f"{file}  ({file.stat().st_size} bytes)")
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
