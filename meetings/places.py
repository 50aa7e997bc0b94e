"""Where the network met: places counted in the database, for the list and the maps."""

import json

from django.conf import settings
from django.db.models import CharField, Count, Max, Min, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils.translation import ngettext

from cities.filters import local_value as _local
from cities.models import City, Region
from icnet.core.cache import remember
from icnet.core.i18n import current_language, place_name
from meetings.dates import format_date_range
from meetings.models import Meeting

PLACES_LIMIT = 50


def place_text(meeting: Meeting) -> str:
    """The town and region, as one line: "Pizzo Calabro, Calabria"."""
    return ", ".join(part for part in (meeting.place, meeting.region_label) if part)


def location_text(meeting: Meeting) -> str:
    """Venue, town and region, as one line."""
    return ", ".join(part for part in (meeting.venue, meeting.place, meeting.region_label) if part)


def _place_rows(limit: int | None = None) -> list[dict]:
    """The places of the published meetings, most meetings first (one aggregate query).

    A member city is one place however many meetings it hosted; an outside place is one
    place per name, region and coordinates. Rows are grouped on the meeting's own columns
    only; the host city's columns, the same throughout a group, are read with Max().
    """
    languages = [code for code, _name in settings.LANGUAGES]
    city_fields = [
        "slug",
        "region",
        "latitude",
        "longitude",
        *(f"name_{code}" for code in languages),
    ]
    rows = (
        Meeting.objects.published()
        .values("host_city_id", "place_name", "place_region", "place_latitude", "place_longitude")
        .annotate(
            meetings=Count("pk"),
            first=Min("start_date"),
            last=Max("start_date"),
            last_end=Max("end_date"),
            # The newest meeting's slug, after its date: "2013-10-10 convegno-arezzo".
            latest=Max(
                Concat(
                    Cast("start_date", CharField()), Value(" "), "slug", output_field=CharField()
                )
            ),
            # Whether the host city is public (not grouped on: it is the same in a group).
            public_city=Count("pk", filter=Q(host_city__in=City.objects.published())),
            **{f"host_city__{field}": Max(f"host_city__{field}") for field in city_fields},
            **{f"title_{code}": Min(f"title_{code}") for code in languages},
        )
        .order_by("-meetings", "host_city_id", "place_name", "place_region")
    )
    return list(rows[:limit] if limit else rows)


class _Places:
    """Turns place rows into places in the active language; labels and address patterns
    are worked out once, not for each of thousands of places."""

    SLUG = "slug-placeholder"

    def __init__(self):
        self.language = current_language()
        self.regions = {value: str(label) for value, label in Region.choices}
        self.list_url = reverse("meetings:list")
        self.city_url = reverse("cities:detail", kwargs={"slug": self.SLUG})
        self.meeting_url = reverse("meetings:detail", kwargs={"slug": self.SLUG})

    def place(self, row: dict) -> dict:
        """A place with its name, region, coordinates, meetings and where it leads: a public
        member city to the list of its meetings, any other place to its (latest) meeting."""
        if row["host_city_id"]:
            name = _local(row, "host_city__name", self.language)
            region = self.regions.get(row["host_city__region"], "")
            latitude, longitude = row["host_city__latitude"], row["host_city__longitude"]
        else:
            name = place_name(row["place_name"], self.language)
            region = self.regions.get(row["place_region"], "")
            latitude, longitude = row["place_latitude"], row["place_longitude"]
        # Slugs are letters, digits, hyphens and underscores: safe in a path and a query.
        city_slug = row["host_city__slug"] if row["host_city_id"] and row["public_city"] else ""
        latest_url = self.meeting_url.replace(self.SLUG, row["latest"].split(" ", 1)[1])
        first, last, count = row["first"].year, row["last"].year, row["meetings"]
        return {
            "name": name,
            "region": region,
            "coordinates": (latitude, longitude) if latitude is not None else None,
            "count": count,
            "years": str(first) if first == last else f"{first}\u2013{last}",
            "city_url": self.city_url.replace(self.SLUG, city_slug) if city_slug else "",
            "url": f"{self.list_url}?city={city_slug}" if city_slug else latest_url,
            "latest_url": latest_url,
            "title": _local(row, "title", self.language) if count == 1 else "",
            "dates": format_date_range(row["first"], row["last_end"]) if count == 1 else "",
        }


def places_summary() -> tuple[list[dict], bool]:
    """The places with the most meetings (up to PLACES_LIMIT), by name, and whether there
    are more; kept per content generation and language."""

    def build() -> dict:
        rows = remember(
            "meetings-place-rows-top",
            lambda: _place_rows(PLACES_LIMIT + 1),
        )
        places = [_Places().place(row) for row in rows[:PLACES_LIMIT]]
        places.sort(key=lambda place: (place["name"].casefold(), place["region"]))
        return {"places": places, "more": len(rows) > PLACES_LIMIT}

    found = remember(f"meetings-places-{current_language()}", build)
    return found["places"], found["more"]


def _place_feature(place: dict) -> dict:
    latitude, longitude = place["coordinates"]
    if place["count"] == 1:
        subtitle = f"{place['title']} ({place['dates']})"
    else:
        count = ngettext("%(count)d meeting", "%(count)d meetings", place["count"]) % {
            "count": place["count"]
        }
        subtitle = f"{count}, {place['years']}"
    return {
        "type": "Feature",
        # Five decimals place a point within a metre, and keep the file small.
        "geometry": {
            "type": "Point",
            "coordinates": [round(float(longitude), 5), round(float(latitude), 5)],
        },
        "properties": {"name": place["name"], "url": place["url"], "subtitle": subtitle},
    }


def meeting_geojson(meeting: Meeting) -> dict:
    """The small map of a meeting's page: its place, when it has coordinates."""
    features = []
    if meeting.coordinates:
        place = {
            "name": meeting.place,
            "coordinates": meeting.coordinates,
            "count": 1,
            "title": meeting.title,
            "dates": format_date_range(meeting.start_date, meeting.end_date),
            "url": meeting.get_absolute_url(),
        }
        features.append(_place_feature(place))
    return {"type": "FeatureCollection", "features": features}


def places_geojson() -> str:
    """Every place where the network has met, as a compact GeoJSON FeatureCollection in the
    visitor's language; kept per content generation and language."""

    def build() -> str:
        places = _Places()
        features = [
            _place_feature(place)
            for place in (places.place(row) for row in _place_rows())
            if place["coordinates"]
        ]
        data = {"type": "FeatureCollection", "features": features}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    return remember(f"meetings-places-geojson-{current_language()}", build)
