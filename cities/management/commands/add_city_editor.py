"""Create or update a city editor's account and print a one-time set-password link."""

from django.core.management.base import BaseCommand, CommandError

from cities import accounts as services
from cities.models import City


class Command(BaseCommand):
    help = "Create or update the account of an editor of a city; prints a set-password link."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("city_slug")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="The site's address, for the link (default: the development server).",
        )

    def handle(self, *args, username, city_slug, email, base_url, **options):
        city = City.objects.filter(slug=city_slug).first()
        if city is None:
            raise CommandError(f"No city with the slug {city_slug!r}.")
        if not username.strip() or len(username) > 150:
            raise CommandError("Give a username of 1 to 150 characters.")
        user, created = services.add_city_editor(username.strip(), city, email)
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {user.username}, editor of {city.name_it}.")
        self.stdout.write("One-time link to choose a password:")
        self.stdout.write(services.set_password_link(user, base_url))
