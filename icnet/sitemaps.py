"""The sitemap: every public page in both languages, with hreflang alternates and lastmod."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 20000


class StaticPagesSitemap(I18nSitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "about",
            "join",
            "cities:list",
            "cities:themes",
            "meetings:list",
            "documents:list",
            "documents:links",
            "statistics",
            "open_data",
        ]

    def location(self, item):
        return reverse(item)


class ModelSitemap(I18nSitemap):
    """Published objects of a model, newest change first."""

    def lastmod(self, obj):
        return obj.updated


class CitySitemap(ModelSitemap):
    def items(self):
        from cities.models import City

        return City.objects.published().only("slug", "updated").order_by("pk")


class ThemeSitemap(I18nSitemap):
    def items(self):
        from cities.models import Theme

        return Theme.objects.only("slug").order_by("pk")


class MeetingSitemap(ModelSitemap):
    def items(self):
        from meetings.models import Meeting

        return Meeting.objects.published().only("slug", "updated").order_by("pk")


class DocumentSitemap(ModelSitemap):
    def items(self):
        from documents.models import Document

        return Document.objects.published().only("slug", "updated").order_by("pk")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "themes": ThemeSitemap,
    "cities": CitySitemap,
    "meetings": MeetingSitemap,
    "documents": DocumentSitemap,
}
