"""The filters of the meetings list (kind, theme, city and year, all optional), and the
registration form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cities.filters import CityFilterMixin
from cities.models import City
from meetings.models import Meeting, Registration


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


class RegistrationForm(forms.ModelForm):
    """The public registration form: what is needed to organise the meeting, nothing more."""

    city = forms.ModelChoiceField(
        label=_("Member city"),
        queryset=City.objects.none(),
        required=False,
        empty_label=_("None: I write my organisation below"),
        help_text=_("If you come for a member city of the network."),
    )
    consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice on this page and agree that these data are used "
            "to organise this meeting."
        ),
        error_messages={"required": _("Registration needs your consent to the privacy notice.")},
    )
    # A field people never see (the wrapper is hidden); automated form fillers fill it.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    class Meta:
        model = Registration
        fields = [
            "name",
            "email",
            "city",
            "organisation",
            "role",
            "attendance",
            "accessibility_needs",
        ]
        labels = {
            "name": _("Name and surname"),
            "email": _("E-mail address"),
            "organisation": _("Organisation"),
            "role": _("Role"),
            "attendance": _("How you will attend"),
            "accessibility_needs": _("Accessibility needs"),
        }
        help_texts = {
            "email": _("We send the link that confirms your registration to this address."),
            "organisation": _("If you do not come for a member city: your organisation."),
            "role": _("For example: alderman, municipal officer, researcher."),
            "accessibility_needs": _(
                "Optional. Anything that would help you take part: access, interpreting, "
                "diet, materials."
            ),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "attendance": forms.RadioSelect,
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["city"].queryset = (
            City.objects.published().filter(status=City.Status.MEMBER).by_local_name()
        )
        for name in ("name", "email", "role"):
            self.fields[name].required = True
        attendance = self.fields["attendance"]
        attendance.choices = meeting.attendance_choices()
        attendance.initial = attendance.choices[0][0]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        if not data.get("city") and not (data.get("organisation") or "").strip():
            self.add_error(
                "organisation", _("Choose your member city, or write your organisation.")
            )
        return data
