"""Public pages of the meetings: the list with its map, each meeting, their calendars, and
the registration pages (form, confirmation, cancellation)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from cities.models import City
from icnet.core import ratelimit
from icnet.core.filters import understood_query
from icnet.core.page_cache import keep_out_of_cache, page_number, page_query
from meetings import dates, jsonld, listing, registrations
from meetings import places as meeting_places
from meetings.calendar import build_calendar, calendar_response
from meetings.filters import MeetingFilterSet
from meetings.forms import RegistrationForm
from meetings.models import Meeting, Registration


def _published():
    return Meeting.objects.published().select_related("host_city")


def list_query(query):
    """The meetings list's query as the page cache keys it: its filters, then the page."""
    filters = MeetingFilterSet(
        query, Meeting.objects.none(), themes=listing.theme_options(), today=dates.today()
    )
    return understood_query(filters, *page_number(query))


@page_query(list_query)
@ratelimit.limit_renders(ratelimit.filtered)
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
    if str(page.number) != request.GET.get("page", "1"):
        keep_out_of_cache(request)  # past the last page: shown as the last, not stored
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
    today = dates.today()
    context = {
        "meeting": meeting,
        "geojson": meeting_places.meeting_geojson(meeting),
        "jsonld": jsonld.event_jsonld(meeting, request),
        "upcoming": meeting.end_date >= today,
        "registration": meeting.registration_state(today),
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


def _refuse(request, meeting, form, message: str, status: int):
    """The form again, unchanged, with one clear message; nothing was recorded."""
    context = {"meeting": meeting, "form": form, "refusal": message, **_places(meeting)}
    return render(request, "meetings/register.html", context, status=status)


def _places(meeting) -> dict:
    taken = registrations.places_taken(meeting)
    return {
        "full": taken >= meeting.registration_capacity,
        "places_left": max(0, meeting.registration_capacity - taken),
        "state": meeting.registration_state(dates.today()),
        "pending_hours": registrations.PENDING_HOURS,
        "retention_months": settings.REGISTRATION_RETENTION_MONTHS,
    }


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def register(request, slug: str):
    """The registration form of an upcoming meeting. The one public page with a cookie (the
    form's CSRF token), so it is never cached. Every refusal answers the form again with a
    message and records nothing."""
    meeting = get_object_or_404(_published(), slug=slug, registration_capacity__isnull=False)
    places = _places(meeting)
    if request.method != "POST":
        form = RegistrationForm(meeting=meeting)
        return render(
            request, "meetings/register.html", {"meeting": meeting, "form": form, **places}
        )

    form = RegistrationForm(request.POST, meeting=meeting)
    if places["state"] != "open":
        return _refuse(request, meeting, form, _("Registration for this meeting is closed."), 403)
    window = settings.REGISTRATION_LIMIT_SECONDS
    too_many = _("Too many registrations from here. Please try again in an hour.")
    if not ratelimit.hit(
        "register-ip", ratelimit.client_ip(request), settings.REGISTRATION_LIMIT_PER_IP, window
    ):
        return _refuse(request, meeting, form, too_many, 429)
    if request.POST.get("website"):
        return _refuse(
            request,
            meeting,
            form,
            _("The form could not be sent. Please leave the last, hidden field empty."),
            400,
        )
    if not form.is_valid():
        return _refuse(request, meeting, form, _("Please correct the fields marked below."), 400)
    if not ratelimit.hit(
        "register-address",
        form.cleaned_data["email"],
        settings.REGISTRATION_LIMIT_PER_ADDRESS,
        window,
    ):
        return _refuse(request, meeting, form, too_many, 429)
    registration, created = registrations.register(
        meeting, form.cleaned_data, get_language(), request
    )
    if not created:
        return _refuse(
            request,
            meeting,
            RegistrationForm(meeting=meeting),
            _(
                "This e-mail address is already registered for this meeting: there is one "
                "registration per address. The e-mail we sent you has the links to confirm "
                "or cancel it."
            ),
            409,
        )
    return render(
        request,
        "meetings/registration_sent.html",
        {"meeting": meeting, "registration": registration, **places},
    )


@never_cache
@require_safe
def registration_confirm(request, token: str):
    """The link of the first mail: the registration takes a place or joins the waiting list."""
    registration = registrations.confirm(token, request)
    if registration is None:
        raise Http404
    expired = registrations.is_expired(registration)
    context = {
        "meeting": registration.meeting,
        "registration": registration,
        "expired": expired,
        "pending_hours": registrations.PENDING_HOURS,
    }
    return render(
        request, "meetings/registration_confirm.html", context, status=410 if expired else 200
    )


# The token in the address is the registrant's secret: a page of another site cannot know
# it, so this form needs no CSRF cookie (and so sets none).
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel(request, token: str):
    """The link in every mail: cancel the registration and erase its personal data (a
    button, so that a mail scanner opening the link cancels nothing)."""
    registration = (
        Registration.objects.select_related("meeting").filter(token=token).first()
        if token and len(token) <= 64
        else None
    )
    if registration is None:
        raise Http404
    if request.method == "POST":
        cancelled, _promoted = registrations.cancel(token, request)
        if cancelled is None:
            raise Http404
        return render(
            request, "meetings/registration_cancelled.html", {"meeting": cancelled.meeting}
        )
    return render(
        request,
        "meetings/registration_cancel.html",
        {"meeting": registration.meeting, "registration": registration},
    )
