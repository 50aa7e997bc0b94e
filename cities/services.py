"""Data the cities room hands to maps and to the outside world, built from published cities."""

import datetime
import hashlib
import logging
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from sorl.thumbnail import get_thumbnail

from cities.models import City

logger = logging.getLogger(__name__)

POPUP_THUMBNAIL = "240x160"


def thumbnail_url(image, geometry: str = POPUP_THUMBNAIL) -> str:
    """The URL of a cropped thumbnail of this image, or "" when there is none or it cannot be made.

    A missing or broken file must never break a page, so failures are logged and skipped.
    """
    if not image:
        return ""
    try:
        return get_thumbnail(image, geometry, crop="center", quality=85).url
    except Exception:
        logger.warning("No thumbnail for %s", getattr(image, "name", image), exc_info=True)
        return ""


def _coordinates(city: City) -> list[float] | None:
    """GeoJSON order: longitude first, then latitude, as numbers."""
    if not city.has_coordinates:
        return None
    return [_number(city.longitude), _number(city.latitude)]


def _number(value: Decimal) -> float:
    return round(float(value), 6)


def map_collection(cities: Iterable[City]) -> dict:
    """The points of a page's map, in the page's language: what the list beside it shows."""
    features = []
    for city in cities:
        coordinates = _coordinates(city)
        if coordinates is None:
            continue
        subtitle = ", ".join(part for part in (city.province, city.get_region_display()) if part)
        features.append(
            {
                "type": "Feature",
                "id": city.slug,
                "geometry": {"type": "Point", "coordinates": coordinates},
                "properties": {
                    "name": city.name,
                    "url": city.get_absolute_url(),
                    "subtitle": subtitle,
                    "thumbnail": thumbnail_url(city.photo),
                    "thumbnail_alt": city.photo_alt,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def profile_urls(city: City, request: HttpRequest) -> dict[str, str]:
    """The absolute address of the city's profile in each language of the site."""
    urls = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            path = reverse("cities:detail", kwargs={"slug": city.slug})
        urls[language] = request.build_absolute_uri(path)
    return urls


def open_data_collection(cities: Iterable[City], request: HttpRequest) -> dict:
    """The published cities as open data: a GeoJSON FeatureCollection in both languages.

    A city without coordinates is kept, with a null geometry (RFC 7946, section 3.2).
    """
    features = []
    for city in cities:
        coordinates = _coordinates(city)
        urls = profile_urls(city, request)
        properties = {"slug": city.slug}
        for language, _name in settings.LANGUAGES:
            properties[f"name_{language}"] = getattr(city, f"name_{language}") or city.name_it
        properties.update(
            {
                "region": city.region,
                "province": city.province,
                "population": city.population,
                "status": city.status,
            }
        )
        for language, url in urls.items():
            properties[f"url_{language}"] = url
        features.append(
            {
                "type": "Feature",
                "id": city.slug,
                "geometry": (
                    {"type": "Point", "coordinates": coordinates} if coordinates else None
                ),
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def published_stamp() -> tuple[datetime.datetime | None, int]:
    """When published cities last changed, and how many there are: one cheap query.

    The count notices a city that was unpublished or deleted, which the newest
    change time alone would not.
    """
    values = City.objects.published().aggregate(last=Max("updated"), count=Count("pk"))
    return values["last"], values["count"]


def stamp_etag(stamp: tuple[datetime.datetime | None, int], *parts: str) -> str:
    """A short validator for a response built from the published cities."""
    last, count = stamp
    raw = "|".join([last.isoformat() if last else "-", str(count), *parts])
    return hashlib.sha256(raw.encode()).hexdigest()[:32]
