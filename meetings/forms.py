"""The filters of the meetings list: kind, theme, city and year, all optional."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cities.filters import CityFilterMixin
from meetings.models import Meeting


class MeetingFilterForm(CityFilterMixin, forms.Form):
    """A GET form; a value it does not know is dropped with a message, never an error page.

    The choices come from the view, which reads them with as few queries as it can:
    themes (Theme instances with meetings), cities (a list of (pk, slug, name), or None when
    there are too many to list and the city is typed instead, found by the view as
    matched_city), and, once counted, the years with meetings (set_years).
    """

    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Meeting.Kind.choices],
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    city = forms.ChoiceField(label=_("City (host or participant)"), required=False)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1900,
        max_value=2999,
        widget=forms.Select,
    )

    def __init__(self, data=None, *, themes=(), cities=None, matched_city=None):
        super().__init__(data)
        self._themes = {theme.slug: theme.pk for theme in themes}
        self.fields["theme"].choices = [
            ("", _("All themes")),
            *((theme.slug, theme.name) for theme in themes),
        ]
        self.set_city_choices(
            _("City (host or participant)"), cities, matched_city, _("All cities")
        )
        self.fields["year"].widget.choices = [("", _("All years"))]

    def clean_theme(self):
        slug = self.cleaned_data.get("theme")
        return self._themes.get(slug) if slug else None

    def set_years(self, years: list[int]) -> None:
        """Offer these years, and drop a chosen year that is not one of them."""
        self.fields["year"].widget.choices = [
            ("", _("All years")),
            *((year, str(year)) for year in years),
        ]
        if not self.is_bound:
            return
        self.is_valid()
        year = self.cleaned_data.get("year")
        if year is not None and year not in years:
            self.add_error("year", ValidationError(_("No meeting in this year."), code="year"))

    def chosen(self) -> dict:
        """The filters that were understood: kind, theme (pk), city (pk) and year."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in self.fields if data.get(name) not in (None, "")}

    def ignored_fields(self) -> list[str]:
        """The labels of the filters whose value was not recognised, in the form's order."""
        if not self.is_bound:
            return []
        self.is_valid()
        return [str(field.label) for name, field in self.fields.items() if name in self.errors]
