"""The one place that confines a city editor to their own cities in the back office."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.text import get_text_list
from django.utils.translation import gettext, pgettext

from cities.models import City
from icnet.core.grammar import gender_of
from icnet.core.roles import is_network_staff


def managed_cities(user) -> str:
    """The names of the cities this account edits, as words: "Reggio Emilia e Fermo"."""
    names = [city.name for city in City.objects.editable_by(user).order_by("name")]
    return get_text_list(names, gettext("and"))


def refusal_message(user, model=None) -> str:
    """Why an editor is refused a page, naming only their own cities."""
    cities = managed_cities(user)
    if model is not None and cities:
        name = str(model._meta.verbose_name)
        return pgettext(
            gender_of(model), "You cannot edit this {name}: your account manages {cities}."
        ).format(name=name, cities=cities)
    if cities:
        return gettext("You cannot open this page: your account manages {cities}.").format(
            cities=cities
        )
    return gettext("You cannot open this page with your account.")


class CityScopedAdminMixin:
    """Confines city editors to their own cities' objects; staff see everything.

    `city_path` is the lookup from the model to its City ("" for City itself). Editors
    see only their cities' rows, cannot choose another city, cannot change the fields in
    `editor_readonly_fields`, and cannot delete when `editor_can_delete` is False. The
    server refuses, not only hides: querysets, object permissions and form choices all
    come from here.
    """

    city_path = "city"
    editor_readonly_fields: tuple[str, ...] = ()
    editor_can_delete = True
    editor_city_required = True

    def _editor_filter(self, request) -> dict:
        prefix = f"{self.city_path}__" if self.city_path else ""
        return {f"{prefix}editors": request.user}

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_network_staff(request.user):
            return qs
        return qs.filter(**self._editor_filter(request)).distinct()

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # An editor asking for an object out of reach (another city's, or none at all) is
        # refused with a page saying what their account manages; whether the object
        # exists is not told.
        if not is_network_staff(request.user):
            raise PermissionDenied(refusal_message(request.user, self.model))
        return super()._get_obj_does_not_exist_redirect(request, opts, object_id)

    def _owns(self, request, obj) -> bool:
        if is_network_staff(request.user):
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or self._owns(request, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._owns(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if not allowed:
            return False
        if not is_network_staff(request.user):
            if not self.editor_can_delete:
                return False
            return obj is None or self._owns(request, obj)
        return True

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not is_network_staff(request.user):
            fields += [f for f in self.editor_readonly_fields if f not in fields]
        return fields

    def get_autocomplete_fields(self, request):
        # An editor chooses among their own few cities in a plain list.
        fields = super().get_autocomplete_fields(request)
        if is_network_staff(request.user):
            return fields
        return [name for name in fields if name != self.city_path]

    def get_prepopulated_fields(self, request, obj=None):
        fields = super().get_prepopulated_fields(request, obj)
        if is_network_staff(request.user):
            return fields
        readonly = set(self.get_readonly_fields(request, obj))
        return {name: sources for name, sources in fields.items() if name not in readonly}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not is_network_staff(request.user) and db_field.remote_field.model is City:
            kwargs["queryset"] = City.objects.editable_by(request.user)
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            if field is not None and self.editor_city_required:
                field.required = True
                cities = list(kwargs["queryset"][:2])
                if len(cities) == 1:
                    field.initial = cities[0].pk
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
