from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Accent- and typo-tolerant search on PostgreSQL (no-ops on other databases)."""

    dependencies = [("icnet", "0001_initial")]

    operations = [UnaccentExtension(), TrigramExtension()]
