"""Forms of the cities app: the public list's filters and the back office's city form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cities.models import City, CityQuerySet, Region


class CityFilterForm(forms.Form):
    """The filters above the city list (a GET form). A value it cannot use is ignored and
    reported next to its control; the other filters still apply."""

    q = forms.CharField(
        label=_("Name or province"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    region = forms.ChoiceField(
        label=_("Region"), choices=[("", _("All regions")), *Region.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *City.Status.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        self.use_required_attribute = False

    def filter(self, queryset: CityQuerySet) -> CityQuerySet:
        """Apply the filters that hold a usable value."""
        if not self.is_bound:
            return queryset
        self.is_valid()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"
        data = self.cleaned_data
        if data.get("q"):
            queryset = queryset.matching(data["q"])
        if data.get("region"):
            queryset = queryset.filter(region=data["region"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        return queryset

    @property
    def active(self) -> bool:
        """True when some filter narrows the list (or was given and not understood)."""
        return self.is_bound and any(self.data.get(name) for name in self.fields)


# The same words as the project's image validator, for what the form field refuses first.
IMAGE_REFUSED = _("This file is not an image we can use. Upload a JPEG, PNG, GIF or WebP picture.")
