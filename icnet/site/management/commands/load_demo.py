"""Load the network's real content (and, in the embedded default, demo sign-ins)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from icnet.site import demo


class Command(BaseCommand):
    help = "Load the network's pages, cities, meetings and documents. Running it twice changes nothing."

    def handle(self, *args, **options):
        with transaction.atomic():
            created = demo.load()
        self.stdout.write(f"Demo data loaded ({created} new objects).")
