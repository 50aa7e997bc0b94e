from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from documents.models import DocumentFile
        from icnet.core.files import track_files

        # Replaced and deleted files go once no row and no kept revision names them.
        track_files(DocumentFile, "file")
