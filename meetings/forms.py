"""The public registration form of a meeting."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cities.models import City
from meetings.models import Meeting, Registration


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
