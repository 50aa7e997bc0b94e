"""Print the demo sign-ins (only in the embedded default, where they exist)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from icnet.site import demo


class Command(BaseCommand):
    help = "Print the demo staff and editor sign-ins of the embedded default."

    def handle(self, *args, **options):
        if not settings.DEMO_ACCOUNTS:
            self.stdout.write("No demo accounts: they exist only in the embedded default.")
            return
        for role, username, password in demo.ACCOUNTS:
            self.stdout.write(f"  {role}: {username} / {password}")
