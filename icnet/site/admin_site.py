"""The back office's admin site: translated titles, the translation status page, a
"view on site" shortcut that shows an editor only what the back office shows them, a home
page that puts a city editor's own city first (and shows staff what editors changed), each
account's preferences, and the styled refusal page."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from cities.admin_scope import refusal_message
from cities.models import City
from cities.services import profile_completeness
from icnet.core import history
from icnet.core.admin_base import AgreeingMessagesMixin
from icnet.core.admin_related import ChoicesAutocompleteJsonView
from icnet.core.roles import EDITOR_GROUP, is_network_staff
from icnet.site.models import AccountPreference

LANGUAGES = ("it", "en")
LISTED_PER_MODEL = 200
RECENT_EDITOR_CHANGES = 10


def refusal_response(request, exception=None):
    """The back office's 403: what the account may not do, in the admin's language, and a
    way back to what it manages; nothing of the refused object."""
    user = request.user
    message = str(exception or "")
    if not message:
        message = (
            gettext("You cannot open this page with your account.")
            if is_network_staff(user)
            else refusal_message(user)
        )
    cities = [] if is_network_staff(user) else list(City.objects.editable_by(user))
    context = {
        **admin.site.each_context(request),
        "title": gettext("Not allowed"),
        "message": message,
        "cities": [(city, reverse("admin:cities_city_change", args=[city.pk])) for city in cities],
    }
    return render(request, "admin/refused.html", context, status=403)


def city_card(city: City) -> dict:
    """What a city editor's home page shows about one of their cities."""
    version = (
        Version.objects.get_for_object(city)
        .select_related("revision__user")
        .order_by("-revision__date_created")
        .first()
    )
    public = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            public.append({"code": code, "name": name, "url": city.get_absolute_url()})
    return {
        "city": city,
        "change_url": reverse("admin:cities_city_change", args=[city.pk]),
        "history_url": reverse("admin:cities_city_history", args=[city.pk]),
        "activities_url": reverse("admin:cities_activity_changelist")
        + f"?city__id__exact={city.pk}",
        "add_activity_url": reverse("admin:cities_activity_add") + f"?city={city.pk}",
        "completeness": profile_completeness(city),
        "last_change": version.revision if version else None,
        "public": public,
    }


def recent_editor_changes(limit: int = RECENT_EDITOR_CHANGES) -> list[dict]:
    """The latest saves by city editors, newest first, for staff's home page."""
    entries = (
        LogEntry.objects.filter(user__groups__name=EDITOR_GROUP)
        .select_related("user", "content_type")
        .order_by("-action_time", "-pk")[:limit]
    )
    rows = []
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type else None
        url = ""
        if model is not None and model in admin.site._registry and not entry.is_deletion():
            try:
                url = reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_history",
                    args=[entry.object_id],
                )
            except NoReverseMatch:
                url = ""
        if entry.is_deletion():
            comment = gettext("Deleted")
        else:
            comment = history.describe(entry.change_message)
        rows.append(
            {
                "when": entry.action_time,
                "user": entry.user,
                "object": entry.object_repr,
                "kind": model._meta.verbose_name if model is not None else "",
                "comment": comment,
                "url": url,
            }
        )
    return rows


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = AccountPreference
        fields = ["language", "change_mails"]


def _missing_q(field: str, language: str) -> Q:
    """The field is empty in `language` while the other language has text."""
    other = "en" if language == "it" else "it"
    empty = Q(**{f"{field}_{language}": ""}) | Q(**{f"{field}_{language}__isnull": True})
    filled = ~Q(**{f"{field}_{other}": ""}) & Q(**{f"{field}_{other}__isnull": False})
    return empty & filled


