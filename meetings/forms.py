"""The filters of the meetings list: kind, theme and city, all optional."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cities.models import City, Theme
from meetings.models import Meeting


class MeetingFilterForm(forms.Form):
    """A GET form; a value it does not know is dropped with a message, never an error page."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Meeting.Kind.choices],
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        required=False,
        queryset=Theme.objects.none(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )
    city = forms.ModelChoiceField(
        label=_("City (host or participant)"),
        required=False,
        queryset=City.objects.none(),
        to_field_name="slug",
        empty_label=_("All cities"),
    )

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        meetings = meetings if meetings is not None else Meeting.objects.published()
        # Offer only what leads somewhere: themes and cities of published meetings.
        self.fields["theme"].queryset = Theme.objects.filter(
            meetings__in=meetings.values("pk")
        ).distinct()
        self.fields["city"].queryset = (
            City.objects.published()
            .filter(
                Q(hosted_meetings__in=meetings.values("pk"))
                | Q(meetings_attended__in=meetings.values("pk"))
            )
            .distinct()
        )

    def filter(self, meetings):
        """Apply the valid filters; invalid ones are left out (see ignored_fields)."""
        data = getattr(self, "cleaned_data", {})
        if data.get("kind"):
            meetings = meetings.filter(kind=data["kind"])
        if data.get("theme"):
            meetings = meetings.filter(themes=data["theme"])
        if data.get("city"):
            city = data["city"]
            meetings = meetings.filter(Q(host_city=city) | Q(participants=city))
        return meetings.distinct() if data.get("theme") or data.get("city") else meetings

    def ignored_fields(self) -> list[str]:
        """The labels of the filters whose value was not recognised."""
        if not self.is_bound:
            return []
        self.is_valid()
        return [str(self.fields[name].label) for name in self.errors]

    def active(self) -> bool:
        return self.is_bound and any(self.cleaned_data.get(name) for name in self.fields)
