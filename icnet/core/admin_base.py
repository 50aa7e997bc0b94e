"""Pieces every admin of the site is built from.

- NonceMediaMixin: widget scripts carry the request's CSP nonce.
- HistoryMixin: every change is a revision (django-reversion) with who and when; a deletion
  first records the object as it was, so staff can restore it with its children. Only
  network staff restore; city editors may read the history only of objects they may change.
- ConflictGuardMixin: a change form remembers what the object looked like when it was opened;
  if someone else saved it meanwhile, the save is refused and the changes are listed.
- AgreeingMessagesMixin: the admin's messages agree with each model's noun (see grammar.py);
  the admin site adds it to every model admin, the packages' ones included.
"""

from __future__ import annotations

import datetime
import decimal
import json
import re
from urllib.parse import quote as urlquote

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth.models import Permission
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.dispatch import Signal
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from js_asset import Media
from modeltranslation.admin import TabbedTranslationAdmin
from reversion import create_revision, is_active, set_comment, set_user
from reversion.admin import VersionAdmin
from reversion.revisions import add_to_revision

from icnet.core import grammar, history
from icnet.core.admin_related import SearchedRelationsMixin
from icnet.core.richtext import plain_text
from icnet.core.roles import STAFF_APPS, is_network_staff


class AgreeingInlineFormSet(helpers.InlineAdminFormSet):
    """An inline whose "Add another …" link agrees with its noun."""

    def inline_formset_data(self):
        data = json.loads(super().inline_formset_data())
        data["options"]["addText"] = grammar.add_another(self.opts.model, self.opts.verbose_name)
        return json.dumps(data)


class AgreeingMessagesMixin:
    """The admin's messages about an object, in words that agree with its noun.

    Django words each message once for every model ("The {name} … was changed"); this mixin
    lets Django decide which message a response needs, and says it with the model's own
    message from icnet.core.grammar instead.
    """

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        replace = getattr(request, "_agreeing_message", None)
        if replace is not None and level == messages.SUCCESS:
            request._agreeing_message = None
            message = replace(message)
        return super().message_user(request, message, level, *args, **kwargs)

    def _object_link(self, request, obj):
        if not self.has_change_permission(request, obj):
            return str(obj)
        opts = obj._meta
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=(quote(obj.pk),),
            current_app=self.admin_site.name,
        )
        return format_html('<a href="{}">{}</a>', urlquote(url), obj)

    def _saved_message(self, request, obj, add: bool):
        link = self._object_link(request, obj)
        said = grammar.added(self.model, link) if add else grammar.changed(self.model, link)
        if "_saveasnew" in request.POST:
            said = grammar.added(self.model, link)
        if "_continue" in request.POST or "_saveasnew" in request.POST:
            return format_html("{} {}", said, grammar.edit_again(self.model))
        if "_addanother" in request.POST:
            return format_html("{} {}", said, grammar.add_another_below(self.model))
        return said

    def _saying(self, request, replace, call):
        request._agreeing_message = replace
        try:
            return call()
        finally:
            request._agreeing_message = None

    def response_add(self, request, obj, post_url_continue=None):
        return self._saying(
            request,
            lambda message: self._saved_message(request, obj, add=True),
            lambda: super(AgreeingMessagesMixin, self).response_add(
                request, obj, post_url_continue
            ),
        )

    def response_change(self, request, obj):
        return self._saying(
            request,
            lambda message: self._saved_message(request, obj, add=False),
            lambda: super(AgreeingMessagesMixin, self).response_change(request, obj),
        )

    def response_delete(self, request, obj_display, obj_id):
        return self._saying(
            request,
            lambda message: grammar.deleted(self.model, obj_display),
            lambda: super(AgreeingMessagesMixin, self).response_delete(
                request, obj_display, obj_id
            ),
        )

    def changelist_view(self, request, extra_context=None):
        def replace(message):
            # Django's message starts with how many rows the list's own form changed.
            found = re.search(r"\d+", str(message))
            return grammar.many_changed(self.model, int(found.group())) if found else message

        if request.method == "POST" and "_save" in request.POST:
            request._agreeing_message = replace
        try:
            return super().changelist_view(request, extra_context)
        finally:
            request._agreeing_message = None

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            func, name, description = actions["delete_selected"]

            def delete_selected(modeladmin, request, queryset):
                count = queryset.count()
                return self._saying(
                    request,
                    lambda message: grammar.many_deleted(self.model, count),
                    lambda: func(modeladmin, request, queryset),
                )

            actions["delete_selected"] = (delete_selected, name, description)
        return actions

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_admin_formsets = super().get_inline_formsets(
            request, formsets, inline_instances, obj
        )
        for inline_admin_formset in inline_admin_formsets:
            if type(inline_admin_formset) is helpers.InlineAdminFormSet:
                inline_admin_formset.__class__ = AgreeingInlineFormSet
        return inline_admin_formsets

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.related_model is Permission:
            # Only the permissions of what staff run: not those of the framework's own
            # records (content types, sessions, thumbnails), which no role is given.
            field.queryset = field.queryset.filter(content_type__app_label__in=STAFF_APPS)
            field.label_from_instance = grammar.permission_label
        return field

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        self.message_user(
            request, grammar.does_not_exist(self.model, unquote(object_id)), messages.WARNING
        )
        return HttpResponseRedirect(reverse("admin:index", current_app=self.admin_site.name))


