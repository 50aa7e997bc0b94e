"""Values every template needs."""

from django.conf import settings
from django.urls import translate_url

# Leaflet's attribution is HTML; a link, not a request (the data is in static/geo/).
BASEMAP_ATTRIBUTION = '<a href="https://www.naturalearthdata.com/">Natural Earth</a>'


def site(request):
    """Language alternates of the current page and the map tile settings."""
    path = request.get_full_path()
    alternates = [
        {"code": code, "name": name, "url": translate_url(path, code)}
        for code, name in settings.LANGUAGES
    ]
    return {
        "language_alternates": alternates,
        "map_tiles": {
            "url": settings.MAP_TILES_URL,
            "attribution": settings.MAP_TILES_ATTRIBUTION,
            # Credit for the basemap shipped in static/geo/ (see THIRD_PARTY.md).
            "basemap_attribution": BASEMAP_ATTRIBUTION,
        },
    }
