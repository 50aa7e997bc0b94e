from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitiesConfig(AppConfig):
    name = "cities"
    verbose_name = _("Cities")

    def ready(self):
        from cities.models import City
        from icnet.core.files import track_files

        # Replaced and deleted files go once no row and no kept revision names them.
        track_files(City, "photo")
