"""The sitemap: every public page in both languages, with hreflang alternates and lastmod."""

from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max, QuerySet
from django.urls import reverse

from cities.models import City, Theme
from documents.models import Document
from meetings.models import Meeting


class LanguagePairs:
    """(item, language) pairs of a queryset, counted and sliced in the database.

    Django's i18n sitemap builds every pair in memory before paginating; with tens of
    thousands of objects that loads them all for each section page and for the index.
    """

    def __init__(self, items: QuerySet, languages: list[str], count: int):
        self.items, self.languages, self.count = items, languages, count

    def __len__(self) -> int:
        return self.count * len(self.languages)

    def __getitem__(self, index):
        n = len(self.languages)
        if not isinstance(index, slice):
            obj = self.items[index // n]
            return (obj, self.languages[index % n])
        start, stop, _step = index.indices(len(self))
        first, last = start // n, -(-stop // n)
        pairs = [(obj, lang) for obj in self.items[first:last] for lang in self.languages]
        return pairs[start - first * n : stop - first * n]


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
            "contacts",
            "privacy",
            "cookies",
            "accessibility",
            "legal",
            "cities:list",
            "cities:themes",
            "meetings:list",
            "documents:list",
            "documents:links",
            "statistics",
            "open_data",
            "index:compare",
        ]

    def location(self, item):
        return reverse(item)


class ModelSitemap(I18nSitemap):
    """Published objects of a model, counted and dated with one aggregate query."""

    date_field = "updated"

    @cached_property
    def _stats(self) -> dict:
        aggregates = {"count": Count("pk")}
        if self.date_field:
            aggregates["last"] = Max(self.date_field)
        return self.items().aggregate(**aggregates)

    def _items(self):
        return LanguagePairs(self.items(), self._languages(), self._stats["count"])

    def get_latest_lastmod(self):
        return self._stats.get("last")

    def lastmod(self, obj):
        return getattr(obj, self.date_field) if self.date_field else None


class CitySitemap(ModelSitemap):
    def items(self):
        return City.objects.published().only("slug", "updated").order_by("pk")


class ThemeSitemap(ModelSitemap):
    date_field = None

    def items(self):
        return Theme.objects.only("slug").order_by("pk")


class MeetingSitemap(ModelSitemap):
    def items(self):
        return Meeting.objects.published().only("slug", "updated").order_by("pk")


class DocumentSitemap(ModelSitemap):
    def items(self):
        return Document.objects.published().only("slug", "updated").order_by("pk")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "themes": ThemeSitemap,
    "cities": CitySitemap,
    "meetings": MeetingSitemap,
    "documents": DocumentSitemap,
}
