from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndexConfig(AppConfig):
    """The Intercultural Cities Index: each city's results by indicator area, compared."""

    name = "index"
    verbose_name = _("Intercultural Cities Index")
