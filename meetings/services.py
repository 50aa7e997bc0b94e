"""What the meetings pages compute: today's date, date ranges, places, map data, JSON-LD."""

from __future__ import annotations

import datetime
import html
import json
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import (
    CharField,
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Q,
    Value,
)
from django.db.models.functions import Cast, Concat, ExtractYear
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import strip_tags
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from cities.filters import city_choices
from cities.filters import local_value as _local
from cities.models import City, Region, Theme
from icnet.core.cache import remember
from meetings.models import Meeting

if TYPE_CHECKING:
    from django.http import HttpRequest

# Languages that write month names in lower case ("22 maggio 2010"); Django's own Italian
# catalogue capitalises them, as in a calendar heading.
LOWER_CASE_MONTHS = {"it"}


def today() -> datetime.date:
    """The current date in the site's time zone; the one clock every meetings page reads."""
    return timezone.localdate()


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _month(day: datetime.date) -> str:
    name = dateformat.format(day, "F")
    return name.lower() if _language() in LOWER_CASE_MONTHS else name


def _day_month(day: datetime.date) -> str:
    return f"{day.day} {_month(day)}"


def _full(day: datetime.date) -> str:
    return f"{day.day} {_month(day)} {day.year}"


def date_range_parts(start: datetime.date, end: datetime.date) -> tuple[str, str, str]:
    """The two halves of a date range and what joins them, in the active language.

    One day gives ("22 maggio 2010", "", ""); days of one month share the month and year
    ("5", en dash, "7 ottobre 2011"); otherwise each half keeps what differs
    ("30 settembre", spaced en dash, "2 ottobre 2011").
    """
    if end <= start:
        return _full(start), "", ""
    if (start.year, start.month) == (end.year, end.month):
        return str(start.day), "\u2013", _full(end)
    if start.year == end.year:
        return _day_month(start), " \u2013 ", _full(end)
    return _full(start), " \u2013 ", _full(end)


def format_date_range(start: datetime.date, end: datetime.date) -> str:
    """A date range as the active language writes it: 5-7 ottobre 2011, 5-7 October 2011
    (with an en dash)."""
    first, joiner, last = date_range_parts(start, end)
    return f"{first}{joiner}{last}"


def plain_text(rich: str) -> str:
    """Rich text as one line of plain text (for calendars, feeds and descriptions)."""
    return " ".join(html.unescape(strip_tags(rich or "")).split())


def place_text(meeting: Meeting) -> str:
    """The town and region, as one line: "Pizzo Calabro, Calabria"."""
    return ", ".join(part for part in (meeting.place, meeting.region_label) if part)


def location_text(meeting: Meeting) -> str:
    """Venue, town and region, as one line."""
    return ", ".join(part for part in (meeting.venue, meeting.place, meeting.region_label) if part)


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def event_jsonld(meeting: Meeting, request: HttpRequest) -> dict:
    """The meeting as a schema.org Event, for search engines and other readers of the page."""
    address = {"@type": "PostalAddress", "addressLocality": meeting.place, "addressCountry": "IT"}
    if meeting.region_label:
        address["addressRegion"] = str(meeting.region_label)
    location = {"@type": "Place", "name": meeting.venue or meeting.place, "address": address}
    if meeting.coordinates:
        latitude, longitude = meeting.coordinates
        location["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(latitude),
            "longitude": float(longitude),
        }
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "startDate": meeting.start_date.isoformat(),
        "endDate": meeting.end_date.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": location,
        "organizer": {
            "@type": "Organization",
            "name": _("Italian Network of Intercultural Cities"),
            "url": absolute(request, reverse("home")),
        },
        "url": absolute(request, meeting.get_absolute_url()),
        "inLanguage": _language(),
    }
    description = plain_text(meeting.summary)
    if description:
        data["description"] = description
    return data


# The list of meetings at any size: a few aggregate queries, never every meeting.

UPCOMING_LIMIT = 20
PAST_PAGE_SIZE = 40
PLACES_LIMIT = 50


def theme_options() -> list[Theme]:
    """Every theme, each marked has_meetings when a published meeting is on it.

    The themes with meetings are the theme filter's choices; the workshop themes are listed
    under the meetings.
    """
    on_theme = Meeting.objects.published().filter(themes=OuterRef("pk"))
    # Kept per content generation: each instance carries its name in both languages.
    return remember(
        "meetings-themes", lambda: list(Theme.objects.annotate(has_meetings=Exists(on_theme)))
    )


def city_options(typed: str = "") -> tuple[list[tuple[int, str, str]] | None, int | None]:
    """The filter's cities: the published ones that hosted or attended a published meeting
    (see cities.filters.city_choices)."""
    published = Meeting.objects.published()
    cities = City.objects.published().filter(
        Exists(published.filter(host_city=OuterRef("pk")))
        | Exists(published.filter(participants=OuterRef("pk")))
    )
    return city_choices("meetings", cities, typed)


