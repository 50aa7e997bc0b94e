"""What the public lists' filters share: a django-filter FilterSet that names what it ignored.

A list's filters come from a GET query anyone can write. django-filter filters with the
values its form could clean and leaves the others out; the list then says which filters it
ignored, by their labels, instead of answering with an error.
"""

import django_filters


class ListFilterSet(django_filters.FilterSet):
    """The filters of a public list, whose unknown values are ignored, never fatal."""

    @property
    def chosen(self) -> dict:
        """The filters that were understood and given, with their cleaned values."""
        if not self.is_bound:
            return {}
        self.is_valid()  # cleans the form, once
        cleaned = self.form.cleaned_data
        return {name: value for name, value in cleaned.items() if value not in (None, "")}

    @property
    def ignored(self) -> list[str]:
        """The labels of the filters whose values were not understood, in the form's order."""
        errors = self.form.errors
        return [str(field.label) for name, field in self.form.fields.items() if name in errors]
