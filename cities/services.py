"""Data the cities app hands to maps and to the outside world, built from published cities."""

import json
import logging
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import FloatField
from django.db.models.functions import Cast, Round
from django.urls import reverse
from sorl.thumbnail import get_thumbnail

from cities.models import City, CityQuerySet, Region
from icnet.core.i18n import current_language
from icnet.core.richtext import plain_text

logger = logging.getLogger(__name__)

POPUP_THUMBNAIL = "240x160"


def _thumbnail(image, geometry: str):
    # A missing or broken file must never break a page, so failures are logged and skipped.
    if not image:
        return None
    try:
        return get_thumbnail(image, geometry, crop="center", quality=85)
    except Exception:
        logger.warning("No thumbnail for %s", getattr(image, "name", image), exc_info=True)
        return None


def thumbnail_url(image, geometry: str = POPUP_THUMBNAIL) -> str:
    """The URL of a cropped thumbnail of this image, or "" when there is none or it cannot be made."""
    thumbnail = _thumbnail(image, geometry)
    return thumbnail.url if thumbnail else ""


def existing_thumbnail_url(image, geometry: str = POPUP_THUMBNAIL) -> str:
    """Like thumbnail_url, but "" unless the thumbnail really is there: for a photo whose
    file went missing, sorl answers with the address of a picture it could not make."""
    thumbnail = _thumbnail(image, geometry)
    return thumbnail.url if thumbnail and thumbnail.exists() else ""


# The compact map data: one short row per city instead of a GeoJSON feature, so that a map
# of ten thousand cities stays a small part of its page. Five decimals place a city within a
# metre. static/icnet/map.js reads it:
#   {"v": 1, "url": "/it/cities/{slug}/", "thumb": "/it/cities/{slug}/thumbnail/",
#    "rows": [[latitude, longitude, name, slug, has_photo, subtitle, photo_alt?], ...]}
# photo_alt is there only when has_photo is 1.
MAP_DATA_VERSION = 1
MAP_PRECISION = 5
SLUG_PLACEHOLDER = "{slug}"
# Slugs are made of letters, digits, "-" and "_": a stand-in of the same kind reverses
# cleanly (and needs no quoting in an address), then gives way to the real slug.
SLUG_STAND_IN = "slug-stand-in"


def _url_template(name: str) -> str:
    """The path of this per-city page with "{slug}" for map.js to fill in."""
    return reverse(name, kwargs={"slug": SLUG_STAND_IN}).replace(SLUG_STAND_IN, SLUG_PLACEHOLDER)


def _rounded(value: Decimal) -> float:
    """As the database rounds for map_data: half away from zero."""
    return float(value.quantize(Decimal(1).scaleb(-MAP_PRECISION), rounding=ROUND_HALF_UP))


def _map_row(latitude: float, longitude: float, name, slug, photo, photo_alt, subtitle) -> list:
    row = [
        latitude,
        longitude,
        name,
        slug,
        1 if photo else 0,
        subtitle,
    ]
    if photo:
        row.append(photo_alt)
    return row


def _map_data(rows: list[list]) -> dict:
    return {
        "v": MAP_DATA_VERSION,
        "url": _url_template("cities:detail"),
        "thumb": _url_template("cities:thumbnail"),
        "rows": rows,
    }


def _language() -> str:
    language = current_language()
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def map_data(cities: CityQuerySet) -> dict:
    """The compact map data of these cities, in the page's language: one values_list query,
    no model instances and no thumbnail work (the popup asks cities:thumbnail for it).

    Cities without coordinates are left out; the order is stable (by slug).
    """
    language = _language()
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    regions = {value: str(label) for value, label in Region.choices}
    values = (
        cities.with_coordinates()
        .rewrite(False)
        .order_by("slug")
        .values_list(
            # Rounded by the database, as floats: quicker than Decimals rounded in Python.
            Cast(Round("latitude", MAP_PRECISION), FloatField()),
            Cast(Round("longitude", MAP_PRECISION), FloatField()),
            f"name_{default}",
            f"name_{language}",
            "slug",
            "photo",
            f"photo_alt_{default}",
            f"photo_alt_{language}",
            "region",
        )
    )
    rows = [
        _map_row(
            latitude,
            longitude,
            name or default_name,
            slug,
            photo,
            alt or default_alt,
            regions.get(region, region),
        )
        for latitude, longitude, default_name, name, slug, photo, default_alt, alt, region in values
    ]
    return _map_data(rows)


def city_map_data(city: City) -> dict:
    """The compact map data of one city already in hand (its profile's small map)."""
    rows = []
    if city.has_coordinates:
        rows.append(
            _map_row(
                _rounded(city.latitude),
                _rounded(city.longitude),
                city.name,
                city.slug,
                city.photo,
                city.photo_alt,
                city.get_region_display(),
            )
        )
    return _map_data(rows)


def map_json(data: dict) -> str:
    """The map data as compact JSON: no spaces after "," and ":", and letters such as "à"
    written as they are, a tenth smaller for a map of thousands of rows."""
    return json.dumps(data, cls=DjangoJSONEncoder, separators=(",", ":"), ensure_ascii=False)


# What a complete profile has in each language, as (field, label) pairs.
PROFILE_TEXTS = ("name", "summary", "profile", "photo_alt")


def profile_completeness(city: City) -> dict:
    """How complete a city's profile is, for its editor's home page: for each language the
    texts still empty, whether there is a photo, and how many activities it shows."""
    languages = {}
    for code, language in settings.LANGUAGES:
        missing = []
        for name in PROFILE_TEXTS:
            value = getattr(city, f"{name}_{code}", "") or ""
            if not plain_text(value).strip():
                missing.append(City._meta.get_field(name).verbose_name)
        languages[code] = {"name": language, "missing": missing, "complete": not missing}
    activities = city.activities.count()
    photo = bool(city.photo)
    complete = photo and activities > 0 and all(v["complete"] for v in languages.values())
    return {
        "languages": languages,
        "photo": photo,
        "activities": activities,
        "complete": complete,
    }
