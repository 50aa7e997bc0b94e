"""The two roles of the back office, as groups with permissions, and how to tell them apart.

Migrations call sync_roles(); post_migrate runs it again, so permissions of models added
later reach the groups without a new migration.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

STAFF_GROUP = "Network staff"
EDITOR_GROUP = "City editors"
# The permission only network staff hold: city editors may not change a city's status.
STAFF_PERMISSION = "cities.change_city_status"

# Everything in these apps belongs to network staff.
STAFF_APPS = ["icnet", "cities", "meetings", "documents", "index", "auth", "reversion", "axes"]

# City editors: their own city's profile, activities and documents, and, to read only, the
# registrations for meetings from their city and their city's Index results; all scoped in
# the admin.
EDITOR_PERMISSIONS = [
    ("cities", "view_city"),
    ("cities", "change_city"),
    ("cities", "view_activity"),
    ("cities", "add_activity"),
    ("cities", "change_activity"),
    ("cities", "delete_activity"),
    ("cities", "view_theme"),
    ("meetings", "view_registration"),
    ("documents", "view_document"),
    ("documents", "add_document"),
    ("documents", "change_document"),
    ("documents", "delete_document"),
    ("documents", "view_documentfile"),
    ("documents", "add_documentfile"),
    ("documents", "change_documentfile"),
    ("documents", "delete_documentfile"),
    ("index", "view_result"),
    ("index", "view_score"),
    ("index", "view_area"),
]


def sync_roles(apps, schema_editor=None) -> None:
    """Create both groups and give them exactly their permissions."""
    for app_config in apps.get_app_configs():
        if getattr(app_config, "models_module", None) is not None:
            create_permissions(app_config, apps=apps, verbosity=0)
            continue
        # Historical app configs (inside a migration) have no models module: lend one.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    staff.permissions.set(Permission.objects.filter(content_type__app_label__in=STAFF_APPS))
    editors, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    wanted = [
        Permission.objects.filter(content_type__app_label=app, codename=codename).first()
        for app, codename in EDITOR_PERMISSIONS
    ]
    editors.permissions.set([p for p in wanted if p is not None])


def sync_roles_after_migrate(sender, apps=None, using="default", **kwargs) -> None:
    """post_migrate: the same as the migration, with the current models."""
    sync_roles(global_apps)


def is_network_staff(user) -> bool:
    """Staff run everything; city editors do not hold the permission that marks staff."""
    return bool(user.is_active and user.is_staff and user.has_perm(STAFF_PERMISSION))