class NonceMediaMixin:
    """Give the inline scripts of form widgets (the prose editor's import map) the request's
    CSP nonce, so the admin works without 'unsafe-inline'."""

    def render_change_form(self, request, context, *args, **kwargs):
        media = context.get("media")
        if media is not None:
            context["media"] = Media.from_media(media, nonce=str(request.csp_nonce))
        return super().render_change_form(request, context, *args, **kwargs)


class HistoryMixin(VersionAdmin):
    """Revisions for every change and deletion; restoring is for network staff only.

    A revision's comment is the change message as data (icnet.core.history), so the
    history reads in its reader's language and never names internal fields."""

    history_latest_first = True
    object_history_template = "admin/icnet_object_history.html"

    def construct_change_message(self, request, form, formsets, add):
        message = [{"added": {}}] if add else []
        fields = history.field_keys(self.model, form.changed_data, form)
        if not add and fields:
            message.append({"changed": {"fields": fields}})
        with translation.override(None):
            for formset in formsets or []:
                for added in formset.new_objects:
                    message.append(
                        {"added": {"name": str(added._meta.verbose_name), "object": str(added)}}
                    )
                for changed, names in formset.changed_objects:
                    keys = history.field_keys(type(changed), names, formset.forms[0])
                    if keys:
                        message.append(
                            {
                                "changed": {
                                    "name": str(changed._meta.verbose_name),
                                    "object": str(changed),
                                    "fields": keys,
                                }
                            }
                        )
                for deleted in formset.deleted_objects:
                    message.append(
                        {
                            "deleted": {
                                "name": str(deleted._meta.verbose_name),
                                "object": str(deleted),
                            }
                        }
                    )
        return message

    def _comment_as_data(self, entry):
        if is_active():
            set_comment(entry.change_message)
        return entry

    # What each save changed, value by value, for whoever listens to admin_change_saved
    # (the site mails network staff what city editors change).

    def _note_change(self, request, obj, action: str, before: dict | None) -> None:
        after = snapshot(obj) if action != "deleted" else None
        changes = value_changes(type(obj), before or {}, after or {}, action)
        if action == "changed" and not changes:
            return
        notes = request.__dict__.setdefault("_admin_changes", [])
        notes.append({"object": obj, "action": action, "changes": changes})

    def _stored(self, obj):
        if obj.pk is None:
            return None
        stored = type(obj)._default_manager.filter(pk=obj.pk).first()
        return snapshot(stored) if stored is not None else None

    def save_model(self, request, obj, form, change):
        before = self._stored(obj) if change else None
        super().save_model(request, obj, form, change)
        self._note_change(request, obj, "changed" if before is not None else "added", before)

    def save_formset(self, request, form, formset, change):
        befores = {
            id(inline_form): self._stored(inline_form.instance)
            for inline_form in formset.forms
            if inline_form.instance.pk is not None
        }
        deleted = [
            (inline_form.instance, befores.get(id(inline_form)))
            for inline_form in formset.deleted_forms
            if inline_form.instance.pk is not None
        ]
        super().save_formset(request, form, formset, change)
        for instance, before in deleted:
            self._note_change(request, instance, "deleted", before)
        for instance in formset.new_objects:
            self._note_change(request, instance, "added", None)
        changed = {id(instance) for instance, _names in formset.changed_objects}
        for inline_form in formset.forms:
            if id(inline_form.instance) in changed:
                before = befores.get(id(inline_form))
                self._note_change(request, inline_form.instance, "changed", before)

    def _send_changes(self, request, obj) -> None:
        notes = request.__dict__.pop("_admin_changes", [])
        if notes:
            admin_change_saved.send(type(self), request=request, obj=obj, changes=notes)

    def log_addition(self, request, obj, message):
        entry = self._comment_as_data(super().log_addition(request, obj, message))
        self._send_changes(request, obj)
        return entry

    def log_change(self, request, obj, message):
        entry = self._comment_as_data(super().log_change(request, obj, message))
        self._send_changes(request, obj)
        return entry

    def _record_before_delete(self, request, objects) -> None:
        with create_revision():
            set_user(request.user)
            set_comment(gettext_noop("Deleted"))  # translated when the history is read
            for obj in objects:
                add_to_revision(obj)

    def delete_model(self, request, obj):
        self._record_before_delete(request, [obj])
        before = self._stored(obj)
        super().delete_model(request, obj)
        self._note_change(request, obj, "deleted", before)
        self._send_changes(request, obj)

    def delete_queryset(self, request, queryset):
        objects = list(queryset)
        self._record_before_delete(request, objects)
        befores = [(obj, snapshot(obj)) for obj in objects]
        super().delete_queryset(request, queryset)
        for obj, before in befores:
            self._note_change(request, obj, "deleted", before)
            self._send_changes(request, obj)

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
        response = super().history_view(request, object_id, extra_context)
        for action in getattr(response, "context_data", {}).get("action_list", []):
            action["comment"] = history.describe(action["revision"].comment)
        return response


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


