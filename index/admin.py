"""Back office of the Index: the indicator areas, and each result with all its areas as a grid.

Staff enter results; a city editor may read their own city's results (view permission only,
confined to their city by CityScopedAdminMixin) and change none.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cities.admin_scope import CityScopedAdminMixin
from icnet.core.admin_base import RecordedAdmin, TranslatedAdmin
from index.models import Area, Result, Score


def area_label(area: Area) -> str:
    """An area in both languages, so the grid reads the same in either."""
    if area.name_en and area.name_en != area.name_it:
        return f"{area.name_it} · {area.name_en}"
    return area.name_it


class ScoreFormSet(forms.BaseInlineFormSet):
    """At least one area per result, each area once, with messages staff can act on."""

    def get_unique_error_message(self, unique_check):
        return _("Each area has one score per result: remove the repeated rows.")

    def clean(self):
        super().clean()
        filled = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not self._should_delete_form(form)
        ]
        if not filled:
            raise ValidationError(_("Enter the score of at least one area."), code="no_scores")


class ScoreInline(admin.TabularInline):
    """One row per area: the city's score and the sample's average."""

    model = Score
    formset = ScoreFormSet
    fields = ["area", "value", "sample_average"]
    extra = 0
    verbose_name = _("score in an area")
    verbose_name_plural = _("scores by area (leave empty the areas this edition did not have)")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "area" and field is not None:
            field.label_from_instance = area_label
        return field

    def missing_areas(self, obj) -> list[int]:
        have = set(obj.scores.values_list("area_id", flat=True)) if obj and obj.pk else set()
        return [pk for pk in Area.objects.values_list("pk", flat=True) if pk not in have]

    def get_extra(self, request, obj=None, **kwargs):
        # A row ready for every area the result has no score for yet (see get_formset_kwargs).
        if not self.has_add_permission(request, obj):
            return 0
        return len(self.missing_areas(obj))


@admin.register(Area)
class AreaAdmin(TranslatedAdmin):
    list_display = ["name", "slug", "order", "score_count"]
    list_editable = ["order"]
    search_fields = ["name_it", "name_en", "slug"]
    prepopulated_fields = {"slug": ("name_en",)}
    fieldsets = [
        (
            None,
            {
                "fields": ["name", "slug", "order"],
                "description": _(
                    "The areas the Index questionnaire scores. Newer editions add areas: add "
                    "them here, and they appear as a row of every result's grid."
                ),
            },
        )
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(score_total=Count("scores"))

    @admin.display(description=_("scores"), ordering="score_total")
    def score_count(self, obj):
        return getattr(obj, "score_total", None)


@admin.register(Result)
class ResultAdmin(CityScopedAdminMixin, RecordedAdmin):
    city_path = "city"
    editor_can_delete = False
    list_display = ["city", "year", "overall", "sample_size", "example", "published", "updated"]
    list_filter = ["year", "example", "published", "city__region"]
    list_select_related = ["city"]
    search_fields = ["city__name_it", "city__name_en", "city__slug"]
    autocomplete_fields = ["city", "report"]
    inlines = [ScoreInline]
    save_on_top = True
    fieldsets = [
        (
            None,
            {
                "fields": ["city", "year", "published"],
                "description": _(
                    "One result per city and edition, as in the city's Index report. Only "
                    "published results of published cities appear on the site and in the "
                    "open data."
                ),
            },
        ),
        (
            _("The report"),
            {
                "fields": [
                    "date",
                    "sample_size",
                    "overall",
                    "sample_overall",
                    "report",
                    "report_url",
                ],
                "description": _(
                    "Scores are from 0 to 100; decimals with a point (72.5). Link the report "
                    "as a document of the library, or give its address."
                ),
            },
        ),
        (
            _("Example data"),
            {
                "fields": ["example"],
                "description": _(
                    "Results marked as example data were made up for the demo and show an "
                    "“example data” badge: replace every number with the report's before "
                    "clearing the mark."
                ),
            },
        ),
    ]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ScoreInline) and inline.has_add_permission(request, obj):
            kwargs["initial"] = [{"area": pk} for pk in inline.missing_areas(obj)]
        return kwargs
