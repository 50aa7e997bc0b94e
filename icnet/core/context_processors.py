"""Values every template needs."""

from django.conf import settings
from django.urls import translate_url


def site(request):
    """Language alternates of the current page and the map tile settings."""
    path = request.get_full_path()
    alternates = [
        {"code": code, "name": name, "url": translate_url(path, code)}
        for code, name in settings.LANGUAGES
    ]
    return {
        "language_alternates": alternates,
        "map_tiles": {"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION},
    }