def value_changes(model, before: dict, after: dict, action: str) -> list[dict]:
    """Field by field, what a save changed: [{"field": attname, "before": …, "after": …}],
    with values as plain data (rich text as its words, a related object as its name).
    A translated field counts once per language, not again as its untranslated twin."""
    changes = []
    fields = model._meta.concrete_fields
    translated = {
        f.translated_field.attname for f in fields if getattr(f, "translated_field", None)
    }
    for field in fields:
        name = field.attname
        if name in translated or (name not in before and name not in after):
            continue
        old, new = before.get(name), after.get(name)
        if old in (None, "") and new in (None, ""):
            continue
        if action == "changed" and old == new:
            continue
        changes.append(
            {"field": name, "before": _readable(field, old), "after": _readable(field, new)}
        )
    return changes


def _readable(field, value):
    if value in (None, ""):
        return ""
    if field.is_relation and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if isinstance(value, str) and "<" in value:
        return plain_text(value)
    return value


# Sent after each save in the back office, with what the save changed (see HistoryMixin).
admin_change_saved = Signal()


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
    AgreeingMessagesMixin,
    NonceMediaMixin,
    SearchedRelationsMixin,
    ConflictGuardMixin,
    HistoryMixin,
    TabbedTranslationAdmin,
):
    """An admin with Italian and English as tabs, history, restore and conflict protection."""


class RecordedAdmin(
    AgreeingMessagesMixin, NonceMediaMixin, SearchedRelationsMixin, ConflictGuardMixin, HistoryMixin
):
    """History, restore and conflict protection for a model with no translated fields."""