def translation_report(limit: int = LISTED_PER_MODEL) -> list[dict]:
    """Per translated model: how many objects miss a translation, and the first of them."""
    from modeltranslation.translator import translator

    report = []
    for model in sorted(translator.get_registered_models(), key=lambda m: m._meta.label):
        fields = list(translator.get_options_for_model(model).fields)
        condition = Q()
        for field in fields:
            for language in LANGUAGES:
                condition |= _missing_q(field, language)
        qs = model._default_manager.filter(condition)
        total = qs.count()
        if not total:
            continue
        columns = [f"{f}_{lang}" for f in fields for lang in LANGUAGES]
        rows = []
        for values in qs.order_by("pk").values("pk", *columns)[:limit]:
            missing = []
            for field in fields:
                for language in LANGUAGES:
                    other = "en" if language == "it" else "it"
                    if not values[f"{field}_{language}"] and values[f"{field}_{other}"]:
                        label = model._meta.get_field(field).verbose_name
                        missing.append((label, language))
            try:
                url = reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                    args=[values["pk"]],
                )
            except NoReverseMatch:
                url = ""
            title_field = next((f for f in ("name", "title") if f in fields), fields[0])
            title = values[f"{title_field}_it"] or values[f"{title_field}_en"] or values["pk"]
            rows.append(
                {
                    "pk": values["pk"],
                    "title": title,
                    "url": url,
                    "missing_it": ", ".join(str(label) for label, lang in missing if lang == "it"),
                    "missing_en": ", ".join(str(label) for label, lang in missing if lang == "en"),
                }
            )
        report.append({"model": model._meta.verbose_name_plural, "total": total, "rows": rows})
    return report


class IcnetAdminSite(admin.AdminSite):
    site_header = _("Italian Network of Intercultural Cities")
    site_title = _("icnet back office")
    index_title = _("Back office")
    index_template = "admin/icnet_index.html"

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every admin, the packages' ones too (users, groups, sign-in records), speaks of
        # its objects in words that agree with their nouns.
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AgreeingMessagesMixin):
            admin_class = type(
                admin_class.__name__,
                (AgreeingMessagesMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        return super().register(model_or_iterable, admin_class, **options)

    def get_urls(self):
        return [
            path(
                "translations/",
                self.admin_view(self.translation_status_view),
                name="translation_status",
            ),
            path(
                "preferences/",
                self.admin_view(self.preferences_view),
                name="preferences",
            ),
            path(
                "r/<path:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
            # Django's own shortcut would send any signed-in user to any object's address.
            *(url for url in super().get_urls() if getattr(url, "name", "") != "view_on_site"),
        ]

    def autocomplete_view(self, request):
        # A related field's search offers exactly what its form field accepts from the user.
        return ChoicesAutocompleteJsonView.as_view(admin_site=self)(request)

    def view_on_site(self, request, content_type_id, object_id):
        """Redirect to an object's public address: staff for anything; anyone else only for
        objects the back office shows them, and for an unpublished one only if they may
        change it. Everything else is "not found", so no address of it leaks."""
        if not is_network_staff(request.user):
            try:
                model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
            except (ValueError, OverflowError, ContentType.DoesNotExist):
                raise Http404 from None
            model_admin = self._registry.get(model)
            if model_admin is None:
                raise Http404
            obj = model_admin.get_object(request, unquote(object_id))
            if obj is None or not model_admin.has_view_permission(request, obj):
                raise Http404
            if getattr(obj, "published", True) is False and not (
                model_admin.has_change_permission(request, obj)
            ):
                raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)

    def translation_status_view(self, request):
        """Staff only: every object whose text is missing in Italian or English."""
        if not is_network_staff(request.user):
            raise PermissionDenied
        report = translation_report()
        context = {
            **self.each_context(request),
            "title": _("Translation status"),
            "report": report,
            "total": sum(entry["total"] for entry in report),
            "limit": LISTED_PER_MODEL,
        }
        return TemplateResponse(request, "admin/translation_status.html", context)

    def each_context(self, request):
        context = super().each_context(request)
        context["is_network_staff"] = is_network_staff(request.user)
        return context

    def preferences_view(self, request):
        """Staff only: the language of their e-mails and whether they receive the changes
        city editors make."""
        if not is_network_staff(request.user):
            raise PermissionDenied
        preference, _created = AccountPreference.objects.get_or_create(user=request.user)
        form = PreferenceForm(request.POST or None, instance=preference)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, gettext("Your preferences were saved."))
            return redirect("admin:preferences")
        context = {
            **self.each_context(request),
            "title": _("Your preferences"),
            "form": form,
        }
        return TemplateResponse(request, "admin/preferences.html", context)

    def index(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        if is_network_staff(request.user):
            extra_context["missing_translations"] = sum(
                entry["total"] for entry in translation_report(limit=0)
            )
            extra_context["editor_changes"] = recent_editor_changes()
        else:
            # A city editor's home is their city: its page, how complete it is, what to do.
            extra_context["my_cities"] = [
                city_card(city)
                for city in City.objects.editable_by(request.user).prefetch_related("activities")
            ]
        return super().index(request, extra_context)
