"""Open data downloads under /api/: read-only, open to any origin."""

import csv
from functools import wraps

from django.db.models import Count, Max, Prefetch
from django.http import HttpResponse, JsonResponse
from django.urls import resolve, reverse
from django.utils import translation
from django.views.decorators.http import condition, require_safe

from cities.models import City
from meetings.models import Meeting

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


def open_to_any_origin(view):
    """Add CORS headers: these are public data, readable from any web page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Content-Disposition"
        return response

    return wrapped


def _localized_url(request, name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return request.build_absolute_uri(reverse(name, kwargs=kwargs))


def _cities_state(request):
    return City.objects.published().aggregate(last=Max("updated"), count=Count("pk"))


def _cities_etag(request):
    state = _cities_state(request)
    return f"cities-{state['count']}-{state['last'].timestamp() if state['last'] else 0}"


def _cities_last_modified(request):
    return _cities_state(request)["last"]


@open_to_any_origin
@require_safe
@condition(etag_func=_cities_etag, last_modified_func=_cities_last_modified)
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


def _meetings_etag(request):
    state = Meeting.objects.published().aggregate(last=Max("updated"), count=Count("pk"))
    return f"meetings-{state['count']}-{state['last'].timestamp() if state['last'] else 0}"


@open_to_any_origin
@require_safe
@condition(etag_func=_meetings_etag)
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


@open_to_any_origin
@require_safe
def meetings_ics(request):
    """The network's calendar (the same as the meetings room's, in Italian)."""
    with translation.override("it"):
        match = resolve(reverse("meetings:calendar"))
        return match.func(request, *match.args, **match.kwargs)
