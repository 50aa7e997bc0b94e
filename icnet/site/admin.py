from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from icnet.core.admin_base import TranslatedAdmin
from icnet.site.models import Page


@admin.register(Page)
class PageAdmin(TranslatedAdmin):
    list_display = ["title", "key", "published", "updated"]
    list_filter = ["published"]
    search_fields = ["title_it", "title_en"]
    fieldsets = [
        (None, {"fields": ["key", "published"]}),
        (_("Text"), {"fields": ["title", "lead", "body"]}),
    ]
