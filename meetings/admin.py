from django.contrib import admin
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from cities.widgets import MapPickerWidget
from icnet.core.admin_base import TranslatedAdmin
from meetings.models import Meeting


class YearListFilter(admin.SimpleListFilter):
    """The years in which meetings began, newest first."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .annotate(year=ExtractYear("start_date"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(start_date__year=int(value))
        return queryset


@admin.register(Meeting)
class MeetingAdmin(TranslatedAdmin):
    list_display = ["title", "kind", "start_date", "place_display", "published"]
    list_filter = ["kind", YearListFilter, "host_city", "published"]
    list_select_related = ["host_city"]
    date_hierarchy = "start_date"
    search_fields = ["title_it", "title_en", "place_name", "slug"]
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ["participants", "themes"]
    ordering = ["-start_date", "-pk"]
    list_editable = ["published"]
    fieldsets = [
        (
            _("When"),
            {
                "fields": ["kind", ("start_date", "end_date")],
                "description": _("For a one-day meeting the end date is the start date."),
            },
        ),
        (
            _("Where"),
            {
                "fields": [
                    "host_city",
                    ("place_name", "place_region"),
                    "place_latitude",
                    "place_longitude",
                    "venue",
                ],
                "description": _(
                    "Either choose the member city that hosts the meeting, or leave it empty "
                    "and name the outside place, with its region and coordinates for the map."
                ),
            },
        ),
        (
            _("Content"),
            {
                "fields": ["title", "slug", "summary", "report", "published"],
                "description": _(
                    "The summary introduces the meeting; the report tells what happened. "
                    "Only published meetings appear on the site, in the calendar and in the feeds."
                ),
            },
        ),
        (
            _("Participants and themes"),
            {
                "fields": ["participants", "themes"],
                "description": _(
                    "The cities that took part, and the themes the meeting worked on."
                ),
            },
        ),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "place_longitude":
            # The cities' map picker fills both coordinates of the outside place.
            kwargs["widget"] = MapPickerWidget(
                latitude_field="place_latitude", longitude_field="place_longitude"
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("place"))
    def place_display(self, obj):
        return obj.place
