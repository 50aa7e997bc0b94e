"""Delete unconfirmed registrations and erase old personal data; meant to run daily."""

from django.core.management.base import BaseCommand

from meetings import registrations


class Command(BaseCommand):
    help = (
        "Delete registrations not confirmed within 48 hours and erase the personal data of "
        "registrations REGISTRATION_RETENTION_MONTHS after their meeting. Run it daily; "
        "running it again changes nothing."
    )

    def handle(self, *args, **options):
        expired = registrations.expire_unconfirmed()
        anonymised = registrations.anonymise_after_meetings()
        self.stdout.write(
            f"{expired} unconfirmed registration(s) deleted, {anonymised} anonymised."
        )
