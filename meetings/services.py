"""What the meetings pages compute: today's date, date ranges, places, map data, JSON-LD."""

from __future__ import annotations

import datetime
import html
from collections import OrderedDict
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import strip_tags
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.http import HttpRequest

    from meetings.models import Meeting

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


def map_places(meetings: Iterable[Meeting]) -> list[dict]:
    """The places where these meetings were held, each with its meetings, in first-seen order.

    A member city is one place however many meetings it hosted; outside places are told
    apart by name and region.
    """
    places: OrderedDict[tuple, dict] = OrderedDict()
    for meeting in meetings:
        if meeting.host_city_id:
            key = ("city", meeting.host_city_id)
            # An unpublished host city is named but not linked: its profile is not public.
            city = meeting.host_city if meeting.host_city.published else None
        else:
            key = ("place", meeting.place_name, meeting.place_region)
            city = None
        place = places.setdefault(
            key,
            {
                "name": meeting.place,
                "region": meeting.region_label,
                "city": city,
                "coordinates": meeting.coordinates,
                "meetings": [],
            },
        )
        place["meetings"].append(meeting)
    return list(places.values())


def map_geojson(places: list[dict], city_filter_url: str = "") -> dict:
    """A GeoJSON FeatureCollection of the places that have coordinates.

    Each point opens the meeting when the place saw one, else the list filtered to the city.
    """
    features = []
    for place in places:
        if not place["coordinates"]:
            continue
        latitude, longitude = place["coordinates"]
        meetings = place["meetings"]
        if len(meetings) == 1:
            url = meetings[0].get_absolute_url()
            subtitle = f"{meetings[0].title} ({format_date_range(meetings[0].start_date, meetings[0].end_date)})"
        else:
            city = place["city"]
            url = f"{city_filter_url}?city={city.slug}" if city else meetings[0].get_absolute_url()
            years = sorted({m.start_date.year for m in meetings})
            span = str(years[0]) if len(years) == 1 else f"{years[0]}\u2013{years[-1]}"
            count = ngettext("%(count)d meeting", "%(count)d meetings", len(meetings)) % {
                "count": len(meetings)
            }
            subtitle = f"{count}, {span}"
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(longitude), float(latitude)]},
                "properties": {"name": place["name"], "url": url, "subtitle": subtitle},
            }
        )
    return {"type": "FeatureCollection", "features": features}
