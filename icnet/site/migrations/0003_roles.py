from django.db import migrations

from icnet.core.roles import sync_roles


class Migration(migrations.Migration):
    """The back office's roles: network staff and city editors."""

    dependencies = [
        ("icnet", "0002_search_extensions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cities", "0001_initial"),
        ("meetings", "0001_initial"),
        ("documents", "0001_initial"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
