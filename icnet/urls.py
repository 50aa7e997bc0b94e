"""Root URLs: language-prefixed public pages, the unprefixed admin, health and data."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from icnet import views

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("healthz", views.health, name="health"),
    path("api/", include("cities.api_urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("about/", views.page, {"key": "about"}, name="about"),
    path("join/", views.page, {"key": "join"}, name="join"),
    path("cities/", include("cities.urls")),
    path("meetings/", include("meetings.urls")),
    path("documents/", include("documents.urls")),
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
