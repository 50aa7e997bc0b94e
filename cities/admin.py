"""Back office of the cities app: cities with their activities, activities, themes."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from cities import accounts, services
from cities.admin_scope import CityScopedAdminMixin
from cities.forms import IMAGE_REFUSED
from cities.models import Activity, City, Theme
from cities.widgets import MapPickerWidget
from icnet.core.admin_base import TranslatedAdmin
from icnet.core.admin_related import ListColumnsMixin
from icnet.core.images import ImageUploadField
from icnet.core.roles import is_network_staff

EXAMPLE_NOTE = _(
    "Activities marked “example content” were written as examples for the demo, not taken "
    "from the city's records: check them with the city, then replace or delete them."
)


class AddEditorForm(forms.Form):
    """Staff add an editor to a city: a new account, or an existing one gains the city."""

    username = forms.CharField(
        label=_("username"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only. An existing account gains this city."),
        validators=[get_user_model().username_validator],
    )
    email = forms.EmailField(
        label=_("e-mail"), help_text=_("The link to choose a password is sent here.")
    )


class ActivityInline(TranslationStackedInline):
    model = Activity
    extra = 0
    fields = ["title", "description", "theme", "year", "link", "published", "example"]
    show_change_link = True


@admin.register(City)
class CityAdmin(ListColumnsMixin, CityScopedAdminMixin, TranslatedAdmin):
    # City editors keep the profile current; membership, visibility and accounts are staff's.
    city_path = ""
    editor_readonly_fields = (
        "slug",
        "published",
        "status",
        "resolution_adopted",
        "charter_signed",
        "action_plan_launched",
        "editors",
    )
    editor_can_delete = False
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
    list_only = (
        "name",
        "region",
        "province",
        "status",
        "published",
        "latitude",
        "longitude",
        "updated",
    )
    search_fields = ["name_it", "name_en", "province"]
    prepopulated_fields = {"slug": ("name_it",)}
    # Editors' accounts grow with the cities: searched, not listed.
    autocomplete_fields = ["editors"]
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

    def get_list_display(self, request):
        # An editor's list (their one or two cities) fits a 1280-pixel screen: no filters,
        # and no columns about what only staff change.
        if is_network_staff(request.user):
            return super().get_list_display(request)
        return ["name", "region", "published", "activity_count", "updated"]

    def get_list_filter(self, request):
        return super().get_list_filter(request) if is_network_staff(request.user) else []

    def get_urls(self):
        return [
            path(
                "<path:object_id>/add-editor/",
                self.admin_site.admin_view(self.add_editor_view),
                name="cities_city_add_editor",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            "is_network_staff": is_network_staff(request.user),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def add_editor_view(self, request, object_id):
        """Staff only: create or update an editor of this city and e-mail a set-password link."""
        if not is_network_staff(request.user):
            raise PermissionDenied
        city = self.get_object(request, unquote(object_id))
        if city is None:
            raise Http404
        form = AddEditorForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            user, created = accounts.invite_city_editor(
                form.cleaned_data["username"],
                city,
                form.cleaned_data["email"],
                request.build_absolute_uri("/"),
            )
            text = (
                _(
                    "%(user)s can now edit %(city)s: a link to choose a password was sent to %(email)s."
                )
                if created
                else _("%(user)s can now edit %(city)s too: a new link was sent to %(email)s.")
            )
            messages.success(
                request, text % {"user": user.username, "city": city, "email": user.email}
            )
            return redirect(reverse("admin:cities_city_change", args=[city.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Add an editor to %(city)s") % {"city": city},
            "form": form,
            "city": city,
            "opts": self.model._meta,
            "original": city,
        }
        return TemplateResponse(request, "admin/cities/city/add_editor.html", context)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "longitude":
            kwargs["widget"] = MapPickerWidget(help_text=db_field.help_text)
            kwargs["help_text"] = ""
        if db_field.name == "photo":
            kwargs["form_class"] = ImageUploadField
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
class ActivityAdmin(ListColumnsMixin, CityScopedAdminMixin, TranslatedAdmin):
    city_path = "city"
    list_display = ["title", "city", "theme", "year", "published", "example", "updated"]
    list_filter = ["published", "example", "theme", "city__region"]
    list_select_related = ["city", "theme"]
    list_only = ("title", "city__name", "theme__name", "year", "published", "example", "updated")
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
