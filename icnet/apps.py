from importlib import import_module

from django.apps import AppConfig, apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

# django-leaflet's admin module imports GeoDjango, which needs the GDAL system library.
# The site stores plain latitude/longitude and has its own map widget, so that module
# is never loaded.
SKIP_ADMIN_MODULES = {"leaflet"}


class IcnetConfig(AppConfig):
    default = True
    name = "icnet"
    verbose_name = _("Site")

    def ready(self):
        from icnet.cache import connect_signals

        connect_signals()
        # The admin is installed as SimpleAdminConfig: discover admin modules here instead.
        for config in apps.get_app_configs():
            if config.name not in SKIP_ADMIN_MODULES and module_has_submodule(
                config.module, "admin"
            ):
                import_module(f"{config.name}.admin")


class IcnetAdminConfig(SimpleAdminConfig):
    """The admin, with the site's own admin site and without autodiscovery (see above)."""

    default_site = "icnet.admin_site.IcnetAdminSite"
