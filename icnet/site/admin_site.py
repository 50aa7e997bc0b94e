"""The back office's admin site: translated titles, the translation status page and a
"view on site" shortcut that shows an editor only what the back office shows them."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext_lazy as _

from icnet.core.admin_related import ChoicesAutocompleteJsonView
from icnet.core.roles import is_network_staff

LANGUAGES = ("it", "en")
LISTED_PER_MODEL = 200


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

    def get_urls(self):
        return [
            path(
                "translations/",
                self.admin_view(self.translation_status_view),
                name="translation_status",
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

    def index(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        if is_network_staff(request.user):
            extra_context["missing_translations"] = sum(
                entry["total"] for entry in translation_report(limit=0)
            )
        return super().index(request, extra_context)
