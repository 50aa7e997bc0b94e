"""What the public lists' filters share: a django-filter FilterSet that names what it ignored.

A list's filters come from a GET query anyone can write. django-filter filters with the
values its form could clean and leaves the others out; the list then says which filters it
ignored, by their labels, instead of answering with an error.
"""

import django_filters
from django import forms

from icnet.core.page_cache import Understood


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


def understood_query(filterset: django_filters.FilterSet, *extra: tuple[str, str]) -> Understood:
    """The page cache's view of a list's query (see icnet.core.page_cache.page_query): the
    filters given with values the FilterSet can use, in its form's order, then `extra` (the
    page number). A filter whose value it cannot use is reported on the page: the query is
    then the filters given, as they were, and the page is not stored."""
    form = filterset.form
    errors = form.errors if filterset.is_bound else {}
    cleaned = getattr(form, "cleaned_data", {})
    given, pairs = [], []
    for name, field in form.fields.items():
        raw = filterset.data.get(name, "") if filterset.is_bound else ""
        if not isinstance(raw, str) or not raw.strip():
            continue
        given.append((name, raw))
        value = cleaned.get(name)
        if name in errors or value in (None, ""):
            continue
        # A number in its usual spelling (year=02020 is year=2020); a text its field reads
        # without case (a typed city) in lower case; other values as given, as they must be
        # to mean the same (a city's address name, a choice's key).
        if isinstance(field, forms.IntegerField):
            pairs.append((name, str(value)))
        elif getattr(field, "case_insensitive", False):
            pairs.append((name, raw.strip().lower()))
        else:
            pairs.append((name, raw.strip()))
    if any(name in errors for name, _raw in given):
        return Understood([*given, *extra], reported=True)
    return Understood([*pairs, *extra])