def filter_condition(chosen: dict) -> Q:
    """The meetings that match the chosen kind, theme and city (the year apart)."""
    condition = Q()
    if kind := chosen.get("kind"):
        condition &= Q(kind=kind)
    if theme := chosen.get("theme"):
        on_theme = Meeting.themes.through.objects.filter(theme_id=theme)
        condition &= Q(pk__in=on_theme.values("meeting_id"))
    if city := chosen.get("city"):
        # One list of keys, so the database can read both sides through their indexes.
        hosted = Meeting.objects.filter(host_city_id=city).order_by().values("pk")
        attended = Meeting.participants.through.objects.filter(city_id=city).values("meeting_id")
        condition &= Q(pk__in=hosted.union(attended))
    return condition


def year_counts(chosen: dict, today: datetime.date) -> list[dict]:
    """Each year with published meetings, newest first, with how many of its meetings
    match the chosen filters (the year apart), upcoming and past.

    One aggregate query, kept per content generation, day and filters.
    """
    condition = filter_condition(chosen)
    wanted = "-".join(str(chosen.get(name, "")) for name in ("kind", "theme", "city"))

    def count() -> list[dict]:
        return list(
            Meeting.objects.published()
            .annotate(year=ExtractYear("start_date"))
            .values("year")
            .annotate(
                upcoming=Count("pk", filter=condition & Q(end_date__gte=today)),
                past=Count("pk", filter=condition & Q(end_date__lt=today)),
            )
            .order_by("-year")
        )

    return remember(f"meetings-years:{today.isoformat()}:{wanted}", count)


# What a meeting's line in a list shows (meetings/_item.html).
LISTED_FIELDS = (
    "title",
    "slug",
    "kind",
    "start_date",
    "end_date",
    "place_name",
    "place_region",
    "host_city__name",
    "host_city__slug",
    "host_city__region",
)


def _year_span(counts: list[dict], field: str, first: int, size: int):
    """The years (newest, oldest) that hold items first to first + size - 1 of a list sorted
    newest first, with `field` items counted per year in `counts` (newest first), and the
    position of item `first` within those years."""
    before = 0
    newest = None
    for row in counts:
        if not row[field]:
            continue
        if newest is None and first < before + row[field]:
            newest, offset = row["year"], first - before
        before += row[field]
        if newest is not None and first + size <= before:
            return newest, row["year"], offset
    return (newest, row["year"], offset) if newest is not None else None


def listed_meetings(
    meetings, today: datetime.date, counts: list[dict], upcoming: int, past: tuple[int, int]
) -> tuple[list[Meeting], list[Meeting]]:
    """The first `upcoming` upcoming meetings and the past ones from past[0] for past[1],
    read in one query.

    The counts by year (see year_counts) tell which years hold them, so the database reads
    only those years' meetings, whatever page is asked for.
    """
    parts = []
    upcoming_years = [row["year"] for row in counts if row["upcoming"]]
    if upcoming and upcoming_years:
        since = datetime.date(min(upcoming_years), 1, 1)
        soonest = meetings.upcoming(today).filter(start_date__gte=since)
        parts.append(soonest.values("pk")[:upcoming])
    span = _year_span(counts, "past", *past)
    if span:
        newest, oldest, offset = span
        held = meetings.past(today).filter(
            start_date__gte=datetime.date(oldest, 1, 1),
            start_date__lte=datetime.date(newest, 12, 31),
        )
        parts.append(held.values("pk")[offset : offset + past[1]])
    if not parts:
        return [], []
    # One list of keys from both slices (each wrapped: some databases refuse a LIMIT
    # directly inside UNION), so the database fetches the rows by primary key.
    keys = [Meeting.objects.filter(pk__in=part).order_by().values("pk") for part in parts]
    wanted = keys[0].union(*keys[1:], all=True) if len(keys) > 1 else keys[0]
    found = list(
        Meeting.objects.published()
        .filter(pk__in=wanted)
        .select_related("host_city")
        .only(*LISTED_FIELDS)
        .order_by()
    )
    soon = sorted((m for m in found if m.end_date >= today), key=lambda m: (m.start_date, m.pk))
    over = sorted(
        (m for m in found if m.end_date < today), key=lambda m: (m.start_date, m.pk), reverse=True
    )
    return soon, over


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
        self.language = _language()
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
            name = row["place_name"]
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

    found = remember(f"meetings-places-{_language()}", build)
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

    return remember(f"meetings-places-geojson-{_language()}", build)
