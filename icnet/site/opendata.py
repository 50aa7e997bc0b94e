"""Open data under /api/: the cities as GeoJSON and CSV, the meetings as JSON and iCalendar,
the Intercultural Cities Index results as CSV and JSON.

Read-only and open to any origin (django-cors-headers, CORS_URLS_REGEX); each download is
revalidated with one kind of ETag, built from when its published rows last changed and how
many there are, and may be kept by caches for a few minutes.
"""

import csv
import datetime
import hashlib
from collections.abc import Iterable
from functools import wraps

from django.conf import settings
from django.db.models import Count, Max, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_safe

from cities.models import City
from cities.services import SLUG_STAND_IN
from icnet.core.ratelimit import limit_renders
from index import services as index_services
from meetings.models import Meeting

# How long a browser or proxy may keep a download before asking again.
OPEN_DATA_MAX_AGE = 300

CSV_COLUMNS = [
    "slug",
    "name_it",
    "name_en",
    "region",
    "province",
    "status",
    "population",
    "latitude",
    "longitude",
    "resolution_adopted",
    "charter_signed",
    "action_plan_launched",
    "url_it",
    "url_en",
]


def published_stamp(published: QuerySet) -> tuple[datetime.datetime | None, int]:
    """When these published rows last changed, and how many there are: one cheap query.

    The count notices a row that was unpublished or deleted, which the newest change time
    alone would not.
    """
    values = published.aggregate(last=Max("updated"), count=Count("pk"))
    return values["last"], values["count"]


def _stamp(request: HttpRequest, name: str, published) -> tuple[datetime.datetime | None, int]:
    # The ETag and Last-Modified validators need the same aggregate: once per request.
    stamps = request.__dict__.setdefault("_open_data_stamps", {})
    if name not in stamps:
        stamps[name] = published_stamp(published())
    return stamps[name]


def revalidated(name: str, published):
    """A download answered 304 while the published rows are unchanged. The ETag also names
    the host and scheme, since the downloads carry absolute addresses."""

    def etag(request):
        last, count = _stamp(request, name, published)
        raw = "|".join(
            [
                name,
                last.isoformat() if last else "-",
                str(count),
                request.scheme,
                request.get_host(),
            ]
        )
        return hashlib.sha256(raw.encode()).hexdigest()[:32]

    def last_modified(request):
        return _stamp(request, name, published)[0]

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = condition(etag_func=etag, last_modified_func=last_modified)(view)(
                request, *args, **kwargs
            )
            if response.status_code in (200, 304):
                patch_cache_control(response, public=True, max_age=OPEN_DATA_MAX_AGE)
            return response

        # Each render reads a whole table: limited per client (cached copies are not).
        return require_safe(limit_renders()(wrapped))

    return decorator


def _coordinates(city: City) -> list[float] | None:
    """GeoJSON order: longitude first, then latitude, as numbers."""
    if not city.has_coordinates:
        return None
    return [round(float(city.longitude), 6), round(float(city.latitude), 6)]


def published_cities():
    return City.objects.published()


def published_meetings():
    return Meeting.objects.published()


