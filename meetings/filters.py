"""The filters of the meetings list: kind, theme, city and year, all optional (django-filter)."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from cities.filters import CityFilter
from cities.models import City, Theme
from icnet.core.filters import ListFilterSet
from meetings import listing
from meetings.models import Meeting


class YearFilter(django_filters.Filter):
    """A year, as a whole number."""

    field_class = forms.IntegerField


class MeetingFilterSet(ListFilterSet):
    """A GET query; a value it does not know is dropped with a message, never an error page.

    Its choices are read with as few queries as it can: the themes (given: Theme instances
    marked has_meetings, see listing.theme_options), the cities (see CityFilter) and, once
    the other filters are understood, the counts of their meetings by year (year_counts),
    whose years are the year's choices.
    """

    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=Meeting.Kind.choices,
        empty_label=_("All kinds"),
        method="filter_by",
    )
    theme = django_filters.ChoiceFilter(
        label=_("Theme"), empty_label=_("All themes"), method="filter_by"
    )
    city = CityFilter(
        label=_("City (host or participant)"),
        cities=City.objects.published().filter(
            Exists(Meeting.objects.published().filter(host_city=OuterRef("pk")))
            | Exists(Meeting.objects.published().filter(participants=OuterRef("pk")))
        ),
        choices_key="meetings",
        method="filter_by",
    )
    year = YearFilter(
        label=_("Year"),
        field_name="start_date",
        lookup_expr="year",
        min_value=1900,
        max_value=2999,
        widget=forms.Select,
    )

    def __init__(self, data, queryset, *, themes: list[Theme], today: datetime.date):
        super().__init__(data, queryset)
        themes = [theme for theme in themes if theme.has_meetings]
        self.themes = {theme.slug: theme.pk for theme in themes}
        self.filters["theme"].extra["choices"] = [(theme.slug, theme.name) for theme in themes]
        self.year_counts = self.count_years(today)

    def count_years(self, today: datetime.date) -> list[dict]:
        """The counts by year of the meetings the other filters leave (see
        listing.year_counts); their years become the year's choices, and a chosen year that
        is not one of them is dropped with a message."""
        others = {name: value for name, value in self.chosen.items() if name != "year"}
        condition = Q()
        for name, value in others.items():
            condition &= self.condition(name, value)
        key = "&".join(f"{name}={value}" for name, value in others.items())
        counts = listing.year_counts(condition, key, today)
        years = [row["year"] for row in counts]
        self.form.fields["year"].widget.choices = [
            ("", _("All years")),
            *((year, str(year)) for year in years),
        ]
        year = self.chosen.get("year")
        if year is not None and year not in years:
            self.form.add_error("year", ValidationError(_("No meeting in this year."), code="year"))
        return counts

    def filter_by(self, queryset, name, value):
        """The meetings of the queryset that the filter `name` leaves (see condition)."""
        return queryset.filter(self.condition(name, value))

    def condition(self, name: str, value) -> Q:
        """The meetings a filter other than the year leaves, as a condition.

        A condition rather than a queryset so that the counts by year count with it: counting
        instead the meetings of a filtered queryset (a subquery) took twice as long with
        20,000 meetings on PostgreSQL.
        """
        if name == "kind":
            return Q(kind=value)
        if name == "theme":
            on_theme = Meeting.themes.through.objects.filter(theme_id=self.themes[value])
            return Q(pk__in=on_theme.values("meeting_id"))
        # The city, host or participant: one list of keys, so the database can read both
        # sides through their indexes.
        hosted = Meeting.objects.filter(host_city_id=value).order_by().values("pk")
        attended = Meeting.participants.through.objects.filter(city_id=value).values("meeting_id")
        return Q(pk__in=hosted.union(attended))
