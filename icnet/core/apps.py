from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What the apps share: no models, the template tags, the page cache's signals."""

    name = "icnet.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.backends.signals import connection_created

        # Modules that define or use models load once the apps are ready.
        from icnet.core import checks  # noqa: F401  (registers the system checks)
        from icnet.core.cache import connect_signals
        from icnet.core.search import register_fold

        connect_signals()
        connection_created.connect(register_fold, dispatch_uid="icnet_fold")
