"""The library's filters: kind, city, year and language, all optional (django-filter)."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cities.filters import CityFilter
from cities.models import City
from documents.models import Document, DocumentFile
from icnet.core.cache import remember
from icnet.core.filters import ListFilterSet


class DocumentFilterSet(ListFilterSet):
    """A GET query whose unknown values are ignored, not fatal. The years on offer are those
    of the published documents, read once per content generation."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Document.Kind.choices, empty_label=_("All kinds")
    )
    city = CityFilter(
        label=_("City"),
        cities=City.objects.published().filter(
            Exists(Document.objects.published().filter(city=OuterRef("pk")))
        ),
        choices_key="documents",
    )
    year = django_filters.TypedChoiceFilter(
        label=_("Year"), field_name="date", lookup_expr="year", coerce=int, empty_value=None
    )
    language = django_filters.ChoiceFilter(
        label=_("Available in"),
        choices=DocumentFile.Language.choices,
        empty_label=_("Any language"),
        method="filter_language",
    )

    def __init__(self, data, queryset):
        super().__init__(data, queryset)
        years = remember(
            "documents-years",
            lambda: [
                day.year for day in Document.objects.published().dates("date", "year", order="DESC")
            ],
        )
        self.filters["year"].extra["choices"] = [
            ("", _("All years")),
            *((year, str(year)) for year in years),
        ]

    def filter_language(self, queryset, name, language):
        """The documents with a file in this language."""
        files = DocumentFile.objects.filter(document=OuterRef("pk"), language=language)
        return queryset.filter(Exists(files))
