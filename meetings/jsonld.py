"""A meeting as structured data (schema.org Event in JSON-LD) for search engines."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from icnet.core.i18n import current_language
from icnet.core.richtext import plain_text
from meetings.models import Meeting


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
            "url": request.build_absolute_uri(reverse("home")),
        },
        "url": request.build_absolute_uri(meeting.get_absolute_url()),
        "inLanguage": current_language(),
    }
    description = plain_text(meeting.summary)
    if description:
        data["description"] = description
    return data
