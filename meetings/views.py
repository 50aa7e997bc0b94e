"""Public pages of the meetings: the list with its map, each meeting, and their calendars."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from cities.models import City, Theme
from meetings import services
from meetings.calendar import build_calendar, calendar_response
from meetings.forms import MeetingFilterForm
from meetings.models import Meeting


def _published():
    return Meeting.objects.published().select_related("host_city")


@require_safe
def meeting_list(request):
    """Upcoming meetings first, then past ones by year, with filters and a map of the places."""
    today = services.today()
    form = MeetingFilterForm(request.GET or None, meetings=Meeting.objects.published())
    ignored = form.ignored_fields()
    meetings = form.filter(_published()) if form.is_bound else _published()
    upcoming = list(meetings.upcoming(today))
    past = list(meetings.past(today))
    places = sorted(services.map_places(upcoming + past), key=lambda place: str(place["name"]))
    context = {
        "form": form,
        "ignored": ignored,
        "filtered": form.is_bound and form.active(),
        "upcoming": upcoming,
        "past": past,
        "count": len(upcoming) + len(past),
        "places": places,
        "geojson": services.map_geojson(places, reverse("meetings:list")),
        "workshop_themes": Theme.objects.filter(workshop=True),
    }
    return render(request, "meetings/list.html", context)


@require_safe
def meeting_detail(request, slug: str):
    """One published meeting: when, where, who took part, what about, and its documents."""
    meeting = get_object_or_404(
        _published().prefetch_related(
            Prefetch("participants", queryset=City.objects.published()), "themes"
        ),
        slug=slug,
    )
    places = services.map_places([meeting])
    context = {
        "meeting": meeting,
        "geojson": services.map_geojson(places),
        "jsonld": services.event_jsonld(meeting, request),
        "upcoming": meeting.end_date >= services.today(),
    }
    return render(request, "meetings/detail.html", context)


@require_safe
def meeting_ics(request, slug: str):
    """One meeting as an iCalendar file."""
    meeting = get_object_or_404(_published(), slug=slug)
    return calendar_response(build_calendar([meeting], request), f"{meeting.slug}.ics")


@require_safe
def calendar_ics(request):
    """Every published meeting as one iCalendar file, to subscribe to."""
    meetings = _published().order_by("start_date", "pk")
    return calendar_response(build_calendar(meetings, request), "icnet-meetings.ics")
