"""Public pages of the cities app. Every one gets cities through published()."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from cities import services
from cities.filters import CityFilterSet
from cities.models import Activity, City, Theme
from icnet.core.filters import understood_query
from icnet.core.page_cache import keep_out_of_cache, page_number, page_query
from icnet.core.ratelimit import filtered, limit_renders

PAGE_SIZE = 48
# A new photo gets a new thumbnail address; a browser may keep the redirect a little while.
THUMBNAIL_REDIRECT_SECONDS = 600


def list_query(query):
    """The city list's query as the page cache keys it: its filters, then the page."""
    return understood_query(CityFilterSet(query, City.objects.none()), *page_number(query))


def map_query(query):
    """The map data's query: the list's filters (a value not understood is left out, as the
    data ignores it without a word)."""
    understood = understood_query(CityFilterSet(query, City.objects.none()))
    if understood.reported:
        return understood_query(CityFilterSet(_without_errors(query), City.objects.none()))
    return understood


def _without_errors(query):
    filters = CityFilterSet(query, City.objects.none())
    kept = query.copy()
    for name in filters.form.errors:
        kept.pop(name, None)
    return kept


@page_query(list_query, free_text=("q",))
@limit_renders(filtered)
@require_safe
def city_list(request):
    """The map and the list of cities, filtered by region, status and text.

    The map shows every city that matches; the list shows them a page at a time and is the
    map's keyboard and screen-reader equivalent. A page number that is not one gives the
    first page, one past the end the last.
    """
    filters = CityFilterSet(request.GET or None, City.objects.published())
    cities = filters.qs
    page = Paginator(cities.by_local_name(), PAGE_SIZE).get_page(request.GET.get("page"))
    if str(page.number) != request.GET.get("page", "1"):
        keep_out_of_cache(request)  # past the last page: shown as the last, not stored
    # The map reads its data from its own address, with the same filters: the page stays
    # light and quick to show, and the data is cached (and revalidated) on its own.
    query = request.GET.copy()
    query.pop("page", None)
    map_url = reverse("cities:map-data")
    return render(
        request,
        "cities/list.html",
        {
            "form": filters.form,
            "page_obj": page,
            "cities": page.object_list,
            "total": page.paginator.count,
            "mapped_count": cities.with_coordinates().count(),
            "page_size": PAGE_SIZE,
            "map_url": f"{map_url}?{query.urlencode()}" if query else map_url,
        },
    )


@page_query(map_query, free_text=("q",))
@limit_renders(filtered)
@require_safe
def city_map_data(request):
    """The data of the city list's map: every published city that matches the list's filters
    (a filter that is not understood is ignored, as on the list), in compact rows, in the
    page's language. One query, whatever the number of cities."""
    filters = CityFilterSet(request.GET or None, City.objects.published())
    return HttpResponse(
        services.map_json(services.map_data(filters.qs)), content_type="application/json"
    )


@require_safe
def city_detail(request, slug: str):
    """A city's profile: facts, milestones, intercultural profile, activities and a map."""
    city = get_object_or_404(City.objects.published(), slug=slug)
    activities = Activity.objects.published().filter(city=city).select_related("theme")
    return render(
        request,
        "cities/detail.html",
        {
            "city": city,
            "activities": activities,
            "map_data": services.city_map_data(city),
        },
    )


@require_safe
def city_thumbnail(request, slug: str):
    """Send the map's popup to the small picture of a published city's photo.

    The map data names this address instead of the picture itself, so that a page of
    thousands of cities makes no thumbnail at all until someone opens a popup.
    """
    city = get_object_or_404(City.objects.published().exclude(photo=""), slug=slug)
    url = services.existing_thumbnail_url(city.photo)
    if not url:
        raise Http404("This city's photo cannot be shown.")
    response = HttpResponseRedirect(url)
    patch_cache_control(response, public=True, max_age=THUMBNAIL_REDIRECT_SECONDS)
    return response


@require_safe
def theme_list(request):
    """The themes the network works on, its three workshops first."""
    themes = Theme.objects.prefetch_related(
        Prefetch(
            "activities",
            queryset=Activity.objects.published().select_related("city"),
            to_attr="public_activities",
        )
    )
    workshops = [theme for theme in themes if theme.workshop]
    others = [theme for theme in themes if not theme.workshop]
    return render(request, "cities/themes.html", {"workshops": workshops, "others": others})


@require_safe
def theme_detail(request, slug: str):
    """A theme (a workshop of the network, or another topic): its activities and meetings."""
    theme = get_object_or_404(Theme, slug=slug)
    activities = (
        Activity.objects.published()
        .filter(theme=theme)
        .select_related("city")
        .order_by("city__slug", "-year", "pk")
    )
    return render(request, "cities/theme.html", {"theme": theme, "activities": activities})
