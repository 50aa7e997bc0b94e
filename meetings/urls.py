from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from meetings import feeds, views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    # Fixed addresses come before the slug patterns so a slug can never hide them. Tokens
    # are URL-safe base64, which the slug converter matches.
    path(_("calendar.ics"), views.calendar_ics, name="calendar"),
    path(_("places.geojson"), views.places_geojson, name="places"),
    path("feed/rss/", require_safe(feeds.MeetingsRssFeed()), name="rss"),
    path("feed/atom/", require_safe(feeds.MeetingsAtomFeed()), name="atom"),
    path(
        format_lazy("{}<slug:token>/{}", _("registration/"), _("confirm/")),
        views.registration_confirm,
        name="registration-confirm",
    ),
    path(
        format_lazy("{}<slug:token>/{}", _("registration/"), _("cancel/")),
        views.registration_cancel,
        name="registration-cancel",
    ),
    path("<slug:slug>.ics", views.meeting_ics, name="ics"),
    path(format_lazy("<slug:slug>/{}", _("register/")), views.register, name="register"),
    path("<slug:slug>/", views.meeting_detail, name="detail"),
]
