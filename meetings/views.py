"""Public pages of the meetings: the list with its map, each meeting, and their calendars."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cities.models import City
from meetings import dates, jsonld, listing
from meetings import places as meeting_places
from meetings.calendar import build_calendar, calendar_response
from meetings.filters import MeetingFilterSet
from meetings.models import Meeting


def _published():
    return Meeting.objects.published().select_related("host_city")


@require_safe
def meeting_list(request):
    """Upcoming meetings first, then past ones by year, a page at a time, with filters and a
    map of the places.

    Whatever the number of meetings, the page reads: the themes, the cities of the filter,
    the counts by year, the meetings it shows, and the places with the most meetings.
    """
    today = dates.today()
    themes = listing.theme_options()
    filters = MeetingFilterSet(
        request.GET or None, Meeting.objects.published(), themes=themes, today=today
    )
    year = filters.chosen.get("year")
    counts = filters.year_counts
    selected = [row for row in counts if year is None or row["year"] == year]
    upcoming_count = sum(row["upcoming"] for row in selected)
    past_count = sum(row["past"] for row in selected)

    meetings = filters.qs
    paginator = Paginator(meetings, listing.PAST_PAGE_SIZE)
    paginator.count = past_count  # counted above, with the years
    page = paginator.get_page(request.GET.get("page"))
    first = (page.number - 1) * listing.PAST_PAGE_SIZE
    upcoming, past = listing.listed_meetings(
        meetings, today, selected, listing.UPCOMING_LIMIT, (first, listing.PAST_PAGE_SIZE)
    )
    page.object_list = past
    places, more_places = meeting_places.places_summary()
    context = {
        "form": filters.form,
        "ignored": filters.ignored,
        "filtered": bool(filters.chosen),
        "upcoming": upcoming,
        "upcoming_count": upcoming_count,
        "past": past,
        "page_obj": page,
        "count": upcoming_count + past_count,
        "year": year,
        "past_years": [row["year"] for row in counts if row["past"]],
        "places": places,
        "more_places": more_places,
        "workshop_themes": [theme for theme in themes if theme.workshop],
    }
    return render(request, "meetings/list.html", context)


@require_safe
def places_geojson(request):
    """Where the network has met, for the map of the list: one point per place."""
    return HttpResponse(meeting_places.places_geojson(), content_type="application/geo+json")


@require_safe
def meeting_detail(request, slug: str):
    """One published meeting: when, where, who took part, what about, and its documents."""
    meeting = get_object_or_404(
        _published().prefetch_related(
            Prefetch("participants", queryset=City.objects.published()), "themes"
        ),
        slug=slug,
    )
    context = {
        "meeting": meeting,
        "geojson": meeting_places.meeting_geojson(meeting),
        "jsonld": jsonld.event_jsonld(meeting, request),
        "upcoming": meeting.end_date >= dates.today(),
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
