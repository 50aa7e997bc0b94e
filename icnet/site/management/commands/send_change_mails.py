"""E-mail network staff what city editors changed (run it every minute, from cron)."""

from django.core.management.base import BaseCommand

from icnet.site.notifications import send_change_mails


class Command(BaseCommand):
    help = (
        "Send network staff the changes city editors saved, once each batch of saves is "
        "over; run every minute."
    )

    def handle(self, *args, **options):
        sent = send_change_mails()
        if options["verbosity"] > 1 or sent:
            self.stdout.write(f"Sent {sent} e-mail(s).")
