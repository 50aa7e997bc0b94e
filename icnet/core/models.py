"""The one table the shared layer keeps: the content generation (see icnet.core.cache)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentGeneration(models.Model):
    """A number that every change of public content replaces, in the same transaction."""

    value = models.BigIntegerField(
        _("value"), help_text=_("Cached pages and values of any other value are stale.")
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("content generation")
        verbose_name_plural = _("content generations")

    def __str__(self):
        return str(self.value)