def _localized_url(request, name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return request.build_absolute_uri(reverse(name, kwargs=kwargs))


def profile_url_templates(request: HttpRequest) -> dict[str, str]:
    """The absolute address of a city's profile in each language of the site, with
    SLUG_STAND_IN where the slug goes: reversed once, not once per city."""
    templates = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            path = reverse("cities:detail", kwargs={"slug": SLUG_STAND_IN})
        templates[language] = request.build_absolute_uri(path)
    return templates


# What the GeoJSON needs of a city: its texts (summary, profile) stay in the database.
GEOJSON_FIELDS = (
    "slug",
    "name",
    "region",
    "province",
    "population",
    "status",
    "latitude",
    "longitude",
)


def cities_collection(cities: Iterable[City], request: HttpRequest) -> dict:
    """The published cities as open data: a GeoJSON FeatureCollection in both languages.

    A city without coordinates is kept, with a null geometry (RFC 7946, section 3.2).
    """
    templates = profile_url_templates(request)
    features = []
    for city in cities:
        point = _coordinates(city)
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
        for language, template in templates.items():
            properties[f"url_{language}"] = template.replace(SLUG_STAND_IN, city.slug)
        features.append(
            {
                "type": "Feature",
                "id": city.slug,
                "geometry": ({"type": "Point", "coordinates": point} if point else None),
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


@revalidated("cities", published_cities)
def cities_geojson(request):
    """Published cities as GeoJSON: coordinates [longitude, latitude], names and profile
    addresses in both languages."""
    cities = City.objects.published().by_local_name(language="it").only(*GEOJSON_FIELDS)
    return JsonResponse(
        cities_collection(cities, request),
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )


@revalidated("cities", published_cities)
def cities_csv(request):
    """One row per published city, names in both languages, for spreadsheets."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="icnet-cities.csv"'
    # A byte-order mark lets spreadsheet programs read the accents as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for city in City.objects.published().order_by("name_it", "pk").iterator(chunk_size=2000):
        writer.writerow(
            [
                city.slug,
                city.name_it,
                city.name_en or city.name_it,
                city.region,
                city.province,
                city.status,
                city.population if city.population is not None else "",
                city.latitude if city.latitude is not None else "",
                city.longitude if city.longitude is not None else "",
                city.resolution_adopted or "",
                city.charter_signed or "",
                city.action_plan_launched or "",
                _localized_url(request, "cities:detail", "it", slug=city.slug),
                _localized_url(request, "cities:detail", "en", slug=city.slug),
            ]
        )
    return response


@revalidated("meetings", published_meetings)
def meetings_json(request):
    """Every published meeting with its dates, place and participants, in both languages."""
    meetings = (
        Meeting.objects.published()
        .select_related("host_city")
        .prefetch_related(
            Prefetch("participants", queryset=City.objects.published().only("slug")), "themes"
        )
        .order_by("start_date", "pk")
    )
    data = []
    for meeting in meetings:
        coordinates = meeting.coordinates
        data.append(
            {
                "slug": meeting.slug,
                "title_it": meeting.title_it,
                "title_en": meeting.title_en or meeting.title_it,
                "kind": meeting.kind,
                "start_date": meeting.start_date.isoformat(),
                "end_date": meeting.end_date.isoformat(),
                "host_city": meeting.host_city.slug if meeting.host_city_id else None,
                "place": meeting.host_city.name_it if meeting.host_city_id else meeting.place_name,
                "region": meeting.host_city.region
                if meeting.host_city_id
                else meeting.place_region,
                "latitude": float(coordinates[0]) if coordinates else None,
                "longitude": float(coordinates[1]) if coordinates else None,
                "participants": sorted(c.slug for c in meeting.participants.all()),
                "themes": [t.slug for t in meeting.themes.all()],
                "url_it": _localized_url(request, "meetings:detail", "it", slug=meeting.slug),
                "url_en": _localized_url(request, "meetings:detail", "en", slug=meeting.slug),
            }
        )
    response = JsonResponse(
        {"meetings": data, "count": len(data)}, json_dumps_params={"ensure_ascii": False}
    )
    return response


@require_safe
@limit_renders()
def meetings_ics(request):
    """The network's calendar (the same as the meetings app's, in Italian)."""
    with translation.override("it"):
        match = resolve(reverse("meetings:calendar"))
        return match.func(request, *match.args, **match.kwargs)


@revalidated("index", index_services.published_scores)
def index_csv(request):
    """One row per published Index result and area, with the sample's average."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="icnet-index.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(index_services.OPEN_DATA_COLUMNS)
    for row in index_services.open_data_rows(request.build_absolute_uri):
        row["example"] = "true" if row["example"] else "false"
        writer.writerow(
            "" if row[name] is None else row[name] for name in index_services.OPEN_DATA_COLUMNS
        )
    return response


@revalidated("index", index_services.published_scores)
def index_json(request):
    """The same rows as index.csv, as a list of objects; scores as numbers."""
    rows = []
    for row in index_services.open_data_rows(request.build_absolute_uri):
        for name in ("overall_index", "sample_overall_index", "score", "sample_average"):
            if row[name] is not None:
                row[name] = float(row[name])
        rows.append(row)
    return JsonResponse(
        {"results": rows, "count": len(rows)}, json_dumps_params={"ensure_ascii": False}
    )
