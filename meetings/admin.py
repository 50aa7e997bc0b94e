import csv

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cities.admin_scope import CityScopedAdminMixin
from cities.widgets import MapPickerWidget
from icnet.core.admin_base import TranslatedAdmin
from icnet.core.admin_related import ListColumnsMixin, RelatedSearchFilter
from meetings import registrations
from meetings.models import Meeting, Registration


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
class MeetingAdmin(ListColumnsMixin, TranslatedAdmin):
    list_display = [
        "title",
        "kind",
        "start_date",
        "place_display",
        "registrations_link",
        "published",
    ]
    list_filter = ["kind", YearListFilter, ("host_city", RelatedSearchFilter), "published"]
    list_select_related = ["host_city"]
    list_only = (
        "title",
        "kind",
        "start_date",
        "host_city__name",
        "place_name",
        "registration_capacity",
        "published",
    )
    # Counting a large table twice per page (filtered and whole) is one count too many.
    show_full_result_count = False
    date_hierarchy = "start_date"
    search_fields = ["title_it", "title_en", "place_name", "slug"]
    prepopulated_fields = {"slug": ("title",)}
    # Cities grow with the network and are searched; the themes are few and stay listed.
    autocomplete_fields = ["host_city", "participants"]
    filter_horizontal = ["themes"]
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
            _("Registration"),
            {
                "fields": [
                    "registration_capacity",
                    ("registration_opens", "registration_closes"),
                    "attendance_modes",
                    "city_limit",
                    "registrations_summary",
                ],
                "description": _(
                    "Give the number of places to open the registration form on the meeting's "
                    "page; leave it empty for a meeting without registration. A registration "
                    "counts once the person opens the link we e-mail them; when the places are "
                    "taken, people join a waiting list and move up when someone cancels."
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

    readonly_fields = ["registrations_summary"]

    @admin.display(description=_("place"))
    def place_display(self, obj):
        return obj.place

    @admin.display(description=_("registrations"))
    def registrations_link(self, obj):
        if not obj.takes_registrations:
            return "—"
        url = reverse("admin:meetings_registration_changelist") + f"?meeting__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, gettext("See them"))

    @admin.display(description=_("registrations"))
    def registrations_summary(self, obj):
        if obj is None or not obj.pk:
            return "—"
        counts = obj.registrations.aggregate(
            **{
                status: Count("pk", filter=Q(status=status))
                for status in Registration.Status.values
            }
        )
        url = reverse("admin:meetings_registration_changelist") + f"?meeting__id__exact={obj.pk}"
        return format_html(
            '{} {} · {} {} · {} {} · {} {} · <a href="{}">{}</a>',
            counts["confirmed"],
            gettext("confirmed"),
            counts["waiting"],
            gettext("waiting"),
            counts["pending"],
            gettext("not yet confirmed"),
            counts["cancelled"],
            gettext("cancelled"),
            url,
            gettext("See them"),
        )


def _csv_cell(value) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


CSV_COLUMNS = [
    ("meeting", _("meeting")),
    ("status", _("status")),
    ("name", _("name")),
    ("email", _("e-mail")),
    ("city", _("member city")),
    ("organisation", _("organisation")),
    ("role", _("role")),
    ("attendance", _("attendance")),
    ("accessibility_needs", _("accessibility needs")),
    ("attended", _("present")),
    ("created", _("registered")),
    ("confirmed", _("e-mail confirmed")),
]


@admin.register(Registration)
class RegistrationAdmin(ListColumnsMixin, CityScopedAdminMixin, admin.ModelAdmin):
    """A meeting's registrations; staff mark who came, city editors read their city's.

    Not kept in the revision history: personal data must go when the registration is
    cancelled or anonymised, not live on in old versions.
    """

    city_path = "city"
    editor_can_delete = False
    list_display = [
        "name_display",
        "email",
        "from_where",
        "role",
        "attendance",
        "status",
        "attended",
        "meeting",
    ]
    list_filter = [
        ("meeting", RelatedSearchFilter),
        "status",
        ("city", RelatedSearchFilter),
        "attendance",
        "attended",
    ]
    list_select_related = ["meeting", "city"]
    list_only = (
        "name",
        "email",
        "city__name",
        "organisation",
        "role",
        "attendance",
        "status",
        "attended",
        "meeting__title",
    )
    search_fields = ["name", "email", "organisation", "role"]
    ordering = ["meeting", "city__slug", "organisation", "name", "pk"]
    actions = [
        "export_csv",
        "attendance_sheet",
        "mark_attended",
        "mark_not_attended",
        "cancel_registrations",
    ]
    fields = [
        "meeting",
        "status",
        "name",
        "email",
        "city",
        "organisation",
        "role",
        "attendance",
        "accessibility_needs",
        "language",
        "attended",
        "created",
        "confirmed",
        "anonymised",
    ]

    def get_readonly_fields(self, request, obj=None):
        return [name for name in self.fields if name != "attended"]

    def has_add_permission(self, request):
        # People register themselves, from the meeting's page.
        return False

    @admin.display(description=_("name"), ordering="name")
    def name_display(self, obj):
        return obj.name or gettext("(erased)")

    @admin.display(description=_("member city or organisation"))
    def from_where(self, obj):
        return obj.from_where

    @admin.action(description=_("Download the selected registrations (CSV)"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="registrations-{stamp}.csv"'
        response.write("\ufeff")  # so that spreadsheets read the file as UTF-8
        writer = csv.writer(response)
        writer.writerow([str(label) for _name, label in CSV_COLUMNS])
        for registration in queryset.select_related("meeting", "city").order_by(
            "meeting__start_date", "meeting", "city__slug", "organisation", "name", "pk"
        ):
            writer.writerow([_csv_cell(v) for v in csv_row(registration)])
        return response

    @admin.action(description=_("Print an attendance sheet"), permissions=["view"])
    def attendance_sheet(self, request, queryset):
        confirmed = queryset.filter(status=Registration.Status.CONFIRMED).select_related(
            "meeting", "city"
        )
        # By meeting, then by city or organisation as people read it, then by name.
        ordered = sorted(
            confirmed,
            key=lambda r: (
                r.meeting.start_date,
                r.meeting.pk,
                r.from_where.casefold(),
                r.name.casefold(),
            ),
        )
        meetings: dict = {}
        for registration in ordered:
            meetings.setdefault(registration.meeting, []).append(registration)
        context = {**self.admin_site.each_context(request), "meetings": meetings}
        return TemplateResponse(
            request, "admin/meetings/registration/attendance_sheet.html", context
        )

    @admin.action(description=_("Mark as present"), permissions=["change"])
    def mark_attended(self, request, queryset):
        self._mark(request, queryset, True)

    @admin.action(description=_("Mark as absent"), permissions=["change"])
    def mark_not_attended(self, request, queryset):
        self._mark(request, queryset, False)

    @admin.action(
        description=_("Cancel the selected registrations (the waiting list moves up)"),
        permissions=["delete"],
    )
    def cancel_registrations(self, request, queryset):
        pks = list(queryset.order_by("pk").values_list("pk", flat=True))
        done = registrations.cancel_for(pks, request)
        if done.cancelled:
            self.message_user(
                request,
                ngettext(
                    "%(count)d registration was cancelled and its personal data erased; the "
                    "person was told by e-mail.",
                    "%(count)d registrations were cancelled and their personal data erased; "
                    "each person was told by e-mail.",
                    done.cancelled,
                )
                % {"count": done.cancelled},
                messages.SUCCESS,
            )
        self._tell_promoted(request, done.promoted)
        left = len(pks) - done.cancelled
        if left:
            self.message_user(
                request,
                ngettext(
                    "%(count)d registration was already cancelled, or its meeting is over, "
                    "and was left as it was.",
                    "%(count)d registrations were already cancelled, or their meeting is "
                    "over, and were left as they were.",
                    left,
                )
                % {"count": left},
                messages.WARNING,
            )
        self._tell_unsent(request, done.unsent)

    def _tell_promoted(self, request, promoted) -> None:
        if promoted:
            self.message_user(
                request,
                ngettext(
                    "%(count)d person on the waiting list got a place and was told by "
                    "e-mail: %(names)s.",
                    "%(count)d people on the waiting list got a place and were told by "
                    "e-mail: %(names)s.",
                    len(promoted),
                )
                % {"count": len(promoted), "names": ", ".join(r.name for r in promoted)},
                messages.SUCCESS,
            )

    def _tell_unsent(self, request, unsent) -> None:
        if unsent:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail could not be sent (the mail server did not take it): "
                    "%(addresses)s. Please write to this person yourself.",
                    "%(count)d e-mails could not be sent (the mail server did not take "
                    "them): %(addresses)s. Please write to these people yourself.",
                    len(unsent),
                )
                % {"count": len(unsent), "addresses": ", ".join(unsent)},
                messages.ERROR,
            )

    def delete_model(self, request, obj):
        self.delete_queryset(request, Registration.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        # A deleted registration that held a place frees it: the waiting list moves up.
        with transaction.atomic():
            locked = registrations.lock_meetings(queryset.values_list("meeting_id", flat=True))
            super().delete_queryset(request, queryset)
            promoted = [r for meeting in locked for r in registrations.fill_places(meeting)]
            mails = [registrations.message(r, "promoted", request) for r in promoted]
        self._tell_promoted(request, promoted)
        # Told once the deletion is committed (the admin deletes inside a transaction).
        transaction.on_commit(lambda: registrations.deliver(mails), robust=True)

    def _mark(self, request, queryset, attended: bool) -> None:
        confirmed = queryset.filter(status=Registration.Status.CONFIRMED)
        count = confirmed.update(attended=attended)
        skipped = queryset.count() - count
        self.message_user(
            request,
            ngettext("%(count)d registration updated.", "%(count)d registrations updated.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d registration is not confirmed and was left as it was.",
                    "%(count)d registrations are not confirmed and were left as they were.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


def csv_row(registration: Registration) -> list:
    """One registration as the CSV export writes it."""
    return [
        registration.meeting.title,
        registration.get_status_display(),
        registration.name,
        registration.email,
        registration.city.name if registration.city_id else "",
        registration.organisation,
        registration.role,
        registration.get_attendance_display(),
        registration.accessibility_needs,
        gettext("yes") if registration.attended else gettext("no"),
        timezone.localtime(registration.created).strftime("%Y-%m-%d %H:%M"),
        timezone.localtime(registration.confirmed).strftime("%Y-%m-%d %H:%M")
        if registration.confirmed
        else "",
    ]
