from importlib import import_module

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig, apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

from icnet.core.roles import sync_roles_after_migrate

# django-leaflet's admin module imports GeoDjango, which needs the GDAL system library.
# The site stores plain latitude/longitude and has its own map widget, so that module
# is never loaded.
SKIP_ADMIN_MODULES = {"leaflet"}


class SiteConfig(AppConfig):
    """The site layer: editable pages, site-wide views, the admin site and the demo.

    Its label stays "icnet", the label its tables, permissions and migrations carry.
    """

    default = True
    name = "icnet.site"
    label = "icnet"
    verbose_name = _("Site")

    def ready(self):
        # The roles migration creates the groups; this keeps their permissions complete
        # when later migrations add models (and after a test database is flushed).
        post_migrate.connect(sync_roles_after_migrate, sender=self)
        # Staff are told what city editors change (icnet.site.notifications).
        from icnet.core.admin_base import admin_change_saved
        from icnet.site.notifications import record_editor_changes

        admin_change_saved.connect(record_editor_changes, dispatch_uid="icnet-change-notices")
        # The admin is installed as SimpleAdminConfig: discover admin modules here instead.
        for config in apps.get_app_configs():
            if config.name not in SKIP_ADMIN_MODULES and module_has_submodule(
                config.module, "admin"
            ):
                import_module(f"{config.name}.admin")


class IcnetAdminConfig(SimpleAdminConfig):
    """The admin, with the site's own admin site and without autodiscovery (see above)."""

    default_site = "icnet.site.admin_site.IcnetAdminSite"


class AxesConfig(AxesAppConfig):
    """django-axes (sign-in lockouts), under a name staff read in their own language, and
    its records named in that language too (the package words them in English)."""

    verbose_name = _("Sign-in security")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog
        from django.utils import formats, timezone
        from django.utils.translation import gettext, gettext_noop

        def naming(message):
            def __str__(record):
                return gettext(message) % {
                    "username": record.username or "—",
                    "address": record.ip_address or "—",
                    "time": formats.localize(timezone.localtime(record.attempt_time))
                    if record.attempt_time
                    else "—",
                }

            return __str__

        AccessAttempt.__str__ = naming(
            gettext_noop("Failed sign-ins of %(username)s from %(address)s")
        )
        AccessLog.__str__ = naming(gettext_noop("Sign-in of %(username)s, %(time)s"))
        AccessFailureLog.__str__ = naming(gettext_noop("Failed sign-in of %(username)s, %(time)s"))
