"""Back office of the cities room: cities with their activities, activities, themes."""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from cities import services
from cities.forms import IMAGE_REFUSED
from cities.models import Activity, City, Theme
from cities.widgets import MapPickerWidget
from icnet.admin_base import TranslatedAdmin

EXAMPLE_NOTE = _(
    "Activities marked “example content” were written as examples for the demo, not taken "
    "from the city's records: check them with the city, then replace or delete them."
)


class ActivityInline(TranslationStackedInline):
    model = Activity
    extra = 0
    fields = ["title", "description", "theme", "year", "link", "published", "example"]
    show_change_link = True


@admin.register(City)
class CityAdmin(TranslatedAdmin):
    list_display = [
        "name",
        "region",
        "province",
        "status",
        "published",
        "on_map",
        "activity_count",
        "updated",
    ]
    list_filter = ["region", "status", "published"]
    search_fields = ["name_it", "name_en", "province"]
    prepopulated_fields = {"slug": ("name_it",)}
    filter_horizontal = ["editors"]
    readonly_fields = ["photo_preview", "created", "updated"]
    inlines = [ActivityInline]
    save_on_top = True
    fieldsets = [
        (
            None,
            {
                "fields": ["name", "slug", "published"],
                "description": format_lazy(
                    "{} {}",
                    _(
                        "Only published cities appear on the public site, the map and the "
                        "open data."
                    ),
                    EXAMPLE_NOTE,
                ),
            },
        ),
        (
            _("Place"),
            {
                "fields": ["region", "province", "population", "latitude", "longitude"],
                "description": _(
                    "Population: the approximate number of residents. Coordinates: the city "
                    "centre; click the map or drag the marker, or type them."
                ),
            },
        ),
        (
            _("Membership of the network"),
            {
                "fields": [
                    "status",
                    "resolution_adopted",
                    "charter_signed",
                    "action_plan_launched",
                ],
                "description": _(
                    "Leave a date empty when it is not known: the network's page says that "
                    "each city adopted the resolution and signed the charter, and that an "
                    "action plan was launched, but gives no dates for each city."
                ),
            },
        ),
        (
            _("Profile"),
            {
                "fields": ["summary", "profile"],
                "description": _(
                    "The summary shows in lists and previews; the profile on the city's page. "
                    "Where the English text is empty the Italian one shows, with a notice."
                ),
            },
        ),
        (
            _("Photo"),
            {
                "fields": ["photo", "photo_preview", "photo_alt", "photo_credit"],
                "description": _(
                    "A landscape picture works best; the site makes the smaller versions."
                ),
            },
        ),
        (
            _("Public contact"),
            {
                "fields": ["website", "contact_office", "contact_email"],
                "description": _("Shown on the public profile: an office, never a person."),
            },
        ),
        (_("Editors"), {"fields": ["editors"]}),
        (_("Record"), {"fields": ["created", "updated"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(activity_total=Count("activities"))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "longitude":
            kwargs["widget"] = MapPickerWidget()
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "photo" and field is not None:
            # Django's own words for a file Pillow cannot open differ from the validator's.
            field.error_messages["invalid_image"] = IMAGE_REFUSED
        return field

    @admin.display(boolean=True, description=_("on the map"))
    def on_map(self, obj):
        return obj.has_coordinates

    @admin.display(description=_("activities"), ordering="activity_total")
    def activity_count(self, obj):
        return getattr(obj, "activity_total", None)

    @admin.display(description=_("preview"))
    def photo_preview(self, obj):
        url = services.thumbnail_url(obj.photo, "320x200") if obj and obj.photo else ""
        if not url:
            return _("No photo yet.")
        return format_html(
            '<img src="{}" alt="{}" width="320" height="200" class="city-photo-preview">',
            url,
            obj.photo_alt,
        )


@admin.register(Activity)
class ActivityAdmin(TranslatedAdmin):
    list_display = ["title", "city", "theme", "year", "published", "example", "updated"]
    list_filter = ["published", "example", "theme", "city__region"]
    list_select_related = ["city", "theme"]
    search_fields = ["title_it", "title_en", "city__name_it", "city__name_en"]
    autocomplete_fields = ["city"]
    fieldsets = [
        (None, {"fields": ["city", "title", "published"]}),
        (
            _("Content"),
            {
                "fields": ["description", "theme", "year", "link"],
                "description": _("The theme links the activity to the theme's public page."),
            },
        ),
        (_("Example content"), {"fields": ["example"], "description": EXAMPLE_NOTE}),
    ]


@admin.register(Theme)
class ThemeAdmin(TranslatedAdmin):
    list_display = ["name", "slug", "workshop", "order"]
    list_filter = ["workshop"]
    list_editable = ["order"]
    search_fields = ["name_it", "name_en", "slug"]
    prepopulated_fields = {"slug": ("name_it",)}
    fieldsets = [
        (
            None,
            {
                "fields": ["name", "slug", "workshop", "order"],
                "description": _(
                    "The network's workshops are the pages of their themes; lower numbers "
                    "come first."
                ),
            },
        ),
        (_("Description"), {"fields": ["description"]}),
    ]
