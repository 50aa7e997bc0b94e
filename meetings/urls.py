from django.urls import path
from django.views.decorators.http import require_safe

from meetings import feeds, views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    # Fixed addresses come before the slug patterns so a slug can never hide them. Tokens
    # are URL-safe base64, which the slug converter matches.
    path("calendar.ics", views.calendar_ics, name="calendar"),
    path("places.geojson", views.places_geojson, name="places"),
    path("feed/rss/", require_safe(feeds.MeetingsRssFeed()), name="rss"),
    path("feed/atom/", require_safe(feeds.MeetingsAtomFeed()), name="atom"),
    path(
        "registration/<slug:token>/confirm/",
        views.registration_confirm,
        name="registration-confirm",
    ),
    path(
        "registration/<slug:token>/cancel/", views.registration_cancel, name="registration-cancel"
    ),
    path("<slug:slug>.ics", views.meeting_ics, name="ics"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/", views.meeting_detail, name="detail"),
]
