import secrets

from django.db import migrations


def create_first_generation(apps, schema_editor):
    ContentGeneration = apps.get_model("core", "ContentGeneration")
    ContentGeneration.objects.get_or_create(pk=1, defaults={"value": secrets.randbits(48)})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_content_generation")]

    operations = [migrations.RunPython(create_first_generation, migrations.RunPython.noop)]
