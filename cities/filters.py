"""The filters of the city list, and the city filter other apps' lists share (meetings,
documents), with django-filter.

A list offers the published cities that have something in it. Up to CITY_SELECT_LIMIT of
them are a select; beyond that (a directory of thousands) the page would weigh too much, so
the city is typed instead: its name in either language, or the name in its address (slug).
The choices are read once per content generation.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from cities.models import City, Region
from icnet.core.cache import remember
from icnet.core.i18n import current_language

# Up to this many cities are offered in a select; beyond it the city is typed.
CITY_SELECT_LIMIT = 200
# Longest text accepted for a typed city (a slug or a name).
CITY_TEXT_LENGTH = 120


def local_value(row: dict, field: str, language: str) -> str:
    """A translated value of a values() row (field_en, field_it…), falling back to Italian."""
    return row.get(f"{field}_{language}") or row.get(f"{field}_it") or ""


def named_city(typed: str):
    """The pk of the published city whose slug is this text, else of one whose name it is
    (in either language, any case): a subquery that reads the names only when no slug fits."""
    cities = City.objects.published().order_by("slug").values("pk")
    by_name = Q()
    for code, _name in settings.LANGUAGES:
        by_name |= Q(**{f"name_{code}__iexact": typed})
    return Coalesce(Subquery(cities.filter(slug=typed)[:1]), Subquery(cities.filter(by_name)[:1]))


def city_choices(
    name: str, cities: QuerySet, typed: str = ""
) -> tuple[list[tuple[int, str, str]] | None, int | None]:
    """The cities a list's filter offers, and the city a typed value names.

    `cities` are the published cities that have something in the list; `name` keys the
    choices, kept per content generation. The first value is a list of (pk, slug, name), by
    name, or None when there are more than CITY_SELECT_LIMIT: the filter is then typed, and
    the second value is the pk of the city the typed text names (see named_city), or None.
    One query at most: the choices when they are not kept yet (with the typed name looked
    up in it), else the typed name.
    """

    typed = typed.strip()
    if len(typed) > CITY_TEXT_LENGTH or "\x00" in typed:
        typed = ""
    fields = ["pk", "slug", *(f"name_{code}" for code, _name in settings.LANGUAGES)]
    matched = []  # the typed city, when the choices are read with it

    def read() -> dict:
        found = cities.order_by()  # no order: the database can stop at the first it finds
        if typed:
            # The typed name is looked up in the same query (the subquery runs once).
            found = found.annotate(match=named_city(typed))
        found = list(found.values(*fields, *(["match"] if typed else []))[: CITY_SELECT_LIMIT + 1])
        if typed and found:
            matched.append(found[0]["match"])
            for row in found:
                del row["match"]
        many = len(found) > CITY_SELECT_LIMIT
        return {"many": many, "cities": [] if many else found}

    rows = remember(f"filter-cities:{name}", read)
    if rows["many"]:
        if not typed:
            return None, None
        if not matched:
            names = City.objects.order_by().annotate(match=named_city(typed))
            matched.append(names.values_list("match", flat=True).first())
        return None, matched[0]
    language = current_language()
    options = [
        (row["pk"], row["slug"], local_value(row, "name", language)) for row in rows["cities"]
    ]
    return sorted(options, key=lambda option: (option[2].casefold(), option[1])), None


class CityChoiceField(forms.ChoiceField):
    """A select of cities, given as (pk, slug, name), by slug; its value is the city's pk."""

    def __init__(self, *, cities, **kwargs):
        self.cities = {slug: pk for pk, slug, _name in cities}
        choices = [("", _("All cities")), *((slug, name) for _pk, slug, name in cities)]
        super().__init__(choices=choices, **kwargs)

    def clean(self, value):
        slug = super().clean(value)
        return self.cities[slug] if slug else None


class TypedCityField(forms.CharField):
    """A city typed by name, in either language, or by address name; its value is the pk of
    the city the text names, found beforehand (see city_choices), or None when none does."""

    # Names are compared without case and address names are lower case: the page cache
    # keys the text in lower case (icnet.core.filters.understood_query).
    case_insensitive = True

    def __init__(self, *, city: int | None, **kwargs):
        self.city = city
        super().__init__(
            max_length=CITY_TEXT_LENGTH,
            help_text=_("The city's name, in Italian or English, or its address name."),
            **kwargs,
        )

    def clean(self, value):
        if not super().clean(value):
            return None
        if self.city is None:
            raise ValidationError(_("No city of the network has this name."), code="unknown")
        return self.city


class CityFilter(django_filters.Filter):
    """A list's city: a select of the published `cities` that have something in the list, or,
    beyond CITY_SELECT_LIMIT of them, a text field. Its value is the chosen city's pk.

    Its field is made when the FilterSet makes its form: with the choices kept under
    `choices_key` (see city_choices), and the city named by the text given for the filter,
    read from the FilterSet's data under the filter's field_name (its name in the query).
    """

    def __init__(self, *, cities: QuerySet, choices_key: str, **kwargs):
        self.cities = cities
        self.choices_key = choices_key
        super().__init__(**kwargs)

    @property
    def field(self):
        if not hasattr(self, "_field"):
            typed = self.parent.data.get(self.field_name, "")
            cities, city = city_choices(self.choices_key, self.cities, typed)
            if cities is None:
                self._field = TypedCityField(label=self.label, city=city, **self.extra)
            else:
                self._field = CityChoiceField(label=self.label, cities=cities, **self.extra)
        return self._field


class CityFilterForm(forms.Form):
    """The form of the city list's filters: its controls are named filter-…, and one whose
    value was not understood points to the note next to it (see cities/list.html)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"

    @property
    def active(self) -> bool:
        """True when some filter narrows the list (or was given and not understood)."""
        return self.is_bound and any(self.data.get(name) for name in self.fields)


class CityFilterSet(django_filters.FilterSet):
    """The filters above the city list and of its map (a GET query): text, region and status.
    A value it cannot use is ignored and reported next to its control; the other filters
    still apply."""

    q = django_filters.CharFilter(
        label=_("Name or province"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        method="filter_text",
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"), choices=Region.choices, empty_label=_("All regions")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=City.Status.choices, empty_label=_("Any status")
    )

    class Meta:
        form = CityFilterForm

    def filter_text(self, queryset, name, text):
        return queryset.matching(text)
