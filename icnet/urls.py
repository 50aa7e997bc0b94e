"""Root URLs: language-prefixed public pages, the unprefixed admin, health and open data."""

from pathlib import Path

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from icnet.core.page_cache import Understood, page_number, page_query
from icnet.site import opendata, views
from icnet.site.sitemaps import SITEMAPS

# An error that escapes the views' middleware (a session that cannot be saved because the
# database went away) still answers the "temporarily unavailable" page when that is the cause.
handler500 = "icnet.site.views.server_error"
# A refusal in the back office is a styled admin page in the admin's language.
handler403 = "icnet.site.views.permission_denied"

# Open data, without a language prefix (each download carries both languages).
api_patterns = [
    path("cities.geojson", opendata.cities_geojson, name="cities-geojson"),
    path("cities.csv", opendata.cities_csv, name="cities-csv"),
    path("meetings.json", opendata.meetings_json, name="meetings-json"),
    path("meetings.ics", opendata.meetings_ics, name="meetings-ics"),
    path("index.csv", opendata.index_csv, name="index-csv"),
    path("index.json", opendata.index_json, name="index-json"),
]


def sitemap_query(query):
    """A sitemap section's query: its page number (a number past the last one is a 404)."""
    return Understood(page_number(query, "p"))


urlpatterns = [
    path(
        f"{settings.ADMIN_PATH}password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=f"/{settings.ADMIN_PATH}password/done/"
        ),
        name="password_reset_confirm",
    ),
    path(
        f"{settings.ADMIN_PATH}password/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("healthz", views.health, name="health"),
    path("robots.txt", views.robots, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        page_query(sitemap_query)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("api/", include((api_patterns, "api"))),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    # Each address in the language of its page: /it/citta/genova/, /en/cities/genova/. The
    # addresses of the first releases (/it/cities/genova/) answer 301 to these
    # (icnet.core.middleware.OldAddressRedirectMiddleware).
    path(_("about/"), views.page, {"key": "about"}, name="about"),
    path(_("join/"), views.page, {"key": "join"}, name="join"),
    path(_("contacts/"), views.page, {"key": "contacts"}, name="contacts"),
    path(_("privacy/"), views.page, {"key": "privacy"}, name="privacy"),
    path(_("cookies/"), views.page, {"key": "cookies"}, name="cookies"),
    path(_("accessibility/"), views.page, {"key": "accessibility"}, name="accessibility"),
    path(_("legal-notes/"), views.page, {"key": "legal"}, name="legal"),
    path(_("search/"), views.search, name="search"),
    path(_("open-data/"), views.open_data, name="open_data"),
    path(_("statistics/"), views.statistics, name="statistics"),
    path(_("cities/"), include("cities.urls")),
    path(_("meetings/"), include("meetings.urls")),
    path(_("documents/"), include("documents.urls")),
    path(_("index/"), include("index.urls")),
)

if settings.MEDIA_IN_BUCKET:
    # Public pictures in the private bucket: a redirect to a freshly signed address.
    urlpatterns.append(
        path(f"{settings.MEDIA_URL.lstrip('/')}<path:name>", views.media, name="media")
    )
elif settings.DEBUG:
    from django.conf.urls.static import static

    # Only the public media: city photos and their thumbnails (sorl's cache/). Document
    # files are served by documents:download, which checks that the document is published.
    for folder in settings.PUBLIC_MEDIA_PREFIXES:
        urlpatterns += static(
            f"{settings.MEDIA_URL}{folder}", document_root=Path(settings.MEDIA_ROOT) / folder
        )
