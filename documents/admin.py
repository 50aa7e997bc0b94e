from django.contrib import admin
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from cities.admin_scope import CityScopedAdminMixin
from documents.forms import DocumentFileFormSet
from documents.models import Document, DocumentFile, Link
from icnet.core.admin_base import TranslatedAdmin
from icnet.core.admin_related import ListColumnsMixin, RelatedSearchFilter
from meetings.models import Meeting


class YearFilter(admin.SimpleListFilter):
    """The years that have documents, newest first."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        dates = model_admin.get_queryset(request).dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in dates]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


class DocumentFileInline(admin.StackedInline):
    model = DocumentFile
    formset = DocumentFileFormSet
    fields = ["language", "file", "original", "filename", "format_label", "size_display"]
    readonly_fields = ["format_label", "size_display"]
    extra = 1
    min_num = 0
    max_num = len(DocumentFile.Language.choices)

    @admin.display(description=_("format"))
    def format_label(self, obj):
        return obj.format_label if obj and obj.pk else "—"

    @admin.display(description=_("size"))
    def size_display(self, obj):
        return filesizeformat(obj.size) if obj and obj.pk else "—"


@admin.register(Document)
class DocumentAdmin(ListColumnsMixin, CityScopedAdminMixin, TranslatedAdmin):
    """Documents and their files; a city editor sees and files only their cities' documents."""

    city_path = "city"
    list_display = ["title", "kind", "date_shown", "city", "languages", "published"]
    list_filter = ["kind", YearFilter, "published", ("city", RelatedSearchFilter)]
    list_select_related = ["city"]
    list_only = ("title", "kind", "date", "date_precision", "city__name", "published")
    show_full_result_count = False
    search_fields = ["title_it", "title_en", "slug"]
    # Searched, not listed: for a city editor the city stays a list of their own few cities
    # (CityScopedAdminMixin), and the meetings are those they may link the document to.
    autocomplete_fields = ["city", "meeting"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title_it"]}
    inlines = [DocumentFileInline]
    fieldsets = [
        (
            None,
            {
                "fields": ["title", "slug", "kind", "published"],
                "description": _(
                    "The title and description have an Italian and an English tab; the slug "
                    "is the same in both languages."
                ),
            },
        ),
        (
            _("Date"),
            {
                "fields": ["date", "date_precision"],
                "description": _(
                    'When only the year is known, enter 1 January and choose "Year only".'
                ),
            },
        ),
        (
            _("Belongs to"),
            {
                "fields": ["city", "meeting"],
                "description": _("Optional: the city or the meeting the document comes from."),
            },
        ),
        (_("Description"), {"fields": ["description"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("city").prefetch_related("files")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # An editor may not even see the titles of other cities' unpublished meetings: the
        # choices, and so what the form accepts, are the meetings they may link to.
        if db_field.name == "meeting":
            kwargs["queryset"] = Meeting.objects.linkable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        field = form.base_fields.get("meeting")
        if obj is not None and obj.meeting_id and field is not None:
            # The meeting staff linked this document to stays, so an editor's save keeps it.
            field.queryset = Meeting.objects.filter(
                Q(pk__in=field.queryset.values("pk")) | Q(pk=obj.meeting_id)
            )
        return form

    @admin.display(description=_("date"), ordering="date")
    def date_shown(self, obj):
        # At the precision it is known: a document of 2012 shows "2012".
        return obj.display_date()

    @admin.display(description=_("files"))
    def languages(self, obj):
        files = obj.files.all()
        if not files:
            return "—"
        parts = []
        for file in files:
            details = [str(_("original"))] if file.original else []
            details.append(file.format_label)
            parts.append(f"{file.get_language_display()} ({', '.join(details)})")
        return ", ".join(parts)


@admin.register(Link)
class LinkAdmin(TranslatedAdmin):
    list_display = ["title", "url", "order", "published"]
    list_editable = ["order", "published"]
    list_filter = ["published"]
    search_fields = ["title_it", "title_en", "url"]
    fieldsets = [
        (None, {"fields": ["title", "url", "description"]}),
        (
            _("Display"),
            {
                "fields": ["order", "published"],
                "description": _("Lower numbers come first; the footer shows the first six."),
            },
        ),
    ]
