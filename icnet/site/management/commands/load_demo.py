"""Load the network's real content (and, in the embedded default, demo sign-ins)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from icnet.site import demo
from index import demo as index_demo


class Command(BaseCommand):
    help = "Load the network's pages, cities, meetings and documents. Running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--index-examples",
            action="store_true",
            help=(
                "Also add made-up Intercultural Cities Index results for a few cities, "
                "marked and shown as example data. Not for a site the public sees."
            ),
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            created = demo.load()
            if options["index_examples"]:
                created += index_demo.load_examples()
        self.stdout.write(f"Demo data loaded ({created} new objects).")
