"""Related objects in the back office at the network's scale.

A form or a list filter that lists every city or every meeting grows with the network
(with 10,000 cities a meeting's form weighed over a megabyte). Related fields are searched
instead, through Django's autocomplete, and list filters show a few related objects and a
search box:

- ChoicesAutocompleteJsonView: the autocomplete answers with exactly the choices of the
  requesting form field, so a city editor is offered what the form would accept from them,
  and nothing else.
- RelatedSearchFilter: a list filter on a relation that shows the related objects with the
  most rows, the one chosen, and those matching a search, never all of them.
- SearchedRelationsMixin: the autocomplete selects of an admin prompt "Search: <field>"
  (so the search box has an accessible name) and label the empty choice "---------", as a
  plain select does (an empty option is invalid HTML).
- ListColumnsMixin: a change list loads the columns it shows, not each row's texts and
  search vectors (and those of the related rows it shows a name of).
"""

from __future__ import annotations

from django.contrib.admin import RelatedFieldListFilter
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.db import models
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext


class ChoicesAutocompleteJsonView(AutocompleteJsonView):
    """Autocomplete results that are the requesting field's own choices for this user.

    Django answers anyone who may view the related model with that model admin's queryset.
    Here, when the user may fill the field on its admin's form (they may add or change the
    model, the field is one of its autocomplete fields and is not read-only for them), the
    results are that form field's queryset, from the admin's formfield_for_foreignkey or
    formfield_for_manytomany: a city editor searching the meeting of a document gets the
    meetings they may link it to, and the form accepts exactly those. Any other request
    keeps Django's rule.
    """

    def has_perm(self, request, obj=None):
        self.choices = self._form_choices(request)
        return self.choices is not None or super().has_perm(request, obj)

    def _form_choices(self, request):
        field = self.source_field
        if not isinstance(field, models.ForeignKey | models.ManyToManyField):
            return None
        source_admin = self.admin_site._registry.get(field.model)
        if source_admin is None:
            return None
        may_fill = source_admin.has_add_permission(request) or (
            source_admin.has_change_permission(request)
        )
        if not may_fill or field.name not in source_admin.get_autocomplete_fields(request):
            return None
        if field.name in source_admin.get_readonly_fields(request):
            return None
        if field.many_to_many:
            form_field = source_admin.formfield_for_manytomany(field, request)
        else:
            form_field = source_admin.formfield_for_foreignkey(field, request)
        return getattr(form_field, "queryset", None)

    def get_queryset(self):
        if self.choices is None:
            return super().get_queryset()
        qs = self.choices.complex_filter(self.source_field.get_limit_choices_to())
        qs, distinct = self.model_admin.get_search_results(self.request, qs, self.term)
        if distinct:
            qs = qs.distinct()
        ordering = self.model_admin.get_ordering(self.request)
        return qs.order_by(*ordering) if ordering else qs


class _SearchPrompt:
    """Select2 names its box after what it shows: with nothing chosen, this prompt."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["data-placeholder"] = f"{gettext('Search')}: {self.field.verbose_name}"
        return attrs


class LabelledAutocompleteSelect(_SearchPrompt, AutocompleteSelect):
    """Django's autocomplete select, prompting a search, its empty choice labelled."""

    def create_option(self, name, value, label, *args, **kwargs):
        label = label if label or value not in ("", None) else BLANK_CHOICE_DASH[0][1]
        return super().create_option(name, value, label, *args, **kwargs)


class LabelledAutocompleteSelectMultiple(_SearchPrompt, AutocompleteSelectMultiple):
    """Django's autocomplete multiple select, prompting a search."""


class SearchedRelationsMixin:
    """An admin whose autocomplete selects prompt a search and label the empty choice."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = LabelledAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = LabelledAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class RelatedSearchFilter(RelatedFieldListFilter):
    """A filter by a related object (a city, a meeting) whose choices do not grow.

    It lists the related objects of the admin's own rows (as RelatedOnlyFieldListFilter,
    so a city editor sees only what their rows point to): the `shown` ones with the most
    rows, or, after a search in its box, the first `shown` that match; and the chosen one.
    Its parameters are Django's (`city__id__exact`), so links to a filtered list keep
    working; the search box adds `<field>_q`.
    """

    template = "admin/related_search_filter.html"
    shown = 10

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.search_kwarg = f"{field_path}_q"
        self.kept_parameters: list[tuple[str, str]] = []
        super().__init__(field, request, params, model, model_admin, field_path)

    def expected_parameters(self):
        return [*super().expected_parameters(), self.search_kwarg]

    @property
    def search_term(self) -> str:
        value = self.used_parameters.get(self.search_kwarg) or [""]
        return (value[-1] if isinstance(value, list) else value).strip()

    def has_output(self):
        return True

    def queryset(self, request, queryset):
        term = self.used_parameters.pop(self.search_kwarg, None)
        try:
            return super().queryset(request, queryset)
        finally:
            if term is not None:
                self.used_parameters[self.search_kwarg] = term

    def field_choices(self, field, request, model_admin):
        remote = field.remote_field.model
        remote_admin = model_admin.admin_site._registry.get(remote)
        rows = model_admin.get_queryset(request).prefetch_related(None).order_by()
        in_use = rows.values(self.field_path)
        candidates = remote._default_manager.filter(pk__in=in_use)
        term = self.search_term
        if term and remote_admin is not None and remote_admin.get_search_fields(request):
            found, distinct = remote_admin.get_search_results(request, candidates, term)
            found = found.distinct() if distinct else found
            picked = list(found.values_list("pk", flat=True)[: self.shown])
        else:
            busiest = (
                rows.filter(**{f"{self.field_path}__isnull": False})
                .values(self.field_path)
                .annotate(total=models.Count("pk", distinct=True))
                .order_by("-total", self.field_path)[: self.shown]
            )
            picked = [row[self.field_path] for row in busiest]
        chosen = [value for value in (self.lookup_val or []) if str(value).isdigit()]
        wanted = models.Q(pk__in=picked)
        if chosen:
            wanted |= models.Q(pk__in=candidates.filter(pk__in=chosen).values("pk"))
        objects = remote._default_manager.filter(wanted).in_bulk()
        order = [*picked, *(int(value) for value in chosen)]
        seen, choices = set(), []
        for pk in order:
            if pk in objects and pk not in seen:
                seen.add(pk)
                choices.append((pk, str(objects[pk])))
        return choices

    def choices(self, changelist):
        self.kept_parameters = [
            (name, value)
            for name, values in changelist.filter_params.items()
            if name != self.search_kwarg
            for value in values
        ]
        yield from super().choices(changelist)


class ListColumnsMixin:
    """A change list that loads only `list_only`: the fields its columns show.

    The rows of a list carry their rich texts, both languages and their search vectors;
    the related city of each row does too. Only the page of rows shown is narrowed, after
    the filters and the search ran, so actions, list_editable saves and change forms still
    get whole objects. Name every field the columns read (a translated field by its plain
    name), or each row pays a query for the missing one: the admin tests count them.
    """

    list_only: tuple[str, ...] = ()

    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)
        only = self.list_only
        if not only:
            return changelist

        class ColumnsChangeList(changelist):
            def get_results(self, request):
                self.queryset = self.queryset.only(*only)
                super().get_results(request)

        return ColumnsChangeList
