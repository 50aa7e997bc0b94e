"""Copy the uploads kept in a local folder into the configured media storage (the bucket).

    manage.py media_to_storage                  # from MEDIA_ROOT
    manage.py media_to_storage --source /srv/icnet/media --dry-run

Each file keeps its name, so the database needs no change. A file already in the storage
with the same size is left alone: the command can be run again after an interruption, or
once more just before switching, and copies only what is missing. Local files are never
deleted; remove the folder once the site runs from the bucket.
"""

from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm


def local_files(root: Path) -> list[str]:
    """Storage names (relative, with "/") of every file under root, in a stable order."""
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and not path.name.startswith(".")
    )


def same_file_stored(storage, name: str, size: int) -> bool:
    """Whether the storage already holds this name with this size."""
    try:
        return storage.exists(name) and storage.size(name) == size
    except OSError:
        return False


class Command(BaseCommand):
    help = (
        "Copy local media files (MEDIA_ROOT) into the media storage; copies only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", default=str(settings.MEDIA_ROOT), help="The local folder (MEDIA_ROOT)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be copied; copy nothing."
        )

    def handle(self, *args, source, dry_run, **options):
        root = Path(source)
        if not root.is_dir():
            raise CommandError(f"{root} is not a folder.")
        storage = default_storage
        if (
            isinstance(storage, FileSystemStorage)
            and Path(storage.location).resolve() == root.resolve()
        ):
            raise CommandError(
                "The media storage is this very folder: set AWS_STORAGE_BUCKET_NAME "
                "(and the other AWS_* variables) to copy into the bucket."
            )
        names = local_files(root)
        copied = skipped = 0
        progress = tqdm(names, unit="file", disable=not names, file=self.stderr._out)
        for name in progress:
            path = root / name
            size = path.stat().st_size
            if same_file_stored(storage, name, size):
                skipped += 1
                continue
            if not dry_run:
                with path.open("rb") as handle:
                    stored = storage.save(name, File(handle, name=name))
                if stored != name:
                    raise CommandError(f"The storage renamed {name} to {stored}; stopped.")
            copied += 1
        verb = "would copy" if dry_run else "copied"
        self.stdout.write(
            f"{len(names)} files in {root}: {verb} {copied}, {skipped} already in the storage."
        )
