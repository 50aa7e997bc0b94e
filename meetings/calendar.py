"""Meetings as iCalendar (RFC 5545): one file per meeting and one calendar of them all."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vGeo

from icnet.core.richtext import plain_text
from meetings.places import location_text

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.http import HttpRequest

    from meetings.models import Meeting

PRODUCT_ID = "-//Italian Network of Intercultural Cities//icnet meetings//EN"


def event_uid(meeting: Meeting, host: str) -> str:
    """An identifier that stays the same for the meeting's whole life, whatever is edited."""
    return f"meeting-{meeting.pk}@{host.split(':')[0]}"


def build_event(meeting: Meeting, request: HttpRequest) -> Event:
    """One all-day event; DTEND is exclusive, so it is the day after the last day."""
    event = Event()
    event.add("uid", event_uid(meeting, request.get_host()))
    # The stamp is the meeting's last change, so the file is the same until it is edited.
    stamp = meeting.updated.astimezone(datetime.UTC).replace(microsecond=0)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("dtstart", meeting.start_date)
    event.add("dtend", meeting.end_date + datetime.timedelta(days=1))
    event.add("summary", meeting.title)
    event.add("location", location_text(meeting))
    event.add("url", request.build_absolute_uri(meeting.get_absolute_url()))
    event.add("categories", [meeting.get_kind_display()])
    description = plain_text(meeting.summary)
    if description:
        event.add("description", description)
    if meeting.coordinates:
        latitude, longitude = meeting.coordinates
        event.add("geo", vGeo((float(latitude), float(longitude))))
    event.add("transp", "TRANSPARENT")
    return event


def build_calendar(meetings: Iterable[Meeting], request: HttpRequest) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = _("Meetings of the Italian Network of Intercultural Cities")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("x-published-ttl", "PT12H")
    for meeting in meetings:
        calendar.add_component(build_event(meeting, request))
    return calendar


def calendar_response(calendar: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
