"""Pieces every admin of the site is built from.

- NonceMediaMixin: widget scripts carry the request's CSP nonce.
- HistoryMixin: every change is a revision (django-reversion) with who and when; a deletion
  first records the object as it was, so staff can restore it with its children. Only
  network staff restore; city editors may read the history only of objects they may change.
- ConflictGuardMixin: a change form remembers what the object looked like when it was opened;
  if someone else saved it meanwhile, the save is refused and the changes are listed.
"""

from __future__ import annotations

import datetime
import decimal

from django import forms
from django.contrib.admin.utils import unquote
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from js_asset import Media
from modeltranslation.admin import TabbedTranslationAdmin
from reversion import create_revision, set_comment, set_user
from reversion.admin import VersionAdmin
from reversion.revisions import add_to_revision

from icnet.core.admin_related import SearchedRelationsMixin
from icnet.core.roles import is_network_staff


class NonceMediaMixin:
    """Give the inline scripts of form widgets (the prose editor's import map) the request's
    CSP nonce, so the admin works without 'unsafe-inline'."""

    def render_change_form(self, request, context, *args, **kwargs):
        media = context.get("media")
        if media is not None:
            context["media"] = Media.from_media(media, nonce=str(request.csp_nonce))
        return super().render_change_form(request, context, *args, **kwargs)


class HistoryMixin(VersionAdmin):
    """Revisions for every change and deletion; restoring is for network staff only."""

    history_latest_first = True

    def _record_before_delete(self, request, objects) -> None:
        with create_revision():
            set_user(request.user)
            set_comment(gettext("Deleted"))
            for obj in objects:
                add_to_revision(obj)

    def delete_model(self, request, obj):
        self._record_before_delete(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._record_before_delete(request, list(queryset))
        super().delete_queryset(request, queryset)

    def _require_staff(self, request):
        if not is_network_staff(request.user):
            raise PermissionDenied

    def recoverlist_view(self, request, extra_context=None):
        self._require_staff(request)
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        self._require_staff(request)
        return super().recover_view(request, version_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        self._require_staff(request)
        return super().revision_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        # Who changed what and when is for staff, and for editors only about the objects
        # they may change themselves: reading a model is not enough (themes, say).
        if not is_network_staff(request.user):
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_view(request, object_id, extra_context)


def _snapshot_value(value):
    if isinstance(value, datetime.datetime | datetime.date | decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "name") and hasattr(value, "storage"):  # files
        return value.name or ""
    return value


def snapshot(obj) -> dict:
    """The editable values of an object, as plain data for comparing two moments."""
    data = {}
    for field in obj._meta.concrete_fields:
        automatic = isinstance(field, models.DateTimeField) and (
            field.auto_now or field.auto_now_add
        )
        if field.primary_key or automatic or not field.editable:
            continue
        data[field.attname] = _snapshot_value(getattr(obj, field.attname))
    return data


class ConflictGuardForm(forms.ModelForm):
    """Refuses to save over changes someone else made after this form was opened."""

    edit_guard = forms.CharField(widget=forms.HiddenInput, required=False)
    SALT = "icnet.admin.conflict"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_guard"].initial = signing.dumps(
                snapshot(self.instance), salt=self.SALT, compress=True
            )

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        try:
            loaded = signing.loads(self.data.get("edit_guard", ""), salt=self.SALT)
        except signing.BadSignature:
            raise ValidationError(
                _("This form is out of date. Reload the page and make your changes again."),
                code="stale_form",
            ) from None
        current_obj = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
        if current_obj is None:
            raise ValidationError(
                _("Someone deleted this object while you were editing it."), code="deleted"
            )
        current = snapshot(current_obj)
        changed = [name for name, value in current.items() if loaded.get(name) != value]
        if changed:
            opts = self.instance._meta
            lines = []
            for attname in changed:
                field = next(f for f in opts.concrete_fields if f.attname == attname)
                before = Truncator(str(loaded.get(attname) or "—")).chars(60)
                after = Truncator(str(current[attname] or "—")).chars(60)
                lines.append(f"{field.verbose_name}: “{before}” → “{after}”")
            raise ValidationError(
                _(
                    "Someone else saved this object while you were editing it, so your "
                    "changes were not saved. What changed meanwhile: %(changes)s. Copy what "
                    "you need, reload the page and make your changes again."
                ),
                code="edit_conflict",
                params={"changes": "; ".join(lines)},
            )
        return cleaned


class ConflictGuardMixin:
    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            base = kwargs.get("form", self.form)
            if not issubclass(base, ConflictGuardForm):
                kwargs["form"] = type(base.__name__, (ConflictGuardForm, base), {})
        return super().get_form(request, obj, change=change, **kwargs)


class TranslatedAdmin(
    NonceMediaMixin,
    SearchedRelationsMixin,
    ConflictGuardMixin,
    HistoryMixin,
    TabbedTranslationAdmin,
):
    """An admin with Italian and English as tabs, history, restore and conflict protection."""


class RecordedAdmin(NonceMediaMixin, SearchedRelationsMixin, ConflictGuardMixin, HistoryMixin):
    """History, restore and conflict protection for a model with no translated fields."""
