"""Make every cached page and value stale, on every app server."""

from django.core.management.base import BaseCommand
from django.db import transaction

from icnet.core.cache import bump_generation, content_generation


class Command(BaseCommand):
    help = (
        "Move the content generation on, so that every cached page and value is built "
        "again: after changing the database by hand or restoring a backup."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            bump_generation()
        self.stdout.write(f"Content generation is now {content_generation()}.")
